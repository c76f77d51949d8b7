import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { fileName } from '../file-names.ts';
import type { CheckpointView } from '../../app/schemas/log.schemas.ts';
import { api, download } from '../api.ts';
import { QueryState } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';

/** The answer of POST /api/log/verify. */
interface VerifyResult {
  readonly ok: boolean;
  readonly logSize: number;
  readonly headSize: number;
  readonly rootHash: string;
  readonly recordsChecked: number;
  readonly checkpoints: readonly { size: number; ok: boolean }[];
  readonly problems: readonly { kind: string; message: string; entry?: number }[];
}

/** The log's signed checkpoint as it stands, and the key that verifies it. */
export function Checkpoint() {
  const { t, number } = useI18n();
  const checkpoint = useQuery({
    queryKey: ['log', 'checkpoint'],
    queryFn: () => api<CheckpointView>('/api/log/checkpoint'),
  });
  const key = useQuery({
    queryKey: ['log', 'public-key'],
    queryFn: () => api<{ origin: string; key: string }>('/api/log/public-key'),
    staleTime: Infinity,
  });
  return (
    <section aria-labelledby="checkpoint-title" className="panel">
      <h2 id="checkpoint-title">{t('audit.checkpoint')}</h2>
      <QueryState
        loading={checkpoint.isLoading || key.isLoading}
        error={checkpoint.error ?? key.error}
      />
      {checkpoint.data !== undefined && (
        <dl className="facts">
          <dt>{t('audit.logSize')}</dt>
          <dd data-testid="log-size">{number(checkpoint.data.size)}</dd>
          <dt>{t('audit.rootHash')}</dt>
          <dd>
            <code className="hash">{checkpoint.data.rootHash}</code>
          </dd>
          <dt>{t('audit.origin')}</dt>
          <dd>{checkpoint.data.origin}</dd>
          {key.data !== undefined && (
            <>
              <dt>{t('audit.publicKey')}</dt>
              <dd>
                <code className="hash">{key.data.key}</code>
              </dd>
            </>
          )}
        </dl>
      )}
      {checkpoint.data !== undefined && (
        <details>
          <summary>{t('audit.signedNote')}</summary>
          <pre className="json-block">{checkpoint.data.checkpoint}</pre>
        </details>
      )}
    </section>
  );
}

/** Verifies the log and the records now, and says what it found. */
export function Verify({ mayExport }: { mayExport: boolean }) {
  const { t, number } = useI18n();
  const [result, setResult] = useState<VerifyResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <section aria-labelledby="verify-title" className="panel">
      <h2 id="verify-title">{t('audit.verifyTitle')}</h2>
      <p className="hint">{t('audit.verifyHint')}</p>
      <div className="actions">
        <button
          type="button"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            setError(null);
            api<VerifyResult>('/api/log/verify', { body: { checkpoints: [] } })
              .then(setResult)
              .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)))
              .finally(() => setBusy(false));
          }}
        >
          {t('audit.verify')}
        </button>
        {mayExport && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setError(null);
              download(
                '/api/log/export',
                {},
                fileName(
                  t('export.auditLog', { date: new Date().toISOString().slice(0, 10) }),
                  'jsonl',
                ),
              ).catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
            }}
          >
            {t('audit.export')}
          </button>
        )}
      </div>
      {error !== null && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div role="status" data-testid="verify-result">
        {busy && <p>{t('audit.verifying')}</p>}
        {result !== null && !busy && (
          <>
            <p className={result.ok ? 'verify-ok' : 'verify-failed'}>
              <strong>
                {result.ok
                  ? t('audit.verified', {
                      records: number(result.recordsChecked),
                      size: number(result.logSize),
                    })
                  : t('audit.problemsFound', { count: result.problems.length })}
              </strong>
            </p>
            {result.problems.length > 0 && (
              <ul className="warnings">
                {result.problems.map((problem, index) => (
                  <li key={index}>
                    <strong>{problem.kind}</strong>: {problem.message}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </section>
  );
}
