import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Role } from '../../src/core/vocabulary.ts';
import { repoRoot } from './harness.ts';

/** The synthetic demo's users (src/app/demo/demo.ts), one per role. */
export const demoUsers: readonly { readonly role: Role; readonly username: string }[] = [
  { role: 'investigator', username: 'demo.investigator' },
  { role: 'supervisor', username: 'demo.supervisor' },
  { role: 'prosecutor', username: 'demo.prosecutor' },
  { role: 'judge', username: 'demo.clerk' },
  { role: 'ngo_liaison', username: 'demo.ngo' },
  { role: 'analyst', username: 'demo.analyst' },
  { role: 'auditor', username: 'demo.auditor' },
  { role: 'administrator', username: 'demo.admin' },
];

/** The password each demo user chooses when it replaces its one-time password. */
export const chosenPassword = (username: string) => `${username} chose this passphrase`;

/**
 * Signs in through the real sign-in form (English UI). With a one-time password, it goes on
 * through the change-password screen as a new user does, choosing `chosenPassword(username)`.
 * Ends on the home screen.
 */
export async function signInAs(
  page: Page,
  url: string,
  username: string,
  password: string,
): Promise<void> {
  await page.goto(`${url}/`);
  const form = page.locator('form[aria-labelledby="sign-in-title"]');
  await form.waitFor();
  await form.getByLabel('Username', { exact: true }).fill(username);
  await form.getByLabel('Password', { exact: true }).fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  const change = page.locator('form[aria-labelledby="change-password-title"]');
  const home = page.getByRole('heading', { name: 'Dashboard', level: 1 });
  await change.or(home).first().waitFor();
  if (await change.isVisible()) {
    const chosen = chosenPassword(username);
    await change.getByLabel('One-time password', { exact: true }).fill(password);
    await change.getByLabel('New password', { exact: true }).fill(chosen);
    await change.getByLabel('New password again', { exact: true }).fill(chosen);
    await change.getByRole('button', { name: 'Change the password and continue' }).click();
  }
  await home.waitFor();
}

/** Signs out with the header's button and waits for the sign-in form. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
}

const axeSource = readFileSync(join(repoRoot, 'node_modules/axe-core/axe.min.js'), 'utf8');

/** One accessibility violation as axe reports it, reduced to what a failure message needs. */
export interface Violation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: readonly string[];
}

/**
 * Runs axe-core (WCAG 2.x A and AA, best practices, and the experimental label-in-name rule)
 * on the page as it is, and returns the serious and critical violations.
 */
export async function seriousViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) {
    // Evaluated, not added as a script tag: the UI's Content-Security-Policy refuses inline scripts.
    await page.evaluate(`${axeSource}\n;true`);
  }
  // In-page code as text: the test program has no DOM types.
  return page.evaluate<Violation[]>(`(async () => {
    const result = await window.axe.run(document, {
      resultTypes: ['violations'],
      rules: { 'label-content-name-mismatch': { enabled: true } },
    });
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 5).map((node) => node.target.map(String).join(' ')),
      }));
  })()`);
}

/**
 * Number cards whose parts do not fit: a card whose content is wider than the card, or a
 * label that is not on a line below its value ("0Sentences recorded").
 */
export async function brokenNumberCards(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(`(() => {
    const broken = [];
    for (const card of document.querySelectorAll('.figure')) {
      const name = card.dataset.figure ?? card.innerText.slice(0, 40);
      if (card.scrollWidth > card.clientWidth + 1) broken.push(name + ': wider than its card');
      const value = card.querySelector('.figure-value')?.getBoundingClientRect();
      const label = card.querySelector('.figure-label')?.getBoundingClientRect();
      if (value === undefined || label === undefined) broken.push(name + ': no value or label');
      else if (label.top < value.bottom - 1) broken.push(name + ': label beside its value');
    }
    return broken;
  })()`);
}
