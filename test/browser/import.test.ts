import { existsSync, readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency, createUser } from '../../src/app/agencies/agencies.ts';
import { issueOneTimePassword } from '../../src/app/auth/bootstrap.ts';
import type { AppContext } from '../../src/app/common/context.ts';
import { systemActor } from '../../src/app/common/context.ts';
import { chromiumPath, ensureWebBuild, launchBrowser, startServer } from './harness.ts';
import type { RunningBrowser, RunningServer } from './harness.ts';
import { seriousViolations, signInAs, signOut } from './roles.ts';

// A supervisor imports a spreadsheet in the browser, signed in through the real sign-in: uploads
// it, finds the columns suggested, checks it (the bad rows listed, nothing written), imports the
// good cases with --partial and downloads the refused rows. An investigator has no such screen.
const hasChromium = existsSync(chromiumPath);
const csv = [
  'Case number,Person,Gender,Date opened',
  'A-1,1,M,2016-03-01',
  'A-1,2,F,01.03.2016',
  'A-2,1,X,2016-04-01',
].join('\n');

describe.skipIf(!hasChromium)('the import screen in Chromium, signed in as a supervisor', () => {
  let server: RunningServer;
  let ctx: AppContext;
  let browser: RunningBrowser;
  let page: Page;
  const passwords = new Map<string, string>();

  beforeAll(async () => {
    ensureWebBuild();
    server = await startServer({ auth: 'required' });
    if (server.ctx === null) throw new Error('this test needs its own server');
    ctx = server.ctx;
    const police = await createAgency(ctx, systemActor, {
      jurisdiction: 'KG',
      name: 'Import police (synthetic)',
      kind: 'police',
    });
    for (const [username, role] of [
      ['import.supervisor', 'supervisor'],
      ['import.investigator', 'investigator'],
    ] as const) {
      const user = await createUser(ctx, systemActor, {
        agencyId: police.id,
        username,
        displayName: username,
        roles: [role],
      });
      passwords.set(username, await issueOneTimePassword(ctx, user.id));
    }
    browser = await launchBrowser();
    page = browser.page;
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('uploads, suggests the columns, checks, imports the good cases and serves the rejects', async () => {
    await signInAs(page, server.url, 'import.supervisor', passwords.get('import.supervisor') ?? '');
    await page.getByRole('navigation').getByRole('link', { name: 'Import records' }).click();
    await page.getByRole('heading', { name: 'Import records from a spreadsheet' }).waitFor();
    await page.getByLabel('Spreadsheet (CSV or XLSX)').setInputFiles({
      name: 'cases.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('import-uploaded').innerText())
      .toMatch(/cases\.csv: 4 columns/);
    // Suggested from the column names.
    expect(await page.getByLabel(/^Case number/).inputValue()).toBe('Case number');
    expect(await page.getByLabel(/^Person number/).inputValue()).toBe('Person');
    expect(await page.getByLabel(/^Sex/).inputValue()).toBe('Gender');
    expect(await page.getByLabel(/^Date the case was opened/).inputValue()).toBe('Date opened');
    await page
      .getByLabel('Agency that opened the cases (its name)')
      .fill('Import police (synthetic)');
    await page.getByRole('button', { name: 'Write the mapping from the choices' }).click();
    // The value map for the sex column, written by hand as the hint says.
    const mapping = page.getByLabel('Mapping (YAML)');
    await mapping.fill(
      (await mapping.inputValue()).replace(
        'sex: { column: "Gender" }',
        'sex: { column: "Gender", map: { M: male, F: female } }',
      ),
    );
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Check the file (nothing is written)' }).click();
    await expect
      .poll(() => page.getByTestId('import-result').innerText(), { timeout: 60_000 })
      .toBe('Check: 1 case would be created, 0 updated, 0 unchanged, 1 refused.');
    const problem = page.getByRole('row', { name: /4 Gender X/ });
    await expect.poll(() => problem.innerText()).toMatch(/"X" is not in the mapping's value map/);
    expect(await ctx.db.selectFrom('cases').select('id').execute()).toEqual([]);

    await page.getByRole('button', { name: 'Import the good cases, set the others aside' }).click();
    await expect
      .poll(() => page.getByTestId('import-result').innerText(), { timeout: 60_000 })
      .toBe('1 case created, 0 updated, 0 unchanged, 1 refused.');
    const cases = await ctx.db.selectFrom('cases').select('reference').execute();
    expect(cases).toEqual([{ reference: 'A-1' }]);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download the refused rows (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('Rejected import rows.csv');
    const rejects = readFileSync(await download.path(), 'utf8');
    expect(rejects.split('\r\n')[0]).toBe('row,Case number,Person,Gender,Date opened,reasons');
    expect(rejects).toContain('4,A-2,1,X,2016-04-01');
    await signOut(page);
  }, 240_000);

  it('is not offered to an investigator', async () => {
    await signInAs(
      page,
      server.url,
      'import.investigator',
      passwords.get('import.investigator') ?? '',
    );
    expect(
      await page.getByRole('navigation').getByRole('link', { name: 'Import records' }).count(),
    ).toBe(0);
    await page.goto(`${server.url}/import`);
    await page.getByRole('heading', { level: 1 }).first().waitFor();
    expect(
      await page.getByRole('heading', { name: 'Import records from a spreadsheet' }).count(),
    ).toBe(0);
    await signOut(page);
  }, 120_000);
});
