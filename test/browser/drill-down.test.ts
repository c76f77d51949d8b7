import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDemoPasswords, loadDemo } from '../../src/app/demo/demo.ts';
import {
  chromiumPath,
  ensureWebBuild,
  launchBrowser,
  messageIn,
  repoRoot,
  selectOption,
  signInWithLanguage,
  startServer,
} from './harness.ts';
import type { RunningBrowser, RunningServer } from './harness.ts';
import { chosenPassword, signInAs, signOut } from './roles.ts';

// The drill-down from a figure to the records behind it, as the demo's supervisor meets it,
// signed in through the real sign-in: the report the dashboard loads carries no record ids,
// only how many are behind each figure; the records screen loads one page of ids from
// GET /api/reports/annual/records when it is opened, says so while it loads, and says what went
// wrong when it cannot.
const hasChromium = existsSync(chromiumPath);
const shots = join(repoRoot, 'test-results');

describe.skipIf(!hasChromium)('the drill-down in Chromium, signed in for real', () => {
  let server: RunningServer;
  let browser: RunningBrowser;
  let page: Page;

  /** The records page the browser asked for when `act` ran (a click that loads one). */
  async function recordsLoadedBy(act: () => Promise<void>) {
    const loaded = page.waitForResponse((response) =>
      response.url().includes('/api/reports/annual/records?'),
    );
    await act();
    return loaded;
  }
  const passwords = new Map<string, string>();
  let recordsUrl = '';
  let count = 0;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    ensureWebBuild();
    server = await startServer({ auth: 'required' });
    if (server.ctx === null) throw new Error('the drill-down test needs its own server');
    await loadDemo(server.ctx);
    for (const { username, password } of await issueDemoPasswords(server.ctx))
      passwords.set(username, password);
    browser = await launchBrowser();
    page = browser.page;
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('a supervisor opens the records behind a dashboard figure, loaded on demand a page at a time', async () => {
    // The dashboard asks for a year's report as soon as it shows.
    const report = page.waitForResponse((response) =>
      response.url().includes('/api/reports/annual?'),
    );
    await signInAs(page, server.url, 'demo.supervisor', passwords.get('demo.supervisor') ?? '');
    const answer = await report;
    expect(answer.status()).toBe(200);
    // The report names no record: each figure has its count and where its records are.
    expect(await answer.text()).not.toMatch(/"(case|person|sentence):/);
    await selectOption(page.locator('.toolbar'), 'Year', '2016');
    await page.getByRole('heading', { name: /^2016 against/ }).waitFor();
    const link = page.locator(
      '[data-testid="headline-figures"] [data-figure="total"] > a:first-child',
    );
    const hint = /show the (\d+) records? behind this figure/.exec(
      (await link.textContent()) ?? '',
    );
    count = Number(hint?.[1]);
    expect(count).toBeGreaterThan(0);
    const records = await recordsLoadedBy(() => link.click());
    expect(records.status()).toBe(200);
    expect(new URL(records.url()).searchParams.get('figure')).toBe('investigations.total');
    await page
      .getByRole('heading', { name: messageIn('en', 'records.title', { count }), level: 1 })
      .waitFor();
    recordsUrl = page.url();
    const rows = page.locator('[data-testid="records"] tbody tr');
    expect(await rows.count()).toBe(Math.min(count, 25));
    // Each case is shown by its reference, linking to its page.
    await rows.first().getByRole('link').waitFor();
    await page.screenshot({ path: join(shots, 'drill-down.png'), fullPage: true });
    if (count > 25) {
      const next = await recordsLoadedBy(() =>
        page.getByRole('button', { name: messageIn('en', 'common.nextPage') }).click(),
      );
      expect(new URL(next.url()).searchParams.get('offset')).toBe('25');
      await page.waitForFunction(
        `document.querySelectorAll('[data-testid="records"] tbody tr').length === ${Math.min(count - 25, 25)}`,
      );
    }
  }, 240_000);

  it("opens the previous period's records and a completeness count's from the dashboard", async () => {
    await page.goto(`${server.url}/`);
    await selectOption(page.locator('.toolbar'), 'Year', '2016');
    await page.getByRole('heading', { name: /^2016 against/ }).waitFor();
    // Under the card of this period's figure, a link of its own to the previous period's records.
    const previous = page.locator(
      '[data-testid="headline-figures"] [data-figure="total"] a.figure-previous-records',
    );
    const said = /previous period's (\d+) records?/.exec((await previous.textContent()) ?? '');
    const before = Number(said?.[1]);
    expect(before).toBeGreaterThan(0);
    const records = await recordsLoadedBy(() => previous.click());
    expect(records.status()).toBe(200);
    expect(new URL(records.url()).searchParams.get('figure')).toBe('investigations.previous.total');
    expect((await records.json()).period).toEqual({ from: '2015-01-01', to: '2015-12-31' });
    await page
      .getByRole('heading', { name: messageIn('en', 'records.title', { count: before }), level: 1 })
      .waitFor();
    await page.getByText(/The previous period's records: Jan 1, 2015 – Dec 31, 2015\./).waitFor();
    expect(await page.locator('[data-testid="records"] tbody tr').count()).toBe(
      Math.min(before, 25),
    );
    // A completeness warning links to the records behind its count.
    await page.goBack();
    await page.getByRole('heading', { name: /^2016 against/ }).waitFor();
    const warning = page.locator('[data-testid="completeness"] li[data-figure] a').first();
    const key = await warning.locator('xpath=..').getAttribute('data-figure');
    const count = await page.evaluate(async (figure) => {
      const response = await fetch(
        `/api/reports/annual/records?jurisdiction=KG&year=2016&period=calendar&figure=completeness.${figure}`,
      );
      return ((await response.json()) as { total: number }).total;
    }, key);
    expect(count).toBeGreaterThan(0);
    await warning.click();
    await page
      .getByRole('heading', { name: messageIn('en', 'records.title', { count }), level: 1 })
      .waitFor();
  }, 240_000);

  it('says why when the records cannot be loaded', async () => {
    await page.goto(
      `${server.url}/reports/records?jurisdiction=KG&year=2016&period=calendar&section=investigations&key=noSuchFigure`,
    );
    await page
      .getByRole('alert')
      .filter({ hasText: /Could not load/ })
      .waitFor();
    await page
      .getByRole('heading', { name: messageIn('en', 'records.heading'), level: 1 })
      .waitFor();
    expect(await page.locator('[data-testid="records"] tbody tr').count()).toBe(0);
  }, 120_000);

  it('shows the same records in Russian', async () => {
    await signOut(page);
    await signInWithLanguage(
      page,
      server.url,
      'demo.supervisor',
      'ru',
      chosenPassword('demo.supervisor'),
    );
    await page.goto(recordsUrl);
    await page
      .getByRole('heading', { name: messageIn('ru', 'records.title', { count }), level: 1 })
      .waitFor();
    expect(await page.locator('[data-testid="records"] tbody tr').count()).toBe(
      Math.min(count, 25),
    );
  }, 120_000);
});
