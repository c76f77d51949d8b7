import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAgency,
  createUser,
  listUsers,
  updateUser,
} from '../../src/app/agencies/agencies.ts';
import { issueOneTimePassword } from '../../src/app/auth/bootstrap.ts';
import type { AppContext } from '../../src/app/common/context.ts';
import { systemActor } from '../../src/app/common/context.ts';
import { chromiumPath, ensureWebBuild, launchBrowser, startServer } from './harness.ts';
import type { RunningBrowser, RunningServer } from './harness.ts';
import { seriousViolations, signInAs, signOut } from './roles.ts';

// Two administrators, signed in through the real sign-in: A grants a role that opens
// identities (pending), B approves it (applied); A deactivates a user (applied) and resets an
// investigator's password (pending); B approves and receives the one-time password once.
const hasChromium = existsSync(chromiumPath);

describe.skipIf(!hasChromium)('user administration in Chromium, by two administrators', () => {
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
    const agency = await createAgency(ctx, systemActor, {
      jurisdiction: 'KG',
      name: 'Ministry unit (synthetic)',
      kind: 'police',
    });
    for (const [username, roles] of [
      ['adm.alpha', ['administrator']],
      ['adm.beta', ['administrator']],
      ['ngo.worker', ['ngo_liaison']],
      ['leaving.analyst', ['analyst']],
      ['inv.reset', ['investigator']],
    ] as const) {
      const user = await createUser(ctx, systemActor, {
        agencyId: agency.id,
        username,
        displayName: `Synthetic ${username}`,
        roles: [...roles],
      });
      if (username.startsWith('adm.'))
        passwords.set(username, await issueOneTimePassword(ctx, user.id));
    }
    browser = await launchBrowser();
    page = browser.page;
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  /** The user as stored (read past the UI). */
  async function stored(username: string) {
    const users = await listUsers(ctx, systemActor, { pageSize: 100 });
    const user = users.items.find((item) => item.username === username);
    if (user === undefined) throw new Error(`no user ${username}`);
    return user;
  }
  const row = (username: string) => page.locator(`tr[data-user="${username}"]`);
  const outcome = () => page.getByTestId('user-outcome');
  async function openEditor(username: string) {
    await page.getByRole('button', { name: `Change ${username}`, exact: true }).click();
    const editor = page.getByTestId('user-editor');
    await editor.getByRole('heading', { name: `Change the user ${username}` }).waitFor();
    return editor;
  }

  it('A: a grant of supervisor waits, a deactivation applies, a reset waits', async () => {
    await signInAs(page, server.url, 'adm.alpha', passwords.get('adm.alpha') ?? '');
    await page.getByRole('navigation').getByRole('link', { name: 'Administration' }).click();
    await row('ngo.worker').waitFor();

    // No role at all is refused at the field, before anything is sent.
    let editor = await openEditor('ngo.worker');
    await editor.getByLabel('NGO liaison', { exact: false }).uncheck();
    await editor.getByRole('button', { name: 'Save roles and agency' }).click();
    await editor.getByText('Choose at least one role.').waitFor();

    await editor.getByLabel('NGO liaison', { exact: false }).check();
    await editor.getByLabel('supervisor', { exact: true }).check();
    await editor.getByRole('button', { name: 'Save roles and agency' }).click();
    await expect.poll(() => outcome().getAttribute('data-outcome')).toBe('pending');
    expect(await outcome().innerText()).toContain('waits for a second administrator');
    expect(
      await outcome().getByRole('link', { name: 'Open the approvals' }).getAttribute('href'),
    ).toBe('/approvals');
    expect(await row('ngo.worker').innerText()).not.toContain('supervisor');
    expect((await stored('ngo.worker')).roles).toEqual(['ngo_liaison']);

    editor = await openEditor('leaving.analyst');
    await editor.getByText('The account is active.').waitFor();
    await editor.getByRole('button', { name: 'Deactivate', exact: true }).click();
    await expect.poll(() => outcome().getAttribute('data-outcome')).toBe('applied');
    await expect.poll(() => row('leaving.analyst').innerText()).toContain('inactive');
    expect((await stored('leaving.analyst')).active).toBe(false);

    editor = await openEditor('inv.reset');
    // The password of such a user is not typed here: the approver receives it.
    expect(await editor.getByLabel('One-time password').count()).toBe(0);
    await editor.getByRole('button', { name: 'Ask for a new password' }).click();
    await expect.poll(() => outcome().getAttribute('data-outcome')).toBe('pending');
    expect(await outcome().innerText()).toContain('new password of inv.reset waits');
    expect(await seriousViolations(page)).toEqual([]);
  }, 240_000);

  it('A: a change on a stale version is refused plainly', async () => {
    const editor = await openEditor('leaving.analyst');
    // Another administrator reactivates the user meanwhile (through the app, as the system).
    const now = await stored('leaving.analyst');
    await updateUser(ctx, systemActor, now.id, { version: now.version, active: true });
    await editor.getByRole('button', { name: 'Activate', exact: true }).click();
    await editor.getByText('Another administrator changed this user').waitFor();
    // The list now shows their change.
    await expect.poll(() => row('leaving.analyst').innerText()).toContain('active');
    expect(await row('leaving.analyst').innerText()).not.toContain('inactive');
  }, 120_000);

  it('B: approves the grant and the reset on the approvals screen', async () => {
    await signOut(page);
    await signInAs(page, server.url, 'adm.beta', passwords.get('adm.beta') ?? '');
    await page.getByRole('navigation').getByRole('link', { name: 'Approvals' }).click();
    const grant = page.locator('article.approval', {
      has: page.getByRole('heading', { name: /granting roles/ }),
    });
    // The request names the user and the roles in words, not by id and code.
    await expect
      .poll(() => grant.innerText())
      .toContain('The user ngo.worker gets the roles NGO liaison, supervisor.');
    await grant.getByRole('radio', { name: 'Approve: carry it out' }).check();
    await grant.getByRole('button', { name: 'Record my decision' }).click();
    await page
      .getByRole('status')
      .getByText(/^Approved\./)
      .waitFor();
    expect((await stored('ngo.worker')).roles).toEqual(['ngo_liaison', 'supervisor']);

    const reset = page.locator('article.approval', {
      has: page.getByRole('heading', { name: /setting the password/ }),
    });
    await reset.getByRole('radio', { name: 'Approve: carry it out' }).check();
    await reset.getByRole('button', { name: 'Record my decision' }).click();
    const shown = page.getByRole('status').getByText(/^One-time password for the user/);
    await shown.waitFor();
    const oneTime = /: (\S+)$/.exec(await shown.innerText())?.[1] ?? '';
    expect(oneTime.length).toBeGreaterThanOrEqual(12);

    await page.getByRole('navigation').getByRole('link', { name: 'Administration' }).click();
    await expect.poll(() => row('ngo.worker').innerText()).toContain('supervisor');

    // The integrity report lists both, with who asked and who approved.
    await page.getByRole('navigation').getByRole('link', { name: 'Audit log' }).click();
    const changes = page.getByTestId('privilege-changes');
    await changes.waitFor();
    const text = await changes.innerText();
    expect(text).toContain('granting roles that open identities or approvals');
    expect(text).toContain('setting the password of such a user');
    expect(text).toContain('Synthetic adm.alpha');
    expect(text).toContain('Synthetic adm.beta');
    expect(await seriousViolations(page)).toEqual([]);

    // The investigator signs in with the password the approver handed over.
    await signOut(page);
    await signInAs(page, server.url, 'inv.reset', oneTime);
  }, 240_000);
});
