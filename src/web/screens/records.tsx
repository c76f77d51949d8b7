import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api.ts';
import { Pagination, QueryState } from '../components/ui.tsx';
import { useOwnJurisdiction } from '../data.ts';
import type { CaseSummaryView, CaseView } from '../data.ts';
import { useI18n, useVocabulary } from '../i18n/i18n.tsx';
import { recordParts, useFigureRecords } from '../report.tsx';
import type { ReportParams } from '../report.tsx';
import { isOneOf } from '../../core/vocabulary.ts';

const pageSize = 25;

/** One case behind a figure. */
function CaseRecord({ id }: { id: string }) {
  const { t, date } = useI18n();
  const vocabulary = useVocabulary();
  const view = useQuery({
    queryKey: ['case-summary', id],
    queryFn: () => api<CaseSummaryView>(`/api/cases/${id}`),
  });
  return (
    <tr>
      <td>{t('records.case')}</td>
      <td>
        <Link to={`/cases/${id}`}>{view.data?.reference ?? id.slice(0, 8)}</Link>
      </td>
      <td>
        {view.data === undefined
          ? '…'
          : `${date(view.data.openedOn)} · ${vocabulary('status', view.data.status)}`}
      </td>
    </tr>
  );
}

/** A person behind a figure: found through its history, shown by case-file label only. */
function PersonRecord({ id }: { id: string }) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const found = useQuery({
    queryKey: ['person-case', id],
    queryFn: async () => {
      const history = await api<
        { items?: { caseId: string | null }[] } | { caseId: string | null }[]
      >(`/api/history/person/${id}`);
      const entries = Array.isArray(history) ? history : (history.items ?? []);
      const caseId = entries.find((entry) => entry.caseId !== null)?.caseId ?? null;
      if (caseId === null) return null;
      const view = await api<CaseView>(`/api/cases/${caseId}`);
      return { view, person: view.persons.find((p) => p.id === id) };
    },
  });
  const data = found.data;
  return (
    <tr>
      <td>{t('records.person')}</td>
      <td>
        {data === undefined || data === null ? (
          id.slice(0, 8)
        ) : (
          <Link to={`/cases/${data.view.id}`}>
            {data.person?.label ?? id.slice(0, 8)} · {data.view.reference}
          </Link>
        )}
      </td>
      <td>{data?.person === undefined ? '…' : vocabulary('role', data.person.role)}</td>
    </tr>
  );
}

function OtherRecord({ kind, id }: { kind: string; id: string }) {
  const { t } = useI18n();
  const target = kind === 'training' ? '/trainings' : kind === 'allegation' ? '/complicity' : null;
  return (
    <tr>
      <td>{kind}</td>
      <td>
        {target === null ? (
          id.slice(0, 8)
        ) : (
          <Link to={`${target}#${id}`}>{t('records.openRegister', { id: id.slice(0, 8) })}</Link>
        )}
      </td>
      <td />
    </tr>
  );
}

/** The records behind one figure of the annual report. */
export function Records() {
  const { t, date } = useI18n();
  const [search, setSearch] = useSearchParams();
  // Without one in the link: the user's own jurisdiction; '' lets the server pick the only one.
  const own = useOwnJurisdiction();
  const asked = search.get('section');
  const section = asked !== null && isOneOf(recordParts, asked) ? asked : null;
  const key = search.get('key') ?? '';
  const page = Math.max(1, Math.floor(Number(search.get('page') ?? '1')) || 1);
  const params: ReportParams | null =
    section !== null
      ? {
          jurisdiction: search.get('jurisdiction') ?? own,
          year: Number(search.get('year')),
          period: search.get('period') === 'tip' ? 'tip' : 'calendar',
        }
      : null;
  const records = useFigureRecords(params, section, key, {
    offset: (page - 1) * pageSize,
    limit: pageSize,
  });
  if (params === null || section === null) return <p>{t('records.badLink')}</p>;
  const loaded = records.data;
  const shown = loaded?.ids ?? [];
  return (
    <section aria-labelledby="records-title" aria-busy={records.isFetching}>
      <h1 id="records-title">
        {loaded === undefined ? t('records.heading') : t('records.title', { count: loaded.total })}
      </h1>
      <p>
        {t('records.figure', { section, figure: key, year: params.year })}{' '}
        {loaded !== undefined && key.startsWith('previous.') && (
          <>
            {t('records.previousPeriod', {
              from: date(loaded.period.from),
              to: date(loaded.period.to),
            })}{' '}
          </>
        )}
        <Link to="/reports">{t('nav.reports')}</Link>
      </p>
      <QueryState loading={records.isLoading} error={records.error} />
      <div className="table-wrap">
        <table data-testid="records">
          <thead>
            <tr>
              <th scope="col">{t('records.kind')}</th>
              <th scope="col">{t('records.record')}</th>
              <th scope="col">{t('records.details')}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((record) => {
              const [kind = '', id = ''] = record.split(':');
              if (kind === 'case') return <CaseRecord key={record} id={id} />;
              if (kind === 'person') return <PersonRecord key={record} id={id} />;
              return <OtherRecord key={record} kind={kind} id={id} />;
            })}
          </tbody>
        </table>
      </div>
      <Pagination
        page={page}
        pageSize={pageSize}
        total={loaded?.total ?? 0}
        onPage={(next) => {
          const updated = new URLSearchParams(search);
          updated.set('page', String(next));
          setSearch(updated);
        }}
      />
    </section>
  );
}
