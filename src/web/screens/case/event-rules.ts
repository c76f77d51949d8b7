/** The event form's rules, apart from its rendering: its fields, its state, and the problems of what is entered. */
import type { Translate } from '../../i18n/i18n.tsx';
import { orNull, today } from './shared.ts';

/** The fields of the event form: a 400's issue naming one is shown at that field. */
export const eventFields = [
  'kind',
  'caseVersion',
  'occurredOn',
  'reasonCode',
  'reasonText',
  'agencyId',
  'personId',
  'chargeId',
  'outcome',
  'courtAgencyId',
  'appellant',
  'imprisonmentMonths',
  'probationMonths',
  'houseArrestMonths',
  'fine',
  'otherMeasures',
];

/** Events that change what the case is and cannot be taken back by a click: confirmed first. */
export const consequential = new Set([
  'suspend',
  'close',
  'reopen',
  'refer',
  'indict',
  'verdict',
  'sentence',
  'appeal',
  'final',
]);

/** Sentence verdicts that put a sentence outside the statute's range. */
export const outsideRange = new Set(['above_maximum', 'below_minimum']);

/** The event form before anything is entered. */
export const empty = {
  occurredOn: today(),
  reasonCode: '',
  reasonText: '',
  agencyId: '',
  personId: '',
  chargeId: '',
  outcome: '',
  courtAgencyId: '',
  appellant: '',
  imprisonmentYears: '',
  imprisonmentMonths: '',
  suspended: false,
  life: false,
  probationYears: '',
  probationMonths: '',
  houseArrestYears: '',
  houseArrestMonths: '',
  fineAmount: '',
  fineCurrency: 'KGS',
  otherMeasures: '',
};
/** What the event form holds, as entered (text, as the fields give it). */
export type EventFormState = typeof empty;

/** Years and months entered apart, as months; null when both are empty; NaN when not numbers. */
function totalMonths(years: string, months: string): number | null {
  if (years.trim() === '' && months.trim() === '') return null;
  const y = years.trim() === '' ? 0 : Number(years);
  const m = months.trim() === '' ? 0 : Number(months);
  if (!Number.isInteger(y) || !Number.isInteger(m) || y < 0 || m < 0) return Number.NaN;
  return y * 12 + m;
}

/** The sentence as the form holds it, in the API's terms (months). */
export function sentenceOf(form: EventFormState) {
  return {
    imprisonmentMonths: totalMonths(form.imprisonmentYears, form.imprisonmentMonths),
    life: form.life,
    suspended: form.suspended,
    probationMonths: totalMonths(form.probationYears, form.probationMonths),
    houseArrestMonths: totalMonths(form.houseArrestYears, form.houseArrestMonths),
    fine:
      form.fineAmount.trim() === ''
        ? null
        : { amount: Number(form.fineAmount), currency: form.fineCurrency.trim().toUpperCase() },
    otherMeasures: orNull(form.otherMeasures.trim()),
  };
}

/** Problems the page can see before sending (the server checks everything again). */
export function problemsOf(
  kind: string,
  form: EventFormState,
  t: Translate,
): Record<string, string> {
  const problems: Record<string, string> = {};
  if (kind === '') problems['kind'] = t('issue.choose');
  if (form.occurredOn === '') problems['occurredOn'] = t('issue.date');
  if (['suspend', 'close'].includes(kind)) {
    if (form.reasonCode === '') problems['reasonCode'] = t('issue.choose');
    if (form.reasonText.trim() === '') problems['reasonText'] = t('issue.required');
  }
  if (kind === 'reopen' && form.reasonText.trim() === '') {
    problems['reasonText'] = t('issue.required');
  }
  if (['indict', 'verdict', 'sentence'].includes(kind) && form.personId === '') {
    problems['personId'] = t('issue.choose');
  }
  if (['verdict', 'sentence'].includes(kind) && form.chargeId === '') {
    problems['chargeId'] = t('issue.choose');
  }
  if (kind === 'verdict' && form.outcome === '') problems['outcome'] = t('issue.choose');
  if (kind === 'sentence') {
    const sentence = sentenceOf(form);
    for (const name of ['imprisonmentMonths', 'probationMonths', 'houseArrestMonths'] as const) {
      if (Number.isNaN(sentence[name])) problems[name] = t('issue.wholeNumber');
    }
    if (sentence.fine !== null && !(sentence.fine.amount > 0))
      problems['fine'] = t('issue.positive');
    if (
      sentence.fine !== null &&
      !/^[A-Z]{3}$/.test(sentence.fine.currency) &&
      problems['fine'] === undefined
    ) {
      problems['fine'] = t('event.currencyCode');
    }
    if (sentence.life && sentence.imprisonmentMonths !== null) {
      problems['imprisonmentMonths'] = t('event.lifeAndTerm');
    }
    if (sentence.suspended && sentence.imprisonmentMonths === null) {
      problems['imprisonmentMonths'] = t('event.suspendedNeedsTerm');
    }
    const none =
      sentence.imprisonmentMonths === null &&
      !sentence.life &&
      sentence.probationMonths === null &&
      sentence.houseArrestMonths === null &&
      sentence.fine === null &&
      sentence.otherMeasures === null;
    if (none) problems['imprisonmentMonths'] = t('event.sentenceNeedsMeasure');
  }
  return problems;
}

/** The request body of an event, with only the fields its kind takes (text trimmed, empty as null). */
export function eventBody(
  kind: string,
  caseVersion: number,
  form: EventFormState,
): Record<string, unknown> {
  const base = { kind, caseVersion, occurredOn: form.occurredOn };
  switch (kind) {
    case 'suspend':
    case 'close':
      return { ...base, reasonCode: form.reasonCode, reasonText: form.reasonText.trim() };
    case 'resume':
      return { ...base, reasonText: orNull(form.reasonText.trim()) };
    case 'reopen':
      return { ...base, reasonText: form.reasonText.trim() };
    case 'refer':
      return { ...base, agencyId: orNull(form.agencyId) };
    case 'indict':
      return { ...base, personId: form.personId, agencyId: orNull(form.agencyId) };
    case 'verdict':
      return {
        ...base,
        personId: form.personId,
        chargeId: form.chargeId,
        outcome: form.outcome,
        courtAgencyId: orNull(form.courtAgencyId),
      };
    case 'sentence':
      return { ...base, personId: form.personId, chargeId: form.chargeId, ...sentenceOf(form) };
    case 'appeal':
      return {
        ...base,
        personId: orNull(form.personId),
        appellant: orNull(form.appellant),
        courtAgencyId: orNull(form.courtAgencyId),
        reasonText: orNull(form.reasonText.trim()),
      };
    default:
      return base;
  }
}
