import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import {
  deleteReasons,
  dropReasons,
  sexes,
  traffickingForms,
  verdictCorrectionReasons,
  verdictOutcomes,
} from '../../../core/vocabulary.ts';
import type { Permission } from '../../../core/access/policy.ts';
import { api, ApiError } from '../../api.ts';
import {
  FormError,
  QueryState,
  SelectField,
  TextArea,
  TextField,
  useSubmit,
} from '../../components/ui.tsx';
import { usePermissions } from '../../components/sign-in.tsx';
import { useCitizenship } from '../../countries.ts';
import { monthsParts, useAgencyName, useLawOnDate } from '../../data.ts';
import type { CaseView, ChargeView, EventView, PersonView, SentenceView } from '../../data.ts';
import { useI18n, useVocabulary } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { ChargeRange, durationLabel } from './sentence-check.tsx';
import { numberOrNull, orNull, useRefresh } from './shared.ts';

/** Events whose explanation is part of the record (src/app/cases/corrections.ts). */
const explained = new Set(['suspend', 'close', 'reopen', 'resume', 'appeal']);

/**
 * A correction of one recorded fact: a button that opens a form with the fields to correct and
 * the reason (required, kept in the record's history). A stale version reloads the case and
 * says so; nothing is saved twice.
 */
function Correction({
  caseId,
  title,
  fields,
  save,
  children,
  onOpen,
}: {
  caseId: string;
  /** "Correct V1", "Correct the sentence of S1": the button's and the form's name. */
  title: string;
  fields: readonly string[];
  save: (reason: string) => Promise<unknown>;
  children: (errors: Readonly<Record<string, string>>) => ReactNode;
  onOpen?: () => void;
}) {
  const { t } = useI18n();
  const refresh = useRefresh(caseId);
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [saved, setSaved] = useState(false);
  const { errors, busy, submit, refuse } = useSubmit([...fields, 'reason']);
  if (!open) {
    return (
      <span className="no-print correction">
        <button
          type="button"
          className="link-button"
          onClick={() => {
            onOpen?.();
            setOpen(true);
            setSaved(false);
          }}
        >
          {title}
        </button>
        {saved && (
          <span role="status" className="notice">
            {t('correction.saved')}
          </span>
        )}
      </span>
    );
  }
  return (
    <form
      noValidate
      aria-label={title}
      className="correction-form no-print"
      onSubmit={(event) => {
        event.preventDefault();
        if (reason.trim() === '') {
          refuse({ reason: t('correction.reasonRequired') });
          return;
        }
        void submit(async () => {
          try {
            await save(reason.trim());
          } catch (error) {
            // Someone else changed it: show their version, then the message.
            if (error instanceof ApiError && error.code === 'VersionConflict') await refresh();
            throw error;
          }
          await refresh();
          setReason('');
          setOpen(false);
          setSaved(true);
        });
      }}
    >
      <h4>{title}</h4>
      <FormError errors={errors} />
      <div className="grid">{children(errors.fields)}</div>
      <TextArea
        label={t('correction.reason')}
        hint={t('correction.reasonHint')}
        required
        value={reason}
        onChange={setReason}
        error={errors.fields['reason']}
      />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t('correction.save')}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {t('identity.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Corrects a person's label, sex, age or citizenship. */
export function PersonCorrection({
  caseView,
  person,
  name,
}: {
  caseView: CaseView;
  person: PersonView;
  name: string;
}) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const citizenship = useCitizenship();
  const initial = () => ({
    label: person.label ?? '',
    sex: person.sex ?? '',
    ageKind: person.age?.kind ?? '',
    ageYears: person.age?.years === null || person.age === null ? '' : String(person.age.years),
    citizenship: person.citizenship ?? '',
  });
  const [form, setForm] = useState(initial);
  const set = (key: keyof typeof form) => (value: string) => setForm({ ...form, [key]: value });
  return (
    <Correction
      caseId={caseView.id}
      title={t('correction.correctNamed', { name })}
      fields={['label', 'sex', 'age', 'citizenship']}
      onOpen={() => setForm(initial())}
      save={(reason) =>
        api(`/api/persons/${person.id}`, {
          method: 'PATCH',
          body: {
            version: person.version,
            reason,
            label: orNull(form.label),
            sex: orNull(form.sex),
            age:
              form.ageKind === ''
                ? null
                : form.ageKind === 'unknown'
                  ? { kind: 'unknown' }
                  : { kind: form.ageKind, years: numberOrNull(form.ageYears) },
            citizenship: orNull(form.citizenship),
          },
        })
      }
    >
      {(errors) => (
        <>
          <TextField
            label={t('person.label')}
            value={form.label}
            onChange={set('label')}
            error={errors['label']}
          />
          <SelectField
            label={t('person.sex')}
            value={form.sex}
            onChange={set('sex')}
            error={errors['sex']}
            empty={t('common.notRecorded')}
            options={sexes.map((value) => ({ value, label: vocabulary('sex', value) }))}
          />
          <SelectField
            label={t('person.ageKind')}
            value={form.ageKind}
            onChange={set('ageKind')}
            error={errors['age']}
            empty={t('common.notRecorded')}
            options={['exact', 'estimated', 'unknown'].map((value) => ({
              value,
              label: vocabulary('ageKind', value),
            }))}
          />
          {(form.ageKind === 'exact' || form.ageKind === 'estimated') && (
            <TextField
              label={t('person.ageYears')}
              type="number"
              value={form.ageYears}
              onChange={set('ageYears')}
            />
          )}
          <SelectField
            label={t('person.citizenship')}
            value={form.citizenship}
            onChange={set('citizenship')}
            error={errors['citizenship']}
            empty={t('common.notRecorded')}
            options={citizenship.options}
          />
        </>
      )}
    </Correction>
  );
}

/** Corrects a charge's form or offence date; dropping it is asked of a supervisor (four eyes). */
export function ChargeCorrection({
  caseView,
  charge,
  name,
}: {
  caseView: CaseView;
  charge: ChargeView;
  name: string;
}) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const initial = () => ({
    form: charge.form ?? '',
    offenceDate: charge.offenceDate ?? '',
    provision: '',
  });
  const [form, setForm] = useState(initial);
  const [opened, setOpened] = useState(false);
  const asOf = form.offenceDate === '' ? charge.chargedOn : form.offenceDate;
  // The provisions in force on the offence date, asked for once the form is open.
  const law = useLawOnDate(opened ? caseView.jurisdiction : undefined, asOf);
  const provisions = [
    ...new Map((law.data?.provisions ?? []).map((p) => [p.provisionId, p])).values(),
  ];
  const recorded = provisions.find(
    (p) => p.instrument === charge.statute.instrument && p.article === charge.statute.article,
  );
  const provision = form.provision === '' ? (recorded?.provisionId ?? '') : form.provision;
  const chosen = provisions.find((p) => p.provisionId === provision);
  if (charge.status !== 'active') return null;
  return (
    <>
      <Correction
        caseId={caseView.id}
        title={t('correction.correctNamed', { name })}
        fields={['statute', 'form', 'offenceDate']}
        onOpen={() => {
          setForm(initial());
          setOpened(true);
        }}
        save={(reason) =>
          api(`/api/charges/${charge.id}`, {
            method: 'PATCH',
            body: {
              version: charge.version,
              reason,
              ...(chosen === undefined || chosen.provisionId === recorded?.provisionId
                ? {}
                : {
                    statute: {
                      jurisdiction: caseView.jurisdiction,
                      instrument: chosen.instrument,
                      article: chosen.article,
                    },
                  }),
              form: orNull(form.form),
              offenceDate: orNull(form.offenceDate),
            },
          })
        }
      >
        {(errors) => (
          <>
            <SelectField
              label={t('charge.provision')}
              value={provision}
              onChange={(value) => setForm({ ...form, provision: value })}
              error={errors['statute']}
              empty={t('common.choose')}
              options={provisions.map((p) => ({
                value: p.provisionId,
                label: `${t('common.articleN', { article: p.article })} — ${p.title}`,
              }))}
            />
            <SelectField
              label={t('charge.form')}
              value={form.form}
              onChange={(value) => setForm({ ...form, form: value })}
              error={errors['form']}
              empty={t('common.notRecorded')}
              options={traffickingForms.map((value) => ({
                value,
                label: vocabulary('form', value),
              }))}
            />
            <TextField
              label={t('charge.offenceDate')}
              type="date"
              value={form.offenceDate}
              onChange={(value) => setForm({ ...form, offenceDate: value })}
              error={errors['offenceDate']}
            />
          </>
        )}
      </Correction>
      <DropChargeRequest caseView={caseView} charge={charge} name={name} />
    </>
  );
}

/**
 * Asks a supervisor for a four-eyes change (dropping a charge, deleting a record entered in
 * error), with a reason code and an explanation; nothing changes until a different supervisor
 * approves it in Approvals.
 */
function FourEyesRequest({
  caseView,
  title,
  reasons,
  done,
  body,
  permission = 'case.write',
  choice,
}: {
  caseView: CaseView;
  title: string;
  reasons: readonly string[];
  done: string;
  body: (reasonCode: string, reasonText: string, chosen: string) => Record<string, unknown>;
  /** Who may ask (the server decides; the button is hidden from the others). */
  permission?: Permission;
  /** A required choice the change is about (a verdict's corrected outcome). */
  choice?: { label: string; options: { value: string; label: string }[] };
}) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const refresh = useRefresh(caseView.id);
  const { can } = usePermissions();
  const [open, setOpen] = useState(false);
  const [requested, setRequested] = useState(false);
  const [form, setForm] = useState({ reasonCode: '', reasonText: '', chosen: '' });
  const { errors, busy, submit, refuse } = useSubmit(['reasonCode', 'reasonText', 'outcome']);
  if (can !== undefined && !can(permission)) return null;
  if (requested) {
    return (
      <span role="status" className="notice">
        {done}
      </span>
    );
  }
  if (!open) {
    return (
      <button type="button" className="link-button no-print" onClick={() => setOpen(true)}>
        {title}
      </button>
    );
  }
  return (
    <form
      noValidate
      aria-label={title}
      className="correction-form no-print"
      onSubmit={(event) => {
        event.preventDefault();
        const missing: Record<string, string> = {};
        if (choice !== undefined && form.chosen === '') missing['outcome'] = t('issue.choose');
        if (form.reasonCode === '') missing['reasonCode'] = t('issue.choose');
        if (form.reasonText.trim() === '') missing['reasonText'] = t('correction.reasonRequired');
        if (Object.keys(missing).length > 0) {
          refuse(missing);
          return;
        }
        void submit(async () => {
          await api('/api/approvals', {
            body: body(form.reasonCode, form.reasonText.trim(), form.chosen),
          });
          setRequested(true);
          await refresh();
        });
      }}
    >
      <h4>{title}</h4>
      <p className="hint">{t('event.confirmApproval')}</p>
      <FormError errors={errors} />
      {choice !== undefined && (
        <SelectField
          label={choice.label}
          required
          value={form.chosen}
          onChange={(value) => setForm({ ...form, chosen: value })}
          error={errors.fields['outcome']}
          empty={t('common.choose')}
          options={choice.options}
        />
      )}
      <SelectField
        label={t('event.reasonCode')}
        required
        value={form.reasonCode}
        onChange={(value) => setForm({ ...form, reasonCode: value })}
        error={errors.fields['reasonCode']}
        empty={t('common.choose')}
        options={reasons.map((value) => ({ value, label: vocabulary('reason', value) }))}
      />
      <TextArea
        label={t('event.reasonText')}
        required
        value={form.reasonText}
        onChange={(value) => setForm({ ...form, reasonText: value })}
        error={errors.fields['reasonText']}
      />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t('correction.sendRequest')}
        </button>
        <button type="button" className="secondary" onClick={() => setOpen(false)}>
          {t('identity.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * Asks for a verdict's outcome to be corrected (recorded wrongly): the court asks, a different
 * supervisor decides, since flipping a verdict is what a corrupt insider would want.
 */
export function VerdictCorrectionRequest({
  caseView,
  verdict,
  name,
}: {
  caseView: CaseView;
  verdict: { id: string; outcome: string };
  name: string;
}) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  return (
    <FourEyesRequest
      caseView={caseView}
      title={t('correction.askVerdict', { name })}
      reasons={verdictCorrectionReasons}
      done={t('correction.verdictRequested')}
      permission="case.adjudicate"
      choice={{
        label: t('correction.correctOutcome'),
        options: verdictOutcomes
          .filter((outcome) => outcome !== verdict.outcome)
          .map((outcome) => ({ value: outcome, label: vocabulary('outcome', outcome) })),
      }}
      body={(reasonCode, reasonText, outcome) => ({
        action: 'verdict.correct',
        verdictId: verdict.id,
        outcome,
        reasonCode,
        reasonText,
      })}
    />
  );
}

/** Asks a supervisor to drop a charge, with a reason (nothing changes until approved). */
function DropChargeRequest({
  caseView,
  charge,
  name,
}: {
  caseView: CaseView;
  charge: ChargeView;
  name: string;
}) {
  const { t } = useI18n();
  return (
    <FourEyesRequest
      caseView={caseView}
      title={t('correction.askDrop', { name })}
      reasons={dropReasons}
      done={t('correction.dropRequested')}
      body={(reasonCode, reasonText) => ({
        action: 'charge.drop',
        chargeId: charge.id,
        reasonCode,
        reasonText,
      })}
    />
  );
}

/**
 * Asks a supervisor to delete a person recorded in error or twice (a person still named by a
 * charge, an event or a record is refused by the server, which says so).
 */
export function DeletePersonRequest({
  caseView,
  person,
  name,
}: {
  caseView: CaseView;
  person: PersonView;
  name: string;
}) {
  const { t } = useI18n();
  return (
    <FourEyesRequest
      caseView={caseView}
      title={t('correction.askDelete', { name })}
      reasons={deleteReasons.filter((reason) => reason !== 'retention_expired')}
      done={t('correction.deleteRequested')}
      body={(reasonCode, reasonText) => ({
        action: 'record.delete',
        entityType: 'person',
        entityId: person.id,
        reasonCode,
        reasonText,
      })}
    />
  );
}

/** Corrects an event's date (and explanation, where it has one). */
export function EventCorrection({ caseView, event }: { caseView: CaseView; event: EventView }) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const initial = () => ({ occurredOn: event.occurredOn, reasonText: event.reasonText ?? '' });
  const [form, setForm] = useState(initial);
  const hasExplanation = explained.has(event.kind);
  return (
    <Correction
      caseId={caseView.id}
      title={t('correction.correctEvent', { kind: vocabulary('event', event.kind) })}
      fields={['occurredOn', 'reasonText']}
      onOpen={() => setForm(initial())}
      save={(reason) =>
        api(`/api/cases/${caseView.id}/events/${event.id}`, {
          method: 'PATCH',
          body: {
            caseVersion: caseView.version,
            reason,
            occurredOn: form.occurredOn,
            ...(hasExplanation ? { reasonText: orNull(form.reasonText.trim()) } : {}),
          },
        })
      }
    >
      {(errors) => (
        <>
          <TextField
            label={t('event.occurredOn')}
            type="date"
            required
            value={form.occurredOn}
            onChange={(value) => setForm({ ...form, occurredOn: value })}
            error={errors['occurredOn']}
          />
          {hasExplanation && (
            <TextArea
              label={t('event.reasonText')}
              value={form.reasonText}
              onChange={(value) => setForm({ ...form, reasonText: value })}
              error={errors['reasonText']}
            />
          )}
        </>
      )}
    </Correction>
  );
}

/**
 * Corrects a sentence: the measures entered replace the recorded ones, beside the statute's
 * range (a second sentence for one conviction is refused; this is the way to fix one).
 */
export function SentenceCorrection({
  caseView,
  sentence,
  charge,
  name,
}: {
  caseView: CaseView;
  sentence: SentenceView;
  charge: ChargeView | undefined;
  name: string;
}) {
  const { t } = useI18n();
  const { can } = usePermissions();
  const initial = () => {
    const parts =
      sentence.imprisonmentMonths === null ? null : monthsParts(sentence.imprisonmentMonths);
    return {
      years: parts === null ? '' : String(parts.years),
      months: parts === null ? '' : String(parts.months),
      life: sentence.life,
      suspended: sentence.suspended,
      probation: sentence.probationMonths === null ? '' : String(sentence.probationMonths),
    };
  };
  const [form, setForm] = useState(initial);
  const lifeId = useId();
  const suspendedId = useId();
  if (can !== undefined && !can('case.adjudicate')) return null;
  const term =
    form.years === '' && form.months === ''
      ? null
      : Number(form.years === '' ? 0 : form.years) * 12 +
        Number(form.months === '' ? 0 : form.months);
  return (
    <Correction
      caseId={caseView.id}
      title={t('correction.correctSentence', { name })}
      fields={['imprisonmentMonths', 'life', 'suspended', 'probationMonths']}
      onOpen={() => setForm(initial())}
      save={(reason) =>
        api(`/api/sentences/${sentence.id}`, {
          method: 'PATCH',
          body: {
            version: sentence.version,
            reason,
            imprisonmentMonths: term,
            life: form.life,
            suspended: form.suspended,
            probationMonths: numberOrNull(form.probation),
            houseArrestMonths: sentence.houseArrestMonths,
            fine: sentence.fine,
            otherMeasures: sentence.otherMeasures,
          },
        })
      }
    >
      {(errors) => (
        <>
          {charge !== undefined && (
            <p className="hint" data-testid="correction-range">
              <ChargeRange charge={charge} />
            </p>
          )}
          <fieldset className="field">
            <legend>{t('event.imprisonment')}</legend>
            <TextField
              label={t('event.years')}
              type="number"
              value={form.years}
              onChange={(value) => setForm({ ...form, years: value })}
              error={errors['imprisonmentMonths']}
            />
            <TextField
              label={t('event.monthsPart')}
              type="number"
              value={form.months}
              onChange={(value) => setForm({ ...form, months: value })}
            />
          </fieldset>
          <label className="checkbox" htmlFor={lifeId}>
            <input
              id={lifeId}
              type="checkbox"
              checked={form.life}
              onChange={(event) => setForm({ ...form, life: event.target.checked })}
            />
            {t('sentence.life')}
          </label>
          <label className="checkbox" htmlFor={suspendedId}>
            <input
              id={suspendedId}
              type="checkbox"
              checked={form.suspended}
              onChange={(event) => setForm({ ...form, suspended: event.target.checked })}
            />
            {t('sentence.suspended')}
          </label>
          {errors['suspended'] !== undefined && (
            <span className="field-error" role="alert">
              {errors['suspended']}
            </span>
          )}
          <TextField
            label={t('sentence.probationMonths')}
            type="number"
            value={form.probation}
            onChange={(value) => setForm({ ...form, probation: value })}
            error={errors['probationMonths']}
          />
        </>
      )}
    </Correction>
  );
}

/** What the history shows of a change's fields, by the API's names. */
const fieldLabels: Readonly<Record<string, MessageKey>> = {
  occurredOn: 'event.occurredOn',
  reasonText: 'event.reasonText',
  imprisonmentMonths: 'event.imprisonment',
  life: 'sentence.life',
  suspended: 'sentence.suspended',
  probationMonths: 'sentence.probationMonths',
  sentencedOn: 'event.occurredOn',
  decidedOn: 'event.occurredOn',
  label: 'person.label',
  sex: 'person.sex',
  age: 'person.ageKind',
  citizenship: 'person.citizenship',
  form: 'charge.form',
  offenceDate: 'charge.offenceDate',
  statute: 'charge.provision',
  status: 'charge.status',
  reference: 'cases.reference',
  openingAgencyId: 'newCase.openingAgency',
  openedOn: 'cases.openedOn',
  origin: 'cases.origin',
  summary: 'newCase.summary',
  registeredProvision: 'newCase.registeredArticle',
  forms: 'victim.forms',
  identifiedOn: 'victim.identifiedOn',
  identifyingAgencyId: 'victim.identifyingAgency',
  referredToServices: 'victim.referred',
  cooperatingAsWitness: 'victim.cooperating',
};

interface HistoryEntry {
  index: number;
  at: string;
  action: string;
  before: unknown;
  after: unknown;
}

function changedFields(before: unknown, after: unknown): [string, unknown, unknown][] {
  if (typeof before !== 'object' || before === null) return [];
  if (typeof after !== 'object' || after === null) return [];
  const was = new Map(Object.entries(before));
  return Object.entries(after)
    .filter(
      ([key, value]) =>
        key in fieldLabels && JSON.stringify(was.get(key)) !== JSON.stringify(value),
    )
    .map(([key, value]) => [key, was.get(key), value]);
}

/** A field's value as the history shows it: in words, dates and durations in the UI language. */
function useHistoryValue(): (field: string, value: unknown) => string {
  const { t, date } = useI18n();
  const vocabulary = useVocabulary();
  const agencyName = useAgencyName();
  const citizenship = useCitizenship();
  const groups: Readonly<Record<string, string>> = {
    sex: 'sex',
    form: 'form',
    origin: 'origin',
    status: 'chargeStatus',
    referredToServices: 'tri',
    cooperatingAsWitness: 'tri',
  };
  return (field, value) => {
    if (value === null || value === undefined) return t('common.notRecorded');
    if (typeof value === 'boolean') return t(value ? 'answer.yes' : 'answer.no');
    if (typeof value === 'number')
      return field.endsWith('Months') ? durationLabel(value, t) : String(value);
    if (typeof value === 'string') {
      if (/(On|Date)$/.test(field)) return date(value);
      if (field === 'openingAgencyId' || field === 'identifyingAgencyId') return agencyName(value);
      if (field === 'citizenship') return citizenship.nameOf(value);
      const group = groups[field];
      if (group !== undefined) return vocabulary(group, value);
      return value.length > 80 ? `${value.slice(0, 79)}…` : value;
    }
    if (Array.isArray(value) && field === 'forms')
      return value.map((form) => vocabulary('exploitation', String(form))).join(', ');
    if (typeof value === 'object' && 'article' in value && typeof value.article === 'string')
      return t('common.articleN', { article: value.article });
    if (typeof value === 'object' && 'kind' in value) {
      const years = 'years' in value && typeof value.years === 'number' ? value.years : 0;
      if (value.kind === 'exact') return t('person.age', { years });
      if (value.kind === 'estimated') return t('person.ageAbout', { years });
      return t('person.ageUnknown');
    }
    return t('issue.invalid');
  };
}

function reasonIn(after: unknown): string | null {
  if (typeof after !== 'object' || after === null || !('correctionReason' in after)) return null;
  return typeof after.correctionReason === 'string' ? after.correctionReason : null;
}

/** A record's history: when it was recorded and each correction, with its reason. */
export function RecordHistory({ type, id, name }: { type: string; id: string; name: string }) {
  const { t, dateTime } = useI18n();
  const shown = useHistoryValue();
  const [open, setOpen] = useState(false);
  const history = useQuery({
    queryKey: ['history', type, id],
    enabled: open,
    queryFn: () => api<{ entries: HistoryEntry[] }>(`/api/history/${type}/${id}`),
  });
  if (!open) {
    return (
      <button type="button" className="link-button no-print" onClick={() => setOpen(true)}>
        {t('correction.history', { name })}
      </button>
    );
  }
  const entries = history.data?.entries;
  return (
    <div className="record-history" data-testid="record-history">
      <h4>{t('correction.historyOf', { name })}</h4>
      {entries === undefined ? (
        <QueryState loading={history.isLoading} error={history.error} />
      ) : (
        <ol>
          {entries.map((entry) => {
            const fields = changedFields(entry.before, entry.after);
            const reason = reasonIn(entry.after);
            return (
              <li key={entry.index}>
                <time dateTime={entry.at}>{dateTime(entry.at)}</time>{' '}
                <strong>
                  {entry.before === null ? t('correction.recorded') : t('correction.corrected')}
                </strong>
                {entry.before !== null &&
                  fields.map(([field, was, now]) => (
                    <span key={field} className="change">
                      {' '}
                      · {t(fieldLabels[field] ?? 'issue.invalid')}: {shown(field, was)} →{' '}
                      {shown(field, now)}
                    </span>
                  ))}
                {reason !== null && (
                  <>
                    {' '}
                    · {t('correction.because')} <q>{reason}</q>
                  </>
                )}
              </li>
            );
          })}
        </ol>
      )}
      <button type="button" className="link-button no-print" onClick={() => setOpen(false)}>
        {t('correction.hideHistory')}
      </button>
    </div>
  );
}
