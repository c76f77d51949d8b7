import { useState } from 'react';
import { exploitationForms, isOneOf, triStates } from '../../../core/vocabulary.ts';
import { api } from '../../api.ts';
import {
  CheckboxGroup,
  FormError,
  SelectField,
  TextArea,
  TextField,
  useSubmit,
} from '../../components/ui.tsx';
import { useAgencies } from '../../data.ts';
import type { CaseView, PersonView, VictimRecordView } from '../../data.ts';
import { useI18n, useVocabulary } from '../../i18n/i18n.tsx';
import { orNull, useRefresh } from './shared.ts';

const victimFields = [
  'forms',
  'identifiedOn',
  'identifyingAgencyId',
  'referredToServices',
  'cooperatingAsWitness',
  'reason',
];

/**
 * Records a victim record (forms of exploitation, identification, referral) or corrects it: a
 * correction asks for its reason, kept in the record's history.
 */
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
  const [reason, setReason] = useState('');
  const { errors, busy, submit, refuse } = useSubmit(victimFields);
  return (
    <form
      noValidate
      className="inline-form"
      aria-label={t('victim.formFor', { label: person.label ?? person.id.slice(0, 6) })}
      onSubmit={(event) => {
        event.preventDefault();
        if (record !== undefined && reason.trim() === '') {
          refuse({ reason: t('correction.reasonRequired') });
          return;
        }
        void submit(async () => {
          await api(`/api/persons/${person.id}/victim-record`, {
            method: 'PUT',
            body: {
              ...(record === undefined ? {} : { version: record.version, reason: reason.trim() }),
              forms: form.forms.length === 0 ? null : form.forms,
              identifiedOn: orNull(form.identifiedOn),
              identifyingAgencyId: orNull(form.identifyingAgencyId),
              referredToServices: orNull(form.referredToServices),
              cooperatingAsWitness: orNull(form.cooperatingAsWitness),
            },
          });
          setReason('');
          await refresh();
        });
      }}
    >
      <FormError errors={errors} />
      <CheckboxGroup
        legend={t('victim.forms')}
        values={form.forms}
        onChange={(forms) =>
          setForm({ ...form, forms: forms.filter((f) => isOneOf(exploitationForms, f)) })
        }
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
      {record === undefined ? null : (
        <TextArea
          label={t('correction.reason')}
          hint={t('correction.reasonHint')}
          required
          value={reason}
          onChange={setReason}
          error={errors.fields['reason']}
        />
      )}
      <button type="submit" disabled={busy}>
        {t('victim.save')}
      </button>
    </form>
  );
}
