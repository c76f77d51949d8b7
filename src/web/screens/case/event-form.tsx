import { useState } from 'react';
import { closeReasons, verdictOutcomes } from '../../../core/vocabulary.ts';
import { api } from '../../api.ts';
import { FormError, SelectField, TextArea, TextField, useSubmit } from '../../components/ui.tsx';
import { useAgencies } from '../../data.ts';
import type { CaseView } from '../../data.ts';
import { useI18n, useVocabulary } from '../../i18n/i18n.tsx';
import { numberOrNull, orNull, today, usePersonLabel, useRefresh } from './shared.ts';

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
  'imprisonmentMonths',
  'probationMonths',
  'houseArrestMonths',
  'fine',
  'otherMeasures',
];

/** Records a lifecycle event among those the case's status allows. */
export function EventForm({ caseView }: { caseView: CaseView }) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const refresh = useRefresh(caseView.id);
  const agencies = useAgencies();
  const personLabel = usePersonLabel(caseView);
  const allowed = caseView.allowedEvents;
  const empty = {
    occurredOn: today(),
    reasonCode: '',
    reasonText: '',
    agencyId: '',
    personId: '',
    chargeId: '',
    outcome: 'convicted',
    courtAgencyId: '',
    imprisonmentMonths: '',
    suspended: false,
    life: false,
    probationMonths: '',
    houseArrestMonths: '',
    fineAmount: '',
    fineCurrency: 'KGS',
    otherMeasures: '',
  };
  const [kind, setKind] = useState<string>(allowed[0] ?? '');
  const [form, setForm] = useState(empty);
  const [notice, setNotice] = useState<string | null>(null);
  const { errors, busy, submit } = useSubmit(eventFields);
  const activeKind = allowed.includes(kind as never) ? kind : (allowed[0] ?? '');
  if (allowed.length === 0) return <p>{t('event.noneAllowed')}</p>;
  const set = (name: keyof typeof form) => (value: string) => setForm({ ...form, [name]: value });
  const suspects = caseView.persons.filter((p) => p.role === 'suspect');
  const defendantCharges = caseView.charges.filter(
    (c) => c.personId === form.personId && c.status === 'active',
  );
  const agencyOptions = (kinds: string[]) =>
    (agencies.data?.items ?? [])
      .filter((a) => kinds.includes(a.kind))
      .map((a) => ({ value: a.id, label: a.name }));
  function body(): Record<string, unknown> {
    const base = { kind: activeKind, caseVersion: caseView.version, occurredOn: form.occurredOn };
    switch (activeKind) {
      case 'suspend':
      case 'close':
        return { ...base, reasonCode: form.reasonCode, reasonText: form.reasonText };
      case 'resume':
        return { ...base, reasonText: orNull(form.reasonText) };
      case 'reopen':
        return { ...base, reasonText: form.reasonText };
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
        return {
          ...base,
          personId: form.personId,
          chargeId: orNull(form.chargeId),
          imprisonmentMonths: numberOrNull(form.imprisonmentMonths),
          life: form.life,
          suspended: form.suspended,
          probationMonths: numberOrNull(form.probationMonths),
          houseArrestMonths: numberOrNull(form.houseArrestMonths),
          fine:
            form.fineAmount === ''
              ? null
              : { amount: Number(form.fineAmount), currency: form.fineCurrency },
          otherMeasures: orNull(form.otherMeasures),
        };
      case 'appeal':
        return { ...base, personId: orNull(form.personId), reasonText: orNull(form.reasonText) };
      default:
        return base;
    }
  }
  const needsReason = ['suspend', 'close'].includes(activeKind);
  const needsPerson = ['indict', 'verdict', 'sentence', 'appeal'].includes(activeKind);
  const needsCharge = ['verdict', 'sentence'].includes(activeKind);
  return (
    <form
      noValidate
      aria-labelledby="event-title"
      onSubmit={(event) => {
        event.preventDefault();
        setNotice(null);
        void submit(async () => {
          const result = await api<unknown>(`/api/cases/${caseView.id}/events`, { body: body() });
          const message =
            typeof result === 'object' && result !== null && 'approval' in result
              ? t('event.awaitingApproval')
              : t('event.recorded', { kind: vocabulary('event', activeKind) });
          setNotice(message);
          setForm({ ...empty, personId: form.personId, chargeId: form.chargeId });
          await refresh();
        });
      }}
    >
      <h3 id="event-title">{t('case.recordEvent')}</h3>
      {notice !== null && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <FormError errors={errors} />
      <div className="grid">
        <SelectField
          label={t('event.kind')}
          name="kind"
          value={activeKind}
          onChange={setKind}
          error={errors.fields['kind']}
          options={allowed.map((value) => ({ value, label: vocabulary('event', value) }))}
        />
        <TextField
          label={t('event.occurredOn')}
          name="occurredOn"
          type="date"
          value={form.occurredOn}
          onChange={set('occurredOn')}
          error={errors.fields['occurredOn']}
        />
        {needsReason && (
          <SelectField
            label={t('event.reasonCode')}
            name="reasonCode"
            value={form.reasonCode}
            onChange={set('reasonCode')}
            error={errors.fields['reasonCode']}
            empty={t('common.choose')}
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
            onChange={set('personId')}
            error={errors.fields['personId']}
            empty={t('common.choose')}
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
        {activeKind === 'sentence' && (
          <>
            <TextField
              label={t('sentence.imprisonmentMonths')}
              name="imprisonmentMonths"
              type="number"
              value={form.imprisonmentMonths}
              onChange={set('imprisonmentMonths')}
              error={errors.fields['imprisonmentMonths']}
            />
            <label className="checkbox">
              <input
                type="checkbox"
                name="suspended"
                checked={form.suspended}
                onChange={(event) => setForm({ ...form, suspended: event.target.checked })}
              />
              {t('sentence.suspended')}
            </label>
            <label className="checkbox">
              <input
                type="checkbox"
                name="life"
                checked={form.life}
                onChange={(event) => setForm({ ...form, life: event.target.checked })}
              />
              {t('sentence.life')}
            </label>
            <TextField
              label={t('sentence.probationMonths')}
              name="probationMonths"
              type="number"
              value={form.probationMonths}
              onChange={set('probationMonths')}
              error={errors.fields['probationMonths']}
            />
            <TextField
              label={t('sentence.houseArrestMonths')}
              name="houseArrestMonths"
              type="number"
              value={form.houseArrestMonths}
              onChange={set('houseArrestMonths')}
              error={errors.fields['houseArrestMonths']}
            />
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
          </>
        )}
      </div>
      {(needsReason || ['resume', 'reopen', 'appeal'].includes(activeKind)) && (
        <TextArea
          label={t('event.reasonText')}
          name="reasonText"
          value={form.reasonText}
          onChange={set('reasonText')}
          error={errors.fields['reasonText']}
        />
      )}
      <button type="submit" disabled={busy}>
        {t('event.submit', { kind: vocabulary('event', activeKind) })}
      </button>
    </form>
  );
}
