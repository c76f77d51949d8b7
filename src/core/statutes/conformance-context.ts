/** What every conformance standard reads: the context of a pack on a date, probes and finding helpers. */
import { traceElements, type Applicability } from './evaluate.ts';
import { versionInForce, type Facts } from './logic.ts';
import { branchRange, resolvePenalty, type ImprisonmentRange } from './penalty.ts';
import { type LoadedProvision, type Pack, type ProvisionVersion } from './schema.ts';
import { buildVocabulary, protocolActs, sexualPurposes } from './vocabulary.ts';
import type { FindingCode, Severity, Finding } from './conformance-findings.ts';

/** The clause of the Protocol or the TVPA each standard is measured against. */
export const STANDARD = {
  definition: 'Palermo Protocol art. 3(a)',
  consent: 'Palermo Protocol art. 3(b)',
  child: 'Palermo Protocol art. 3(c)-(d)',
  prohibit: 'TVPA §108(a)(1) (22 U.S.C. 7106)',
  commensurate:
    'TVPA §108(a)(2) (22 U.S.C. 7106); TIP practice: a fine or house arrest in lieu of imprisonment is not commensurate',
  stringent:
    'TVPA §108(a)(3) (22 U.S.C. 7106); TIP practice: a maximum of at least four years is sufficiently stringent',
  beyond: 'Palermo Protocol art. 3(a) (conduct outside the definition)',
  vigorous: 'TVPA §108(b)(1) (22 U.S.C. 7106)',
} as const;

/** A provision and its version in force on the date checked. */
export interface InForce {
  readonly provision: LoadedProvision;
  readonly version: ProvisionVersion;
}

const ADULT = 30;
/** Victim ages the child standard probes (the adult probes use ADULT). */
export const CHILD_AGES = [10, 15, 17];

/** Element-only judgement: whether the facts meet a version's elements (penalties aside). */
export function judge(version: ProvisionVersion, facts: Facts): Applicability {
  const trace = traceElements(version, facts);
  if (trace.some((t) => t.status === 'not_matched')) return 'not_applicable';
  return trace.some((t) => t.status === 'unknown') ? 'possibly_applies' : 'applies';
}

/** Probe facts on `asOf`: every Protocol act, an adult victim, no means or purpose unless given. */
export function probe(partial: Partial<Facts>, asOf: string): Facts {
  return {
    offenceDate: asOf,
    acts: [...protocolActs],
    means: [],
    purposes: [],
    victimAge: ADULT,
    aggravating: [],
    ...partial,
  };
}

/**
 * What a version's sources say about one act or purpose: `named` (listed), `excluded` (an
 * exhaustive list without it), or `silent` (no such element, or a non-exhaustive list without
 * it). A silent provision has no say: it neither covers the term nor hides a gap in it.
 */
export function says(version: ProvisionVersion, kind: 'acts' | 'purposes', term: string) {
  const list = version.elements[kind];
  if (list === undefined) return 'silent';
  if (list.anyOf.includes(term)) return 'named';
  return list.exhaustive ? 'excluded' : 'silent';
}

/** Best answer across provisions: applies beats possibly beats not applicable. */
export function best(statuses: readonly Applicability[]): Applicability {
  if (statuses.includes('applies')) return 'applies';
  return statuses.includes('possibly_applies') ? 'possibly_applies' : 'not_applicable';
}

/** 'art. N' of a provision in force. */
export const articleOf = (x: InForce) => `art. ${x.provision.article}`;
/** The articles of several provisions, for an explanation. */
export const names = (xs: readonly InForce[]) => xs.map(articleOf).join(', ');

/** The imprisonment range for an adult victim of the offence in its basic form. */
export function basicRange(
  x: InForce,
  asOf: string,
  purposes: readonly string[] | null,
): ImprisonmentRange | null | 'unknown' {
  const e = x.version.elements;
  const facts = probe(
    {
      acts: e.acts ? [e.acts.anyOf[0] ?? 'recruitment'] : [],
      means: e.means?.anyOf.slice(0, 1) ?? [],
      purposes: purposes ?? (e.purposes ? e.purposes.anyOf.slice(0, 1) : []),
    },
    asOf,
  );
  const resolution = resolvePenalty(x.version, facts);
  if (resolution.kind !== 'determined') return 'unknown';
  return branchRange(resolution.branch);
}

/** The non-custodial sanctions a version allows in lieu of imprisonment. */
export function hasInLieu(version: ProvisionVersion): string[] {
  if (version.penalties === 'unknown') return [];
  return version.penalties.flatMap((b) =>
    b.sanctions === 'unknown'
      ? []
      : b.sanctions
          .filter((s) => s.kind !== 'imprisonment' && s.inLieuOfImprisonment)
          .map((s) => s.kind),
  );
}

/** Whether a version names a sexual purpose. */
export const coversSex = (x: InForce) =>
  x.version.elements.purposes?.anyOf.some((p) => sexualPurposes.includes(p)) ?? false;

/** What every standard's check reads: the pack, the date and the provisions in force on it. */
export interface ConformanceContext {
  readonly pack: Pack;
  readonly asOf: string;
  readonly inForce: readonly InForce[];
  readonly trafficking: readonly InForce[];
  /** Every means the pack's vocabulary knows, for probes that must not fail on means. */
  readonly allMeans: readonly string[];
}

/** A finding with no assumptions yet (checkConformance names them). */
export function finding(
  code: FindingCode,
  severity: Severity,
  at: InForce | null,
  explanation: string,
  standard: string,
): Finding {
  return {
    code,
    severity,
    provisionId: at?.provision.id ?? null,
    article: at?.provision.article ?? null,
    versionId: at?.version.id ?? null,
    explanation,
    standard,
    assumptions: [],
    assumptionNote: null,
  };
}

/** The provisions of a pack in force on a date, with the trafficking ones apart. */
export function conformanceContext(pack: Pack, asOf: string): ConformanceContext {
  const inForce: InForce[] = pack.provisions.flatMap((provision) => {
    const version = versionInForce(provision, asOf);
    return version ? [{ provision, version }] : [];
  });
  return {
    pack,
    asOf,
    inForce,
    trafficking: inForce.filter((x) => x.provision.kind === 'trafficking'),
    allMeans: [...buildVocabulary(pack.vocabularyExtension).means],
  };
}

/** A year before `date` (same day; 29 February falls back to 28). */
export function yearBefore(date: string): string {
  const year = String(Number(date.slice(0, 4)) - 1).padStart(4, '0');
  const rest = date.slice(4) === '-02-29' ? '-02-28' : date.slice(4);
  return `${year}${rest}`;
}
