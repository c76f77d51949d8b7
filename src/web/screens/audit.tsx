import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, useFeatures } from '../api.ts';
import { GenericTable, NotAvailable, QueryState, itemsOf } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** A GET endpoint's answer shown as it comes (its shape is the back end's to settle). */
function Readout({ path, title }: { path: string; title: string }) {
  const { t } = useI18n();
  const answer = useQuery({ queryKey: ['readout', path], queryFn: () => api<unknown>(path) });
  const rows = itemsOf(answer.data);
  return (
    <section aria-label={title}>
      <h2>{title}</h2>
      <QueryState loading={answer.isLoading} error={answer.error} />
      {rows.length > 0 ? (
        <GenericTable rows={rows.slice(0, 50)} caption={title} />
      ) : (
        answer.data !== undefined && (
          <pre className="json-block">{JSON.stringify(answer.data, null, 2)}</pre>
        )
      )}
      {answer.data === undefined && !answer.isLoading && answer.error === null && (
        <p>{t('common.none')}</p>
      )}
    </section>
  );
}

/** Audit log, latest checkpoint, verification and the integrity report, as the server offers them. */
export function AuditLog() {
  const { t } = useI18n();
  const features = useFeatures();
  const [result, setResult] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  if (features === undefined) return <p aria-busy="true">{t('common.loading')}</p>;
  const routes = features.under('/api/log');
  const reads = routes.filter((route) => route.method === 'GET' && !route.path.includes('{'));
  const verify = routes.find((route) => route.path.includes('verify'));
  const integrity = features.has('get', '/api/reports/integrity');
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title">{t('audit.title')}</h1>
      {routes.length === 0 ? (
        <NotAvailable what={t('audit.title')} />
      ) : (
        <>
          {verify !== undefined && (
            <div className="panel">
              <button
                type="button"
                disabled={busy}
                onClick={() => {
                  setBusy(true);
                  api<unknown>(verify.path, verify.method === 'POST' ? { body: {} } : {})
                    .then(setResult)
                    .catch((error: unknown) =>
                      setResult({ error: error instanceof Error ? error.message : String(error) }),
                    )
                    .finally(() => setBusy(false));
                }}
              >
                {t('audit.verify')}
              </button>
              {result !== null && (
                <pre className="json-block" role="status">
                  {JSON.stringify(result, null, 2)}
                </pre>
              )}
            </div>
          )}
          {reads.map((route) => (
            <Readout key={route.path} path={route.path} title={route.path.replace('/api/', '')} />
          ))}
        </>
      )}
      {integrity ? (
        <Readout path="/api/reports/integrity" title={t('audit.integrity')} />
      ) : (
        <NotAvailable what={t('audit.integrity')} />
      )}
    </section>
  );
}
