import { useState } from 'react';
import { appellants, closeReasons, verdictOutcomes } from '../../../core/vocabulary.ts';
import { api } from '../../api.ts';
import { FormError, SelectField, TextArea, TextField, useSubmit } from '../../components/ui.tsx';
import { useAgencies, useAgencyName } from '../../data.ts';
import type { CaseView } from '../../data.ts';
import { useI18n, useVocabulary } from '../../i18n/i18n.tsx';
import { durationLabel } from './sentence-check.tsx';
import { usePersonLabel, useRefresh } from './shared.ts';
import {
  eventFields,
  consequential,
  outsideRange,
  empty,
  sentenceOf,
  problemsOf,
  eventBody,
} from './event-rules.ts';
import type { EventFormState } from './event-rules.ts';
import { SentenceFields, useSentenceCheck } from './sentence-fields.tsx';

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
  const activeKind = allowed.some((event) => event === kind) ? kind : '';
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
  const toggle = (name: 'suspended' | 'life') => (checked: boolean) => {
    setConfirming(false);
    setForm({ ...form, [name]: checked });
  };
  const agencyOptions = (kinds: string[]) =>
    (agencies.data?.items ?? [])
      .filter((a) => kinds.includes(a.kind) && a.jurisdiction === caseView.jurisdiction)
      .map((a) => ({ value: a.id, label: a.name }));
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
        body: eventBody(activeKind, caseView.version, form),
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
        <SentenceFields
          form={form}
          charge={charge}
          check={check}
          outside={outside}
          errors={errors}
          set={set}
          toggle={toggle}
        />
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
