import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { ApprovalRequestView } from '../../app/schemas/approvals.schemas.ts';
import type { IntegrityReport } from '../../app/schemas/integrity.schemas.ts';
import type { CheckpointView } from '../../app/schemas/log.schemas.ts';
import type { Role } from '../../core/vocabulary.ts';
import { api } from '../api.ts';
import type { Page } from '../api.ts';
import { usePermissions } from '../components/sign-in.tsx';
import { QueryState } from '../components/ui.tsx';
import { useAgencies, useAgencyName, useUsers } from '../data.ts';
import type { AllegationView, CaseSummaryView, CertificationView } from '../data.ts';
import type { MessageKey } from '../i18n/en.ts';
import { useI18n, useVocabulary } from '../i18n/i18n.tsx';
import { FiguresDashboard } from './dashboard.tsx';
import { PublishedReportBody } from './published-report.tsx';

/** How many rows a home panel lists before it links to the full screen. */
const panelRows = 8;

/** A titled block of the home screen with a link to the screen that holds all of it. */
function Panel({
  id,
  title,
  more,
  children,
}: {
  id: string;
  title: string;
  more?: { to: string; label: string };
  children: ReactNode;
}) {
  return (
    <section className="panel home-panel" aria-labelledby={`${id}-title`} data-panel={id}>
      <h2 id={`${id}-title`}>{title}</h2>
      {children}
      {more !== undefined && (
        <p>
          <Link to={more.to}>{more.label}</Link>
        </p>
      )}
    </section>
  );
}

/** Cases matching a filter: reference, opened, status; the total when there are more. */
function CasesPanel({
  id,
  title,
  query,
  empty,
}: {
  id: string;
  title: MessageKey;
  query: Record<string, string | number | undefined>;
  empty: MessageKey;
}) {
  const { t, date } = useI18n();
  const vocabulary = useVocabulary();
  const agencyName = useAgencyName();
  const cases = useQuery({
    queryKey: ['cases', 'home', query],
    queryFn: () =>
      api<Page<CaseSummaryView>>('/api/cases', { query: { ...query, pageSize: panelRows } }),
  });
  const search = new URLSearchParams(
    Object.entries(query).flatMap(([key, value]) =>
      value === undefined ? [] : [[key, String(value)]],
    ),
  );
  return (
    <Panel
      id={id}
      title={t(title)}
      more={{ to: `/cases?${search.toString()}`, label: t('home.allCases') }}
    >
      <QueryState loading={cases.isLoading} error={cases.error} />
      {cases.data !== undefined &&
        (cases.data.items.length === 0 ? (
          <p>{t(empty)}</p>
        ) : (
          <>
            <p>{t('home.casesCount', { count: cases.data.total })}</p>
            <table>
              <caption className="visually-hidden">{t(title)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('cases.reference')}</th>
                  <th scope="col">{t('cases.openedOn')}</th>
                  <th scope="col">{t('cases.status')}</th>
                  <th scope="col">{t('cases.agency')}</th>
                </tr>
              </thead>
              <tbody>
                {cases.data.items.map((item) => (
                  <tr key={item.id}>
                    <td>
                      <Link to={`/cases/${item.id}`}>{item.reference}</Link>
                    </td>
                    <td>{date(item.openedOn)}</td>
                    <td>{vocabulary('status', item.status)}</td>
                    <td>{agencyName(item.openingAgencyId)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        ))}
    </Panel>
  );
}

/** Four-eyes requests waiting for a decision; `mine` keeps those the user asked for. */
function RequestsPanel({ id, title, mine }: { id: string; title: MessageKey; mine?: string }) {
  const { t, date } = useI18n();
  const vocabulary = useVocabulary();
  const requests = useQuery({
    queryKey: ['approvals', 'home', 'pending'],
    queryFn: () =>
      api<Page<ApprovalRequestView>>('/api/approvals', {
        query: { status: 'pending', pageSize: 100 },
      }),
  });
  const items = (requests.data?.items ?? []).filter(
    (item) => mine === undefined || item.requestedBy === mine,
  );
  return (
    <Panel id={id} title={t(title)} more={{ to: '/approvals', label: t('home.allApprovals') }}>
      <QueryState loading={requests.isLoading} error={requests.error} />
      {requests.data !== undefined &&
        (items.length === 0 ? (
          <p>{t('home.noRequests')}</p>
        ) : (
          <ul className="plain-list">
            {items.slice(0, panelRows).map((item) => (
              <li key={item.id}>
                <strong>{vocabulary('approvalAction', item.action)}</strong>{' '}
                {t('home.requestedOn', { date: date(item.requestedAt) })}
                {' — '}
                {vocabulary('reason', item.reasonCode)}
                {item.caseId !== null && (
                  <>
                    {' '}
                    <Link to={`/cases/${item.caseId}`}>{t('home.openCase')}</Link>
                  </>
                )}
              </li>
            ))}
          </ul>
        ))}
    </Panel>
  );
}

/** Cases without activity beyond the idle threshold, from this year's integrity report. */
function IdleCasesPanel() {
  const { t, date, number } = useI18n();
  const vocabulary = useVocabulary();
  const year = new Date().getUTCFullYear();
  const report = useQuery({
    queryKey: ['integrity', year, 'home'],
    queryFn: () => api<IntegrityReport>('/api/reports/integrity', { query: { year } }),
  });
  const idle = report.data?.idleCases ?? [];
  return (
    <Panel
      id="idle-cases"
      title={t('home.idleCases', {
        days: number(report.data?.idleThresholdDays ?? null),
      })}
      more={{ to: '/audit', label: t('home.integrityReport') }}
    >
      <QueryState loading={report.isLoading} error={report.error} />
      {report.data !== undefined &&
        (idle.length === 0 ? (
          <p>{t('home.noIdleCases')}</p>
        ) : (
          <ul className="plain-list">
            {idle.slice(0, panelRows).map((item) => (
              <li key={item.caseId}>
                <Link to={`/cases/${item.caseId}`}>{item.reference ?? t('case.sealed')}</Link>{' '}
                {vocabulary('status', item.status)}
                {' — '}
                {t('home.idleSince', {
                  date: date(item.lastActivityOn),
                  days: number(item.idleDays),
                })}
              </li>
            ))}
          </ul>
        ))}
    </Panel>
  );
}

/** The complicity register as the user may read it: the latest allegations. */
function AllegationsPanel() {
  const { t, date } = useI18n();
  const vocabulary = useVocabulary();
  const allegations = useQuery({
    queryKey: ['allegations', 'home'],
    queryFn: () =>
      api<Page<AllegationView>>('/api/complicity-allegations', {
        query: { pageSize: panelRows },
      }),
  });
  return (
    <Panel
      id="allegations"
      title={t('home.allegations')}
      more={{ to: '/complicity', label: t('home.reportAllegation') }}
    >
      <QueryState loading={allegations.isLoading} error={allegations.error} />
      {allegations.data !== undefined &&
        (allegations.data.items.length === 0 ? (
          <p>{t('home.noAllegations')}</p>
        ) : (
          <ul className="plain-list">
            {allegations.data.items.map((item) => (
              <li key={item.id}>
                {date(item.receivedOn)} — {vocabulary('source', item.source)} —{' '}
                <strong>{vocabulary('allegationStatus', item.status)}</strong>
              </li>
            ))}
          </ul>
        ))}
    </Panel>
  );
}

/** The transparency log as it stands: its size and signed root, and where to verify it. */
function LogPanel() {
  const { t, number } = useI18n();
  const checkpoint = useQuery({
    queryKey: ['log', 'checkpoint'],
    queryFn: () => api<CheckpointView>('/api/log/checkpoint'),
  });
  return (
    <Panel id="log" title={t('home.log')} more={{ to: '/audit', label: t('home.verifyLog') }}>
      <QueryState loading={checkpoint.isLoading} error={checkpoint.error} />
      {checkpoint.data !== undefined && (
        <dl className="facts">
          <dt>{t('audit.logSize')}</dt>
          <dd>{number(checkpoint.data.size)}</dd>
          <dt>{t('audit.rootHash')}</dt>
          <dd>
            <code className="hash">{checkpoint.data.rootHash}</code>
          </dd>
        </dl>
      )}
    </Panel>
  );
}

/** What an administrator keeps: agencies, users and the periods agencies certified. */
function AdministrationPanel() {
  const { t, number, date } = useI18n();
  const { can } = usePermissions();
  const agencies = useAgencies();
  const users = useUsers();
  const agencyName = useAgencyName();
  const certifications = useQuery({
    queryKey: ['certifications', 'home'],
    enabled: can?.('report.read', 'certification.write') ?? false,
    queryFn: () =>
      api<Page<CertificationView>>('/api/certifications', { query: { pageSize: panelRows } }),
  });
  const activeUsers = users.data?.items.filter((user) => user.active).length;
  return (
    <Panel
      id="administration"
      title={t('home.administration')}
      more={{ to: '/admin', label: t('home.manage') }}
    >
      <QueryState
        loading={agencies.isLoading || users.isLoading}
        error={agencies.error ?? users.error}
      />
      <dl className="facts">
        <dt>{t('admin.agencies')}</dt>
        <dd>{number(agencies.data?.total)}</dd>
        <dt>{t('home.activeUsers')}</dt>
        <dd>{number(activeUsers)}</dd>
      </dl>
      <h3>{t('admin.certifications')}</h3>
      <QueryState loading={certifications.isLoading} error={certifications.error} />
      {certifications.data !== undefined &&
        (certifications.data.items.length === 0 ? (
          <p>{t('home.noCertifications')}</p>
        ) : (
          <ul className="plain-list">
            {certifications.data.items.map((item) => (
              <li key={item.id}>
                {agencyName(item.agencyId)}: {date(item.periodFrom)} – {date(item.periodTo)}
              </li>
            ))}
          </ul>
        ))}
    </Panel>
  );
}

/** The work panels of each role, in the order they are shown. */
function panelsFor(roles: readonly Role[], me: { id: string; agencyId?: string | null }) {
  const has = (role: Role) => roles.includes(role);
  const panels: ReactNode[] = [];
  if (has('investigator'))
    panels.push(
      <CasesPanel
        key="open-cases"
        id="open-cases"
        title="home.openCases"
        empty="home.noOpenCases"
        query={{ status: 'open', agencyId: me.agencyId ?? undefined }}
      />,
      <RequestsPanel key="my-requests" id="my-requests" title="home.myRequests" mine={me.id} />,
    );
  if (has('prosecutor'))
    panels.push(
      <CasesPanel
        key="in-prosecution"
        id="in-prosecution"
        title="home.inProsecution"
        empty="home.noCases"
        query={{ status: 'prosecution' }}
      />,
    );
  if (has('judge'))
    panels.push(
      <CasesPanel
        key="awaiting-verdict"
        id="awaiting-verdict"
        title="home.awaitingVerdict"
        empty="home.noCases"
        query={{ status: 'prosecution' }}
      />,
      <CasesPanel
        key="awaiting-final"
        id="awaiting-final"
        title="home.awaitingFinal"
        empty="home.noCases"
        query={{ status: 'verdict' }}
      />,
    );
  if (has('supervisor'))
    panels.push(
      <RequestsPanel key="to-decide" id="to-decide" title="home.toDecide" />,
      <IdleCasesPanel key="idle" />,
    );
  if (has('ngo_liaison')) panels.push(<AllegationsPanel key="allegations" />);
  if (has('auditor')) panels.push(<LogPanel key="log" />);
  if (has('administrator')) panels.push(<AdministrationPanel key="administration" />);
  return panels;
}

/**
 * The home screen of the signed-in user: the work of their roles first (their cases, requests,
 * register, log or administration), then the statistics they may see: the full figures for
 * those who may read the report, the published (suppressed) report for everyone else.
 */
export function Home() {
  const { t } = useI18n();
  const { me, can, roles } = usePermissions();
  return (
    <section aria-labelledby="dashboard-title">
      <h1 id="dashboard-title">{t('dashboard.title')}</h1>
      {me === undefined || me === null || can === undefined ? (
        <FiguresDashboard />
      ) : (
        <>
          <div className="home-panels">{panelsFor(roles, me)}</div>
          {can('report.read') ? (
            <FiguresDashboard />
          ) : can('report.public') ? (
            <PublishedReportBody />
          ) : null}
        </>
      )}
    </section>
  );
}
