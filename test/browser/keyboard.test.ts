import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency, createUser } from '../../src/app/agencies/agencies.ts';
import { issueOneTimePassword } from '../../src/app/auth/bootstrap.ts';
import { systemActor } from '../../src/app/common/context.ts';
import { chromiumPath, ensureWebBuild, launchBrowser, startServer } from './harness.ts';
import type { RunningBrowser, RunningServer } from './harness.ts';
import { chosenPassword } from './roles.ts';

// An investigator who cannot use a mouse: signs in, replaces the one-time password, skips to
// the content, opens a case and reaches it, with the keyboard alone; every element the Tab key
// reaches on the way shows where the focus is.
const hasChromium = existsSync(chromiumPath);

describe.skipIf(!hasChromium)('keyboard only, in Chromium', () => {
  let server: RunningServer;
  let browser: RunningBrowser;
  let page: Page;
  let oneTime = '';
  const unfocusable: string[] = [];

  beforeAll(async () => {
    ensureWebBuild();
    server = await startServer({ auth: 'required' });
    if (server.ctx === null) throw new Error('this test needs its own server');
    const police = await createAgency(server.ctx, systemActor, {
      jurisdiction: 'KG',
      name: 'Keyboard police unit (synthetic)',
      kind: 'police',
    });
    const user = await createUser(server.ctx, systemActor, {
      agencyId: police.id,
      username: 'keys.investigator',
      displayName: 'Keys Investigator',
      roles: ['investigator'],
    });
    oneTime = await issueOneTimePassword(server.ctx, user.id);
    browser = await launchBrowser();
    page = browser.page;
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  /** The focused element: its accessible text, and whether a focus indicator is drawn. */
  const focused = () =>
    page.evaluate<{ name: string; visible: boolean }>(`(() => {
      const element = document.activeElement;
      if (element === null || element === document.body) return { name: '', visible: true };
      const style = getComputedStyle(element);
      const label = element.id === '' ? null : document.querySelector('label[for="' + element.id + '"]');
      const name = (element.getAttribute('aria-label') ?? label?.textContent ?? element.innerText ?? '').trim();
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
      return { name, visible: outline || style.boxShadow !== 'none' };
    })()`);

  /** Presses Tab until the focused element's name starts with `name`; notes any without focus ring. */
  async function tabTo(name: string): Promise<void> {
    for (let presses = 0; presses < 80; presses += 1) {
      await page.keyboard.press('Tab');
      const now = await focused();
      if (!now.visible) unfocusable.push(now.name);
      if (now.name.startsWith(name)) return;
    }
    throw new Error(`Tab never reached "${name}"`);
  }

  it('signs in, replaces the one-time password, opens a case and adds a victim without a mouse', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await tabTo('Username');
    await page.keyboard.type('keys.investigator');
    await tabTo('Password');
    await page.keyboard.type(oneTime);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Choose your password', level: 1 }).waitFor();
    await tabTo('One-time password');
    await page.keyboard.type(oneTime);
    await tabTo('New password');
    await page.keyboard.type(chosenPassword('keys.investigator'));
    await tabTo('New password again');
    await page.keyboard.type(chosenPassword('keys.investigator'));
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();

    await tabTo('Open a case');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Open a case', level: 1 }).waitFor();
    await tabTo('Reference');
    await page.keyboard.type('KEYS-2016-1');
    // Enter in a text field submits the form; the other fields keep their defaults.
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /KEYS-2016-1/, level: 1 }).waitFor();

    // On the case page: a victim added from the keyboard (typing picks the option in a select).
    await tabTo('Role');
    await page.keyboard.type('victim');
    await tabTo('Label in the case file');
    await page.keyboard.type('V-keys');
    await page.keyboard.press('Enter');
    await page.getByText('V-keys', { exact: true }).first().waitFor();
    expect(await page.locator('main').innerText()).toMatch(
      /V-keys[\s\S]*victim|victim[\s\S]*V-keys/,
    );
    expect(unfocusable).toEqual([]);
  }, 180_000);
});
