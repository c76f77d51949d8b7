import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { complicitySources } from '../../core/vocabulary.ts';
import { api } from '../api.ts';
import type { Page } from '../api.ts';
import {
  FormError,
  QueryState,
  SelectField,
  TextArea,
  TextField,
  useSubmit,
} from '../components/ui.tsx';
import { usePermissions } from '../components/sign-in.tsx';
import { useAgencies, useAgencyName, useOwnJurisdiction } from '../data.ts';
import type { AllegationView } from '../data.ts';
import { useI18n, useVocabulary } from '../i18n/i18n.tsx';

const today = () => new Date().toISOString().slice(0, 10);

/** The next workflow step of an allegation, with the one field it needs. */
function StepForm({ allegation }: { allegation: AllegationView }) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const agencies = useAgencies();
  const queryClient = useQueryClient();
  const step =
    allegation.status === 'received'
      ? 'assign'
      : allegation.status === 'assigned'
        ? 'investigate'
        : allegation.status === 'investigated'
          ? 'conclude'
          : null;
  const [value, setValue] = useState('');
  const { errors, busy, submit } = useSubmit(['on', 'agencyId', 'outcome', 'resultingCaseId']);
  if (step === null) return null;
  return (
    <form
      noValidate
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        void submit(async () => {
          const extra =
            step === 'assign'
              ? { agencyId: value }
              : step === 'conclude'
                ? { outcome: value }
                : { resultingCaseId: value === '' ? null : value };
          await api(`/api/complicity-allegations/${allegation.id}/steps`, {
            body: { step, version: allegation.version, on: today(), ...extra },
          });
          await queryClient.invalidateQueries({ queryKey: ['allegations'] });
        });
      }}
    >
      <FormError errors={errors} />
      {step === 'assign' && (
        <SelectField
          label={t('complicity.assignTo')}
          value={value}
          onChange={setValue}
          error={errors.fields['agencyId']}
          empty={t('common.choose')}
          options={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
        />
      )}
      {step === 'conclude' && (
        <TextField
          label={t('complicity.outcome')}
          value={value}
          onChange={setValue}
          error={errors.fields['outcome']}
        />
      )}
      <button type="submit" disabled={busy}>
        {vocabulary('step', step)}
      </button>
    </form>
  );
}

/** The complicity register: allegations, their age and workflow. */
export function Complicity() {
  const { t, date, number } = useI18n();
  const vocabulary = useVocabulary();
  const agencyName = useAgencyName();
  const agencies = useAgencies();
  const queryClient = useQueryClient();
  const { can } = usePermissions();
  const jurisdiction = useOwnJurisdiction();
  // Investigators and prosecutors report allegations; reading the register needs more.
  const mayRead = can?.('complicity.read') ?? true;
  const mayReport = can?.('complicity.report') ?? true;
  const mayManage = can?.('complicity.manage') ?? true;
  const allegations = useQuery({
    enabled: mayRead,
    queryKey: ['allegations'],
    queryFn: () =>
      api<Page<AllegationView>>('/api/complicity-allegations', { query: { pageSize: 200 } }),
  });
  const empty = { receivedOn: today(), source: 'ngo', allegation: '', accusedAgencyId: '' };
  const [form, setForm] = useState(empty);
  const { errors, busy, submit } = useSubmit([
    'receivedOn',
    'source',
    'allegation',
    'accusedAgencyId',
  ]);
  const now = Date.now();
  return (
    <section aria-labelledby="complicity-title">
      <h1 id="complicity-title">{t('complicity.title')}</h1>
      {mayRead ? (
        <>
          <QueryState loading={allegations.isLoading} error={allegations.error} />
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('complicity.receivedOn')}</th>
                  <th scope="col">{t('complicity.source')}</th>
                  <th scope="col">{t('complicity.allegation')}</th>
                  <th scope="col">{t('complicity.accused')}</th>
                  <th scope="col">{t('complicity.status')}</th>
                  <th scope="col">{t('complicity.age')}</th>
                  {mayManage && <th scope="col">{t('common.actions')}</th>}
                </tr>
              </thead>
              <tbody>
                {(allegations.data?.items ?? []).map((item) => (
                  <tr key={item.id} id={item.id}>
                    <td>{date(item.receivedOn)}</td>
                    <td>{vocabulary('source', item.source)}</td>
                    <td>{item.allegation}</td>
                    <td>{item.accusedAgencyDescription ?? agencyName(item.accusedAgencyId)}</td>
                    <td>{vocabulary('allegationStatus', item.status)}</td>
                    <td>
                      {item.status === 'concluded'
                        ? '—'
                        : t('complicity.days', {
                            count: Math.floor((now - Date.parse(item.receivedOn)) / 86_400_000),
                            days: number(
                              Math.floor((now - Date.parse(item.receivedOn)) / 86_400_000),
                            ),
                          })}
                    </td>
                    {mayManage && (
                      <td>
                        <StepForm allegation={item} />
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p>{t('complicity.reportOnly')}</p>
      )}
      {mayReport && (
        <form
          noValidate
          aria-labelledby="add-allegation-title"
          onSubmit={(event) => {
            event.preventDefault();
            void submit(async () => {
              await api('/api/complicity-allegations', {
                body: {
                  jurisdiction,
                  receivedOn: form.receivedOn,
                  source: form.source,
                  allegation: form.allegation,
                  accusedAgencyId: form.accusedAgencyId === '' ? null : form.accusedAgencyId,
                },
              });
              setForm(empty);
              await queryClient.invalidateQueries({ queryKey: ['allegations'] });
            });
          }}
        >
          <h2 id="add-allegation-title">{t('complicity.add')}</h2>
          <FormError errors={errors} />
          <div className="grid">
            <TextField
              label={t('complicity.receivedOn')}
              type="date"
              value={form.receivedOn}
              onChange={(receivedOn) => setForm({ ...form, receivedOn })}
              error={errors.fields['receivedOn']}
            />
            <SelectField
              label={t('complicity.source')}
              value={form.source}
              onChange={(source) => setForm({ ...form, source })}
              error={errors.fields['source']}
              options={complicitySources.map((value) => ({
                value,
                label: vocabulary('source', value),
              }))}
            />
            <SelectField
              label={t('complicity.accused')}
              value={form.accusedAgencyId}
              onChange={(accusedAgencyId) => setForm({ ...form, accusedAgencyId })}
              error={errors.fields['accusedAgencyId']}
              empty={t('common.notRecorded')}
              options={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
            />
          </div>
          <TextArea
            label={t('complicity.allegation')}
            value={form.allegation}
            onChange={(allegation) => setForm({ ...form, allegation })}
            error={errors.fields['allegation']}
          />
          <button type="submit" disabled={busy}>
            {t('complicity.add')}
          </button>
        </form>
      )}
    </section>
  );
}
