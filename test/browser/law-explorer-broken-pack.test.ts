import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency } from '../../src/app/agencies/agencies.ts';
import { systemActor } from '../../src/app/common/context.ts';
import { packsDir } from '../packs.ts';
import {
  chromiumPath,
  createUsersWithPasswords,
  ensureWebBuild,
  launchBrowser,
  messageIn,
  selectOption,
  signInWithLanguage,
  startServer,
} from './harness.ts';
import type { RunningBrowser, RunningServer } from './harness.ts';

// One broken pack must not take down the others (issue 12 part 7), as a user of the law explorer
// sees it: the Kyrgyz pack has one bad line; the explorer names it with its file:line:column
// problem, and the US and Kazakhstan packs still load and are judged.
const hasChromium = existsSync(chromiumPath);

describe.skipIf(!hasChromium)('the law explorer with a broken pack, in Chromium', () => {
  const packs = packsDir({ copy: ['kg'], fixtures: ['kz'] });
  let line = 0;
  let server: RunningServer;
  let browser: RunningBrowser;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuild();
    const file = join(packs.dir, 'kg', 'art-124.yaml');
    const text = readFileSync(file, 'utf8');
    line = text.split('\n').findIndex((l) => l === '    kind: trafficking') + 1;
    expect(line).toBeGreaterThan(0);
    writeFileSync(file, text.replace('    kind: trafficking', '    kind: smuggling'));
    server = await startServer({
      auth: 'required',
      env: { PALERMO_JURISDICTIONS_DIR: packs.dir },
    });
    if (server.ctx === null) throw new Error('this test needs its own server');
    const agency = await createAgency(server.ctx, systemActor, {
      jurisdiction: 'US',
      name: 'Prosecutor (synthetic)',
      kind: 'prosecutor',
    });
    await createUsersWithPasswords(server.ctx, [
      {
        username: 'law.prosecutor',
        displayName: 'Law Prosecutor',
        agencyId: agency.id,
        roles: ['prosecutor'],
      },
    ]);
    browser = await launchBrowser();
    page = await browser.context.newPage();
    await signInWithLanguage(page, server.url, 'law.prosecutor', 'en');
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    packs.cleanup();
  });

  it('names the broken pack with file:line while the others load and are judged', async () => {
    await page.goto(`${server.url}/law`);
    await page.getByRole('heading', { name: messageIn('en', 'law.title'), level: 1 }).waitFor();
    const alert = page.getByRole('alert').filter({ hasText: '“KG” is invalid' });
    await alert.waitFor();
    const where = await alert.locator('li code').allTextContents();
    expect(where).toContainEqual(expect.stringMatching(new RegExp(`^kg/art-124\\.yaml:${line}:`)));
    expect(await alert.locator('li').first().textContent()).toMatch(/kind/);

    const jurisdiction = page.getByLabel(messageIn('en', 'common.jurisdiction'), { exact: true });
    const options = await jurisdiction.locator('option').allTextContents();
    expect(options).toEqual(
      expect.arrayContaining(['United States (federal)', 'Republic of Kazakhstan (test fixture)']),
    );
    expect(options.some((o) => /Kyrgyz/.test(o))).toBe(false);

    for (const name of ['United States', 'Kazakhstan']) {
      await selectOption(page.locator('main'), messageIn('en', 'common.jurisdiction'), name);
      await page.getByLabel(messageIn('en', 'law.asOf'), { exact: true }).fill('2020-06-30');
      const findings = page.locator('ul.findings > li');
      await findings.first().waitFor();
      expect(await findings.count(), name).toBeGreaterThan(0);
    }
  }, 180_000);
});
