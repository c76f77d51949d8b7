import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import type { MatchCandidateView, MatchRunView } from '../../app/schemas/estimates.schemas.ts';
import { api } from '../api.ts';
import { FormError, TextArea, useSubmit } from '../components/ui.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { JurisdictionField, useReportPickers } from '../components/report-pickers.tsx';

type Status = 'linked' | 'distinct' | 'withdrawn';

type Candidate = MatchCandidateView;
type MatchRun = MatchRunView;

const key = (c: Candidate) => `${c.personA}|${c.personB}`;

const basisLabel: Readonly<Record<string, MessageKey>> = {
  document: 'matches.basis.document',
  name: 'matches.basis.name',
  alias: 'matches.basis.alias',
  'birth date': 'matches.basis.birthDate',
  'birth year': 'matches.basis.birthYear',
};
const statusLabel: Readonly<Record<Status, MessageKey>> = {
  linked: 'matches.status.linked',
  distinct: 'matches.status.distinct',
  withdrawn: 'matches.status.withdrawn',
};
const actionLabel: Readonly<Record<Status, MessageKey>> = {
  linked: 'matches.do.linked',
  distinct: 'matches.do.distinct',
  withdrawn: 'matches.do.withdrawn',
};

/** One pair: the two records, what agreed, the decision taken, and the form to take or change it. */
function Pair({
  candidate,
  onDecided,
}: {
  candidate: Candidate;
  onDecided: (c: Candidate) => void;
}) {
  const { t } = useI18n();
  const titleId = useId();
  const [reason, setReason] = useState('');
  const { errors, busy, submit, refuse } = useSubmit(['reason', 'version', 'personA', 'personB']);
  // Undecided: one person or two. Linked: undo it. Decided otherwise: link after all.
  const choices: readonly Status[] =
    candidate.status === null
      ? ['linked', 'distinct']
      : candidate.status === 'linked'
        ? ['withdrawn']
        : ['linked'];
  const record = (caseId: string, reference: string, label: string | null) => (
    <Link to={`/cases/${caseId}`}>
      {reference}
      {label === null ? '' : ` · ${label}`}
    </Link>
  );
  function decide(decision: Status) {
    if (reason.trim().length < 3) {
      refuse({ reason: t('matches.reasonRequired') });
      return;
    }
    void submit(async () => {
      const row = await api<{ status: Status; version: number }>('/api/victims/links', {
        body: {
          personA: candidate.personA,
          personB: candidate.personB,
          decision,
          reason: reason.trim(),
          ...(candidate.version === null ? {} : { version: candidate.version }),
        },
      });
      setReason('');
      onDecided({ ...candidate, status: row.status, version: row.version });
    });
  }
  return (
    <article className="panel" aria-labelledby={titleId} data-pair={key(candidate)}>
      <h3 id={titleId}>
        {record(candidate.caseA, candidate.referenceA, candidate.labelA)} ~{' '}
        {record(candidate.caseB, candidate.referenceB, candidate.labelB)}
      </h3>
      <dl className="facts">
        <dt>{t('matches.agreed')}</dt>
        <dd>
          {t(candidate.strength === 'certain' ? 'matches.certain' : 'matches.possible')}:{' '}
          {candidate.basis
            .map((b) => {
              const label = basisLabel[b];
              return label === undefined ? b : t(label);
            })
            .join(', ')}
        </dd>
        <dt>{t('matches.decision')}</dt>
        <dd data-testid="pair-status">
          {candidate.status === null ? t('matches.undecided') : t(statusLabel[candidate.status])}
        </dd>
      </dl>
      <form noValidate aria-label={t('matches.decide')} onSubmit={(e) => e.preventDefault()}>
        <FormError errors={errors} />
        <TextArea
          label={t('matches.reason')}
          name="reason"
          hint={t('matches.reasonHint')}
          value={reason}
          onChange={setReason}
          required
          error={errors.fields['reason']}
        />
        <div className="toolbar">
          {choices.map((choice) => (
            <button key={choice} type="button" disabled={busy} onClick={() => decide(choice)}>
              {t(actionLabel[choice])}
            </button>
          ))}
        </div>
      </form>
    </article>
  );
}

/**
 * One victim recorded by several agencies: run the match (keyed digests; no identity is shown)
 * and decide the possible pairs. Deciding needs a place on both cases' teams, where the two
 * identities can be compared; the server refuses anyone else and the form says so.
 */
export function VictimMatches() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  // A match or a decision changes the persons counted and the estimate shown elsewhere.
  const refreshEstimates = () =>
    queryClient.invalidateQueries({
      predicate: (query) =>
        query.queryKey[0] === 'victim-estimate' ||
        query.queryKey[0] === 'victim-estimate-public' ||
        query.queryKey[0] === 'annual-report',
    });
  const pickers = useReportPickers();
  const [run, setRun] = useState<MatchRun | null>(null);
  const { errors, busy, submit } = useSubmit([]);
  const [decided, setDecided] = useState<Record<string, Candidate>>({});
  const current = (c: Candidate) => decided[key(c)] ?? c;
  const pairs = run?.candidates.map(current) ?? [];
  const queue = pairs.filter((c) => c.status === null || decided[key(c)] !== undefined);
  const settled = pairs.filter((c) => c.status !== null && decided[key(c)] === undefined);
  return (
    <section aria-labelledby="matches-title">
      <h1 id="matches-title">{t('matches.title')}</h1>
      <p>{t('matches.intro')}</p>
      <form
        className="toolbar"
        aria-label={t('matches.run')}
        onSubmit={(event) => {
          event.preventDefault();
          void submit(async () => {
            setRun(
              await api<MatchRun>('/api/victims/match', {
                body: { jurisdiction: pickers.jurisdiction },
              }),
            );
            setDecided({});
            await refreshEstimates();
          });
        }}
      >
        <JurisdictionField pickers={pickers} />
        <button type="submit" disabled={busy || pickers.jurisdiction === ''}>
          {t('matches.run')}
        </button>
      </form>
      <FormError errors={errors} />
      {run !== null && (
        <>
          <p role="status" data-testid="match-summary">
            {t('matches.summary', {
              compared: run.compared,
              sealed: run.sealedSkipped,
              pairs: run.candidates.length,
              linked: run.linkedNow,
            })}
          </p>
          <h2>{t('matches.queue', { count: queue.length })}</h2>
          {queue.length === 0 ? (
            <p>{t('matches.queueEmpty')}</p>
          ) : (
            queue.map((c) => (
              <Pair
                key={key(c)}
                candidate={c}
                onDecided={(next) => {
                  setDecided((all) => ({ ...all, [key(next)]: next }));
                  void refreshEstimates();
                }}
              />
            ))
          )}
          <h2>{t('matches.decided', { count: settled.length })}</h2>
          {settled.map((c) => (
            <Pair
              key={key(c)}
              candidate={c}
              onDecided={(next) => setDecided((all) => ({ ...all, [key(next)]: next }))}
            />
          ))}
        </>
      )}
    </section>
  );
}
