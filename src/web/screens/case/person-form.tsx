import { useState } from 'react';
import { personRoles, sexes, triStates } from '../../../core/vocabulary.ts';
import { api } from '../../api.ts';
import { FormError, SelectField, TextField, useSubmit } from '../../components/ui.tsx';
import type { CaseView } from '../../data.ts';
import { useCitizenship } from '../../countries.ts';
import { useI18n, useVocabulary } from '../../i18n/i18n.tsx';
import { numberOrNull, orNull, useRefresh } from './shared.ts';

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
  const citizenship = useCitizenship();
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
          required
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
        <SelectField
          label={t('person.citizenship')}
          name="citizenship"
          value={form.citizenship}
          onChange={set('citizenship')}
          error={errors.fields['citizenship']}
          empty={t('common.notRecorded')}
          options={citizenship.options}
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
