import { useQuery } from '@tanstack/react-query';
import type { ApprovalListItemView } from '../../../app/schemas/approvals.schemas.ts';
import { api } from '../../api.ts';
import type { Page } from '../../api.ts';
import { QueryState } from '../../components/ui.tsx';
import { useI18n, useVocabulary } from '../../i18n/i18n.tsx';
import { consequence } from '../approvals.tsx';

/** The four-eyes requests waiting on this case: what each would do, who asked, when and why. */
export function PendingApprovals({ caseId }: { caseId: string }) {
  const { t, date, dateTime } = useI18n();
  const vocabulary = useVocabulary();
  const approvals = useQuery({
    queryKey: ['approvals', caseId],
    queryFn: () =>
      api<Page<ApprovalListItemView>>('/api/approvals', {
        query: { caseId, status: 'pending', pageSize: 100 },
      }),
  });
  const items = approvals.data?.items ?? [];
  return (
    <>
      <QueryState loading={approvals.isLoading} error={approvals.error} />
      {approvals.data !== undefined && items.length === 0 && (
        <p className="muted">
          {t('approvals.none', { status: vocabulary('approvalStatus', 'pending') })}
        </p>
      )}
      {items.length > 0 && (
        <ul className="pending-approvals">
          {items.map((request) => (
            <li key={request.id}>
              <strong>{vocabulary('approvalAction', request.action)}</strong>:{' '}
              {consequence(request, t, date)} · {vocabulary('reason', request.reasonCode)} ·{' '}
              {request.requestedByName ?? t('approvals.unknownUser')} ·{' '}
              {dateTime(request.requestedAt)}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
