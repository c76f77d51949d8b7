import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import type { ApprovalListItemView } from '../../app/schemas/approvals.schemas.ts';
import { api } from '../api.ts';
import type { Page } from '../api.ts';
import { FormError, QueryState, TextArea, useSubmit } from '../components/ui.tsx';
import { useI18n, useVocabulary } from '../i18n/i18n.tsx';
import { usePermissions } from '../components/sign-in.tsx';
import type { UserView } from '../../app/schemas/agencies.schemas.ts';
import type { Translate } from '../i18n/i18n.tsx';
import type { MessageKey } from '../i18n/en.ts';
import { verdictOutcomes } from '../../core/vocabulary.ts';
import type { VerdictOutcome } from '../../core/vocabulary.ts';

const statuses = ['pending', 'approved', 'rejected'] as const;
type Status = (typeof statuses)[number];

const outcomeKeys = {
  convicted: 'outcome.convicted',
  acquitted: 'outcome.acquitted',
  dismissed: 'outcome.dismissed',
} as const satisfies Record<VerdictOutcome, MessageKey>;

/** A verdict's outcome from a request's payload, in words (as stored if unknown). */
function outcomeWords(value: unknown, t: Translate): string {
  const known = verdictOutcomes.find((outcome) => outcome === value);
  return known === undefined ? String(value) : t(outcomeKeys[known]);
}

/** What carrying out a request would do, in words (from its action and payload). */
export function consequence(
  request: ApprovalListItemView,
  t: Translate,
  date: (d: string) => string,
  names: { user: (id: string) => string; role: (code: string) => string } = {
    user: (id) => id,
    role: (code) => code,
  },
) {
  const on = typeof request.payload['occurredOn'] === 'string' ? request.payload['occurredOn'] : '';
  switch (request.action) {
    case 'case.close':
      return t('approvals.effect.close', { date: date(on) });
    case 'case.suspend':
      return t('approvals.effect.suspend', { date: date(on) });
    case 'charge.drop':
      return t('approvals.effect.drop');
    case 'verdict.correct':
      return t('approvals.effect.correctVerdict', {
        from: outcomeWords(request.payload['from'], t),
        to: outcomeWords(request.payload['outcome'], t),
      });
    case 'case.unseal':
      return t('approvals.effect.unseal');
    case 'case.seal': {
      const users = request.payload['userIds'];
      return t('approvals.effect.seal', { count: Array.isArray(users) ? users.length : 0 });
    }
    case 'record.delete':
      return t('approvals.effect.delete');
    case 'user.grant_roles': {
      const roles = request.payload['roles'];
      return t('approvals.effect.grantRoles', {
        user: names.user(request.targetId),
        roles: Array.isArray(roles) ? roles.map((role) => names.role(String(role))).join(', ') : '',
      });
    }
    case 'user.reset_password':
      return t('approvals.effect.resetPassword', { user: names.user(request.targetId) });
  }
}

/** One request: who asked, what, why and for which case, and the decision form. */
function ApprovalRequest({
  request,
  onDecided,
}: {
  request: ApprovalListItemView;
  onDecided: (message: string) => void;
}) {
  const { t, date, dateTime } = useI18n();
  const vocabulary = useVocabulary();
  const queryClient = useQueryClient();
  const titleId = useId();
  const [decision, setDecision] = useState<'' | 'approve' | 'reject'>('');
  const [note, setNote] = useState('');
  const { errors, busy, submit, refuse } = useSubmit(['decision', 'note', 'version']);
  // User requests name the user and translate the roles; only administrators may list users.
  const { can } = usePermissions();
  const users = useQuery({
    queryKey: ['users'],
    enabled: request.targetType === 'user' && can?.('user.manage') === true,
    queryFn: () => api<Page<UserView>>('/api/users', { query: { pageSize: 500 } }),
    staleTime: 30_000,
  });
  const names = {
    user: (id: string) => users.data?.items.find((user) => user.id === id)?.username ?? id,
    role: (code: string) => vocabulary('userRole', code),
  };
  const caseName =
    request.caseId === null
      ? null
      : request.caseReference === null
        ? t('approvals.sealedCase')
        : request.caseReference;
  return (
    <article className="panel approval" aria-labelledby={titleId} data-status={request.status}>
      <h2 id={titleId}>
        {vocabulary('approvalAction', request.action)}
        {caseName !== null && <> — {caseName}</>}
      </h2>
      <dl className="facts">
        <dt>{t('approvals.requestedBy')}</dt>
        <dd>
          {request.requestedByName ?? t('approvals.unknownUser')} · {dateTime(request.requestedAt)}
        </dd>
        <dt>{t('approvals.what')}</dt>
        <dd>{consequence(request, t, date, names)}</dd>
        <dt>{t('approvals.reason')}</dt>
        <dd>{vocabulary('reason', request.reasonCode)}</dd>
        <dt>{t('approvals.explanation')}</dt>
        <dd className="prose">{request.reasonText}</dd>
        {request.caseId !== null && request.caseReference !== null && (
          <>
            <dt>{t('approvals.case')}</dt>
            <dd>
              <Link to={`/cases/${request.caseId}`}>
                {t('approvals.openCase', { reference: request.caseReference })}
              </Link>
            </dd>
          </>
        )}
        {request.status !== 'pending' && (
          <>
            <dt>{t('approvals.decidedBy')}</dt>
            <dd>
              {vocabulary('approvalStatus', request.status)} ·{' '}
              {request.decidedByName ?? t('approvals.unknownUser')} · {dateTime(request.decidedAt)}
              {request.decisionNote !== null && <> · {request.decisionNote}</>}
            </dd>
          </>
        )}
      </dl>
      {request.status === 'pending' && (
        <form
          noValidate
          aria-label={t('approvals.decide')}
          onSubmit={(event) => {
            event.preventDefault();
            const problems: Record<string, string> = {};
            if (decision === '') problems['decision'] = t('approvals.chooseDecision');
            if (decision === 'reject' && note.trim() === '') {
              problems['note'] = t('approvals.noteRequired');
            }
            if (Object.keys(problems).length > 0) {
              refuse(problems);
              return;
            }
            void submit(async () => {
              const decided = await api<{ oneTimePassword?: string }>(
                `/api/approvals/${request.id}/${decision}`,
                {
                  body: {
                    version: request.version,
                    note: note.trim() === '' ? null : note.trim(),
                  },
                },
              );
              // An approved password reset hands the approver the one-time password, once.
              onDecided(
                decided.oneTimePassword !== undefined
                  ? t('approvals.oneTimePassword', { password: decided.oneTimePassword })
                  : decision === 'approve'
                    ? t('approvals.approvedDone', { what: consequence(request, t, date, names) })
                    : t('approvals.rejectedDone'),
              );
              await queryClient.invalidateQueries();
            });
          }}
        >
          <FormError errors={errors} />
          <fieldset
            className={
              errors.fields['decision'] === undefined
                ? 'field choices'
                : 'field choices field-invalid'
            }
            aria-describedby={errors.fields['decision'] === undefined ? undefined : `${titleId}-d`}
          >
            <legend className="required">{t('approvals.decision')}</legend>
            {(['approve', 'reject'] as const).map((value) => (
              <label key={value} className="checkbox">
                <input
                  type="radio"
                  name={`decision-${request.id}`}
                  value={value}
                  required
                  checked={decision === value}
                  onChange={() => setDecision(value)}
                />
                {t(value === 'approve' ? 'approvals.approve' : 'approvals.reject')}
              </label>
            ))}
            {errors.fields['decision'] !== undefined && (
              <span className="field-error" id={`${titleId}-d`} role="alert">
                {errors.fields['decision']}
              </span>
            )}
          </fieldset>
          <TextArea
            label={t('approvals.note')}
            name="note"
            hint={t('approvals.noteHint')}
            value={note}
            onChange={setNote}
            required={decision === 'reject'}
            error={errors.fields['note']}
          />
          <button type="submit" disabled={busy}>
            {t('approvals.submit')}
          </button>
        </form>
      )}
    </article>
  );
}

/**
 * The approvals inbox (four eyes): each request says who asked for what, why and on which case;
 * a supervisor other than the requester approves or rejects it with a note.
 */
export function Approvals() {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const [status, setStatus] = useState<Status>('pending');
  const [notice, setNotice] = useState<string | null>(null);
  const approvals = useQuery({
    queryKey: ['approvals', 'inbox', status],
    queryFn: () =>
      api<Page<ApprovalListItemView>>('/api/approvals', { query: { status, pageSize: 100 } }),
  });
  const items = approvals.data?.items ?? [];
  return (
    <section aria-labelledby="approvals-title">
      <h1 id="approvals-title">{t('approvals.title')}</h1>
      <p className="hint">{t('approvals.fourEyes')}</p>
      <div role="group" aria-label={t('approvals.show')} className="tabs">
        {statuses.map((value) => (
          <button
            key={value}
            type="button"
            className={value === status ? 'small' : 'small secondary'}
            aria-pressed={value === status}
            onClick={() => {
              setStatus(value);
              setNotice(null);
            }}
          >
            {vocabulary('approvalStatus', value)}
          </button>
        ))}
      </div>
      {notice !== null && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <QueryState loading={approvals.isLoading} error={approvals.error} />
      {approvals.data !== undefined && items.length === 0 && (
        <p>{t('approvals.none', { status: vocabulary('approvalStatus', status) })}</p>
      )}
      {approvals.data !== undefined && approvals.data.total > items.length && (
        <p className="hint">
          {t('approvals.more', { shown: items.length, total: approvals.data.total })}
        </p>
      )}
      {items.map((request) => (
        <ApprovalRequest
          key={`${request.id}-${request.version}`}
          request={request}
          onDecided={setNotice}
        />
      ))}
    </section>
  );
}
