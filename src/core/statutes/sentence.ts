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
