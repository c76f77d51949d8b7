import { existsSync, mkdirSync } from 'node:fs';
import { parseInput } from '../../src/app/common/validate.ts';
import { caseEventInput } from '../../src/app/schemas/cases.schemas.ts';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgency } from '../../src/app/agencies/agencies.ts';
import { openCase, updateCase } from '../../src/app/cases/cases.ts';
import type { AppContext } from '../../src/app/common/context.ts';
import { systemActor } from '../../src/app/common/context.ts';
import { appliedCase, recordCaseEvent } from '../../src/app/cases/events.ts';
import { addCharge } from '../../src/app/persons/charges.ts';
import { addPerson } from '../../src/app/persons/persons.ts';
import { recordVictim } from '../../src/app/persons/victim-records.ts';
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
} from './harness.ts';
import type { RunningBrowser, RunningServer, TestLanguage } from './harness.ts';
import { seriousViolations } from './roles.ts';

// The case record as its users keep it, each signed in through the real sign-in with their own
// role: a case opened under the wrong police unit locks its investigator out until a supervisor
// moves it (with a reason, refused on a stale version) and manages its team; a judge corrects a
// 25-year sentence under a 5–20-year article instead of adding a second one, corrects an event's
// date, and records who appealed to which court (in Russian); the investigator, now on the case,
// corrects a person and asks to drop a charge; the printed case is the record without the menu
// and forms; the report agrees with the case page and downloads under a name in words.
const hasChromium = existsSync(chromiumPath);
const shots = join(repoRoot, 'test-results');
const reference = 'OSH-2016-031';

describe.skipIf(!hasChromium)('the case record in the browser: corrections, team, print', () => {
  let server: RunningServer;
  let ctx: AppContext;
  let browser: RunningBrowser;
  let page: Page;
  let caseId = '';
  let lang: TestLanguage = 'en';
  const agencies: Record<string, string> = {};

  const m = (key: MessageKey, values: Record<string, string | number> = {}) =>
    messageIn(lang, key, values);
  const shot = (name: string) =>
    page.screenshot({ path: join(shots, `case-record-${name}.png`), fullPage: true });
  const signIn = async (username: string, language: TestLanguage) => {
    lang = language;
    await signInWithLanguage(page, server.url, username, language);
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByRole('heading', { name: new RegExp(reference), level: 1 }).waitFor();
  };
  const select = selectOption;
  const fieldError = (scope: Locator, label: string) => fieldErrorOf(page, scope, label);

  beforeAll(async () => {
    mkdirSync(shots, { recursive: true });
    ensureWebBuild();
    server = await startServer({ auth: 'required' });
    if (server.ctx === null) throw new Error('this test needs its own server');
    ctx = server.ctx;
    for (const [key, name, kind] of [
      ['osh', 'Osh city police (synthetic)', 'police'],
      ['bishkek', 'Bishkek city police (synthetic)', 'police'],
      ['prosecutor', 'Osh city prosecutor (synthetic)', 'prosecutor'],
      ['court', 'Osh city court (synthetic)', 'court'],
      ['regional', 'Osh regional court (synthetic)', 'court'],
      ['ngo', 'Shelter NGO (synthetic)', 'ngo'],
    ] as const) {
      agencies[key] = (await createAgency(ctx, systemActor, { jurisdiction: 'KG', name, kind })).id;
    }
    await createUsersWithPasswords(ctx, [
      {
        username: 'rec.investigator',
        displayName: 'Aida Investigator',
        agencyId: agencies['osh']!,
        roles: ['investigator'],
      },
      {
        username: 'rec.colleague',
        displayName: 'Erlan Colleague',
        agencyId: agencies['bishkek']!,
        roles: ['investigator'],
      },
      {
        username: 'rec.supervisor',
        displayName: 'Dinara Supervisor',
        agencyId: agencies['osh']!,
        roles: ['supervisor'],
      },
      {
        username: 'rec.judge',
        displayName: 'Chynara Judge',
        agencyId: agencies['court']!,
        roles: ['judge'],
      },
    ]);
    // Recorded under the Bishkek unit by mistake, and taken to a 25-year sentence (300 months)
    // under art. 124 (5–20 years in 2016).
    const opened = await openCase(ctx, systemActor, {
      jurisdiction: 'KG',
      reference,
      openedOn: '2016-03-04',
      openingAgencyId: agencies['bishkek']!,
      origin: 'victim_complaint',
      summary: 'Synthetic: a woman forced into prostitution in Osh.',
    });
    caseId = opened.id;
    const suspect = await addPerson(ctx, systemActor, caseId, {
      role: 'suspect',
      label: 'S1',
      sex: 'male',
    });
    const victim = await addPerson(ctx, systemActor, caseId, {
      role: 'victim',
      label: 'V1',
      sex: 'female',
      age: { kind: 'estimated', years: 20 },
    });
    await recordVictim(ctx, systemActor, victim.id, { forms: ['forced_labour'] });
    const charge = await addCharge(ctx, systemActor, caseId, {
      personId: suspect.id,
      statute: { jurisdiction: 'KG', instrument: 'cc1997', article: '124' },
      chargedOn: '2016-03-10',
      offenceDate: '2016-02-01',
    });
    let version = opened.version;
    for (const event of [
      { kind: 'refer', occurredOn: '2016-04-01', agencyId: agencies['prosecutor'] },
      { kind: 'indict', occurredOn: '2016-05-10', personId: suspect.id },
      {
        kind: 'verdict',
        occurredOn: '2016-09-02',
        personId: suspect.id,
        chargeId: charge.id,
        outcome: 'convicted',
        courtAgencyId: agencies['court'],
      },
      {
        kind: 'sentence',
        occurredOn: '2016-09-05',
        personId: suspect.id,
        chargeId: charge.id,
        imprisonmentMonths: 300,
      },
    ]) {
      version = appliedCase(
        await recordCaseEvent(
          ctx,
          systemActor,
          caseId,
          parseInput(caseEventInput, { ...event, caseVersion: version }),
        ),
      ).version;
    }
    browser = await launchBrowser();
    page = browser.page;
  }, 400_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 60_000);

  it('an investigator of another unit may read the case but not correct it', async () => {
    await signIn('rec.investigator', 'en');
    const v1 = page.locator('[data-testid="persons-victim"] li', { hasText: 'V1' });
    await v1.getByRole('button', { name: m('correction.correctNamed', { name: 'V1' }) }).click();
    const correction = page.getByRole('form', {
      name: m('correction.correctNamed', { name: 'V1' }),
    });
    await correction.getByLabel(m('person.ageYears'), { exact: true }).fill('19');
    await correction.getByLabel(m('correction.reason'), { exact: true }).fill('Passport seen.');
    await correction.getByRole('button', { name: m('correction.save') }).click();
    await correction.getByText(m('error.Forbidden')).waitFor();
  }, 180_000);

  it('a supervisor moves the case to the right unit with a reason (a stale version is refused) and manages its team', async () => {
    await signIn('rec.supervisor', 'en');
    await page.getByRole('button', { name: m('caseEdit.edit') }).click();
    const edit = page.locator('form[aria-labelledby="case-edit-title"]');
    const agency = edit.getByLabel(m('newCase.openingAgency'), { exact: true });
    await agency.locator('option', { hasText: 'Osh city police' }).waitFor({ state: 'attached' });
    const offered = await agency.locator('option').allInnerTexts();
    expect(offered.some((name) => name.includes('court') || name.includes('NGO'))).toBe(false);
    await select(edit, m('newCase.openingAgency'), 'Osh city police');
    // Registered without an article: added now (the pack's articles in force on the opening date).
    await select(edit, m('newCase.registeredArticle'), 'art. 124');
    // No reason: refused at the field before anything is sent.
    await edit.getByRole('button', { name: m('correction.save') }).click();
    expect(await fieldError(edit, m('correction.reason'))).toBe(m('correction.reasonRequired'));
    await edit
      .getByLabel(m('correction.reason'), { exact: true })
      .fill('Registered in Bishkek by mistake: the Osh unit investigates.');
    // Someone else changes the case meanwhile: the save is refused and the case reloaded.
    const current = await page
      .locator('article[data-case-version]')
      .getAttribute('data-case-version');
    await updateCase(ctx, systemActor, caseId, {
      version: Number(current),
      summary: 'Synthetic: a woman forced into prostitution in Osh (corrected elsewhere).',
    });
    await edit.getByRole('button', { name: m('correction.save') }).click();
    await edit.getByText(m('error.VersionConflict')).waitFor();
    await page.getByText('corrected elsewhere').waitFor();
    expect(await page.locator('[data-testid="opening-agency"]').innerText()).toBe(
      'Bishkek city police (synthetic)',
    );
    await edit.getByRole('button', { name: m('correction.save') }).click();
    await page
      .locator('[data-testid="opening-agency"]', { hasText: 'Osh city police (synthetic)' })
      .waitFor();
    expect(await page.locator('dl.facts').innerText()).toContain('art. 124');
    await page.getByRole('button', { name: m('correction.history', { name: reference }) }).click();
    const history = page.locator('[data-testid="record-history"]');
    await history.getByText('Registered in Bishkek by mistake').waitFor();
    // As a change log does: which field, from what, to what.
    expect(await history.innerText()).toContain(
      `${m('newCase.openingAgency')}: Bishkek city police (synthetic) → Osh city police (synthetic)`,
    );

    // The team: by rule (the opening unit, the jurisdiction's supervisors), and by hand.
    await page.getByRole('button', { name: m('case.team') }).click();
    const team = page.locator('[data-testid="case-team"]');
    await team.getByText('Aida Investigator').waitFor();
    expect(await team.innerText()).toContain(m('teamBasis.opening_agency'));
    const add = team.locator('form[aria-labelledby="team-add-title"]');
    await add.getByLabel(m('team.username'), { exact: true }).fill('nobody.here');
    await add.getByRole('button', { name: m('team.add') }).click();
    expect(await fieldError(add, m('team.username'))).not.toBe('');
    await add.getByLabel(m('team.username'), { exact: true }).fill('rec.colleague');
    await add.getByRole('button', { name: m('team.add') }).click();
    await team.getByText(m('team.added', { name: 'rec.colleague' })).waitFor();
    expect(await team.locator('tr', { hasText: 'Erlan Colleague' }).innerText()).toContain(
      m('teamBasis.added'),
    );
    await team.getByRole('button', { name: m('team.remove', { name: 'Erlan Colleague' }) }).click();
    await team.getByText(m('team.removed', { name: 'Erlan Colleague' })).waitFor();
    expect(await team.locator('tr', { hasText: 'Erlan Colleague' }).count()).toBe(0);
    // The page with its record, corrections and team is accessible (axe: serious and critical).
    expect(await seriousViolations(page)).toEqual([]);
    await shot('supervisor');
  }, 240_000);

  it('a judge corrects the sentence instead of adding a second, corrects a date and records the appeal (in Russian)', async () => {
    await signIn('rec.judge', 'ru');
    const sentences = page.locator('[data-testid="sentences"]');
    await sentences.locator('[data-verdict="above_maximum"]').waitFor();
    // The check's explanation in Russian, not the server's English.
    expect(await sentences.getByTestId('sentence-reasons').innerText()).toBe(
      '25 лет при санкции 5 лет – 20 лет',
    );
    const title = m('correction.correctSentence', { name: 'S1' });
    expect(title).toBe('Исправить наказание: S1');
    await sentences.getByRole('button', { name: title }).click();
    const correction = page.getByRole('form', { name: title });
    await correction
      .locator('[data-testid="correction-range"]', { hasText: '5 лет – 20 лет' })
      .waitFor();
    expect(await correction.getByLabel(m('event.years'), { exact: true }).inputValue()).toBe('25');
    await correction.getByLabel(m('event.years'), { exact: true }).fill('8');
    await correction.getByLabel(m('event.monthsPart'), { exact: true }).fill('6');
    await correction.getByRole('button', { name: m('correction.save') }).click();
    expect(await fieldError(correction, m('correction.reason'))).toBe(
      'Укажите, почему вы вносите исправление.',
    );
    await correction
      .getByLabel(m('correction.reason'), { exact: true })
      .fill('Срок ошибочно внесён в месяцах вместо лет.');
    await correction.getByRole('button', { name: m('correction.save') }).click();
    await sentences.locator('[data-verdict="within_range"]').waitFor();
    expect(await sentences.locator('li').count()).toBe(1);
    expect(await sentences.innerText()).toContain('102');
    await sentences.getByRole('button', { name: m('correction.history', { name: 'S1' }) }).click();
    const history = sentences.locator('[data-testid="record-history"]');
    await history.getByText('Срок ошибочно внесён').waitFor();
    expect(await history.innerText()).toContain(m('correction.corrected'));
    expect(await history.innerText()).toContain('Лишение свободы: 25 лет → 8 лет 6 месяцев');

    // The verdict's date: not before the indictment (said at the field, in Russian), then right.
    const timeline = page.locator('[data-testid="timeline"]');
    const verdictTitle = m('correction.correctEvent', { kind: m('event.verdict') });
    await timeline.getByRole('button', { name: verdictTitle }).click();
    const dateForm = page.getByRole('form', { name: verdictTitle });
    await dateForm.getByLabel(m('event.occurredOn'), { exact: true }).fill('2016-05-01');
    await dateForm
      .getByLabel(m('correction.reason'), { exact: true })
      .fill('Дата приговора по протоколу.');
    await dateForm.getByRole('button', { name: m('correction.save') }).click();
    expect(await fieldError(dateForm, m('event.occurredOn'))).toBe(m('issue.dateOrder'));
    await dateForm.getByLabel(m('event.occurredOn'), { exact: true }).fill('2016-09-01');
    // The browser's date control speaks the browser's language; the page says it in Russian.
    expect(await dateForm.locator('[data-testid="date-in-words"]').innerText()).toBe(
      '1 сент. 2016 г.',
    );
    await dateForm.getByRole('button', { name: m('correction.save') }).click();
    await timeline.locator('time[datetime="2016-09-01"]').waitFor();

    // The appeal: who appealed, and the court that hears it.
    const event = page.locator('form[aria-labelledby="event-title"]');
    await select(event, m('event.kind'), m('event.appeal'));
    await event.getByLabel(m('event.occurredOn'), { exact: true }).fill('2016-10-03');
    await select(event, m('event.defendant'), 'S1');
    await select(event, m('event.appellant'), m('appellant.prosecution'));
    await select(event, m('event.appealCourt'), 'Osh regional court');
    const kind = m('event.appeal');
    await event.getByRole('button', { name: m('event.submit', { kind }) }).click();
    const summary = await event.locator('[data-testid="event-summary"]').innerText();
    expect(summary).toContain('сторона обвинения');
    expect(summary).toContain('Osh regional court (synthetic)');
    await event.getByRole('button', { name: m('event.confirm', { kind }) }).click();
    const appeal = timeline.locator('li', { hasText: m('event.appeal') });
    await appeal.getByText('заявитель жалобы: сторона обвинения').waitFor();
    expect(await appeal.innerText()).toContain('рассматривает Osh regional court (synthetic)');
    await shot('judge-ru');
  }, 240_000);

  it('the investigator, now on the case, corrects a person and asks to drop a charge; the printed case is the record alone', async () => {
    await signIn('rec.investigator', 'en');
    const v1 = page.locator('[data-testid="persons-victim"] li', { hasText: 'V1' });
    const name = m('correction.correctNamed', { name: 'V1' });
    await v1.getByRole('button', { name }).click();
    const correction = page.getByRole('form', { name });
    await select(correction, m('person.ageKind'), m('ageKind.exact'));
    await correction.getByLabel(m('person.ageYears'), { exact: true }).fill('19');
    await correction
      .getByLabel(m('correction.reason'), { exact: true })
      .fill('Her passport gives her birth date.');
    await correction.getByRole('button', { name: m('correction.save') }).click();
    await v1.getByText(m('person.age', { years: 19 })).waitFor();

    // Her victim record, corrected too: the reason is asked for and kept in its history.
    const victims = page.locator('section[aria-labelledby="victims-title"]');
    await victims.locator('summary', { hasText: 'V1' }).click();
    const recordForm = victims.getByRole('form', { name: m('victim.formFor', { label: 'V1' }) });
    await recordForm.getByLabel(m('exploitation.forced_labour'), { exact: true }).uncheck();
    await recordForm.getByLabel(m('exploitation.sexual'), { exact: true }).check();
    await recordForm.getByRole('button', { name: m('victim.save') }).click();
    expect(await fieldError(recordForm, m('correction.reason'))).toBe(
      m('correction.reasonRequired'),
    );
    await recordForm
      .getByLabel(m('correction.reason'), { exact: true })
      .fill('She was exploited sexually, per her statement.');
    await recordForm.getByRole('button', { name: m('victim.save') }).click();
    await victims.locator('summary', { hasText: m('exploitation.sexual') }).click();
    await victims
      .getByRole('button', {
        name: m('correction.history', { name: m('victim.formFor', { label: 'V1' }) }),
      })
      .click();
    const victimHistory = victims.getByTestId('record-history');
    await victimHistory.getByText('She was exploited sexually, per her statement.').waitFor();
    expect(await victimHistory.innerText()).toContain(m('exploitation.forced_labour'));

    const charges = page.locator('[data-testid="charges"]');
    // The charge's form, corrected with a reason; its article stays as recorded.
    const chargeTitle = m('correction.correctNamed', { name: 'S1' });
    await charges.getByRole('button', { name: chargeTitle }).click();
    const chargeForm = page.getByRole('form', { name: chargeTitle });
    await chargeForm
      .getByLabel(m('charge.provision'), { exact: true })
      .locator('option:checked', { hasText: 'art. 124' })
      .waitFor({ state: 'attached' });
    await select(chargeForm, m('charge.form'), m('form.sex'));
    await chargeForm
      .getByLabel(m('correction.reason'), { exact: true })
      .fill('Sexual exploitation, per the indictment.');
    await chargeForm.getByRole('button', { name: m('correction.save') }).click();
    await charges.locator('td', { hasText: m('form.sex') }).waitFor();
    expect(await charges.innerText()).toContain('art. 124');
    const drop = m('correction.askDrop', { name: 'S1' });
    await charges.getByRole('button', { name: drop }).click();
    const request = page.getByRole('form', { name: drop });
    await select(request, m('event.reasonCode'), m('reason.requalified'));
    await request
      .getByLabel(m('event.reasonText'), { exact: true })
      .fill('Requalified (synthetic).');
    await request.getByRole('button', { name: m('correction.sendRequest') }).click();
    await page.getByText(m('correction.dropRequested')).waitFor();
    // Four eyes: the charge stays active until a supervisor approves.
    expect(await charges.innerText()).toContain(m('chargeStatus.active'));

    // A person recorded twice is deleted only with a supervisor's approval too.
    const witness = page.locator('form[aria-labelledby="add-person-title"]');
    await select(witness, m('person.role'), m('role.witness'));
    await witness.getByLabel(m('person.label')).fill('W1');
    await witness.getByRole('button', { name: m('case.addPerson') }).click();
    const w1 = page.locator('[data-testid="persons-witness"] li', { hasText: 'W1' });
    const remove = m('correction.askDelete', { name: 'W1' });
    await w1.getByRole('button', { name: remove }).click();
    const deletion = page.getByRole('form', { name: remove });
    await select(deletion, m('event.reasonCode'), m('reason.duplicate'));
    await deletion.getByRole('button', { name: m('correction.sendRequest') }).click();
    expect(await fieldError(deletion, m('event.reasonText'))).toBe(m('correction.reasonRequired'));
    await deletion.getByLabel(m('event.reasonText'), { exact: true }).fill('Entered twice.');
    await deletion.getByRole('button', { name: m('correction.sendRequest') }).click();
    await page.getByText(m('correction.deleteRequested')).waitFor();
    expect(await w1.count()).toBe(1);

    // Printed: the record, without the menu, the forms or the buttons.
    await page.emulateMedia({ media: 'print' });
    await page.locator('.print-only').waitFor();
    expect(await page.locator('nav').isVisible()).toBe(false);
    expect(await page.locator('form:visible').count()).toBe(0);
    expect(await page.locator('button:visible').count()).toBe(0);
    expect(await page.getByRole('heading', { name: m('case.record') }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: m('case.dataEntry') }).isVisible()).toBe(false);
    expect(await page.locator('[data-testid="sentences"]').isVisible()).toBe(true);
    await page.pdf({ path: join(shots, 'case-record-print.pdf') });
    await page.emulateMedia({ media: 'screen' });
  }, 240_000);

  it('the report agrees with the case page, and downloads under a name in words (in Russian)', async () => {
    await signIn('rec.supervisor', 'ru');
    const figures = await page.evaluate<{ recorded: number; aboveMaximum: number }>(`(async () => {
      const report = await (await fetch('/api/reports/annual?year=2016&jurisdiction=KG')).json();
      return { recorded: report.sentences.recorded, aboveMaximum: report.sentences.outsideRange.aboveMaximum };
    })()`);
    expect(figures).toEqual({ recorded: 1, aboveMaximum: 0 });
    await page.goto(`${server.url}/reports`);
    const xlsx = page.getByRole('button', { name: m('report.downloadXlsx') });
    await xlsx.waitFor();
    await page.waitForFunction(`!document.querySelector('.downloads button')?.disabled`);
    const [download] = await Promise.all([page.waitForEvent('download'), xlsx.click()]);
    expect(download.suggestedFilename()).toBe('Отчёт о торговле людьми Киргизия 2016.xlsx');
  }, 180_000);

  it('a judge asks to correct an acquittal recorded by mistake; a different supervisor approves it in the approvals screen (in Russian)', async () => {
    // A second case, its verdict entered as an acquittal where the court convicted.
    const second = await openCase(ctx, systemActor, {
      jurisdiction: 'KG',
      reference: 'OSH-2016-032',
      openedOn: '2016-03-04',
      openingAgencyId: agencies['osh']!,
      origin: 'victim_complaint',
    });
    const suspect = await addPerson(ctx, systemActor, second.id, {
      role: 'suspect',
      label: 'S2',
      sex: 'male',
    });
    const charge = await addCharge(ctx, systemActor, second.id, {
      personId: suspect.id,
      statute: { jurisdiction: 'KG', instrument: 'cc1997', article: '124' },
      chargedOn: '2016-03-10',
      offenceDate: '2016-02-01',
    });
    let version = second.version;
    for (const event of [
      { kind: 'refer', occurredOn: '2016-04-01', agencyId: agencies['prosecutor'] },
      { kind: 'indict', occurredOn: '2016-05-10', personId: suspect.id },
      {
        kind: 'verdict',
        occurredOn: '2016-09-02',
        personId: suspect.id,
        chargeId: charge.id,
        outcome: 'acquitted',
        courtAgencyId: agencies['court'],
      },
    ]) {
      version = appliedCase(
        await recordCaseEvent(
          ctx,
          systemActor,
          second.id,
          parseInput(caseEventInput, { ...event, caseVersion: version }),
        ),
      ).version;
    }
    lang = 'ru';
    await signInWithLanguage(page, server.url, 'rec.judge', 'ru');
    await page.goto(`${server.url}/cases/${second.id}`);
    const verdicts = page.locator('section[aria-labelledby="verdicts-title"]');
    const title = m('correction.askVerdict', { name: 'S2' });
    await verdicts.getByRole('button', { name: title }).click();
    const ask = page.getByRole('form', { name: title });
    // The outcome the court decided is asked for, as are the reason and its text.
    await ask.getByRole('button', { name: m('correction.sendRequest') }).click();
    expect(await fieldError(ask, m('correction.correctOutcome'))).toBe(m('issue.choose'));
    await select(ask, m('correction.correctOutcome'), m('outcome.convicted'));
    await select(ask, m('event.reasonCode'), m('reason.court_record_differs'));
    await ask
      .getByLabel(m('event.reasonText'), { exact: true })
      .fill('В протоколе суда: осуждён (синтетические данные).');
    await ask.getByRole('button', { name: m('correction.sendRequest') }).click();
    await page.getByText(m('correction.verdictRequested')).waitFor();
    // Four eyes: the verdict stays as recorded until a supervisor approves.
    expect(await verdicts.innerText()).toContain(m('outcome.acquitted'));

    await signInWithLanguage(page, server.url, 'rec.supervisor', 'ru');
    await page
      .getByRole('navigation')
      .getByRole('link', { name: m('nav.approvals') })
      .click();
    const request = page.getByRole('article').filter({ hasText: 'OSH-2016-032' });
    await request.waitFor();
    const text = await request.innerText();
    expect(text).toContain(m('approvalAction.verdict.correct'));
    expect(text).toContain(
      m('approvals.effect.correctVerdict', {
        from: m('outcome.acquitted'),
        to: m('outcome.convicted'),
      }),
    );
    expect(text).toContain(m('reason.court_record_differs'));
    expect(text).toContain('Chynara Judge');
    expect(text).not.toMatch(/verdict\.correct|court_record_differs|[0-9a-f]{8}-[0-9a-f]{4}/);
    const decide = request.getByRole('form', { name: m('approvals.decide') });
    await decide.getByLabel(m('approvals.approve')).check();
    await decide.getByLabel(m('approvals.note')).fill('Сверено с протоколом суда.');
    await decide.getByRole('button', { name: m('approvals.submit') }).click();
    await page.getByRole('status').filter({ hasText: 'Утверждено.' }).waitFor();
    await page.goto(`${server.url}/cases/${second.id}`);
    await verdicts.locator('strong', { hasText: m('outcome.convicted') }).waitFor();
    await shot('verdict-corrected-ru');
  }, 240_000);
});
