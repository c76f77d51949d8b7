/**
 * `checkSentence`: an imposed sentence against the version in force on the offence date.
 */
import type { Facts } from './logic.ts';
import { formatRange, summarisePenalty, type ImprisonmentRange } from './penalty.ts';
import type { ProvisionVersion, Sanction } from './schema.ts';

/** A sentence as the registry stores it. */
export interface Sentence {
  readonly imprisonmentMonths: number | null;
  readonly suspended: boolean;
  readonly probationMonths: number | null;
  readonly houseArrestMonths: number | null;
  readonly fineAmount: number | null;
  readonly fineCurrency: string | null;
  readonly otherMeasures: string | null;
  readonly life?: boolean;
}

export const sentenceVerdicts = [
  'within_range',
  'below_minimum',
  'above_maximum',
  'non_custodial_in_lieu',
  'suspended',
  'undetermined',
] as const;
export type SentenceVerdict = (typeof sentenceVerdicts)[number];

export interface SentenceCheck {
  /** The headline: a range breach first, then non-custodial, then suspended, then within range. */
  readonly verdict: SentenceVerdict;
  /** Every verdict that holds (a suspended sentence may also be within range). */
  readonly verdicts: readonly SentenceVerdict[];
  /** Whether the statute allows this sentence; `unknown` when the sources do not say. */
  readonly permittedByStatute: boolean | 'unknown';
  readonly range: ImprisonmentRange | null | 'unknown';
  readonly branches: readonly string[];
  /** TVPA §108(b)(1): suspended or non-custodial sentences, or under a year, weigh against a government. */
  readonly weighsAgainstVigorousSentencing: boolean;
  readonly explanation: string;
}

const inLieuKinds = (sanctions: readonly Sanction[]) => new Set(sanctions.map((s) => s.kind));

/**
 * The imposed non-custodial sanctions measured against the statute's own bounds for that kind
 * (house arrest in months, a fine in the unit the pack gives when the sentence's currency is that
 * unit): 600 months of house arrest under "house arrest for up to five years" is above the
 * maximum. Returns the breaches, and whether a bound could not be compared (unknown, or a fine
 * in another currency).
 */
function nonCustodialBounds(
  sentence: Sentence,
  sanctions: readonly Sanction[] | 'unknown',
): { below: string[]; above: string[]; unknown: string[] } {
  const result = { below: [] as string[], above: [] as string[], unknown: [] as string[] };
  if (sanctions === 'unknown') return result;
  const houseArrest = sentence.houseArrestMonths;
  if (houseArrest !== null) {
    const allowed = sanctions.filter((s) => s.kind === 'house_arrest');
    for (const s of allowed) {
      const max = s.maxMonths;
      const min = s.minMonths ?? 0;
      if (max === 'unknown' || min === 'unknown')
        result.unknown.push('house arrest (the sources give no bound)');
      else if (houseArrest > max)
        result.above.push(`${houseArrest} months of house arrest against at most ${max}`);
      else if (houseArrest < min)
        result.below.push(`${houseArrest} months of house arrest against at least ${min}`);
    }
  }
  const fine = sentence.fineAmount;
  if (fine !== null) {
    for (const s of sanctions) {
      if (s.kind !== 'fine') continue;
      if (s.amount === 'unknown') {
        result.unknown.push('fine (the sources give no amount)');
        continue;
      }
      if (sentence.fineCurrency === null || sentence.fineCurrency !== s.amount.unit) {
        result.unknown.push(
          `fine (${sentence.fineCurrency ?? 'no currency'} is not the statute's ${s.amount.unit})`,
        );
        continue;
      }
      if (s.amount.max !== undefined && fine > s.amount.max)
        result.above.push(`a fine of ${fine} ${s.amount.unit} against at most ${s.amount.max}`);
      else if (s.amount.min !== undefined && fine < s.amount.min)
        result.below.push(`a fine of ${fine} ${s.amount.unit} against at least ${s.amount.min}`);
    }
  }
  return result;
}

/** Checks a sentence against the penalty a version prescribes for the facts. */
export function checkSentence(
  sentence: Sentence,
  version: ProvisionVersion,
  facts: Facts,
): SentenceCheck {
  const penalty = summarisePenalty(version, facts);
  const range = penalty.imprisonment;
  const months = sentence.imprisonmentMonths ?? 0;
  const custodial = sentence.life === true || months > 0;
  const verdicts: SentenceVerdict[] = [];
  let permitted: boolean | 'unknown' = true;
  const reasons: string[] = [];

  if (!custodial) {
    verdicts.push('non_custodial_in_lieu');
    const allowed = inLieuKinds(penalty.inLieuOfImprisonment);
    const imposed = [
      sentence.fineAmount !== null ? 'fine' : null,
      sentence.houseArrestMonths !== null ? 'house_arrest' : null,
      sentence.otherMeasures !== null ? 'other' : null,
    ].filter((k): k is 'fine' | 'house_arrest' | 'other' => k !== null);
    if (penalty.status === 'unknown') permitted = 'unknown';
    else if (imposed.length > 0 && imposed.every((k) => allowed.has(k))) permitted = true;
    else if (range !== null && range !== 'unknown' && range.minMonths === 0 && imposed.length === 0)
      permitted = true;
    else permitted = penalty.status === 'undetermined' ? 'unknown' : false;
    const bounds = nonCustodialBounds(sentence, penalty.sanctions);
    if (bounds.below.length > 0) verdicts.push('below_minimum');
    if (bounds.above.length > 0) verdicts.push('above_maximum');
    if (bounds.below.length + bounds.above.length > 0) permitted = false;
    else if (permitted === true && bounds.unknown.length > 0) permitted = 'unknown';
    reasons.push(...bounds.above, ...bounds.below);
    if (permitted !== false && bounds.unknown.length > 0)
      reasons.push(`not comparable: ${bounds.unknown.join(', ')}`);
    reasons.push(
      `no imprisonment imposed (${imposed.join(', ') || 'no sanction recorded'}); the statute ${
        permitted === true
          ? 'allows'
          : permitted === false
            ? 'does not allow'
            : 'may or may not allow'
      } this in lieu of imprisonment`,
    );
  } else if (range === 'unknown' || range === null) {
    verdicts.push('undetermined');
    permitted = range === null ? false : 'unknown';
    reasons.push(
      range === null
        ? 'the statute prescribes no imprisonment for these facts'
        : 'the penalty range is not in the cited sources',
    );
  } else {
    const belowMin =
      typeof range.minMonths === 'number' && sentence.life !== true && months < range.minMonths;
    const aboveMax =
      sentence.life === true
        ? !range.life && range.maxMonths !== 'unknown'
        : typeof range.maxMonths === 'number' && months > range.maxMonths && !range.life;
    if (belowMin) verdicts.push('below_minimum');
    if (aboveMax) verdicts.push('above_maximum');
    if (belowMin || aboveMax) permitted = false;
    else if (
      range.minMonths === 'unknown' ||
      range.maxMonths === 'unknown' ||
      penalty.status !== 'determined'
    ) {
      verdicts.push(penalty.status === 'determined' ? 'within_range' : 'undetermined');
      permitted = 'unknown';
    } else verdicts.push('within_range');
    reasons.push(
      `${sentence.life === true ? 'life' : `${months} months`} against ${formatRange(range)}`,
    );
  }
  if (custodial && sentence.suspended) {
    verdicts.push('suspended');
    reasons.push('the imprisonment is suspended');
  }
  const order: SentenceVerdict[] = [
    'below_minimum',
    'above_maximum',
    'non_custodial_in_lieu',
    'suspended',
    'undetermined',
    'within_range',
  ];
  const verdict = order.find((v) => verdicts.includes(v)) ?? 'undetermined';
  return {
    verdict,
    verdicts,
    permittedByStatute: permitted,
    range,
    branches: penalty.branches.map((b) => b.id),
    weighsAgainstVigorousSentencing:
      !custodial || sentence.suspended || (sentence.life !== true && months < 12),
    explanation: reasons.join('; '),
  };
}
