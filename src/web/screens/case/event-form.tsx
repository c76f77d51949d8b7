import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { appellants, closeReasons, verdictOutcomes } from '../../../core/vocabulary.ts';
import { api } from '../../api.ts';
import { FormError, SelectField, TextArea, TextField, useSubmit } from '../../components/ui.tsx';
import { useAgencies, useAgencyName } from '../../data.ts';
import type { CaseView, ChargeView } from '../../data.ts';
import { useI18n, useVocabulary } from '../../i18n/i18n.tsx';
import type { Translate } from '../../i18n/i18n.tsx';
import { checkBody, durationLabel, rangeLabel } from './sentence-check.tsx';
import type { SentenceCheck } from './sentence-check.tsx';
import { orNull, today, usePersonLabel, useRefresh } from './shared.ts';

const eventFields = [
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
const consequential = new Set([
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
const outsideRange = new Set(['above_maximum', 'below_minimum']);

const empty = {
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
type EventFormState = typeof empty;

/** Years and months entered apart, as months; null when both are empty; NaN when not numbers. */
function totalMonths(years: string, months: string): number | null {
  if (years.trim() === '' && months.trim() === '') return null;
  const y = years.trim() === '' ? 0 : Number(years);
  const m = months.trim() === '' ? 0 : Number(months);
  if (!Number.isInteger(y) || !Number.isInteger(m) || y < 0 || m < 0) return Number.NaN;
  return y * 12 + m;
}

/** The sentence as the form holds it, in the API's terms (months). */
function sentenceOf(form: EventFormState) {
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
function problemsOf(kind: string, form: EventFormState, t: Translate): Record<string, string> {
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

/** Years and months inputs for one duration of a sentence. */
function DurationField({
  legend,
  name,
  years,
  months,
  onYears,
  onMonths,
  error,
}: {
  legend: string;
  name: string;
  years: string;
  months: string;
  onYears: (value: string) => void;
  onMonths: (value: string) => void;
  error: string | undefined;
}) {
  const { t } = useI18n();
  return (
    <fieldset
      className={error === undefined ? 'field duration' : 'field duration field-invalid'}
      aria-describedby={error === undefined ? undefined : `${name}-error`}
    >
      <legend>{legend}</legend>
      <label>
        {t('event.years')}
        <input
          type="number"
          min={0}
          inputMode="numeric"
          name={`${name}Years`}
          value={years}
          aria-invalid={error !== undefined}
          onChange={(event) => onYears(event.target.value)}
        />
      </label>
      <label>
        {t('event.monthsPart')}
        <input
          type="number"
          min={0}
          inputMode="numeric"
          name={`${name}Months`}
          value={months}
          aria-invalid={error !== undefined}
          onChange={(event) => onMonths(event.target.value)}
        />
      </label>
      {error !== undefined && (
        <span className="field-error" id={`${name}-error`} role="alert">
          {error}
        </span>
      )}
    </fieldset>
  );
}

/** The statute's range for the chosen charge and where the sentence entered falls, live. */
function useSentenceCheck(charge: ChargeView | undefined, form: EventFormState) {
  const sentence = sentenceOf(form);
  const valid = !Object.values(sentence).some((value) => Number.isNaN(value));
  const body =
    charge === undefined || !valid
      ? null
      : checkBody(charge, {
          ...sentence,
          fine: sentence.fine !== null && sentence.fine.amount > 0 ? sentence.fine : null,
        });
  return useQuery({
    queryKey: ['sentence-check-draft', body],
    enabled: body !== null,
    staleTime: Infinity,
    retry: false,
    queryFn: () =>
      api<SentenceCheck>(
        `/api/jurisdictions/${(charge as ChargeView).statute.jurisdiction.toLowerCase()}/sentence-check`,
        { body },
      ),
  });
}

/**
 * Records a lifecycle event among those the case's status allows. Nothing consequential is
 * chosen in advance, every consequential event is confirmed on a summary first, and a sentence
 * is checked against the statute's range while it is entered.
 */
export function EventForm({ caseView }: { caseView: CaseView }) {
  const { t, date } = useI18n();
  const vocabulary = useVocabulary();
  const refresh = useRefresh(caseView.id);
  const agencies = useAgencies();
  const agencyName = useAgencyName();
  const personLabel = usePersonLabel(caseView);
  const allowed = caseView.allowedEvents;
  const [kind, setKind] = useState<string>('');
  const [form, setForm] = useState(empty);
  const [confirming, setConfirming] = useState(false);
  const [acknowledged, setAcknowledged] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const { errors, busy, submit, refuse } = useSubmit(eventFields);
  const activeKind = allowed.includes(kind as never) ? kind : '';
  const suspects = caseView.persons.filter((p) => p.role === 'suspect');
  const convictedChargeIds = new Set(
    caseView.verdicts
      .filter((v) => v.personId === form.personId && v.outcome === 'convicted')
      .map((v) => v.chargeId),
  );
  const defendantCharges = caseView.charges.filter(
    (c) =>
      c.personId === form.personId &&
      c.status === 'active' &&
      (activeKind !== 'sentence' || convictedChargeIds.has(c.id)),
  );
  const charge = caseView.charges.find((c) => c.id === form.chargeId);
  const check = useSentenceCheck(activeKind === 'sentence' ? charge : undefined, form);
  if (allowed.length === 0) return <p>{t('event.noneAllowed')}</p>;
  const set = (name: keyof EventFormState) => (value: string) => {
    setConfirming(false);
    setForm({ ...form, [name]: value });
  };
  const agencyOptions = (kinds: string[]) =>
    (agencies.data?.items ?? [])
      .filter((a) => kinds.includes(a.kind) && a.jurisdiction === caseView.jurisdiction)
      .map((a) => ({ value: a.id, label: a.name }));
  function body(): Record<string, unknown> {
    const base = { kind: activeKind, caseVersion: caseView.version, occurredOn: form.occurredOn };
    switch (activeKind) {
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
  /** The lines of the confirmation: what will be recorded, in words. */
  function summary(): string[] {
    const lines = [
      t('event.summaryKind', { kind: vocabulary('event', activeKind) }),
      t('event.summaryDate', { date: date(form.occurredOn) }),
    ];
    if (form.reasonCode !== '' && ['suspend', 'close'].includes(activeKind)) {
      lines.push(`${t('event.reasonCode')}: ${vocabulary('reason', form.reasonCode)}`);
    }
    if (form.agencyId !== '' && ['refer', 'indict'].includes(activeKind)) {
      lines.push(`${t('event.prosecutor')}: ${agencyName(form.agencyId)}`);
    }
    if (form.personId !== '' && ['indict', 'verdict', 'sentence', 'appeal'].includes(activeKind)) {
      lines.push(`${t('event.defendant')}: ${personLabel(form.personId)}`);
    }
    if (charge !== undefined && ['verdict', 'sentence'].includes(activeKind)) {
      lines.push(
        `${t('event.charge')}: ${t('common.articleN', { article: charge.statute.article })}`,
      );
    }
    if (activeKind === 'appeal') {
      if (form.appellant !== '') {
        lines.push(`${t('event.appellant')}: ${vocabulary('appellant', form.appellant)}`);
      }
      if (form.courtAgencyId !== '') {
        lines.push(`${t('event.appealCourt')}: ${agencyName(form.courtAgencyId)}`);
      }
    }
    if (activeKind === 'verdict') {
      lines.push(`${t('event.outcome')}: ${vocabulary('outcome', form.outcome)}`);
      if (form.courtAgencyId !== '') {
        lines.push(`${t('event.court')}: ${agencyName(form.courtAgencyId)}`);
      }
    }
    if (activeKind === 'sentence') {
      const sentence = sentenceOf(form);
      if (sentence.life) lines.push(t('sentence.life'));
      if (sentence.imprisonmentMonths !== null) {
        lines.push(
          `${t('event.imprisonment')}: ${durationLabel(sentence.imprisonmentMonths, t)}${
            sentence.suspended ? ` (${t('sentence.suspended')})` : ''
          }`,
        );
      }
      if (sentence.probationMonths !== null) {
        lines.push(`${t('event.probation')}: ${durationLabel(sentence.probationMonths, t)}`);
      }
      if (sentence.houseArrestMonths !== null) {
        lines.push(`${t('event.houseArrest')}: ${durationLabel(sentence.houseArrestMonths, t)}`);
      }
      if (sentence.fine !== null) {
        lines.push(`${t('sentence.fine')}: ${sentence.fine.amount} ${sentence.fine.currency}`);
      }
      if (sentence.otherMeasures !== null) {
        lines.push(`${t('sentence.otherMeasures')}: ${sentence.otherMeasures}`);
      }
    }
    return lines;
  }
  const needsReason = ['suspend', 'close'].includes(activeKind);
  const needsPerson = ['indict', 'verdict', 'sentence', 'appeal'].includes(activeKind);
  const needsCharge = ['verdict', 'sentence'].includes(activeKind);
  const needsApproval = ['suspend', 'close'].includes(activeKind);
  const outside = check.data !== undefined && outsideRange.has(check.data.verdict);
  const record = () =>
    submit(async () => {
      const result = await api<{ result?: 'pending' }>(`/api/cases/${caseView.id}/events`, {
        body: body(),
      });
      // Suspending or closing files a request (202, `result: 'pending'`): nothing has changed yet.
      setNotice(
        result.result === 'pending'
          ? t('event.requested', { kind: vocabulary('event', activeKind) })
          : t('event.recorded', { kind: vocabulary('event', activeKind) }),
      );
      setConfirming(false);
      setAcknowledged(false);
      setKind('');
      setForm({ ...empty, personId: form.personId });
      await refresh();
    });
  return (
    <form
      noValidate
      aria-labelledby="event-title"
      onSubmit={(event) => {
        event.preventDefault();
        setNotice(null);
        const problems = problemsOf(activeKind, form, t);
        if (Object.keys(problems).length > 0) {
          refuse(problems);
          return;
        }
        if (consequential.has(activeKind) && !confirming) {
          setConfirming(true);
          return;
        }
        if (outside && !acknowledged) return;
        void record();
      }}
    >
      <h3 id="event-title">{t('case.recordEvent')}</h3>
      {notice !== null && (
        <p className="notice" role="status" data-testid="event-notice">
          {notice}
        </p>
      )}
      <FormError errors={errors} />
      <div className="grid">
        <SelectField
          label={t('event.kind')}
          name="kind"
          value={activeKind}
          onChange={(value) => {
            setConfirming(false);
            setKind(value);
          }}
          error={errors.fields['kind']}
          empty={t('common.choose')}
          required
          options={allowed.map((value) => ({ value, label: vocabulary('event', value) }))}
        />
        <TextField
          label={t('event.occurredOn')}
          name="occurredOn"
          type="date"
          value={form.occurredOn}
          onChange={set('occurredOn')}
          error={errors.fields['occurredOn']}
          required
        />
        {needsReason && (
          <SelectField
            label={t('event.reasonCode')}
            name="reasonCode"
            value={form.reasonCode}
            onChange={set('reasonCode')}
            error={errors.fields['reasonCode']}
            empty={t('common.choose')}
            required
            options={closeReasons.map((value) => ({ value, label: vocabulary('reason', value) }))}
          />
        )}
        {(activeKind === 'refer' || activeKind === 'indict') && (
          <SelectField
            label={t('event.prosecutor')}
            name="agencyId"
            value={form.agencyId}
            onChange={set('agencyId')}
            error={errors.fields['agencyId']}
            empty={t('common.notRecorded')}
            options={agencyOptions(['prosecutor'])}
          />
        )}
        {needsPerson && (
          <SelectField
            label={t('event.defendant')}
            name="personId"
            value={form.personId}
            onChange={(personId) => {
              setConfirming(false);
              setForm({ ...form, personId, chargeId: '' });
            }}
            error={errors.fields['personId']}
            empty={activeKind === 'appeal' ? t('common.notRecorded') : t('common.choose')}
            required={activeKind !== 'appeal'}
            options={suspects.map((p) => ({ value: p.id, label: personLabel(p.id) }))}
          />
        )}
        {needsCharge && (
          <SelectField
            label={t('event.charge')}
            name="chargeId"
            value={form.chargeId}
            onChange={set('chargeId')}
            error={errors.fields['chargeId']}
            empty={t('common.choose')}
            required
            hint={
              activeKind === 'sentence' && form.personId !== '' && defendantCharges.length === 0
                ? t('event.noConviction')
                : undefined
            }
            options={defendantCharges.map((c) => ({
              value: c.id,
              label: t('common.articleN', { article: c.statute.article }),
            }))}
          />
        )}
        {activeKind === 'verdict' && (
          <>
            <SelectField
              label={t('event.outcome')}
              name="outcome"
              value={form.outcome}
              onChange={set('outcome')}
              error={errors.fields['outcome']}
              empty={t('common.choose')}
              required
              options={verdictOutcomes.map((value) => ({
                value,
                label: vocabulary('outcome', value),
              }))}
            />
            <SelectField
              label={t('event.court')}
              name="courtAgencyId"
              value={form.courtAgencyId}
              onChange={set('courtAgencyId')}
              error={errors.fields['courtAgencyId']}
              empty={t('common.notRecorded')}
              options={agencyOptions(['court'])}
            />
          </>
        )}
        {activeKind === 'appeal' && (
          <>
            <SelectField
              label={t('event.appellant')}
              name="appellant"
              value={form.appellant}
              onChange={set('appellant')}
              error={errors.fields['appellant']}
              empty={t('common.notRecorded')}
              options={appellants.map((value) => ({
                value,
                label: vocabulary('appellant', value),
              }))}
            />
            <SelectField
              label={t('event.appealCourt')}
              name="courtAgencyId"
              value={form.courtAgencyId}
              onChange={set('courtAgencyId')}
              error={errors.fields['courtAgencyId']}
              empty={t('common.notRecorded')}
              options={agencyOptions(['court'])}
            />
          </>
        )}
      </div>
      {activeKind === 'sentence' && (
        <div className="sentence-entry">
          <p className="hint" data-testid="statute-range" aria-live="polite">
            {charge === undefined
              ? t('event.chooseChargeForRange')
              : check.data === undefined
                ? check.error === null
                  ? '…'
                  : t('range.unavailable')
                : t('event.statuteRange', {
                    article: charge.statute.article,
                    range: rangeLabel(check.data.range, t),
                  })}
          </p>
          <div className="grid">
            <DurationField
              legend={t('event.imprisonment')}
              name="imprisonment"
              years={form.imprisonmentYears}
              months={form.imprisonmentMonths}
              onYears={set('imprisonmentYears')}
              onMonths={set('imprisonmentMonths')}
              error={errors.fields['imprisonmentMonths']}
            />
            <DurationField
              legend={t('event.probation')}
              name="probation"
              years={form.probationYears}
              months={form.probationMonths}
              onYears={set('probationYears')}
              onMonths={set('probationMonths')}
              error={errors.fields['probationMonths']}
            />
            <DurationField
              legend={t('event.houseArrest')}
              name="houseArrest"
              years={form.houseArrestYears}
              months={form.houseArrestMonths}
              onYears={set('houseArrestYears')}
              onMonths={set('houseArrestMonths')}
              error={errors.fields['houseArrestMonths']}
            />
            <label className="checkbox">
              <input
                type="checkbox"
                name="suspended"
                checked={form.suspended}
                onChange={(event) => {
                  setConfirming(false);
                  setForm({ ...form, suspended: event.target.checked });
                }}
              />
              {t('sentence.suspended')}
            </label>
            <label className="checkbox">
              <input
                type="checkbox"
                name="life"
                checked={form.life}
                onChange={(event) => {
                  setConfirming(false);
                  setForm({ ...form, life: event.target.checked });
                }}
              />
              {t('sentence.life')}
            </label>
            <TextField
              label={t('sentence.fineAmount')}
              name="fineAmount"
              type="number"
              value={form.fineAmount}
              onChange={set('fineAmount')}
              error={errors.fields['fine']}
            />
            <TextField
              label={t('sentence.fineCurrency')}
              name="fineCurrency"
              hint={t('event.currencyHint')}
              value={form.fineCurrency}
              onChange={set('fineCurrency')}
            />
            <TextField
              label={t('sentence.otherMeasures')}
              name="otherMeasures"
              value={form.otherMeasures}
              onChange={set('otherMeasures')}
              error={errors.fields['otherMeasures']}
            />
          </div>
          {check.data !== undefined && charge !== undefined && (
            <p
              className={outside ? 'check-warn' : 'check-ok'}
              data-testid="sentence-check"
              data-verdict={check.data.verdict}
              aria-live="polite"
            >
              {vocabulary('sentenceVerdict', check.data.verdict)}
            </p>
          )}
        </div>
      )}
      {(needsReason || ['resume', 'reopen', 'appeal'].includes(activeKind)) && (
        <TextArea
          label={t('event.reasonText')}
          name="reasonText"
          value={form.reasonText}
          onChange={set('reasonText')}
          error={errors.fields['reasonText']}
          required={needsReason || activeKind === 'reopen'}
        />
      )}
      {confirming ? (
        <div className="confirm" role="group" aria-labelledby="event-confirm-title">
          <h4 id="event-confirm-title">{t('event.confirmTitle')}</h4>
          <ul data-testid="event-summary">
            {summary().map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <p className="hint">
            {needsApproval ? t('event.confirmApproval') : t('event.confirmFinal')}
          </p>
          {outside && (
            <label className="checkbox check-warn">
              <input
                type="checkbox"
                name="acknowledgeRange"
                checked={acknowledged}
                onChange={(event) => setAcknowledged(event.target.checked)}
              />
              {t('event.acknowledgeRange', {
                verdict: vocabulary('sentenceVerdict', check.data?.verdict ?? ''),
              })}
            </label>
          )}
          <div className="buttons">
            <button type="submit" disabled={busy || (outside && !acknowledged)}>
              {needsApproval
                ? t('event.confirmRequest', { kind: vocabulary('event', activeKind) })
                : t('event.confirm', { kind: vocabulary('event', activeKind) })}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              {t('event.back')}
            </button>
          </div>
        </div>
      ) : (
        <button type="submit" disabled={busy}>
          {activeKind === ''
            ? t('event.chooseKind')
            : needsApproval
              ? t('event.request', { kind: vocabulary('event', activeKind) })
              : t('event.submit', { kind: vocabulary('event', activeKind) })}
        </button>
      )}
    </form>
  );
}
