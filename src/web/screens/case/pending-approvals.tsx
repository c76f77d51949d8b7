import { useQuery } from '@tanstack/react-query';
import { api, useFeatures } from '../../api.ts';
import { GenericTable, itemsOf } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/i18n.tsx';

/** Approvals waiting on this case, where the server has the four-eyes workflow. */
export function PendingApprovals({ caseId }: { caseId: string }) {
  const { t } = useI18n();
  const features = useFeatures();
  const available = features?.has('get', '/api/approvals') ?? false;
  const approvals = useQuery({
    queryKey: ['approvals', caseId],
    enabled: available,
    queryFn: () => api<unknown>('/api/approvals', { query: { caseId, status: 'pending' } }),
  });
  if (features === undefined) return null;
  if (!available) return <p className="muted">{t('approvals.notYet')}</p>;
  const rows = itemsOf(approvals.data).filter(
    (row) => row['caseId'] === undefined || row['caseId'] === caseId,
  );
  return <GenericTable rows={rows} caption={t('case.pendingApprovals')} />;
}
