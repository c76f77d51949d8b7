import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDemoPasswords, loadDemo } from '../../src/app/demo/demo.ts';
import type { Role } from '../../src/core/vocabulary.ts';
import { chromiumPath, ensureWebBuild, launchBrowser, repoRoot, startServer } from './harness.ts';
import type { RunningBrowser, RunningServer } from './harness.ts';
import { brokenNumberCards, demoUsers, seriousViolations, signInAs, signOut } from './roles.ts';

// Every demo role as its user meets the UI: a server that requires signing in (as `palermo
// serve` does), the synthetic demo, one-time passwords replaced at first sign-in through the
// real screens. For each role, every screen its navigation offers is visited and must load
// without a failed request, a page error, a loading state that never ends, an accessibility
// violation axe-core calls serious or critical, or a number card whose parts do not fit.
const hasChromium = existsSync(chromiumPath);
const shots = join(repoRoot, 'test-results');

/** What each role's navigation offers: its own work, never a screen it may not use. */
const expectedNavigation: Record<Role, readonly string[]> = {
  investigator: [
    'Dashboard',
    'Cases',
    'Open a case',
    'Law explorer',
    'Reports',
    'Published report',
    'Training register',
    'Complicity register',
    'Approvals',
  ],
  supervisor: [
    'Dashboard',
    'Cases',
    'Open a case',
    'Law explorer',
    'Reports',
    'Published report',
    'Published figures',
    'Training register',
    'Complicity register',
    'Approvals',
    'Victim matches',
    'Import records',
    'Audit log',
  ],
  prosecutor: [
    'Dashboard',
    'Cases',
    'Open a case',
    'Law explorer',
    'Reports',
    'Published report',
    'Training register',
    'Complicity register',
    'Approvals',
  ],
  judge: [
    'Dashboard',
    'Cases',
    'Law explorer',
    'Reports',
    'Published report',
    'Training register',
    'Approvals',
  ],
  ngo_liaison: [
    'Dashboard',
    'Law explorer',
    'Published report',
    'Training register',
    'Complicity register',
  ],
  analyst: ['Dashboard', 'Law explorer', 'Published report', 'Training register'],
  auditor: [
    'Dashboard',
    'Cases',
    'Law explorer',
    'Reports',
    'Published report',
    'Training register',
    'Complicity register',
    'Approvals',
    'Audit log',
  ],
  administrator: [
    'Dashboard',
    'Law explorer',
    'Published report',
    'Published figures',
    'Training register',
    'Approvals',
    'Audit log',
    'Administration',
  ],
};

/** The home panels each role's work starts from (data-panel of each). */
const expectedPanels: Record<Role, readonly string[]> = {
  investigator: ['open-cases', 'my-requests'],
  supervisor: ['to-decide', 'idle-cases'],
  prosecutor: ['in-prosecution'],
  judge: ['awaiting-verdict', 'awaiting-final'],
  ngo_liaison: ['allegations'],
  analyst: [],
  auditor: ['log'],
  administrator: ['administration'],
};

describe.skipIf(!hasChromium)('every demo role in Chromium, signed in for real', () => {
  let server: RunningServer;
  let browser: RunningBrowser;
  let page: Page;
  const passwords = new Map<string, string>();
  /** What went wrong on the screen being checked (failed requests, page errors). */
  let failures: string[] = [];
  let inFlight = 0;
  // Every demo user signs in from this one address, where real users each have their own: the
  // server's clock moves past the per-address sign-in window (10 attempts in 5 minutes) before
  // each user, so the limit stays as deployed.
  let skew = 0;

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    ensureWebBuild();
    server = await startServer({ auth: 'required', now: () => new Date(Date.now() + skew) });
    if (server.ctx === null) throw new Error('the role tests need their own server');
    await loadDemo(server.ctx);
    for (const { username, password } of await issueDemoPasswords(server.ctx)) {
      passwords.set(username, password);
    }
    browser = await launchBrowser();
    page = browser.page;
    page.on('request', () => (inFlight += 1));
    page.on('requestfinished', () => (inFlight -= 1));
    page.on('requestfailed', (request) => {
      inFlight -= 1;
      failures.push(`request failed: ${request.method()} ${request.url()}`);
    });
    page.on('response', (response) => {
      if (response.status() >= 400) {
        failures.push(`${response.status()} ${response.request().method()} ${response.url()}`);
      }
    });
    page.on('pageerror', (error) => failures.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
        failures.push(`console error: ${message.text()}`);
      }
    });
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  /** Waits until nothing shows a loading state and no request is in flight; false if never. */
  async function settled(): Promise<boolean> {
    const deadline = Date.now() + 20_000;
    let quietSince = 0;
    while (Date.now() < deadline) {
      const busy = await page.locator('[aria-busy="true"]').count();
      if (busy === 0 && inFlight <= 0) {
        if (quietSince === 0) quietSince = Date.now();
        if (Date.now() - quietSince >= 400) return true;
      } else {
        quietSince = 0;
      }
      await page.waitForTimeout(100);
    }
    return false;
  }

  /** Everything wrong with the screen now showing, each problem prefixed with the screen. */
  async function problemsOf(screen: string): Promise<string[]> {
    const problems: string[] = [];
    if (!(await settled())) problems.push('still loading after 20 s');
    problems.push(...failures);
    for (const violation of await seriousViolations(page)) {
      problems.push(
        `axe ${violation.impact} ${violation.id} (${violation.help}) at ${violation.targets.join(', ')}`,
      );
    }
    problems.push(...(await brokenNumberCards(page)).map((card) => `number card ${card}`));
    failures = [];
    return problems.map((problem) => `${screen}: ${problem}`);
  }

  for (const { role, username } of demoUsers) {
    it(`${role} (${username}) sees only their screens, and each works`, async () => {
      const password = passwords.get(username);
      if (password === undefined) throw new Error(`${username} got no one-time password`);
      // Each role starts signed out, whatever the previous one left behind.
      await browser.context.clearCookies();
      skew += 6 * 60_000;
      await signInAs(page, server.url, username, password);
      failures = [];
      const navigation = page.getByRole('navigation', { name: 'Main navigation' });
      const labels = await navigation.getByRole('link').allInnerTexts();
      expect(labels).toEqual(expectedNavigation[role]);

      // Home: the role's work panels, then the statistics it may see.
      const problems: string[] = [];
      problems.push(...(await problemsOf('home')));
      const panels = await Promise.all(
        (await page.locator('[data-panel]').all()).map((panel) => panel.getAttribute('data-panel')),
      );
      expect(panels).toEqual(expectedPanels[role]);
      await page.screenshot({ path: join(shots, `home-${role}.png`), fullPage: true });
      if (role === 'analyst') {
        // The published report: no count of cases or persons between 1 and the threshold
        // (training events are counts of events, published as they are).
        const values = await page
          .locator(
            '[data-testid^="published-"]:not([data-testid="published-training"]) .figure-value > :first-child',
          )
          .allInnerTexts();
        expect(values.length).toBeGreaterThan(10);
        expect(values.filter((value) => /^[1-4]$/.test(value.trim()))).toEqual([]);
        // One mark for every hidden count: a small one and one hidden to protect it look alike.
        expect(values.some((value) => value.trim() === 'x')).toBe(true);
        expect(values.filter((value) => value.trim().startsWith('<'))).toEqual([]);
      }

      // The estimate of victims never identified, on every home: the full one for readers of the
      // report, the published one for everyone else; labelled, with its lists, or why none.
      const estimate = page.getByTestId('victim-estimate');
      await estimate.getByText(/^Lists used:/).waitFor();
      const estimateText = await estimate.innerText();
      expect(estimateText).toMatch(/Estimate, not a count:|No estimate:/);
      // The demo never ran a match across agencies, and the page must not claim it did.
      expect(estimateText).toContain('never matched across agencies');

      for (const label of expectedNavigation[role].slice(1)) {
        await navigation.getByRole('link', { name: label, exact: true }).click();
        await page.locator('main h1').first().waitFor();
        problems.push(...(await problemsOf(label)));
        expect(await page.getByText('Not part of your work').count()).toBe(0);
      }
      expect(problems).toEqual([]);
      await signOut(page);
    }, 300_000);
  }
});
