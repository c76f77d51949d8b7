import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import type { ChargeView, RangeView, SentenceView } from '../../data.ts';
import { useI18n, useVocabulary } from '../../i18n/i18n.tsx';
import type { Translate } from '../../i18n/i18n.tsx';

/** The sentence-check answer. */
export interface SentenceCheck {
  versionId: string;
  verdict: string;
  range: RangeView;
  explanation: string;
}

/** A duration in months as years and months ("5 years 6 months"; "0 months" for none). */
export function durationLabel(months: number, t: Translate): string {
  const years = Math.floor(months / 12);
  const rest = months % 12;
  if (years === 0) return t('range.months', { n: rest });
  if (rest === 0) return t('range.years', { n: years });
  return `${t('range.years', { n: years })} ${t('range.months', { n: rest })}`;
}

/** "5 years – 20 years" from a range in months. */
export function rangeLabel(range: RangeView, t: Translate): string {
  if (range === null) return t('range.none');
  if (range === 'unknown') return t('range.unknown');
  const max = range.life
    ? t('range.life')
    : range.maxMonths === null
      ? t('range.noMaximum')
      : durationLabel(range.maxMonths, t);
  return `${durationLabel(range.minMonths, t)} – ${max}`;
}

/** The sentence-check request for a charge and a (possibly partial) sentence. */
export function checkBody(charge: ChargeView, sentence: Partial<SentenceView>) {
  return {
    article: charge.statute.article,
    ...(charge.statute.part === null || charge.statute.part === undefined
      ? {}
      : { part: charge.statute.part }),
    offenceDate: charge.offenceDate ?? charge.chargedOn,
    sentence: {
      imprisonmentMonths: sentence.imprisonmentMonths ?? null,
      life: sentence.life ?? false,
      suspended: sentence.suspended ?? false,
      probationMonths: sentence.probationMonths ?? null,
      houseArrestMonths: sentence.houseArrestMonths ?? null,
      fine: sentence.fine ?? null,
      otherMeasures: sentence.otherMeasures ?? null,
    },
  };
}

/** The penalty range of the version of a charge's article in force on the offence date. */
export function ChargeRange({ charge }: { charge: ChargeView }) {
  const { t } = useI18n();
  const check = useQuery({
    queryKey: ['charge-range', charge.id, charge.version],
    staleTime: Infinity,
    queryFn: () =>
      api<SentenceCheck>(
        `/api/jurisdictions/${charge.statute.jurisdiction.toLowerCase()}/sentence-check`,
        { body: checkBody(charge, {}) },
      ),
  });
  if (check.error !== null) return <span className="muted">{t('range.unavailable')}</span>;
  if (check.data === undefined) return <span aria-busy="true">…</span>;
  return (
    <span>
      {rangeLabel(check.data.range, t)} <span className="muted">({check.data.versionId})</span>
    </span>
  );
}

/** A recorded sentence checked against the statute's range. */
export function SentenceRangeCheck({
  sentence,
  charge,
}: {
  sentence: SentenceView;
  charge?: ChargeView;
}) {
  const { t, lang } = useI18n();
  const vocabulary = useVocabulary();
  const check = useQuery({
    // A corrected sentence (or charge) is checked again: the versions are part of the key.
    queryKey: ['sentence-check', sentence.id, sentence.version, charge?.version],
    enabled: charge !== undefined,
    staleTime: Infinity,
    queryFn: () => {
      // Not run without a charge (enabled above).
      if (charge === undefined) throw new Error('a sentence without a charge is not checked');
      return api<SentenceCheck>(
        `/api/jurisdictions/${charge.statute.jurisdiction.toLowerCase()}/sentence-check`,
        { body: checkBody(charge, sentence) },
      );
    },
  });
  if (charge === undefined) return <span className="muted">{t('sentence.noCharge')}</span>;
  if (check.error !== null) return <span className="muted">{t('range.unavailable')}</span>;
  if (check.data === undefined) return <span aria-busy="true">…</span>;
  const ok = check.data.verdict === 'within_range';
  return (
    <span className={ok ? 'check-ok' : 'check-warn'} data-verdict={check.data.verdict}>
      {vocabulary('sentenceVerdict', check.data.verdict)} — {rangeLabel(check.data.range, t)}
      {/* The server explains in English; other languages have the verdict and range above. */}
      {lang === 'en' && <span className="hint">{check.data.explanation}</span>}
    </span>
  );
}
