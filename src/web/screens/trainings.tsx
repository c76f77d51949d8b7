import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { trainingAudiences } from '../../core/vocabulary.ts';
import { api } from '../api.ts';
import type { Page } from '../api.ts';
import { FormError, QueryState, SelectField, TextField, useSubmit } from '../components/ui.tsx';
import { useJurisdictions, useDefaultJurisdiction } from '../data.ts';
import type { TrainingView } from '../data.ts';
import { useI18n, useVocabulary } from '../i18n/i18n.tsx';

const list = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');

/** The training register: events, audiences, partners and trainers. */
export function Trainings() {
  const { t, date, number } = useI18n();
  const vocabulary = useVocabulary();
  const queryClient = useQueryClient();
  const trainings = useQuery({
    queryKey: ['trainings'],
    queryFn: () => api<Page<TrainingView>>('/api/trainings', { query: { pageSize: 200 } }),
  });
  const own = useDefaultJurisdiction();
  const jurisdictions = useJurisdictions();
  const empty = {
    // '': not chosen, so the user's own agency's jurisdiction (or the only pack) is the default.
    jurisdiction: '',
    title: '',
    startsOn: '',
    endsOn: '',
    audience: 'judges',
    participants: '',
    partners: '',
    trainers: '',
  };
  const [form, setForm] = useState(empty);
  const { errors, busy, submit } = useSubmit([
    'jurisdiction',
    'title',
    'startsOn',
    'endsOn',
    'audiences',
    'partners',
    'trainers',
  ]);
  const set = (name: keyof typeof form) => (value: string) => setForm({ ...form, [name]: value });
  return (
    <section aria-labelledby="trainings-title">
      <h1 id="trainings-title">{t('trainings.title')}</h1>
      <QueryState loading={trainings.isLoading} error={trainings.error} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('trainings.event')}</th>
              <th scope="col">{t('trainings.dates')}</th>
              <th scope="col">{t('trainings.audiences')}</th>
              <th scope="col">{t('trainings.partners')}</th>
              <th scope="col">{t('trainings.trainers')}</th>
            </tr>
          </thead>
          <tbody>
            {(trainings.data?.items ?? []).map((item) => (
              <tr key={item.id} id={item.id}>
                <td>{item.title}</td>
                <td>
                  {date(item.startsOn)} – {date(item.endsOn)}
                </td>
                <td>
                  {item.audiences
                    .map(
                      (a) =>
                        `${vocabulary('audience', a.audience)}: ${a.participants === null ? t('common.unknown') : number(a.participants)}`,
                    )
                    .join('; ')}
                </td>
                <td>{item.partners.join(', ')}</td>
                <td>{item.trainers.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form
        noValidate
        aria-labelledby="add-training-title"
        onSubmit={(event) => {
          event.preventDefault();
          void submit(async () => {
            await api('/api/trainings', {
              body: {
                jurisdiction: form.jurisdiction !== '' ? form.jurisdiction : own,
                title: form.title,
                startsOn: form.startsOn,
                endsOn: form.endsOn,
                audiences: [
                  {
                    audience: form.audience,
                    participants: form.participants === '' ? null : Number(form.participants),
                  },
                ],
                partners: list(form.partners),
                trainers: list(form.trainers),
              },
            });
            setForm(empty);
            await queryClient.invalidateQueries({ queryKey: ['trainings'] });
          });
        }}
      >
        <h2 id="add-training-title">{t('trainings.add')}</h2>
        <FormError errors={errors} />
        <div className="grid">
          <SelectField
            label={t('common.jurisdiction')}
            value={form.jurisdiction !== '' ? form.jurisdiction : own}
            onChange={set('jurisdiction')}
            error={errors.fields['jurisdiction']}
            empty={t('common.choose')}
            options={(jurisdictions.data?.jurisdictions ?? []).map((j) => ({
              value: j.code,
              label: j.name,
            }))}
          />
          <TextField
            label={t('trainings.event')}
            value={form.title}
            onChange={set('title')}
            error={errors.fields['title']}
          />
          <TextField
            label={t('trainings.startsOn')}
            type="date"
            value={form.startsOn}
            onChange={set('startsOn')}
            error={errors.fields['startsOn']}
          />
          <TextField
            label={t('trainings.endsOn')}
            type="date"
            value={form.endsOn}
            onChange={set('endsOn')}
            error={errors.fields['endsOn']}
          />
          <SelectField
            label={t('trainings.audience')}
            value={form.audience}
            onChange={set('audience')}
            error={errors.fields['audiences']}
            options={trainingAudiences.map((value) => ({
              value,
              label: vocabulary('audience', value),
            }))}
          />
          <TextField
            label={t('trainings.participants')}
            type="number"
            value={form.participants}
            onChange={set('participants')}
          />
          <TextField
            label={t('trainings.partners')}
            hint={t('common.commaList')}
            value={form.partners}
            onChange={set('partners')}
            error={errors.fields['partners']}
          />
          <TextField
            label={t('trainings.trainers')}
            hint={t('common.commaList')}
            value={form.trainers}
            onChange={set('trainers')}
            error={errors.fields['trainers']}
          />
        </div>
        <button type="submit" disabled={busy}>
          {t('trainings.add')}
        </button>
      </form>
    </section>
  );
}
