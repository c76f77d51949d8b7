import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../api.ts';
import { FormError, QueryState, SelectField, TextField, useSubmit } from '../components/ui.tsx';
import { useJurisdictions, useLawOnDate, useOwnJurisdiction } from '../data.ts';
import type { RangeView } from '../data.ts';
import { useI18n, useVocabulary } from '../i18n/i18n.tsx';
import { rangeLabel } from './case/sentence-check.tsx';
import { LawTimeline } from './law-history.tsx';

/** A pack writer's assumption a result rests on (not a cited source). */
interface Assumption {
  id: string;
  text: string;
  texts: { ru?: string; ky?: string };
}
interface Finding {
  code: string;
  severity: string;
  article: string | null;
  versionId: string | null;
  explanation: string;
  standard: string;
  assumptions: Assumption[];
}
interface Evaluation {
  provisionId: string;
  article: string;
  title: string;
  versionId: string;
  status: string;
  trace: { element: string; status: string; detail: string }[];
  unmet: string[];
  missing: string[];
  imprisonment: RangeView;
  assumptions: Assumption[];
}
interface EvaluationResult {
  asOf: string;
  /** Whether the pack describes the date at all; outside it nothing is judged. */
  coverage?: { covered: boolean; from: string; to: string };
  applicable: Evaluation[];
  possiblyApplicable: Evaluation[];
  notApplicable: Evaluation[];
}

/** Says that a finding or judgement rests on the pack's assumptions, and which. */
function RestsOnAssumptions({ assumptions }: { assumptions: readonly Assumption[] }) {
  const { t, lang } = useI18n();
  if (assumptions.length === 0) return null;
  return (
    <div className="notice" data-testid="assumptions">
      <strong>{t('law.restsOnAssumption', { count: assumptions.length })}</strong>
      <ul>
        {assumptions.map((a) => (
          <li key={a.id}>{lang === 'en' ? a.text : (a.texts[lang] ?? a.text)}</li>
        ))}
      </ul>
    </div>
  );
}

const terms = (text: string): string[] | null =>
  text.trim() === ''
    ? null
    : text
        .split(',')
        .map((term) => term.trim())
        .filter((term) => term !== '');

/** Law explorer: provisions by version in force, conformance findings, and a fact evaluator. */
export function LawExplorer() {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const jurisdictions = useJurisdictions();
  const own = useOwnJurisdiction();
  // '': not chosen, so the user's own jurisdiction, else the first pack loaded.
  const [chosen, setCode] = useState('');
  const code =
    chosen !== '' ? chosen : own !== '' ? own : (jurisdictions.data?.jurisdictions[0]?.code ?? '');
  const [asOf, setAsOf] = useState(new Date().toISOString().slice(0, 10));
  const law = useLawOnDate(code, asOf);
  const provisions = { ...law, data: law.data?.provisions };
  const coverage = law.data?.coverage;
  const conformance = useQuery({
    queryKey: ['conformance', code, asOf],
    enabled: code !== '' && /^\d{4}-\d{2}-\d{2}$/.test(asOf),
    queryFn: () =>
      api<{ findings: Finding[] }>(`/api/jurisdictions/${code}/conformance`, { query: { asOf } }),
  });
  const [facts, setFacts] = useState({
    offenceDate: asOf,
    acts: 'recruitment',
    means: 'force',
    purposes: 'sexual_exploitation',
    victimAge: '',
    aggravating: '',
  });
  const [result, setResult] = useState<EvaluationResult | null>(null);
  const { errors, busy, submit } = useSubmit([
    'offenceDate',
    'acts',
    'means',
    'purposes',
    'victimAge',
    'aggravating',
  ]);
  const set = (name: keyof typeof facts) => (value: string) =>
    setFacts({ ...facts, [name]: value });
  return (
    <section aria-labelledby="law-title">
      <h1 id="law-title">{t('law.title')}</h1>
      <div className="toolbar">
        <SelectField
          label={t('common.jurisdiction')}
          value={code}
          onChange={setCode}
          options={(jurisdictions.data?.jurisdictions ?? []).map((j) => ({
            value: j.code,
            label: j.name,
          }))}
        />
        <TextField label={t('law.asOf')} type="date" value={asOf} onChange={setAsOf} />
      </div>
      {(jurisdictions.data?.invalid ?? []).map((pack) => (
        <div key={pack.name} role="alert" className="notice">
          <p>{t('law.invalidPack', { name: pack.code ?? pack.name })}</p>
          <ul>
            {pack.errors.map((e) => (
              <li key={`${e.file}:${e.line}:${e.column}:${e.reason}`}>
                <code>
                  {e.file}:{e.line}:{e.column}
                </code>{' '}
                {e.reason}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {coverage?.covered === false && (
        <p role="status" className="notice">
          {t('law.notCovered', { date: asOf, from: coverage.from, to: coverage.to })}
        </p>
      )}
      <h2>{t('law.provisions')}</h2>
      <QueryState loading={provisions.isLoading} error={provisions.error} />
      {provisions.data !== undefined && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('cases.article')}</th>
                <th scope="col">{t('law.provisionTitle')}</th>
                <th scope="col">{t('law.kind')}</th>
                <th scope="col">{t('law.version')}</th>
                <th scope="col">{t('charge.range')}</th>
              </tr>
            </thead>
            <tbody>
              {provisions.data.map((p) => (
                <tr key={p.provisionId}>
                  <td>{p.article}</td>
                  <td>{p.title}</td>
                  <td>{vocabulary('provisionKind', p.kind)}</td>
                  <td>
                    <code>{p.versionId}</code>
                  </td>
                  <td>{rangeLabel(p.imprisonment, t)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('law.findings')}</h2>
      <QueryState loading={conformance.isLoading} error={conformance.error} />
      <ul className="findings">
        {(conformance.data?.findings ?? []).map((finding, index) => (
          <li key={`${finding.code}-${index}`} className={`severity-${finding.severity}`}>
            <strong>{vocabulary('severity', finding.severity)}</strong> <code>{finding.code}</code>
            {finding.article !== null && (
              <> · {t('common.articleN', { article: finding.article })}</>
            )}
            <p>{finding.explanation}</p>
            <RestsOnAssumptions assumptions={finding.assumptions} />
            <p className="hint">{finding.standard}</p>
          </li>
        ))}
      </ul>
      <LawTimeline code={code} />
      <h2>{t('law.evaluator')}</h2>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit(async () => {
            setResult(
              await api<EvaluationResult>(`/api/jurisdictions/${code}/evaluate`, {
                body: {
                  offenceDate: facts.offenceDate,
                  acts: terms(facts.acts),
                  means: terms(facts.means),
                  purposes: terms(facts.purposes),
                  victimAge: facts.victimAge === '' ? null : Number(facts.victimAge),
                  aggravating: terms(facts.aggravating) ?? [],
                },
              }),
            );
          });
        }}
      >
        <p className="hint">{t('law.termsHint')}</p>
        <FormError errors={errors} />
        <div className="grid">
          <TextField
            label={t('charge.offenceDate')}
            type="date"
            value={facts.offenceDate}
            onChange={set('offenceDate')}
            error={errors.fields['offenceDate']}
          />
          <TextField
            label={t('law.acts')}
            value={facts.acts}
            onChange={set('acts')}
            error={errors.fields['acts']}
          />
          <TextField
            label={t('law.means')}
            value={facts.means}
            onChange={set('means')}
            error={errors.fields['means']}
          />
          <TextField
            label={t('law.purposes')}
            value={facts.purposes}
            onChange={set('purposes')}
            error={errors.fields['purposes']}
          />
          <TextField
            label={t('law.victimAge')}
            type="number"
            value={facts.victimAge}
            onChange={set('victimAge')}
            error={errors.fields['victimAge']}
          />
          <TextField
            label={t('law.aggravating')}
            value={facts.aggravating}
            onChange={set('aggravating')}
            error={errors.fields['aggravating']}
          />
        </div>
        <button type="submit" disabled={busy}>
          {t('law.evaluate')}
        </button>
      </form>
      {result !== null && result.coverage?.covered === false && (
        <p role="status" data-testid="evaluation" className="notice">
          {t('law.notCovered', {
            date: result.asOf,
            from: result.coverage.from,
            to: result.coverage.to,
          })}
        </p>
      )}
      {result !== null && result.coverage?.covered !== false && (
        <div data-testid="evaluation">
          {(['applicable', 'possiblyApplicable', 'notApplicable'] as const).map((group) => (
            <div key={group}>
              <h3>{t(`law.${group}`, { count: result[group].length })}</h3>
              {result[group].map((evaluation) => (
                <details key={evaluation.provisionId} open={group === 'applicable'}>
                  <summary>
                    {t('common.articleN', { article: evaluation.article })} — {evaluation.title}{' '}
                    <code>{evaluation.versionId}</code> · {rangeLabel(evaluation.imprisonment, t)}
                  </summary>
                  <table>
                    <caption>{t('law.trace')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('law.element')}</th>
                        <th scope="col">{t('law.elementStatus')}</th>
                        <th scope="col">{t('law.detail')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {evaluation.trace.map((step) => (
                        <tr key={step.element} className={`trace-${step.status}`}>
                          <td>{step.element}</td>
                          <td>{vocabulary('trace', step.status)}</td>
                          <td>{step.detail}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <RestsOnAssumptions assumptions={evaluation.assumptions} />
                </details>
              ))}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
