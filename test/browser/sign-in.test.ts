import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency, createUser } from '../../src/app/agencies/agencies.ts';
import { issueOneTimePassword } from '../../src/app/auth/bootstrap.ts';
import type { AppContext } from '../../src/app/common/context.ts';
import { systemActor } from '../../src/app/common/context.ts';
import { chromiumPath, ensureWebBuild, launchBrowser, repoRoot, startServer } from './harness.ts';
import type { RunningBrowser, RunningServer } from './harness.ts';

// Sign-in as a real deployment has it: the server requires a session (as `bin/palermo serve`
// does), the user has a one-time password, and the UI makes them replace it before anything else.
const hasChromium = existsSync(chromiumPath);
const shots = join(repoRoot, 'test-results');
const timeout = 60_000;
const username = 'ui.officer';
const newPassword = 'a long passphrase of my own';

describe.skipIf(!hasChromium)('sign-in in Chromium (authentication required)', () => {
  let server: RunningServer;
  let ctx: AppContext;
  let browser: RunningBrowser;
  let page: Page;
  let userId = '';
  let oneTimePassword = '';
  const inFlight = new Set<Request>();

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    ensureWebBuild();
    server = await startServer({ auth: 'required' });
    if (server.ctx === null) throw new Error('the sign-in test needs its own server');
    ctx = server.ctx;
    const agency = await createAgency(ctx, systemActor, {
      jurisdiction: 'KG',
      name: 'Sign-in test unit',
      kind: 'police',
    });
    const user = await createUser(ctx, systemActor, {
      agencyId: agency.id,
      username,
      displayName: 'UI Officer',
      roles: ['investigator'],
    });
    userId = user.id;
    oneTimePassword = await issueOneTimePassword(ctx, userId);
    browser = await launchBrowser();
    page = browser.page;
    page.on('request', (request) => inFlight.add(request));
    page.on('requestfinished', (request) => inFlight.delete(request));
    page.on('requestfailed', (request) => inFlight.delete(request));
    page.setDefaultTimeout(timeout);
    page.setDefaultNavigationTimeout(timeout);
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  const shot = (name: string) =>
    page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  const signInForm = () => page.locator('form[aria-labelledby="sign-in-title"]');
  const changeForm = () => page.locator('form[aria-labelledby="change-password-title"]');
  const dashboard = () => page.getByRole('heading', { name: 'Dashboard', level: 1 });
  async function signIn(password: string): Promise<void> {
    const form = signInForm();
    await form.getByLabel('Username', { exact: true }).fill(username);
    await form.getByLabel('Password', { exact: true }).fill(password);
    await form.getByRole('button', { name: 'Sign in' }).click();
  }
  /** Resolves once no request of the page has been in flight for 300 ms. */
  async function settled(): Promise<void> {
    for (let quiet = 0; quiet < 3;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      quiet = inFlight.size === 0 ? quiet + 1 : 0;
    }
  }
  /** The error message tied to a labelled field (via aria-describedby). */
  async function fieldError(label: string): Promise<string> {
    const input = changeForm().getByLabel(label, { exact: true });
    await input.and(page.locator('[aria-invalid="true"]')).waitFor();
    const ids = (await input.getAttribute('aria-describedby')) ?? '';
    const errorId = ids.split(' ').find((id) => id.endsWith('-error')) ?? '';
    return page.locator(`[id="${errorId}"]`).innerText();
  }

  it('shows the sign-in form, and the server’s refusal of a wrong password at it', async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    // No "working as" picker where the server requires signing in, and no data behind the form.
    expect(await page.getByLabel('Working as').count()).toBe(0);
    expect(await page.getByRole('navigation', { name: 'Main navigation' }).count()).toBe(0);
    await shot('sign-in');
    await signIn('not the password at all');
    const alert = signInForm().getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(
      /wrong username or password, or the account is locked/i,
    );
    expect(await signInForm().getByLabel('Password', { exact: true }).inputValue()).toBe('');
    await shot('sign-in-error');
  }, 120_000);

  it('makes a one-time password be replaced, then signs in with the new one', async () => {
    await signIn(oneTimePassword);
    await page.getByRole('heading', { name: 'Choose your password', level: 1 }).waitFor();
    await page.getByText(`Signed in as ${username}`, { exact: true }).waitFor();
    // The server itself refuses everything else to this session.
    const refusal = await page.evaluate(async () => {
      const response = await fetch('/api/cases');
      return { status: response.status, body: await response.json() };
    });
    expect(refusal.status).toBe(403);
    expect(refusal.body).toMatchObject({ details: { passwordChangeRequired: true } });
    // A reload keeps the session, and the screen.
    await page.reload();
    await page.getByRole('heading', { name: 'Choose your password', level: 1 }).waitFor();
    await shot('change-password');

    const form = changeForm();
    const submit = form.getByRole('button', { name: 'Change the password and continue' });
    // Checked in the page: too short, and the two new passwords differ.
    await form.getByLabel('One-time password', { exact: true }).fill(oneTimePassword);
    await form.getByLabel('New password', { exact: true }).fill('too short');
    await form.getByLabel('New password again', { exact: true }).fill('too shorter');
    await submit.click();
    expect(await fieldError('New password')).toBe('Too short: use at least 12 characters.');
    expect(await fieldError('New password again')).toBe('The two new passwords differ.');
    expect(await form.getByText('At least 12 characters.', { exact: true }).count()).toBe(1);

    // Checked by the server: the one-time password is wrong.
    await form.getByLabel('One-time password', { exact: true }).fill('aaaaa-bbbbb-ccccc-ddddd');
    await form.getByLabel('New password', { exact: true }).fill(newPassword);
    await form.getByLabel('New password again', { exact: true }).fill(newPassword);
    await submit.click();
    expect(await fieldError('One-time password')).toBe(
      'This is not the one-time password you were given.',
    );
    await shot('change-password-errors');

    // Checked by the server's strength estimator: long enough, but a common password.
    await form.getByLabel('One-time password', { exact: true }).fill(oneTimePassword);
    await form.getByLabel('New password', { exact: true }).fill('password1234');
    await form.getByLabel('New password again', { exact: true }).fill('password1234');
    await submit.click();
    expect(await fieldError('New password')).toBe(
      'Too easy to guess: use a longer phrase of unrelated words, not a common password or a repeated character.',
    );

    await form.getByLabel('New password', { exact: true }).fill(newPassword);
    await form.getByLabel('New password again', { exact: true }).fill(newPassword);
    await submit.click();
    await dashboard().waitFor();
    await page.getByText(`Signed in as ${username}`, { exact: true }).waitFor();
    expect(await page.getByLabel('Working as').count()).toBe(0);
    await page.locator('[data-testid="headline-figures"]').waitFor();
    await shot('signed-in-dashboard');
  }, 180_000);

  it('signs out, and signs in with the new password straight to the dashboard', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    const afterSignOut = await page.evaluate(async () => {
      const response = await fetch('/api/auth/me');
      await response.text(); // read to the end, or the request stays in flight for settled()
      return response.status;
    });
    expect(afterSignOut).toBe(401);
    // The one-time password no longer works.
    await signIn(oneTimePassword);
    await signInForm().getByRole('alert').waitFor();
    await signIn(newPassword);
    await dashboard().waitFor();
    expect(await changeForm().count()).toBe(0);
  }, 120_000);

  it('returns to the sign-in form when the session ends (401)', async () => {
    // The dashboard's own requests finish first: the 401 must come from the click, not from a
    // figure still loading when the cookie went.
    await page.locator('[data-testid="headline-figures"]').waitFor();
    await settled();
    await browser.context.clearCookies();
    await page.getByRole('navigation').getByRole('link', { name: 'Cases', exact: true }).click();
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    await signIn(newPassword);
    await page.getByRole('heading', { name: 'Cases', level: 1 }).waitFor();
  }, 120_000);

  it('ends the session on a password reset, and asks for a new password after (403)', async () => {
    // An administrator resets the password while the user is signed in: the session ends.
    await settled();
    const reset = await issueOneTimePassword(ctx, userId);
    expect(reset).not.toBe('');
    await page
      .getByRole('navigation')
      .getByRole('link', { name: 'Training register', exact: true })
      .click();
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
    // Signed in with the one-time password, every request is refused (403) until it is replaced.
    await signIn(reset);
    await page.getByRole('heading', { name: 'Choose your password', level: 1 }).waitFor();
    const refusal = await page.evaluate(async () => {
      const response = await fetch('/api/trainings');
      await response.text();
      return response.status;
    });
    expect(refusal).toBe(403);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in', level: 1 }).waitFor();
  }, 120_000);
});
