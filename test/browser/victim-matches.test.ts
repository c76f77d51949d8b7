import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency, createUser, findActor } from '../../src/app/agencies/agencies.ts';
import { issueOneTimePassword } from '../../src/app/auth/bootstrap.ts';
import { openCase } from '../../src/app/cases/cases.ts';
import type { AppContext } from '../../src/app/common/context.ts';
import { systemActor } from '../../src/app/common/context.ts';
import { addPerson } from '../../src/app/persons/persons.ts';
import { recordIdentity } from '../../src/app/persons/identity.ts';
import { recordVictim } from '../../src/app/persons/victim-records.ts';
import { chromiumPath, ensureWebBuild, launchBrowser, startServer } from './harness.ts';
import type { RunningBrowser, RunningServer } from './harness.ts';
import { seriousViolations, signInAs } from './roles.ts';

// A supervisor finds one victim recorded by the police and by a shelter, in the browser: runs
// the match, sees what agreed but no identity, decides "one person" with a reason, undoes it;
// the dashboard then says the records were matched. An investigator has no such screen.
const hasChromium = existsSync(chromiumPath);

describe.skipIf(!hasChromium)('victim matches in Chromium, signed in as a supervisor', () => {
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
      name: 'Police unit (synthetic)',
      kind: 'police',
    });
    const shelter = await createAgency(ctx, systemActor, {
      jurisdiction: 'KG',
      name: 'Shelter (synthetic)',
      kind: 'ngo',
    });
    const supervisor = await createUser(ctx, systemActor, {
      agencyId: police.id,
      username: 'match.supervisor',
      displayName: 'Match Supervisor',
      roles: ['supervisor'],
    });
    const investigator = await createUser(ctx, systemActor, {
      agencyId: police.id,
      username: 'match.investigator',
      displayName: 'Match Investigator',
      roles: ['investigator'],
    });
    const recorder = (await findActor(ctx, investigator.id))!.actor;
    for (const [reference, agencyId, identity] of [
      ['MATCH-1', police.id, { fullName: 'Айгуль Асанова', birthDate: '1998-04-01' }],
      ['MATCH-2', shelter.id, { fullName: 'ASANOVA Aigul' }],
    ] as const) {
      const opened = await openCase(ctx, systemActor, {
        jurisdiction: 'KG',
        reference,
        openedOn: '2016-03-01',
        openingAgencyId: police.id,
        origin: 'victim_complaint',
      });
      const victim = await addPerson(ctx, systemActor, opened.id, { role: 'victim', label: 'V1' });
      await recordVictim(ctx, systemActor, victim.id, {
        identifiedOn: '2016-05-01',
        identifyingAgencyId: agencyId,
      });
      await recordIdentity(ctx, recorder, victim.id, identity);
    }
    for (const user of [supervisor, investigator])
      passwords.set(user.username, await issueOneTimePassword(ctx, user.id));
    browser = await launchBrowser();
    page = browser.page;
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('matches, decides with a reason, undoes it, and shows no identity', async () => {
    await signInAs(page, server.url, 'match.supervisor', passwords.get('match.supervisor') ?? '');
    await page.getByRole('navigation').getByRole('link', { name: 'Victim matches' }).click();
    await page.getByRole('heading', { name: 'Victims recorded by several agencies' }).waitFor();
    await page.getByRole('button', { name: 'Match the records now' }).click();
    await expect
      .poll(() => page.getByTestId('match-summary').innerText())
      .toContain('2 victim records compared (0 of sealed cases left out); 1 pair matches');
    const body = await page.locator('main').innerText();
    for (const value of ['Асанова', 'ASANOVA', 'Aigul', '1998']) expect(body).not.toContain(value);
    const pair = page.locator('[data-pair]');
    expect(await pair.count()).toBe(1);
    await expect.poll(() => pair.innerText()).toContain('possible: name');
    expect(await pair.innerText()).toContain('MATCH-1 · V1');

    // A decision needs a reason, said at the field.
    await pair.getByRole('button', { name: 'One person: link them' }).click();
    await pair.getByText('Say why (at least 3 characters).').waitFor();
    await pair.getByLabel('Why').fill('Same village and mother’s name in both interviews');
    await pair.getByRole('button', { name: 'One person: link them' }).click();
    await expect
      .poll(() => pair.getByTestId('pair-status').innerText())
      .toBe('one person (linked)');
    // …and can be undone, with its own reason.
    await pair.getByLabel('Why').fill('The shelter corrected its record');
    await pair.getByRole('button', { name: 'Withdraw the link' }).click();
    await expect.poll(() => pair.getByTestId('pair-status').innerText()).toBe('link withdrawn');
    expect(await seriousViolations(page)).toEqual([]);

    // The dashboard now says the records were matched.
    await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
    const estimate = page.getByTestId('victim-estimate');
    await estimate.getByText(/^Lists used:/).waitFor();
    await expect.poll(() => estimate.innerText()).toContain('Matched across agencies on');
  }, 180_000);

  it('has no match screen for an investigator', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signInAs(
      page,
      server.url,
      'match.investigator',
      passwords.get('match.investigator') ?? '',
    );
    const links = await page.getByRole('navigation').getByRole('link').allInnerTexts();
    expect(links).not.toContain('Victim matches');
    await page.goto(`${server.url}/victims`);
    await page.getByText('Not part of your work').waitFor();
  }, 120_000);
});
