import { useState } from 'react';
import { traffickingForms } from '../../../core/vocabulary.ts';
import { api } from '../../api.ts';
import { FormError, SelectField, TextField, useSubmit } from '../../components/ui.tsx';
import { useLawOnDate } from '../../data.ts';
import type { CaseView } from '../../data.ts';
import { useI18n, useVocabulary } from '../../i18n/i18n.tsx';
import { NotOffered } from './not-offered.tsx';
import { orNull, today, usePersonLabel, useRefresh } from './shared.ts';

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
  const law = useLawOnDate(caseView.jurisdiction, asOf);
  const provisions = [
    ...new Map((law.data?.provisions ?? []).map((p) => [p.provisionId, p])).values(),
  ];
  const chosen = provisions.find((p) => p.provisionId === form.provision);
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
          required
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
          required
          value={form.provision}
          onChange={set('provision')}
          error={errors.fields['statute']}
          empty={t('common.choose')}
          options={provisions.map((p) => ({
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
          required
          type="date"
          value={form.chargedOn}
          onChange={set('chargedOn')}
          error={errors.fields['chargedOn']}
        />
      </div>
      <NotOffered law={law.data} asOf={asOf} />
      <button type="submit" disabled={busy}>
        {t('case.addCharge')}
      </button>
    </form>
  );
}
