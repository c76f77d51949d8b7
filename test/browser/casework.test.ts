import { existsSync, mkdirSync } from 'node:fs';
import type { Role } from '../../src/core/vocabulary.ts';
import type { AgencyKind } from '../../src/core/vocabulary.ts';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency, findActor } from '../../src/app/agencies/agencies.ts';
import { openCase } from '../../src/app/cases/cases.ts';
import type { AppContext } from '../../src/app/common/context.ts';
import { systemActor } from '../../src/app/common/context.ts';
import type { MessageKey } from '../../src/web/i18n/en.ts';
import {
  chromiumPath,
  createUsersWithPasswords,
  fieldErrorOf,
  ensureWebBuild,
  launchBrowser,
  messageIn,
  repoRoot,
  selectOption,
  signInWithLanguage,
  startServer,
  testPassword,
} from './harness.ts';
import type { RunningBrowser, RunningServer, TestLanguage } from './harness.ts';

// A day's work as the real users do it, each signed in through the real sign-in with their own
// role (no development actor): an investigator opens a case for a woman forced into
// prostitution in Osh (synthetic), a prosecutor and a judge take it to verdict, sentence and
// appeal in Russian, and a supervisor decides a "victim withdrew" closure request.
const hasChromium = existsSync(chromiumPath);
const shots = join(repoRoot, 'test-results');
const password = testPassword;
const reference = 'OSH-2016-017';
const closureReference = 'OSH-2016-018';

type Language = TestLanguage;

interface TestUser {
  username: string;
  displayName: string;
}

describe.skipIf(!hasChromium)('a day of case work in the browser, per role', () => {
  let server: RunningServer;
  let ctx: AppContext;
  let browser: RunningBrowser;
  let page: Page;
  let caseUrl = '';
  let closureCaseId = '';
  const users: Record<string, TestUser> = {};
  let lang: Language = 'en';

  /** A message of the UI's catalogue in the language the test is using. */
  const m = (key: MessageKey, values: Record<string, string | number> = {}) =>
    messageIn(lang, key, values);
  const shot = (name: string) =>
    page.screenshot({ path: join(shots, `casework-${name}.png`), fullPage: true });
  const form = (title: string): Locator => page.locator(`form[aria-labelledby="${title}"]`);
  const select = selectOption;
  const fieldError = (scope: Locator, label: string) => fieldErrorOf(page, scope, label);
  async function signInAs(who: string, language: Language): Promise<void> {
    const user = users[who] as TestUser;
    // The next person at the browser: the previous session ends (sign-out itself is sign-in.test's).
    lang = language;
    await signInWithLanguage(page, server.url, user.username, language, password);
  }
  async function recordEvent(
    kind: string,
    date: string,
    fill: (event: Locator) => Promise<void> = () => Promise.resolve(),
  ): Promise<Locator> {
    const event = form('event-title');
    const kindLabel = m(`event.${kind}` as MessageKey);
    // Nothing consequential is chosen in advance.
    expect(await event.getByLabel(m('event.kind'), { exact: true }).inputValue()).toBe('');
    await select(event, m('event.kind'), kindLabel);
    await event.getByLabel(m('event.occurredOn'), { exact: true }).fill(date);
    await fill(event);
    const submit = ['close', 'suspend'].includes(kind) ? 'event.request' : 'event.submit';
    await event.getByRole('button', { name: m(submit, { kind: kindLabel }) }).click();
    // A summary to confirm: nothing is recorded on the first click.
    await event.locator('[data-testid="event-summary"]').waitFor();
    return event;
  }
  async function confirmEvent(kind: string): Promise<void> {
    const event = form('event-title');
    const kindLabel = m(`event.${kind}` as MessageKey);
    await event.getByRole('button', { name: m('event.confirm', { kind: kindLabel }) }).click();
    await page
      .locator('[data-testid="event-notice"]', {
        hasText: m('event.recorded', { kind: kindLabel }),
      })
      .waitFor();
  }

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    ensureWebBuild();
    server = await startServer({ auth: 'required' });
    if (server.ctx === null) throw new Error('this test needs its own server');
    ctx = server.ctx;
    const agency = (name: string, kind: AgencyKind) =>
      createAgency(ctx, systemActor, { jurisdiction: 'KG', name, kind });
    const police = await agency('Osh city police (synthetic)', 'police');
    const prosecutor = await agency('Osh city prosecutor (synthetic)', 'prosecutor');
    const court = await agency('Osh city court (synthetic)', 'court');
    await agency('Osh regional court (synthetic)', 'court');
    await agency('Shelter NGO (synthetic)', 'ngo');
    const roles: [Role, string, string][] = [
      ['investigator', police.id, 'Aida Investigator'],
      ['prosecutor', prosecutor.id, 'Bakyt Prosecutor'],
      ['judge', court.id, 'Chynara Judge'],
      ['supervisor', police.id, 'Dinara Supervisor'],
    ];
    await createUsersWithPasswords(
      ctx,
      roles.map(([role, agencyId, displayName]) => {
        users[role] = { username: `day.${role}`, displayName };
        return { username: `day.${role}`, displayName, agencyId, roles: [role] };
      }),
      password,
    );
    const investigator = await findActor(ctx, 'day.investigator');
    if (investigator === null) throw new Error('investigator not found');
    const closure = await openCase(ctx, investigator.actor, {
      jurisdiction: 'KG',
      reference: closureReference,
      openedOn: '2016-05-02',
      openingAgencyId: police.id,
      origin: 'victim_complaint',
      summary: 'Synthetic case: the victim withdrew her statement.',
    });
    closureCaseId = closure.id;
    browser = await launchBrowser();
    page = browser.page;
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('an investigator opens the case under her own agency, and is told why an article is not offered', async () => {
    await signInAs('investigator', 'en');
    await page.goto(`${server.url}/cases/new`);
    const main = page.locator('main');
    const agencySelect = main.getByLabel(m('newCase.openingAgency'), { exact: true });
    await agencySelect.locator('option', { hasText: 'Osh city police' }).waitFor({
      state: 'attached',
    });
    // Her own agency is the default; courts and NGOs do not open cases.
    expect(await agencySelect.locator('option:checked').innerText()).toBe(
      'Osh city police (synthetic)',
    );
    const offered = await agencySelect.locator('option').allInnerTexts();
    expect(offered.some((name) => name.includes('court') || name.includes('NGO'))).toBe(false);
    expect(offered).toContain('Osh city prosecutor (synthetic)');
    // Today (the default date) is past what the pack describes: the form says why the
    // trafficking article is not offered instead of silently leaving it out.
    const why = main.locator('[data-testid="not-offered"]');
    await why.waitFor();
    expect(await why.innerText()).toMatch(/art\. 124|says nothing about that date/);
    expect(
      await main
        .getByLabel(m('newCase.registeredArticle'), { exact: true })
        .locator('option', { hasText: 'art. 124' })
        .count(),
    ).toBe(0);

    await main.getByLabel(m('cases.reference'), { exact: true }).fill(reference);
    await main.getByLabel(m('cases.openedOn'), { exact: true }).fill('2016-03-04');
    await select(main, m('cases.origin'), m('origin.victim_complaint'));
    await select(main, m('newCase.registeredArticle'), 'art. 124');
    await main
      .getByLabel(m('newCase.summary'))
      .fill('Synthetic: a woman recruited for work abroad was forced into prostitution in Osh.');
    await main.getByRole('button', { name: m('newCase.submit') }).click();
    await page.getByRole('heading', { name: new RegExp(`${reference}`) }).waitFor();
    caseUrl = page.url();

    const person = form('add-person-title');
    await select(person, m('person.role'), m('role.victim'));
    await person.getByLabel(m('person.label')).fill('V1');
    await select(person, m('person.sex'), m('sex.female'));
    await select(person, m('person.ageKind'), m('ageKind.exact'));
    await person.getByLabel(m('person.ageYears')).fill('23');
    // Citizenship from a list of countries, by name.
    await select(person, m('person.citizenship'), 'Kyrgyzstan');
    await person.getByRole('button', { name: m('case.addPerson') }).click();
    const victims = page.locator('[data-testid="persons-victim"]');
    await victims.getByText('Kyrgyzstan').waitFor();

    await select(person, m('person.role'), m('role.suspect'));
    await person.getByLabel(m('person.label')).fill('S1');
    await select(person, m('person.sex'), new RegExp(`^${m('sex.male')}$`));
    await person.getByRole('button', { name: m('case.addPerson') }).click();
    await page.locator('[data-testid="persons-suspect"]', { hasText: 'S1' }).waitFor();

    // Her identity: none yet, recorded, then shown.
    const v1 = victims.locator('li', { hasText: 'V1' });
    await v1.getByRole('button', { name: m('identity.show') }).click();
    await v1.getByText(m('identity.none')).waitFor();
    await v1.getByRole('button', { name: m('identity.record') }).click();
    const identity = v1.getByRole('form', { name: m('identity.formTitle') });
    await identity.getByLabel(m('identity.fullName'), { exact: true }).fill('Synthetic Person A');
    await identity.getByLabel(m('identity.birthDate'), { exact: true }).fill('2001-02-03');
    await identity.getByLabel(m('identity.documentType'), { exact: true }).fill('passport');
    await identity.getByLabel(m('identity.document'), { exact: true }).fill('ID-SYNTH-0001');
    await identity.getByRole('button', { name: m('identity.save') }).click();
    await v1.locator('dd', { hasText: 'Synthetic Person A' }).waitFor();
    await v1.locator('dd', { hasText: 'ID-SYNTH-0001' }).waitFor();

    // A screening with the sexual-exploitation indicators: two answered yes.
    const details = page.locator('details.victim', { hasText: 'V1' });
    await details.locator('summary').click();
    await details.getByRole('button', { name: m('screening.record') }).click();
    const screening = details.getByRole('form', { name: m('screening.formTitle') });
    await select(screening, m('screening.set'), 'sexual exploitation');
    for (const question of [/take the person's earnings/, /unable to refuse clients/]) {
      await screening
        .getByRole('group', { name: question })
        .getByLabel(m('answer.yes'), { exact: true })
        .check();
    }
    await screening.getByRole('button', { name: m('screening.save') }).click();
    await details.getByText(m('screeningStatus.presumed_victim')).waitFor();

    const charge = form('add-charge-title');
    await select(charge, m('charge.suspect'), 'S1');
    await charge.getByLabel(m('charge.offenceDate')).fill('2016-02-01');
    await select(charge, m('charge.provision'), 'art. 124');
    await charge.getByLabel(m('charge.chargedOn')).fill('2016-03-10');
    await charge.getByRole('button', { name: m('case.addCharge') }).click();
    await page.locator('[data-testid="charges"]', { hasText: '5 years – 20 years' }).waitFor();

    const refer = await recordEvent('refer', '2016-04-01', (event) =>
      select(event, m('event.prosecutor'), 'Osh city prosecutor'),
    );
    expect(await refer.locator('[data-testid="event-summary"]').innerText()).toContain(
      'Osh city prosecutor (synthetic)',
    );
    // Still nothing recorded until confirmed.
    expect(await page.locator('[data-testid="timeline"] li').count()).toBe(0);
    await confirmEvent('refer');
    await page
      .locator('[data-testid="case-status"]', { hasText: m('status.prosecution') })
      .waitFor();
    await shot('investigator');
  }, 300_000);

  it('a prosecutor indicts, and a judge convicts and sentences after a check against the statute (in Russian)', async () => {
    await signInAs('prosecutor', 'ru');
    await page.goto(caseUrl);
    await recordEvent('indict', '2016-05-10', (event) => select(event, m('event.defendant'), 'S1'));
    await confirmEvent('indict');

    await signInAs('judge', 'ru');
    await page.goto(caseUrl);
    await recordEvent('verdict', '2016-09-02', async (event) => {
      await select(event, m('event.defendant'), 'S1');
      await select(event, m('event.charge'), 'ст. 124');
      expect(await event.getByLabel(m('event.outcome'), { exact: true }).inputValue()).toBe('');
      await select(event, m('event.outcome'), m('outcome.convicted'));
      await select(event, m('event.court'), 'Osh city court');
    });
    await confirmEvent('verdict');

    // 25 years under a 5–20-year article: said before anything is saved.
    const event = form('event-title');
    const kind = m('event.sentence');
    expect(kind).toBe('назначение наказания');
    await select(event, m('event.kind'), kind);
    await event.getByLabel(m('event.occurredOn'), { exact: true }).fill('2016-09-02');
    await select(event, m('event.defendant'), 'S1');
    await select(event, m('event.charge'), 'ст. 124');
    const imprisonment = event.getByRole('group', { name: m('event.imprisonment') });
    await imprisonment.getByLabel(m('event.years'), { exact: true }).fill('25');
    await event.locator('[data-testid="statute-range"]', { hasText: '5 лет – 20 лет' }).waitFor();
    await event
      .locator('[data-testid="sentence-check"][data-verdict="above_maximum"]', {
        hasText: 'выше максимума',
      })
      .waitFor();
    await event.getByRole('button', { name: m('event.submit', { kind }) }).click();
    const confirm = event.getByRole('button', { name: m('event.confirm', { kind }) });
    expect(await confirm.isDisabled()).toBe(true);
    await event.getByRole('button', { name: m('event.back') }).click();
    await imprisonment.getByLabel(m('event.years'), { exact: true }).fill('8');
    await imprisonment.getByLabel(m('event.monthsPart'), { exact: true }).fill('6');
    await event.locator('[data-testid="sentence-check"][data-verdict="within_range"]').waitFor();
    await event.getByRole('button', { name: m('event.submit', { kind }) }).click();
    expect(await event.locator('[data-testid="event-summary"]').innerText()).toContain(
      '8 лет 6 месяцев',
    );
    await confirmEvent('sentence');
    await page.locator('[data-testid="sentences"] [data-verdict="within_range"]').waitFor();
    expect(await page.locator('[data-testid="sentences"] li').count()).toBe(1);

    // A second sentence for the same conviction is refused, in Russian, at the charge.
    await recordEvent('sentence', '2016-09-03', async (form) => {
      await select(form, m('event.defendant'), 'S1');
      await select(form, m('event.charge'), 'ст. 124');
      await form
        .getByRole('group', { name: m('event.imprisonment') })
        .getByLabel(m('event.years'), { exact: true })
        .fill('10');
    });
    await event.getByRole('button', { name: m('event.confirm', { kind }) }).click();
    expect(await fieldError(event, m('event.charge'))).toBe(m('error.SentenceExists'));
    expect(await page.locator('[data-testid="sentences"] li').count()).toBe(1);
    await shot('judge-ru');
  }, 300_000);

  it('an investigator’s closure request says it waits for approval, and the case stays open', async () => {
    await signInAs('investigator', 'en');
    await page.goto(`${server.url}/cases/${closureCaseId}`);
    await recordEvent('close', '2016-06-10', async (event) => {
      await select(event, m('event.reasonCode'), m('reason.victim_withdrew'));
      await event
        .getByLabel(m('event.reasonText'))
        .fill('The victim withdrew her statement after threats (synthetic).');
    });
    const event = form('event-title');
    const kind = m('event.close');
    await event.getByRole('button', { name: m('event.confirmRequest', { kind }) }).click();
    const notice = page.locator('[data-testid="event-notice"]');
    await notice.waitFor();
    expect(await notice.innerText()).toBe(m('event.requested', { kind }));
    expect(await page.locator('[data-testid="case-status"]').innerText()).toBe(m('status.open'));
  }, 180_000);

  it('a supervisor decides the closure in the approvals screen (in Russian)', async () => {
    await signInAs('supervisor', 'ru');
    await page
      .getByRole('navigation')
      .getByRole('link', { name: m('nav.approvals') })
      .click();
    const request = page.getByRole('article').filter({ hasText: closureReference });
    await request.waitFor();
    const text = await request.innerText();
    expect(text).toContain(m('approvalAction.case.close'));
    expect(text).toContain('Aida Investigator');
    expect(text).toContain(m('reason.victim_withdrew'));
    expect(text).toContain('The victim withdrew her statement');
    // No identifiers or raw codes on the screen.
    expect(text).not.toMatch(/victim_withdrew|case\.close|[0-9a-f]{8}-[0-9a-f]{4}/);
    const decide = request.getByRole('form', { name: m('approvals.decide') });
    await decide.getByRole('button', { name: m('approvals.submit') }).click();
    await decide.getByText(m('approvals.chooseDecision')).waitFor();
    await decide.getByLabel(m('approvals.reject')).check();
    await decide.getByRole('button', { name: m('approvals.submit') }).click();
    expect(await fieldError(decide, m('approvals.note'))).toBe(m('approvals.noteRequired'));
    await decide.getByLabel(m('approvals.approve')).check();
    await decide.getByLabel(m('approvals.note')).fill('Проверено: заявление отозвано.');
    await decide.getByRole('button', { name: m('approvals.submit') }).click();
    await page.getByRole('status').filter({ hasText: 'Утверждено.' }).waitFor();
    await shot('approvals-ru');
    await page.goto(`${server.url}/cases/${closureCaseId}`);
    await page.locator('[data-testid="case-status"]', { hasText: m('status.closed') }).waitFor();
  }, 180_000);
});
