import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import { api } from '../api.ts';
import { QueryState } from '../components/ui.tsx';
import { useAgencyName } from '../data.ts';
import type { CaseView } from '../data.ts';
import { useCitizenship } from '../countries.ts';
import { useI18n, useVocabulary } from '../i18n/i18n.tsx';
import { CaseEditForm, CaseTeam } from './case/case-edit.tsx';
import { AddChargeForm } from './case/charge-form.tsx';
import { ChargeCorrection, EventCorrection, PersonCorrection } from './case/corrections.tsx';
import { DeletePersonRequest, VerdictCorrectionRequest } from './case/four-eyes-requests.tsx';
import { RecordHistory } from './case/record-history.tsx';
import { SentenceCorrection } from './case/sentence-correction.tsx';
import { EventForm } from './case/event-form.tsx';
import { Identity } from './case/identity.tsx';
import { PendingApprovals } from './case/pending-approvals.tsx';
import { AddPersonForm } from './case/person-form.tsx';
import { Screenings } from './case/screening.tsx';
import { ChargeRange, SentenceRangeCheck } from './case/sentence-check.tsx';
import { usePersonLabel } from './case/shared.ts';
import { VictimRecordForm } from './case/victim-record-form.tsx';

/**
 * A case: the record (facts, timeline, persons, victims, charges, verdicts and sentences, each
 * corrected in place with a reason and its history at hand, and the case's team) apart from the
 * forms that add to it; printed, the page is the record alone.
 */
export function CasePage() {
  const { id = '' } = useParams();
  const { t, date, dateTime, number } = useI18n();
  const [editing, setEditing] = useState(false);
  const [showTeam, setShowTeam] = useState(false);
  const vocabulary = useVocabulary();
  const agencyName = useAgencyName();
  const citizenship = useCitizenship();
  const caseQuery = useQuery({
    queryKey: ['case', id],
    queryFn: () => api<CaseView>(`/api/cases/${id}`),
  });
  const caseView = caseQuery.data;
  const personLabel = usePersonLabelSafe(caseView);
  if (caseView === undefined) {
    return <QueryState loading={caseQuery.isLoading} error={caseQuery.error} />;
  }
  const chargeById = (chargeId: string | null) =>
    caseView.charges.find((charge) => charge.id === chargeId);
  return (
    <article aria-labelledby="case-title" data-case-version={caseView.version}>
      <h1 id="case-title">
        {t('case.title', { reference: caseView.reference })}{' '}
        <span className={`status status-${caseView.status}`} data-testid="case-status">
          {vocabulary('status', caseView.status)}
        </span>
        {caseView.sealed && <span className="badge">{t('case.sealed')}</span>}
      </h1>
      <p className="print-only">{t('case.printedOn', { date: date(new Date().toISOString()) })}</p>
      <div className="toolbar no-print">
        <button type="button" className="secondary" onClick={() => window.print()}>
          {t('case.print')}
        </button>
        {!editing && (
          <button type="button" className="secondary" onClick={() => setEditing(true)}>
            {t('caseEdit.edit')}
          </button>
        )}
      </div>
      {editing && <CaseEditForm caseView={caseView} onDone={() => setEditing(false)} />}

      <div className="case-record" aria-labelledby="case-record-title" role="region">
        <h2 id="case-record-title">{t('case.record')}</h2>
        <dl className="facts">
          <dt>{t('common.jurisdiction')}</dt>
          <dd>{caseView.jurisdiction}</dd>
          <dt>{t('cases.openedOn')}</dt>
          <dd>{date(caseView.openedOn)}</dd>
          <dt>{t('newCase.openingAgency')}</dt>
          <dd data-testid="opening-agency">{agencyName(caseView.openingAgencyId)}</dd>
          <dt>{t('cases.origin')}</dt>
          <dd>{vocabulary('origin', caseView.origin)}</dd>
          <dt>{t('newCase.registeredArticle')}</dt>
          <dd>
            {caseView.registeredProvision === null
              ? '—'
              : t('common.articleN', { article: caseView.registeredProvision.article })}
          </dd>
        </dl>
        {caseView.summary !== null && <p>{caseView.summary}</p>}
        <RecordHistory type="case" id={caseView.id} name={caseView.reference} />

        <section aria-labelledby="approvals-title" className="no-print">
          <h2 id="approvals-title">{t('case.pendingApprovals')}</h2>
          <PendingApprovals caseId={caseView.id} />
        </section>

        <section aria-labelledby="timeline-title">
          <h2 id="timeline-title">{t('case.timeline')}</h2>
          <ol className="timeline" data-testid="timeline">
            {caseView.events.map((event) => (
              <li key={event.id}>
                <time dateTime={event.occurredOn}>{date(event.occurredOn)}</time>{' '}
                <strong>{vocabulary('event', event.kind)}</strong>{' '}
                <span className="muted">
                  {vocabulary('status', event.fromStatus)} → {vocabulary('status', event.toStatus)}
                </span>
                {event.personId !== null && <> · {personLabel(event.personId)}</>}
                {event.reasonCode !== null && <> · {vocabulary('reason', event.reasonCode)}</>}
                {event.kind === 'appeal' ? (
                  <>
                    {event.appellant !== null && (
                      <>
                        {' '}
                        · {t('case.appealBy', { who: vocabulary('appellant', event.appellant) })}
                      </>
                    )}
                    {event.agencyId !== null && (
                      <> · {t('case.appealHeardBy', { court: agencyName(event.agencyId) })}</>
                    )}
                  </>
                ) : (
                  event.agencyId !== null && <> · {agencyName(event.agencyId)}</>
                )}
                {event.reasonText !== null && <> · {event.reasonText}</>}
                <span className="hint">
                  {t('case.recordedBy', { at: dateTime(event.recordedAt) })}
                </span>{' '}
                <EventCorrection caseView={caseView} event={event} />{' '}
                <RecordHistory
                  type="case_event"
                  id={event.id}
                  name={`${vocabulary('event', event.kind)}, ${date(event.occurredOn)}`}
                />
              </li>
            ))}
          </ol>
          {caseView.events.length === 0 && <p>{t('case.noEvents')}</p>}
        </section>

        <section aria-labelledby="persons-title">
          <h2 id="persons-title">{t('case.persons')}</h2>
          {(['suspect', 'victim', 'witness'] as const).map((role) => {
            const persons = caseView.persons.filter((p) => p.role === role);
            return (
              <div key={role} data-testid={`persons-${role}`}>
                <h3>{t(`case.role.${role}`, { count: persons.length })}</h3>
                {persons.length === 0 ? (
                  <p className="muted">{t('common.none')}</p>
                ) : (
                  <ul className="persons">
                    {persons.map((person) => (
                      <li key={person.id}>
                        <strong>{personLabel(person.id)}</strong> · {vocabulary('sex', person.sex)}{' '}
                        ·{' '}
                        {person.age === null
                          ? t('person.ageNotRecorded')
                          : person.age.kind === 'unknown'
                            ? t('person.ageUnknown')
                            : t(person.age.kind === 'exact' ? 'person.age' : 'person.ageAbout', {
                                years: person.age.years ?? 0,
                              })}{' '}
                        · {citizenship.nameOf(person.citizenship)}
                        {person.publicOfficial === 'yes' && (
                          <span className="badge">{t('person.isOfficial')}</span>
                        )}
                        <span className="no-print">
                          <PersonCorrection
                            caseView={caseView}
                            person={person}
                            name={personLabel(person.id)}
                          />{' '}
                          <RecordHistory
                            type="person"
                            id={person.id}
                            name={personLabel(person.id)}
                          />{' '}
                          <DeletePersonRequest
                            caseView={caseView}
                            person={person}
                            name={personLabel(person.id)}
                          />
                        </span>
                        <Identity person={person} />
                      </li>
                    ))}
                  </ul>
                )}
              </div>
            );
          })}
        </section>

        <section aria-labelledby="victims-title">
          <h2 id="victims-title">{t('case.victims')}</h2>
          {caseView.persons
            .filter((p) => p.role === 'victim')
            .map((person) => {
              const record = caseView.victims.find((v) => v.personId === person.id);
              return (
                <details key={`${person.id}-${record?.version ?? 0}`} className="victim">
                  <summary>
                    {personLabel(person.id)}:{' '}
                    {record?.forms === null || record?.forms === undefined
                      ? t('victim.formsNotRecorded')
                      : record.forms.map((f) => vocabulary('exploitation', f)).join(', ')}
                    {record !== undefined && (
                      <>
                        {' '}
                        · {t('victim.referred')}: {vocabulary('tri', record.referredToServices)}
                      </>
                    )}
                  </summary>
                  <VictimRecordForm caseView={caseView} person={person} record={record} />
                  {record !== undefined && (
                    <RecordHistory
                      type="victim_record"
                      id={person.id}
                      name={t('victim.formFor', { label: personLabel(person.id) })}
                    />
                  )}
                  <Screenings caseView={caseView} person={person} />
                </details>
              );
            })}
        </section>

        <section aria-labelledby="charges-title">
          <h2 id="charges-title">{t('case.charges')}</h2>
          {caseView.charges.length === 0 ? (
            <p className="muted">{t('common.none')}</p>
          ) : (
            <div className="table-wrap">
              <table data-testid="charges">
                <thead>
                  <tr>
                    <th scope="col">{t('charge.suspect')}</th>
                    <th scope="col">{t('charge.provision')}</th>
                    <th scope="col">{t('charge.form')}</th>
                    <th scope="col">{t('charge.chargedOn')}</th>
                    <th scope="col">{t('charge.status')}</th>
                    <th scope="col">{t('charge.range')}</th>
                    <th scope="col" className="no-print">
                      {t('common.actions')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {caseView.charges.map((charge) => (
                    <tr key={charge.id}>
                      <td>{personLabel(charge.personId)}</td>
                      <td>
                        {t('common.articleN', { article: charge.statute.article })}
                        {charge.statute.part !== null && charge.statute.part !== undefined
                          ? ` (${charge.statute.part})`
                          : ''}{' '}
                        <span className="muted">{charge.statute.instrument}</span>
                      </td>
                      <td>{vocabulary('form', charge.form)}</td>
                      <td>{date(charge.chargedOn)}</td>
                      <td>{vocabulary('chargeStatus', charge.status)}</td>
                      <td>
                        <ChargeRange charge={charge} />
                      </td>
                      <td className="no-print">
                        <ChargeCorrection
                          caseView={caseView}
                          charge={charge}
                          name={personLabel(charge.personId)}
                        />{' '}
                        <RecordHistory
                          type="charge"
                          id={charge.id}
                          name={t('common.articleN', { article: charge.statute.article })}
                        />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>

        <section aria-labelledby="verdicts-title">
          <h2 id="verdicts-title">{t('case.verdicts')}</h2>
          {caseView.verdicts.length === 0 ? (
            <p className="muted">{t('common.none')}</p>
          ) : (
            <ul>
              {caseView.verdicts.map((verdict) => (
                <li key={verdict.id}>
                  {date(verdict.decidedOn)} · {personLabel(verdict.personId)} ·{' '}
                  {t('common.articleN', {
                    article: chargeById(verdict.chargeId)?.statute.article ?? '?',
                  })}{' '}
                  · <strong>{vocabulary('outcome', verdict.outcome)}</strong>
                  {verdict.onAppeal && <> · {t('case.onAppeal')}</>}{' '}
                  <VerdictCorrectionRequest
                    caseView={caseView}
                    verdict={verdict}
                    name={personLabel(verdict.personId)}
                  />{' '}
                  <RecordHistory
                    type="verdict"
                    id={verdict.id}
                    name={`${vocabulary('event', 'verdict')}, ${personLabel(verdict.personId)}`}
                  />
                </li>
              ))}
            </ul>
          )}
          <h3>{t('case.sentences')}</h3>
          {caseView.sentences.length === 0 ? (
            <p className="muted">{t('common.none')}</p>
          ) : (
            <ul data-testid="sentences">
              {caseView.sentences.map((sentence) => (
                <li key={sentence.id}>
                  {date(sentence.sentencedOn)} · {personLabel(sentence.personId)} ·{' '}
                  {sentence.life
                    ? t('range.life')
                    : sentence.imprisonmentMonths === null
                      ? t('sentence.noImprisonment')
                      : t('range.months', { n: sentence.imprisonmentMonths })}
                  {sentence.suspended && <> ({t('sentence.suspended')})</>}
                  {sentence.fine !== null && (
                    <>
                      {' '}
                      · {t('sentence.fine')} {number(sentence.fine.amount)} {sentence.fine.currency}
                    </>
                  )}{' '}
                  ·{' '}
                  <SentenceRangeCheck
                    sentence={sentence}
                    {...(chargeById(sentence.chargeId) === undefined
                      ? {}
                      : { charge: chargeById(sentence.chargeId) })}
                  />{' '}
                  <SentenceCorrection
                    caseView={caseView}
                    sentence={sentence}
                    charge={chargeById(sentence.chargeId)}
                    name={personLabel(sentence.personId)}
                  />{' '}
                  <RecordHistory
                    type="sentence"
                    id={sentence.id}
                    name={personLabel(sentence.personId)}
                  />
                </li>
              ))}
            </ul>
          )}
        </section>

        <section aria-labelledby="team-title">
          <h2 id="team-title">{t('case.team')}</h2>
          {showTeam ? (
            <CaseTeam caseView={caseView} />
          ) : (
            <button type="button" className="secondary no-print" onClick={() => setShowTeam(true)}>
              {t('case.team')}
            </button>
          )}
        </section>
      </div>

      <section aria-labelledby="entry-title" className="data-entry no-print">
        <h2 id="entry-title">{t('case.dataEntry')}</h2>
        <p className="hint">{t('case.dataEntryHint')}</p>
        <div className="panel">
          <h3 id="record-title" className="visually-hidden">
            {t('case.recordEvent')}
          </h3>
          <EventForm caseView={caseView} />
        </div>
        <div className="panel">
          <AddPersonForm caseView={caseView} />
        </div>
        <div className="panel">
          <AddChargeForm caseView={caseView} />
        </div>
      </section>
    </article>
  );
}

/** usePersonLabel before the case has loaded (hooks must run unconditionally). */
function usePersonLabelSafe(caseView: CaseView | undefined): (id: string | null) => string {
  const label = usePersonLabel(caseView ?? { persons: [] });
  return label;
}
