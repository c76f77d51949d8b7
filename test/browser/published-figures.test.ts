import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency, findActor } from '../../src/app/agencies/agencies.ts';
import { openCase } from '../../src/app/cases/cases.ts';
import type { AppContext } from '../../src/app/common/context.ts';
import { systemActor } from '../../src/app/common/context.ts';
import { recordPublishedFigures } from '../../src/app/reports/published-figures.ts';
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

// Issue 13, part 6: a registry that starts in 2020 compares with 2019 through the figures a
// publication printed. A supervisor records them in the browser, signed in through the real
// sign-in; the report and the dashboard show them labelled as published, beside (never added to)
// the counts from records. An investigator has no such screen, and the use-case refuses them.
const hasChromium = existsSync(chromiumPath);
const source = '2021 Trafficking in Persons Report: Kyrgyz Republic';

describe.skipIf(!hasChromium)('published figures in Chromium', () => {
  let server: RunningServer;
  let ctx: AppContext;
  let browser: RunningBrowser;
  let page: Page;

  beforeAll(async () => {
    ensureWebBuild();
    server = await startServer({ auth: 'required' });
    if (server.ctx === null) throw new Error('this test needs its own server');
    ctx = server.ctx;
    const police = await createAgency(ctx, systemActor, {
      jurisdiction: 'KG',
      name: 'Police unit (synthetic)',
      kind: 'police',
    });
    await createUsersWithPasswords(ctx, [
      {
        username: 'pub.supervisor',
        displayName: 'Published Supervisor',
        agencyId: police.id,
        roles: ['supervisor'],
      },
      {
        username: 'pub.investigator',
        displayName: 'Published Investigator',
        agencyId: police.id,
        roles: ['investigator'],
      },
    ]);
    for (const [i, openedOn] of ['2020-02-03', '2020-06-10'].entries())
      await openCase(ctx, systemActor, {
        jurisdiction: 'KG',
        reference: `PUB-2020-${i}`,
        openedOn,
        openingAgencyId: police.id,
        origin: 'unknown',
        registeredProvision: { jurisdiction: 'KG', instrument: 'cc2019', article: '171' },
      });
    browser = await launchBrowser();
    page = browser.page;
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('a supervisor records a year’s figures with their source; reports show them as published', async () => {
    await signInWithLanguage(page, server.url, 'pub.supervisor', 'en');
    await page
      .getByRole('navigation')
      .getByRole('link', { name: messageIn('en', 'nav.publishedFigures') })
      .click();
    await page.getByRole('heading', { name: messageIn('en', 'publishedFigures.title') }).waitFor();
    const form = page.locator('form[aria-labelledby="add-published-title"]');
    await form.getByLabel(messageIn('en', 'publishedFigures.year'), { exact: true }).fill('2019');
    await form.getByLabel('Investigations', { exact: true }).fill('8');
    await form.getByLabel(messageIn('en', 'publishedFigures.source'), { exact: true }).fill(source);
    await form
      .getByLabel(messageIn('en', 'publishedFigures.sourceUrl'), { exact: true })
      .fill('https://www.state.gov/reports/2021-trafficking-in-persons-report/kyrgyz-republic/');
    await form.getByRole('button', { name: messageIn('en', 'publishedFigures.add') }).click();
    await page.getByText(messageIn('en', 'publishedFigures.saved', { year: '2019' })).waitFor();
    const row = page.getByTestId('published-figures').locator('tbody tr');
    await expect.poll(() => row.count()).toBe(1);
    const cells = await row.locator('td').allInnerTexts();
    // KG, 2019, investigations 8, the other four "not printed" (never 0), the source.
    expect(cells).toEqual(['KG', '2019', '8', ...Array(4).fill('not printed'), source]);

    // The annual report for 2020 compares with 2019 through them, labelled and kept apart.
    await page.getByRole('navigation').getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: messageIn('en', 'report.title') }).waitFor();
    await selectOption(page.locator('section'), 'Year', '2020');
    const published = page.getByTestId('published-previous');
    await published
      .getByRole('heading', { name: messageIn('en', 'publishedPrev.title', { period: '2019' }) })
      .waitFor();
    await expect.poll(() => published.getByRole('link').innerText()).toBe(`Source: ${source}`);
    const investigations = published.getByRole('row', { name: /^Investigations/ });
    expect(await investigations.locator('td').allInnerTexts()).toEqual(['8', '0']);
    const narrative = await page.locator('.narrative').innerText();
    expect(narrative).toContain(source);

    // The dashboard shows the same table under the same label.
    await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
    await selectOption(page.locator('section').first(), 'Year', '2020');
    await page
      .getByTestId('published-previous')
      .getByRole('heading', { name: messageIn('en', 'publishedPrev.title', { period: '2019' }) })
      .waitFor();

    // In Russian, the same figures under Russian labels.
    await signInWithLanguage(page, server.url, 'pub.supervisor', 'ru');
    await page.goto(`${server.url}/published-figures`);
    await page.getByRole('heading', { name: messageIn('ru', 'publishedFigures.title') }).waitFor();
    await expect
      .poll(() => page.getByTestId('published-figures').locator('tbody tr td').allInnerTexts())
      .toEqual(['KG', '2019', '8', ...Array(4).fill('не приводится'), source]);
  }, 300_000);

  it('an investigator has no such screen, and the use-case refuses them', async () => {
    await signInWithLanguage(page, server.url, 'pub.investigator', 'en');
    await expect
      .poll(() =>
        page
          .getByRole('navigation')
          .getByRole('link', { name: messageIn('en', 'nav.publishedFigures') })
          .count(),
      )
      .toBe(0);
    await page.goto(`${server.url}/published-figures`);
    await page.getByRole('heading', { name: messageIn('en', 'shell.notAllowedTitle') }).waitFor();
    const investigator = await findActor(ctx, 'pub.investigator');
    await expect(
      recordPublishedFigures(ctx, investigator!.actor, {
        jurisdiction: 'KG',
        year: 2018,
        figures: { investigations: 1 },
        source: { title: 'Anything' },
      }),
    ).rejects.toMatchObject({ code: 'Forbidden' });
  }, 120_000);
});
