import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import type { ChargeView, RangeView, SentenceView } from '../../data.ts';
import { useI18n, useVocabulary } from '../../i18n/i18n.tsx';
import type { Translate } from '../../i18n/i18n.tsx';

/** One part of the check's explanation, as the server codes it (core/statutes/sentence.ts). */
export type SentenceReason =
  | {
      code: 'measure_above' | 'measure_below';
      measure: 'house_arrest' | 'fine';
      imposed: number;
      bound: number;
      unit: string | null;
    }
  | {
      code: 'not_comparable';
      measure: 'house_arrest' | 'fine';
      why: 'no_bound' | 'other_currency';
      currency: string | null;
      unit: string | null;
    }
  | { code: 'no_imprisonment'; imposed: string[]; allowed: boolean | 'unknown' }
  | { code: 'no_imprisonment_prescribed' }
  | { code: 'range_unknown' }
  | { code: 'against_range'; months: number | null; range: RangeView }
  | { code: 'suspended' };

/** The sentence-check answer. */
export interface SentenceCheck {
  versionId: string;
  verdict: string;
  range: RangeView;
  reasons: SentenceReason[];
  /** The same in English (for the API and the CLI); the page says the reasons in its language. */
  explanation: string;
}

/** A reason of the sentence check in the UI language. */
export function sentenceReasonLabel(
  reason: SentenceReason,
  t: Translate,
  number: (n: number) => string,
): string {
  switch (reason.code) {
    case 'measure_above':
    case 'measure_below': {
      const above = reason.code === 'measure_above';
      if (reason.measure === 'house_arrest')
        return t(above ? 'sentenceReason.houseArrestAbove' : 'sentenceReason.houseArrestBelow', {
          imposed: durationLabel(reason.imposed, t),
          bound: durationLabel(reason.bound, t),
        });
      return t(above ? 'sentenceReason.fineAbove' : 'sentenceReason.fineBelow', {
        imposed: number(reason.imposed),
        unit: reason.unit ?? '',
        bound: number(reason.bound),
      });
    }
    case 'not_comparable':
      if (reason.measure === 'house_arrest') return t('sentenceReason.houseArrestNoBound');
      return reason.why === 'no_bound'
        ? t('sentenceReason.fineNoAmount')
        : t('sentenceReason.fineCurrency', {
            currency: reason.currency ?? t('sentenceReason.noCurrency'),
            unit: reason.unit ?? '',
          });
    case 'no_imprisonment': {
      const imposed =
        reason.imposed.length === 0
          ? t('sentenceReason.noSanction')
          : reason.imposed
              .map((measure) =>
                t(
                  measure === 'fine'
                    ? 'sentenceReason.measure.fine'
                    : measure === 'house_arrest'
                      ? 'sentenceReason.measure.house_arrest'
                      : 'sentenceReason.measure.other',
                ),
              )
              .join(', ');
      return t(
        reason.allowed === true
          ? 'sentenceReason.inLieuAllowed'
          : reason.allowed === false
            ? 'sentenceReason.inLieuNotAllowed'
            : 'sentenceReason.inLieuUnknown',
        { imposed },
      );
    }
    case 'no_imprisonment_prescribed':
      return t('sentenceReason.noImprisonmentPrescribed');
    case 'range_unknown':
      return t('sentenceReason.rangeUnknown');
    case 'against_range':
      return t('sentenceReason.againstRange', {
        imposed: reason.months === null ? t('range.life') : durationLabel(reason.months, t),
        range: rangeLabel(reason.range, t),
      });
    case 'suspended':
      return t('sentenceReason.suspended');
  }
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
      api<SentenceCheck>(`/api/jurisdictions/${charge.statute.jurisdiction}/sentence-check`, {
        body: checkBody(charge, {}),
      }),
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
  const { t, number } = useI18n();
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
        `/api/jurisdictions/${charge.statute.jurisdiction}/sentence-check`,
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
      <span className="hint" data-testid="sentence-reasons">
        {check.data.reasons.map((reason) => sentenceReasonLabel(reason, t, number)).join('; ')}
      </span>
    </span>
  );
}
