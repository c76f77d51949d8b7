import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import type { IntegrityReport } from '../../app/schemas/integrity.schemas.ts';
import { api } from '../api.ts';
import { QueryState, SelectField, TextField } from '../components/ui.tsx';
import { useYearRange } from '../data.ts';
import { useI18n, useVocabulary } from '../i18n/i18n.tsx';

/** A table of counts by a key (reason, approver, status), with the key's label. */
function CountTable({
  caption,
  head,
  rows,
}: {
  caption: string;
  head: string;
  rows: readonly [string, number][];
}) {
  const { t, number } = useI18n();
  if (rows.length === 0) return <p>{t('common.none')}</p>;
  return (
    <table>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{head}</th>
          <th scope="col">{t('audit.count')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([key, count]) => (
          <tr key={key}>
            <td>{key}</td>
            <td>{number(count)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The integrity report of a year: closures, idle cases, complicity, sealed cases, four eyes. */
export function Integrity() {
  const { t, date, number } = useI18n();
  const vocabulary = useVocabulary();
  const years = useYearRange();
  const [chosen, setYear] = useState<number | null>(null);
  const [idleDays, setIdleDays] = useState('180');
  const year = chosen ?? years.data?.last ?? null;
  const threshold = /^\d+$/.test(idleDays) && Number(idleDays) > 0 ? Number(idleDays) : 180;
  const report = useQuery({
    queryKey: ['integrity', year, threshold],
    enabled: year !== null,
    queryFn: () =>
      api<IntegrityReport>('/api/reports/integrity', { query: { year, idleDays: threshold } }),
  });
  const options: number[] = [];
  if (years.data !== undefined) {
    const current = new Date().getUTCFullYear();
    for (let y = Math.max(years.data.last, current); y >= years.data.first; y -= 1) options.push(y);
  }
  const data = report.data;
  return (
    <section aria-labelledby="integrity-title">
      <h2 id="integrity-title">{t('audit.integrity')}</h2>
      <div className="toolbar">
        <SelectField
          label={t('common.year')}
          value={year === null ? '' : String(year)}
          onChange={(value) => setYear(Number(value))}
          options={options.map((y) => ({ value: String(y), label: String(y) }))}
        />
        <TextField
          label={t('audit.idleDays')}
          type="number"
          value={idleDays}
          onChange={setIdleDays}
        />
      </div>
      <QueryState
        loading={years.isLoading || report.isLoading}
        error={years.error ?? report.error}
      />
      {data !== undefined && (
        <>
          <p>{t('audit.asOf', { date: date(data.asOf) })}</p>
          <h3>{t('audit.closures')}</h3>
          <dl className="facts">
            <dt>{t('audit.closed')}</dt>
            <dd>{number(data.closures.total)}</dd>
            <dt>{t('audit.suspended')}</dt>
            <dd>{number(data.closures.suspensions)}</dd>
            <dt>{t('audit.droppedCharges')}</dt>
            <dd>{number(data.droppedCharges.length)}</dd>
            <dt>{t('audit.correctedVerdicts')}</dt>
            <dd>{number(data.correctedVerdicts.length)}</dd>
            <dt>{t('audit.victimDriven')}</dt>
            <dd>
              {number(
                data.victimWithdrewOrCompensated.cases.length +
                  data.victimWithdrewOrCompensated.droppedCharges.length,
              )}
            </dd>
          </dl>
          <div className="chart-row">
            <CountTable
              caption={t('audit.byReason')}
              head={t('audit.reason')}
              rows={Object.entries(data.closures.byReason).map(([reason, count]) => [
                vocabulary('reason', reason),
                count,
              ])}
            />
            <CountTable
              caption={t('audit.byApprover')}
              head={t('audit.approver')}
              rows={Object.entries(data.closures.byApprover)}
            />
          </div>
          <h3>{t('audit.idleCases', { days: number(data.idleThresholdDays) })}</h3>
          {data.idleCases.length === 0 ? (
            <p>{t('home.noIdleCases')}</p>
          ) : (
            <table>
              <caption className="visually-hidden">
                {t('audit.idleCases', { days: number(data.idleThresholdDays) })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">{t('cases.reference')}</th>
                  <th scope="col">{t('cases.status')}</th>
                  <th scope="col">{t('audit.lastActivity')}</th>
                  <th scope="col">{t('audit.idleFor')}</th>
                </tr>
              </thead>
              <tbody>
                {data.idleCases.map((item) => (
                  <tr key={item.caseId}>
                    <td>
                      <Link to={`/cases/${item.caseId}`}>{item.reference ?? t('case.sealed')}</Link>
                    </td>
                    <td>{vocabulary('status', item.status)}</td>
                    <td>{date(item.lastActivityOn)}</td>
                    <td>{t('audit.days', { count: item.idleDays })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{t('audit.fourEyes')}</h3>
          <p>{t('audit.selfApprovals', { count: data.fourEyes.selfApprovalAttempts })}</p>
          {data.fourEyes.pending.length === 0 ? (
            <p>{t('home.noRequests')}</p>
          ) : (
            <table>
              <caption className="visually-hidden">{t('audit.fourEyes')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.request')}</th>
                  <th scope="col">{t('audit.reason')}</th>
                  <th scope="col">{t('audit.requestedBy')}</th>
                  <th scope="col">{t('audit.waiting')}</th>
                </tr>
              </thead>
              <tbody>
                {data.fourEyes.pending.map((item) => (
                  <tr key={item.id}>
                    <td>{vocabulary('approvalAction', item.action)}</td>
                    <td>{vocabulary('reason', item.reasonCode)}</td>
                    <td>{item.requestedBy ?? t('common.unknown')}</td>
                    <td>{t('audit.days', { count: item.waitingDays })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{t('audit.privilegeChanges')}</h3>
          {data.fourEyes.privilegeChanges.length === 0 ? (
            <p>{t('audit.noPrivilegeChanges')}</p>
          ) : (
            <table data-testid="privilege-changes">
              <caption className="visually-hidden">{t('audit.privilegeChanges')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.request')}</th>
                  <th scope="col">{t('audit.user')}</th>
                  <th scope="col">{t('audit.requestedBy')}</th>
                  <th scope="col">{t('audit.approvedBy')}</th>
                  <th scope="col">{t('audit.decidedOn')}</th>
                </tr>
              </thead>
              <tbody>
                {data.fourEyes.privilegeChanges.map((item) => (
                  <tr key={item.approvalRequestId}>
                    <td>{vocabulary('approvalAction', item.action)}</td>
                    <td>{item.user ?? t('common.unknown')}</td>
                    <td>{item.requestedBy ?? t('common.unknown')}</td>
                    <td>{item.approvedBy ?? t('common.unknown')}</td>
                    <td>{date(item.decidedOn)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{t('audit.complicity')}</h3>
          {data.complicity.byStatus.length === 0 ? (
            <p>{t('home.noAllegations')}</p>
          ) : (
            <table>
              <caption className="visually-hidden">{t('audit.complicity')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('complicity.status')}</th>
                  <th scope="col">{t('audit.count')}</th>
                  <th scope="col">{t('audit.oldest')}</th>
                </tr>
              </thead>
              <tbody>
                {data.complicity.byStatus.map((item) => (
                  <tr key={item.status}>
                    <td>{vocabulary('allegationStatus', item.status)}</td>
                    <td>{number(item.count)}</td>
                    <td>{t('audit.days', { count: item.oldestDays })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>{t('audit.sealed')}</h3>
          <dl className="facts">
            <dt>{t('audit.sealedThisYear')}</dt>
            <dd>{number(data.sealed.sealedThisYear)}</dd>
            <dt>{t('audit.unsealedThisYear')}</dt>
            <dd>{number(data.sealed.unsealedThisYear)}</dd>
          </dl>
          {data.sealed.access.length > 0 && (
            <table>
              <caption className="visually-hidden">{t('audit.sealed')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('audit.user')}</th>
                  <th scope="col">{t('audit.views')}</th>
                  <th scope="col">{t('audit.refused')}</th>
                </tr>
              </thead>
              <tbody>
                {data.sealed.access.map((item) => (
                  <tr key={`${item.caseId}-${item.actor}`}>
                    <td>{item.actor}</td>
                    <td>{number(item.views)}</td>
                    <td>{number(item.refused)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
