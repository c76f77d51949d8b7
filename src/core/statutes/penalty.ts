/**
 * Choosing the penalty branch for a set of facts, as in Catala: the applicable branch at the
 * highest level wins; two applicable branches at that level are an error, and so is none.
 */
import { DomainError } from '../errors.ts';
import { evalCondition, type Facts, type Tri } from './logic.ts';
import type { Imprisonment, PenaltyBranch, ProvisionVersion, Sanction } from './schema.ts';

export type Months = number | 'unknown';

/** The imprisonment range of a penalty: `maxMonths: null` with `life: true` is "up to life". */
export interface ImprisonmentRange {
  readonly minMonths: Months;
  readonly maxMonths: Months | null;
  readonly life: boolean;
}

export type PenaltyResolution =
  | { readonly kind: 'determined'; readonly branch: PenaltyBranch }
  | {
      readonly kind: 'undetermined';
      readonly candidates: readonly PenaltyBranch[];
      readonly missing: string;
    }
  | { readonly kind: 'unknown'; readonly reason: string };

/** A penalty as the engine reports it. */
export interface PenaltySummary {
  readonly status: 'determined' | 'undetermined' | 'unknown';
  readonly branches: readonly {
    readonly id: string;
    readonly part: string | null;
    readonly level: number;
  }[];
  /** `'unknown'`: the sources do not give it; `null`: the branch imposes no imprisonment. */
  readonly imprisonment: ImprisonmentRange | null | 'unknown';
  /** Sanctions a court may impose instead of imprisonment. */
  readonly inLieuOfImprisonment: readonly Sanction[];
  readonly sanctions: readonly Sanction[] | 'unknown';
  readonly missing: string | null;
}

/** Thrown when a pack's branches conflict for some facts (two at one level) or leave a gap. */
function branchError(version: ProvisionVersion, message: string): DomainError {
  return new DomainError('PackInvalid', `version ${version.id}: ${message}`, {
    details: { version: version.id },
  });
}

/** Picks the penalty branch for the facts, or says which branches remain possible and why. */
export function resolvePenalty(version: ProvisionVersion, facts: Facts): PenaltyResolution {
  if (version.penalties === 'unknown') {
    return { kind: 'unknown', reason: 'the cited sources give no penalty for this version' };
  }
  const judged: { branch: PenaltyBranch; holds: Tri }[] = version.penalties.map((branch) => ({
    branch,
    holds: branch.when === undefined ? true : evalCondition(branch.when, facts),
  }));
  const holding = judged.filter((j) => j.holds === true).map((j) => j.branch);
  const top = Math.max(-1, ...holding.map((b) => b.level));
  const atTop = holding.filter((b) => b.level === top);
  if (atTop.length > 1) {
    throw branchError(
      version,
      `branches ${atTop.map((b) => b.id).join(', ')} both apply at level ${top}`,
    );
  }
  // A branch whose condition is unknown but which would override the holding one keeps the penalty open.
  const couldOverride = judged
    .filter((j) => j.holds === 'unknown' && j.branch.level > top)
    .map((j) => j.branch);
  if (couldOverride.length > 0) {
    return {
      kind: 'undetermined',
      candidates: [...atTop, ...couldOverride],
      missing:
        'the penalty depends on facts not established (victim age, means or aggravating circumstances)',
    };
  }
  const chosen = atTop[0];
  if (chosen === undefined) throw branchError(version, 'no penalty branch applies to these facts');
  return { kind: 'determined', branch: chosen };
}

/** The imprisonment sanction of a branch, if it has one. */
export function imprisonmentOf(branch: PenaltyBranch): Imprisonment | undefined {
  if (branch.sanctions === 'unknown') return undefined;
  return branch.sanctions.find((s): s is Imprisonment => s.kind === 'imprisonment');
}

/** The imprisonment range of one branch: unknown, none, or a range. */
export function branchRange(branch: PenaltyBranch): ImprisonmentRange | null | 'unknown' {
  if (branch.sanctions === 'unknown') return 'unknown';
  const prison = imprisonmentOf(branch);
  if (prison === undefined) return null;
  return { minMonths: prison.minMonths, maxMonths: prison.maxMonths, life: prison.life };
}

/** The hull of several ranges: the lowest minimum and the highest maximum any of them allows. */
export function hull(
  ranges: readonly (ImprisonmentRange | null | 'unknown')[],
): ImprisonmentRange | null | 'unknown' {
  if (ranges.includes('unknown')) return 'unknown';
  const real = ranges.filter((r): r is ImprisonmentRange => r !== null && r !== 'unknown');
  if (real.length === 0) return null;
  const mins = real.map((r) => r.minMonths);
  const knownMins = mins.filter((m): m is number => m !== 'unknown');
  const minMonths: Months = knownMins.length < mins.length ? 'unknown' : Math.min(...knownMins);
  const life = real.some((r) => r.life);
  const maxes = real.map((r) => r.maxMonths);
  let maxMonths: Months | null;
  if (life) maxMonths = null;
  else if (maxes.includes('unknown')) maxMonths = 'unknown';
  else maxMonths = Math.max(...maxes.filter((m): m is number => typeof m === 'number'));
  // Some branches without imprisonment mean the minimum may be no imprisonment at all.
  const withoutPrison = ranges.some((r) => r === null);
  return { minMonths: withoutPrison ? 0 : minMonths, maxMonths, life };
}

function inLieu(branch: PenaltyBranch): Sanction[] {
  return branch.sanctions === 'unknown'
    ? []
    : branch.sanctions.filter((s) => s.kind !== 'imprisonment' && s.inLieuOfImprisonment);
}

/** Summarises the penalty a version prescribes for the facts. */
export function summarisePenalty(version: ProvisionVersion, facts: Facts): PenaltySummary {
  const resolution = resolvePenalty(version, facts);
  const describe = (b: PenaltyBranch) => ({ id: b.id, part: b.part ?? null, level: b.level });
  switch (resolution.kind) {
    case 'unknown':
      return {
        status: 'unknown',
        branches: [],
        imprisonment: 'unknown',
        inLieuOfImprisonment: [],
        sanctions: 'unknown',
        missing: resolution.reason,
      };
    case 'determined':
      return {
        status: 'determined',
        branches: [describe(resolution.branch)],
        imprisonment: branchRange(resolution.branch),
        inLieuOfImprisonment: inLieu(resolution.branch),
        sanctions: resolution.branch.sanctions,
        missing: null,
      };
    case 'undetermined':
      return {
        status: 'undetermined',
        branches: resolution.candidates.map(describe),
        imprisonment: hull(resolution.candidates.map(branchRange)),
        inLieuOfImprisonment: resolution.candidates.flatMap(inLieu),
        sanctions: 'unknown',
        missing: resolution.missing,
      };
  }
}

/** "5–20 years", "15 years to life", "unknown": a range for people. */
export function formatRange(range: ImprisonmentRange | null | 'unknown'): string {
  if (range === 'unknown') return 'imprisonment: unknown';
  if (range === null) return 'no imprisonment';
  const fmt = (m: Months) => {
    if (m === 'unknown') return 'unknown';
    return m % 12 === 0 ? `${m / 12} years` : `${m} months`;
  };
  if (range.minMonths === 'unknown' && range.maxMonths === 'unknown') return 'unknown';
  const max = range.maxMonths === null ? 'life' : fmt(range.maxMonths);
  if (range.life && range.maxMonths !== null) return `${fmt(range.minMonths)} to ${max} or life`;
  if (range.minMonths === 0) return `up to ${max}`;
  return `${fmt(range.minMonths)} to ${max}`;
}
