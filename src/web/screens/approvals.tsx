import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, useFeatures } from '../api.ts';
import { GenericTable, NotAvailable, QueryState, itemsOf } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/**
 * The approvals inbox (four eyes). The back end is being built: the screen reads the server's
 * OpenAPI document and offers each `POST /api/approvals/{id}/<action>` it finds as a button.
 */
export function Approvals() {
  const { t } = useI18n();
  const features = useFeatures();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  const available = features?.has('get', '/api/approvals') ?? false;
  const approvals = useQuery({
    queryKey: ['approvals'],
    enabled: available,
    queryFn: () => api<unknown>('/api/approvals', { query: { status: 'pending' } }),
  });
  const actions = (features?.under('/api/approvals/{id}/') ?? [])
    .filter((route) => route.method === 'POST')
    .map((route) => route.path.slice('/api/approvals/{id}/'.length))
    .filter((action) => !action.includes('/'));
  return (
    <section aria-labelledby="approvals-title">
      <h1 id="approvals-title">{t('approvals.title')}</h1>
      {features === undefined ? (
        <p aria-busy="true">{t('common.loading')}</p>
      ) : !available ? (
        <NotAvailable what={t('approvals.title')} />
      ) : (
        <>
          <p className="hint">{t('approvals.fourEyes')}</p>
          {message !== null && (
            <p role="status" className="notice">
              {message}
            </p>
          )}
          <QueryState loading={approvals.isLoading} error={approvals.error} />
          <GenericTable
            rows={itemsOf(approvals.data)}
            caption={t('approvals.pending')}
            actions={(row) =>
              actions.map((action) => (
                <button
                  key={action}
                  type="button"
                  className="small"
                  onClick={() => {
                    const reason = window.prompt(t('approvals.reason')) ?? '';
                    api(`/api/approvals/${String(row['id'])}/${action}`, { body: { reason } })
                      .then(() => {
                        setMessage(t('approvals.done', { action }));
                        return queryClient.invalidateQueries();
                      })
                      .catch((error: unknown) =>
                        setMessage(error instanceof Error ? error.message : String(error)),
                      );
                  }}
                >
                  {action}
                </button>
              ))
            }
          />
        </>
      )}
    </section>
  );
}
