import { useEffect, useId, useState } from 'react';
import { api, ApiError, download, sendFile } from '../api.ts';
import { FormError, SelectField, TextArea, TextField, useSubmit } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { suggestColumns, mappingOf, lastKey, readLast } from './import-mapping.ts';
import type { MappedField, Choices } from './import-mapping.ts';

interface Upload {
  id: string;
  name: string;
  size: number;
  encoding: string;
  headers: string[];
  limit: number;
}
interface Problem {
  row: number;
  column: string;
  value: string;
  reason: string;
}
interface Run {
  id: string;
  mode: Mode;
  status: 'running' | 'done' | 'failed';
  progress: { cases: number; totalCases: number; rows: number; totalRows: number } | null;
  result: {
    cases: { created: number; updated: number; unchanged: number; rejected: number };
    problems: Problem[];
    committed: boolean;
    grouped: boolean;
    hasRejects: boolean;
  } | null;
  error: { error: string; message: string } | null;
}
type Mode = 'dry-run' | 'atomic' | 'partial';

const shownProblems = 200;
/** The server's default upload limit (src/app/import/uploads.ts); a 413 says the actual one. */
const uploadLimitBytes = 128 * 1024 * 1024;

/** Spreadsheets in: upload, map the columns, check (dry run), import with progress, rejects. */
export function ImportRecords() {
  const { t } = useI18n();
  const titleId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [upload, setUpload] = useState<Upload | null>(null);
  const [choices, setChoices] = useState<Choices | null>(null);
  const last = readLast();
  const [settings, setSettings] = useState(
    last?.settings ?? {
      source: '',
      jurisdiction: 'KG',
      agency: '',
      format: 'any',
      role: 'suspect',
    },
  );
  const [mapping, setMapping] = useState('');
  const [run, setRun] = useState<Run | null>(null);
  const { errors, busy, submit, refuse } = useSubmit(['name', 'mapping', 'mode']);

  // Polls the run until it is done.
  useEffect(() => {
    if (run === null || run.status !== 'running') return;
    const timer = setTimeout(() => {
      void api<Run>(`/api/imports/runs/${run.id}`).then(setRun, () => undefined);
    }, 300);
    return () => clearTimeout(timer);
  }, [run]);

  function onUpload() {
    if (file === null) return;
    void submit(async () => {
      try {
        const type = file.name.toLowerCase().endsWith('.xlsx')
          ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
          : 'text/csv';
        const uploaded = await sendFile<Upload>(
          '/api/imports/uploads',
          { name: file.name },
          file,
          type,
        );
        const suggested = suggestColumns(uploaded.headers, last?.choices ?? null);
        const next = {
          ...settings,
          source: settings.source || uploaded.name.replace(/\.[^.]*$/, ''),
        };
        setUpload(uploaded);
        setChoices(suggested);
        setSettings(next);
        setMapping(mappingOf(next, suggested));
        setRun(null);
      } catch (error) {
        if (error instanceof ApiError && error.status === 413) {
          const limit = Number(error.details['limitBytes'] ?? uploadLimitBytes);
          refuse({ name: t('import.tooLarge', { mb: Math.round(limit / 1024 / 1024) }) });
          return;
        }
        throw error;
      }
    });
  }

  function start(mode: Mode) {
    if (upload === null || choices === null) return;
    void submit(async () => {
      const started = await api<Run>(`/api/imports/uploads/${upload.id}/runs`, {
        body: { mapping, mode },
      });
      localStorage.setItem(lastKey, JSON.stringify({ choices, settings, mapping }));
      setRun(started);
    });
  }

  const columnOptions = (upload?.headers ?? []).map((h) => ({ value: h, label: h }));
  const choose = (field: MappedField, label: string) =>
    choices === null ? null : (
      <SelectField
        label={label}
        value={choices[field]}
        empty={t('import.notInFile')}
        options={columnOptions}
        onChange={(value) => setChoices({ ...choices, [field]: value })}
      />
    );
  const setting = (key: keyof typeof settings) => (value: string) =>
    setSettings({ ...settings, [key]: value });
  const result = run?.result ?? null;
  const problems = result?.problems ?? [];

  return (
    <section aria-labelledby={titleId}>
      <h1 id={titleId}>{t('import.title')}</h1>
      <p>{t('import.intro')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onUpload();
        }}
      >
        <div className="field">
          <label htmlFor="import-file">{t('import.file')}</label>
          <input
            id="import-file"
            type="file"
            accept=".csv,.xlsx"
            aria-describedby="import-file-hint"
            onChange={(event) => setFile(event.target.files?.[0] ?? null)}
          />
          <span className="hint" id="import-file-hint">
            {t('import.fileHint', { mb: Math.round(uploadLimitBytes / 1024 / 1024) })}
          </span>
          {errors.fields.name !== undefined && (
            <span className="field-error" role="alert">
              {errors.fields.name}
            </span>
          )}
        </div>
        <button type="submit" disabled={busy || file === null}>
          {t('import.upload')}
        </button>
      </form>
      <FormError errors={errors} />
      {upload !== null && choices !== null && (
        <>
          <p data-testid="import-uploaded">
            {t('import.uploaded', {
              name: upload.name,
              count: upload.headers.length,
              encoding: upload.encoding,
            })}
          </p>
          <h2>{t('import.columns')}</h2>
          <p>{t('import.columnsHint')}</p>
          <TextField
            label={t('import.source')}
            hint={t('import.sourceHint')}
            value={settings.source}
            onChange={setting('source')}
          />
          <TextField
            label={t('import.jurisdiction')}
            value={settings.jurisdiction}
            onChange={setting('jurisdiction')}
          />
          <TextField
            label={t('import.agency')}
            value={settings.agency}
            onChange={setting('agency')}
          />
          {choose('caseKey', t('import.caseKey'))}
          {choose('reference', t('import.reference'))}
          {choose('openedOn', t('import.openedOn'))}
          <SelectField
            label={t('import.dateFormat')}
            value={settings.format}
            onChange={setting('format')}
            options={[
              { value: 'any', label: t('import.anyFormat') },
              { value: 'YYYY-MM-DD', label: 'YYYY-MM-DD' },
              { value: 'DD.MM.YYYY', label: 'DD.MM.YYYY' },
              { value: 'DD/MM/YYYY', label: 'DD/MM/YYYY' },
              { value: 'MM/DD/YYYY', label: 'MM/DD/YYYY' },
            ]}
          />
          {choose('personKey', t('import.personKey'))}
          <SelectField
            label={t('import.role')}
            value={settings.role}
            onChange={setting('role')}
            options={[
              { value: 'suspect', label: t('import.role.suspect') },
              { value: 'victim', label: t('import.role.victim') },
              { value: 'witness', label: t('import.role.witness') },
              { value: 'column', label: t('import.fromColumn') },
            ]}
          />
          {settings.role === 'column' && choose('role', t('import.roleColumn'))}
          {choose('label', t('import.label'))}
          {choose('sex', t('import.sex'))}
          {choose('age', t('import.age'))}
          {choose('citizenship', t('import.citizenship'))}
          <button type="button" onClick={() => setMapping(mappingOf(settings, choices))}>
            {t('import.write')}
          </button>
          <TextArea
            label={t('import.mapping')}
            hint={t('import.mappingHint')}
            value={mapping}
            onChange={setMapping}
            error={errors.fields.mapping}
          />
          <div className="actions">
            <button
              type="button"
              disabled={busy || run?.status === 'running'}
              onClick={() => start('dry-run')}
            >
              {t('import.check')}
            </button>
            <button
              type="button"
              disabled={busy || run?.status === 'running'}
              onClick={() => start('atomic')}
            >
              {t('import.atomic')}
            </button>
            <button
              type="button"
              disabled={busy || run?.status === 'running'}
              onClick={() => start('partial')}
            >
              {t('import.partial')}
            </button>
          </div>
        </>
      )}
      {run !== null && (
        <section aria-live="polite" data-testid="import-run">
          {run.status === 'running' && (
            <>
              <progress
                aria-label={t('import.progress')}
                max={run.progress?.totalRows ?? 1}
                value={run.progress?.rows ?? 0}
              />
              <p>
                {t('import.running', {
                  rows: run.progress?.rows ?? 0,
                  total: run.progress?.totalRows ?? '…',
                  cases: run.progress?.cases ?? 0,
                })}
              </p>
            </>
          )}
          {run.status === 'failed' && (
            <p role="alert">{t('import.failed', { message: run.error?.message ?? '' })}</p>
          )}
          {result !== null && (
            <>
              <p data-testid="import-result">{t(`import.result.${run.mode}`, result.cases)}</p>
              {run.mode !== 'dry-run' && (
                <p>{result.committed ? t('import.committed') : t('import.notCommitted')}</p>
              )}
              {!result.grouped && <p>{t('import.notGrouped')}</p>}
              <h2>
                {problems.length === 0
                  ? t('import.noProblems')
                  : t('import.problems', { count: problems.length })}
              </h2>
              {problems.length > shownProblems && (
                <p>{t('import.moreProblems', { shown: shownProblems })}</p>
              )}
              {problems.length > 0 && (
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('import.row')}</th>
                      <th scope="col">{t('import.column')}</th>
                      <th scope="col">{t('import.value')}</th>
                      <th scope="col">{t('import.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {problems.slice(0, shownProblems).map((p, i) => (
                      <tr key={i}>
                        <td>{p.row}</td>
                        <td>{p.column}</td>
                        <td>{p.value}</td>
                        <td>{p.reason}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {result.hasRejects && (
                <button
                  type="button"
                  onClick={() =>
                    void download(
                      `/api/imports/runs/${run.id}/rejects`,
                      {},
                      `${upload?.name.replace(/\.[^.]*$/, '') ?? 'import'}.rejects.csv`,
                    )
                  }
                >
                  {t('import.rejects')}
                </button>
              )}
            </>
          )}
        </section>
      )}
    </section>
  );
}
