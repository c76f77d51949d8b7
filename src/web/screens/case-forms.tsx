import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import {
  closeReasons,
  exploitationForms,
  personRoles,
  sexes,
  traffickingForms,
  triStates,
  verdictOutcomes,
} from '../../core/vocabulary.ts';
import { api } from '../api.ts';
import {
  CheckboxGroup,
  FormError,
  SelectField,
  TextArea,
  TextField,
  useSubmit,
} from '../components/ui.tsx';
import { useAgencies, useProvisionsInForce } from '../data.ts';
import type { CaseView, PersonView, VictimRecordView } from '../data.ts';
import { useI18n, useVocabulary } from '../i18n/i18n.tsx';

const today = () => new Date().toISOString().slice(0, 10);
const orNull = (value: string) => (value === '' ? null : value);
const numberOrNull = (value: string) => (value === '' ? null : Number(value));

/** The label of a person in the case file, never their identity. */
export function usePersonLabel(caseView: CaseView): (id: string | null) => string {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  return (id) => {
    if (id === null) return '—';
    const person = caseView.persons.find((p) => p.id === id);
    if (person === undefined) return id.slice(0, 8);
    return (
      person.label ??
      `${vocabulary('role', person.role)} ${t('common.shortId', { id: person.id.slice(0, 6) })}`
    );
  };
}

function useRefresh(caseId: string) {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: ['case', caseId] });
    await queryClient.invalidateQueries({ queryKey: ['annual-report'] });
    await queryClient.invalidateQueries({ queryKey: ['cases'] });
  };
}

const personFields = [
  'role',
  'label',
  'sex',
  'age',
  'citizenship',
  'publicOfficial',
  'officialAgency',
  'officialPosition',
];

/** Adds a suspect, victim or witness (no identity here: identity is recorded apart). */
export function AddPersonForm({ caseView }: { caseView: CaseView }) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const refresh = useRefresh(caseView.id);
  const empty = {
    role: 'victim',
    label: '',
    sex: '',
    ageKind: '',
    ageYears: '',
    citizenship: '',
    publicOfficial: '',
    officialAgency: '',
    officialPosition: '',
  };
  const [form, setForm] = useState(empty);
  const { errors, busy, submit } = useSubmit(personFields);
  const set = (name: keyof typeof form) => (value: string) => setForm({ ...form, [name]: value });
  return (
    <form
      noValidate
      aria-labelledby="add-person-title"
      onSubmit={(event) => {
        event.preventDefault();
        void submit(async () => {
          await api(`/api/cases/${caseView.id}/persons`, {
            body: {
              role: form.role,
              label: orNull(form.label),
              sex: orNull(form.sex),
              age:
                form.ageKind === ''
                  ? null
                  : form.ageKind === 'unknown'
                    ? { kind: 'unknown' }
                    : { kind: form.ageKind, years: numberOrNull(form.ageYears) },
              citizenship: orNull(form.citizenship),
              publicOfficial: form.role === 'suspect' ? orNull(form.publicOfficial) : null,
              officialAgency: form.publicOfficial === 'yes' ? orNull(form.officialAgency) : null,
              officialPosition:
                form.publicOfficial === 'yes' ? orNull(form.officialPosition) : null,
            },
          });
          setForm(empty);
          await refresh();
        });
      }}
    >
      <h3 id="add-person-title">{t('case.addPerson')}</h3>
      <FormError errors={errors} />
      <div className="grid">
        <SelectField
          label={t('person.role')}
          name="role"
          value={form.role}
          onChange={set('role')}
          error={errors.fields['role']}
          options={personRoles.map((value) => ({ value, label: vocabulary('role', value) }))}
        />
        <TextField
          label={t('person.label')}
          name="label"
          hint={t('person.labelHint')}
          value={form.label}
          onChange={set('label')}
          error={errors.fields['label']}
        />
        <SelectField
          label={t('person.sex')}
          name="sex"
          value={form.sex}
          onChange={set('sex')}
          error={errors.fields['sex']}
          empty={t('common.notRecorded')}
          options={sexes.map((value) => ({ value, label: vocabulary('sex', value) }))}
        />
        <SelectField
          label={t('person.ageKind')}
          name="ageKind"
          value={form.ageKind}
          onChange={set('ageKind')}
          error={errors.fields['age']}
          empty={t('common.notRecorded')}
          options={['exact', 'estimated', 'unknown'].map((value) => ({
            value,
            label: vocabulary('ageKind', value),
          }))}
        />
        {(form.ageKind === 'exact' || form.ageKind === 'estimated') && (
          <TextField
            label={t('person.ageYears')}
            name="ageYears"
            type="number"
            value={form.ageYears}
            onChange={set('ageYears')}
          />
        )}
        <TextField
          label={t('person.citizenship')}
          name="citizenship"
          hint={t('person.citizenshipHint')}
          value={form.citizenship}
          onChange={set('citizenship')}
          error={errors.fields['citizenship']}
        />
        {form.role === 'suspect' && (
          <SelectField
            label={t('person.publicOfficial')}
            name="publicOfficial"
            value={form.publicOfficial}
            onChange={set('publicOfficial')}
            error={errors.fields['publicOfficial']}
            empty={t('common.notRecorded')}
            options={triStates.map((value) => ({ value, label: vocabulary('tri', value) }))}
          />
        )}
        {form.role === 'suspect' && form.publicOfficial === 'yes' && (
          <>
            <TextField
              label={t('person.officialAgency')}
              value={form.officialAgency}
              onChange={set('officialAgency')}
              error={errors.fields['officialAgency']}
            />
            <TextField
              label={t('person.officialPosition')}
              value={form.officialPosition}
              onChange={set('officialPosition')}
              error={errors.fields['officialPosition']}
            />
          </>
        )}
      </div>
      <button type="submit" disabled={busy}>
        {t('case.addPerson')}
      </button>
    </form>
  );
}

const victimFields = [
  'forms',
  'identifiedOn',
  'identifyingAgencyId',
  'referredToServices',
  'cooperatingAsWitness',
];

/** Records or updates a victim record (forms of exploitation, identification, referral). */
export function VictimRecordForm({
  caseView,
  person,
  record,
}: {
  caseView: CaseView;
  person: PersonView;
  record: VictimRecordView | undefined;
}) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const refresh = useRefresh(caseView.id);
  const agencies = useAgencies();
  const [form, setForm] = useState({
    forms: record?.forms ?? [],
    identifiedOn: record?.identifiedOn ?? '',
    identifyingAgencyId: record?.identifyingAgencyId ?? '',
    referredToServices: record?.referredToServices ?? '',
    cooperatingAsWitness: record?.cooperatingAsWitness ?? '',
  });
  const { errors, busy, submit } = useSubmit(victimFields);
  return (
    <form
      noValidate
      className="inline-form"
      aria-label={t('victim.formFor', { label: person.label ?? person.id.slice(0, 6) })}
      onSubmit={(event) => {
        event.preventDefault();
        void submit(async () => {
          await api(`/api/persons/${person.id}/victim-record`, {
            method: 'PUT',
            body: {
              ...(record === undefined ? {} : { version: record.version }),
              forms: form.forms.length === 0 ? null : form.forms,
              identifiedOn: orNull(form.identifiedOn),
              identifyingAgencyId: orNull(form.identifyingAgencyId),
              referredToServices: orNull(form.referredToServices),
              cooperatingAsWitness: orNull(form.cooperatingAsWitness),
            },
          });
          await refresh();
        });
      }}
    >
      <FormError errors={errors} />
      <CheckboxGroup
        legend={t('victim.forms')}
        values={form.forms}
        onChange={(forms) => setForm({ ...form, forms: forms as typeof form.forms })}
        options={exploitationForms.map((value) => ({
          value,
          label: vocabulary('exploitation', value),
        }))}
        error={errors.fields['forms']}
      />
      <div className="grid">
        <TextField
          label={t('victim.identifiedOn')}
          type="date"
          value={form.identifiedOn}
          onChange={(identifiedOn) => setForm({ ...form, identifiedOn })}
          error={errors.fields['identifiedOn']}
        />
        <SelectField
          label={t('victim.identifyingAgency')}
          value={form.identifyingAgencyId}
          onChange={(identifyingAgencyId) => setForm({ ...form, identifyingAgencyId })}
          error={errors.fields['identifyingAgencyId']}
          empty={t('common.notRecorded')}
          options={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
        />
        <SelectField
          label={t('victim.referred')}
          value={form.referredToServices}
          onChange={(referredToServices) => setForm({ ...form, referredToServices })}
          error={errors.fields['referredToServices']}
          empty={t('common.notRecorded')}
          options={triStates.map((value) => ({ value, label: vocabulary('tri', value) }))}
        />
        <SelectField
          label={t('victim.cooperating')}
          value={form.cooperatingAsWitness}
          onChange={(cooperatingAsWitness) => setForm({ ...form, cooperatingAsWitness })}
          error={errors.fields['cooperatingAsWitness']}
          empty={t('common.notRecorded')}
          options={triStates.map((value) => ({ value, label: vocabulary('tri', value) }))}
        />
      </div>
      <button type="submit" disabled={busy}>
        {t('victim.save')}
      </button>
    </form>
  );
}

const chargeFields = ['personId', 'statute', 'form', 'chargedOn', 'offenceDate'];

/** Charges a suspect under a provision in force on the offence date. */
export function AddChargeForm({ caseView }: { caseView: CaseView }) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const refresh = useRefresh(caseView.id);
  const personLabel = usePersonLabel(caseView);
  const suspects = caseView.persons.filter((p) => p.role === 'suspect');
  const [form, setForm] = useState({
    personId: '',
    provision: '',
    form: '',
    chargedOn: today(),
    offenceDate: caseView.openedOn,
  });
  const asOf = form.offenceDate === '' ? form.chargedOn : form.offenceDate;
  const provisions = useProvisionsInForce(caseView.jurisdiction, asOf);
  const chosen = provisions.data?.find((p) => p.provisionId === form.provision);
  const { errors, busy, submit } = useSubmit(chargeFields);
  const set = (name: keyof typeof form) => (value: string) => setForm({ ...form, [name]: value });
  return (
    <form
      noValidate
      aria-labelledby="add-charge-title"
      onSubmit={(event) => {
        event.preventDefault();
        void submit(async () => {
          await api(`/api/cases/${caseView.id}/charges`, {
            body: {
              personId: form.personId,
              statute: {
                jurisdiction: caseView.jurisdiction,
                instrument: chosen?.instrument ?? '',
                article: chosen?.article ?? '',
              },
              form: orNull(form.form),
              chargedOn: form.chargedOn,
              offenceDate: orNull(form.offenceDate),
            },
          });
          setForm({ ...form, personId: '', provision: '' });
          await refresh();
        });
      }}
    >
      <h3 id="add-charge-title">{t('case.addCharge')}</h3>
      <FormError errors={errors} />
      <div className="grid">
        <SelectField
          label={t('charge.suspect')}
          name="personId"
          value={form.personId}
          onChange={set('personId')}
          error={errors.fields['personId']}
          empty={t('common.choose')}
          options={suspects.map((p) => ({ value: p.id, label: personLabel(p.id) }))}
        />
        <TextField
          label={t('charge.offenceDate')}
          name="offenceDate"
          type="date"
          value={form.offenceDate}
          onChange={set('offenceDate')}
          error={errors.fields['offenceDate']}
        />
        <SelectField
          label={t('charge.provision')}
          name="provision"
          value={form.provision}
          onChange={set('provision')}
          error={errors.fields['statute']}
          empty={t('common.choose')}
          options={(provisions.data ?? []).map((p) => ({
            value: p.provisionId,
            label: `${t('common.articleN', { article: p.article })} — ${p.title}`,
          }))}
        />
        <SelectField
          label={t('charge.form')}
          name="form"
          value={form.form}
          onChange={set('form')}
          error={errors.fields['form']}
          empty={t('common.notRecorded')}
          options={traffickingForms.map((value) => ({ value, label: vocabulary('form', value) }))}
        />
        <TextField
          label={t('charge.chargedOn')}
          name="chargedOn"
          type="date"
          value={form.chargedOn}
          onChange={set('chargedOn')}
          error={errors.fields['chargedOn']}
        />
      </div>
      <button type="submit" disabled={busy}>
        {t('case.addCharge')}
      </button>
    </form>
  );
}

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
