import { useState } from 'react';
import type { ReactNode } from 'react';
import { sexes, traffickingForms } from '../../../core/vocabulary.ts';
import { api, ApiError } from '../../api.ts';
import { FormError, SelectField, TextArea, TextField, useSubmit } from '../../components/ui.tsx';
import { useCitizenship } from '../../countries.ts';
import { useLawOnDate } from '../../data.ts';
import type { CaseView, ChargeView, EventView, PersonView } from '../../data.ts';
import { useI18n, useVocabulary } from '../../i18n/i18n.tsx';
import { numberOrNull, orNull, useRefresh } from './shared.ts';
import { DropChargeRequest } from './four-eyes-requests.tsx';

/** Events whose explanation is part of the record (src/app/cases/corrections.ts). */
const explained = new Set(['suspend', 'close', 'reopen', 'resume', 'appeal']);

/**
 * A correction of one recorded fact: a button that opens a form with the fields to correct and
 * the reason (required, kept in the record's history). A stale version reloads the case and
 * says so; nothing is saved twice.
 */
export function Correction({
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
