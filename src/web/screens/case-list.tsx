import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { caseOrigins, traffickingForms } from '../../core/vocabulary.ts';
import { api } from '../api.ts';
import type { Page } from '../api.ts';
import { Pagination, QueryState, SelectField, TextField } from '../components/ui.tsx';
import { usePermissions } from '../components/sign-in.tsx';
import { useAgencies, useAgencyName, useJurisdictions } from '../data.ts';
import type { CaseSummaryView } from '../data.ts';
import { useI18n, useVocabulary } from '../i18n/i18n.tsx';

export const caseStatusList = [
  'open',
  'suspended',
  'closed',
  'prosecution',
  'verdict',
  'appeal',
  'final',
] as const;

const filterNames = [
  'reference',
  'status',
  'article',
  'form',
  'agencyId',
  'year',
  'origin',
] as const;
const pageSize = 25;

/** Cases: search by reference, filters, pagination; the filters live in the URL. */
export function CaseList() {
  const { t, date } = useI18n();
  const vocabulary = useVocabulary();
  const agencyName = useAgencyName();
  const agencies = useAgencies();
  const { can } = usePermissions();
  const jurisdictions = useJurisdictions();
  const [search, setSearch] = useSearchParams();
  const page = Number(search.get('page') ?? '1');
  const [draft, setDraft] = useState<Record<string, string>>(() =>
    Object.fromEntries(filterNames.map((name) => [name, search.get(name) ?? ''])),
  );
  const query: Record<string, string | number> = { page, pageSize };
  for (const name of filterNames) {
    const value = search.get(name);
    if (value !== null && value !== '') query[name] = value;
  }
  const cases = useQuery({
    queryKey: ['cases', query],
    queryFn: () => api<Page<CaseSummaryView>>('/api/cases', { query }),
  });
  const articles = [
    ...new Set(
      (jurisdictions.data?.jurisdictions ?? []).flatMap((j) => j.provisions.map((p) => p.article)),
    ),
  ];
  const set = (name: string) => (value: string) => setDraft({ ...draft, [name]: value });
  return (
    <section aria-labelledby="cases-title">
      <h1 id="cases-title">{t('cases.title')}</h1>
      <form
        className="filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          const next = new URLSearchParams();
          for (const name of filterNames) {
            const value = draft[name] ?? '';
            if (value !== '') next.set(name, value);
          }
          setSearch(next);
        }}
      >
        <TextField
          type="search"
          name="reference"
          label={t('cases.reference')}
          value={draft['reference'] ?? ''}
          onChange={set('reference')}
        />
        <SelectField
          label={t('cases.status')}
          name="status"
          value={draft['status'] ?? ''}
          onChange={set('status')}
          empty={t('common.any')}
          options={caseStatusList.map((value) => ({ value, label: vocabulary('status', value) }))}
        />
        <SelectField
          label={t('cases.article')}
          name="article"
          value={draft['article'] ?? ''}
          onChange={set('article')}
          empty={t('common.any')}
          options={articles.map((value) => ({
            value,
            label: t('common.articleN', { article: value }),
          }))}
        />
        <SelectField
          label={t('cases.form')}
          name="form"
          value={draft['form'] ?? ''}
          onChange={set('form')}
          empty={t('common.any')}
          options={traffickingForms.map((value) => ({ value, label: vocabulary('form', value) }))}
        />
        <SelectField
          label={t('cases.agency')}
          name="agencyId"
          value={draft['agencyId'] ?? ''}
          onChange={set('agencyId')}
          empty={t('common.any')}
          options={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
        />
        <TextField
          type="number"
          name="year"
          label={t('common.year')}
          value={draft['year'] ?? ''}
          onChange={set('year')}
        />
        <SelectField
          label={t('cases.origin')}
          name="origin"
          value={draft['origin'] ?? ''}
          onChange={set('origin')}
          empty={t('common.any')}
          options={caseOrigins.map((value) => ({ value, label: vocabulary('origin', value) }))}
        />
        <div className="actions">
          <button type="submit">{t('common.search')}</button>
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setDraft({});
              setSearch(new URLSearchParams());
            }}
          >
            {t('common.clear')}
          </button>
          {(can?.('case.write') ?? true) && (
            <Link className="button" to="/cases/new">
              {t('nav.newCase')}
            </Link>
          )}
        </div>
      </form>
      <QueryState loading={cases.isLoading} error={cases.error} />
      {cases.data !== undefined && (
        <>
          <p role="status">{t('cases.found', { count: cases.data.total })}</p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('cases.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('cases.reference')}</th>
                  <th scope="col">{t('cases.openedOn')}</th>
                  <th scope="col">{t('cases.status')}</th>
                  <th scope="col">{t('cases.origin')}</th>
                  <th scope="col">{t('cases.article')}</th>
                  <th scope="col">{t('cases.agency')}</th>
                </tr>
              </thead>
              <tbody>
                {cases.data.items.map((item) => (
                  <tr key={item.id}>
                    <td>
                      <Link to={`/cases/${item.id}`}>{item.reference}</Link>
                      {item.sealed && <span className="badge">{t('case.sealed')}</span>}
                    </td>
                    <td>{date(item.openedOn)}</td>
                    <td>
                      <span className={`status status-${item.status}`}>
                        {vocabulary('status', item.status)}
                      </span>
                    </td>
                    <td>{vocabulary('origin', item.origin)}</td>
                    <td>
                      {item.registeredProvision === null
                        ? '—'
                        : t('common.articleN', { article: item.registeredProvision.article })}
                    </td>
                    <td>{agencyName(item.openingAgencyId)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <Pagination
            page={page}
            pageSize={pageSize}
            total={cases.data.total}
            onPage={(next) => {
              const params = new URLSearchParams(search);
              params.set('page', String(next));
              setSearch(params);
            }}
          />
        </>
      )}
    </section>
  );
}
