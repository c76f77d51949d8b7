/**
 * `checkConformance(pack, asOf)`: the pack's law in force on a date, measured against the
 * Palermo Protocol (art. 3) and the TVPA minimum standards as the TIP reports apply them
 * (shared/reference/standards.md §1–2). Coverage questions are answered by running the evaluator
 * on probe facts, so a finding rests on exactly the elements the engine applies to cases.
 */
import {
  assumptionSentence,
  mergeAssumptions,
  versionAssumptions,
  type AssumptionView,
} from './assumptions.ts';
import { describeBranch } from './describe.ts';
import { traceElements, type Applicability } from './evaluate.ts';
import { versionInForce, versionsPossiblyInForce, type Facts } from './logic.ts';
import { branchRange, formatRange, resolvePenalty, type ImprisonmentRange } from './penalty.ts';
import { latestOf, type LoadedProvision, type Pack, type ProvisionVersion } from './schema.ts';
import { amendmentsOn, coverageOn, type CoverageAnswer } from './timeline.ts';
import {
  buildVocabulary,
  protocolActs,
  protocolMeans,
  protocolMinimumPurposes,
  purposeStanding,
  sexualPurposes,
  STRINGENT_MAX_MONTHS,
} from './vocabulary.ts';

export const findingCodes = [
  'NO_TRAFFICKING_PROVISION',
  'ACTS_COVERED',
  'ACT_NOT_COVERED',
  'ACT_COVERAGE_UNKNOWN',
  'PURPOSE_COVERED',
  'PURPOSE_NOT_COVERED',
  'PURPOSE_COVERAGE_UNKNOWN',
  'MEANS_NOT_COVERED',
  'MEANS_COVERAGE_UNKNOWN',
  'CHILD_MEANS_NOT_REQUIRED',
  'CHILD_MEANS_REQUIRED',
  'CHILD_MEANS_UNASSESSED',
  'CONSENT_IRRELEVANT',
  'CONSENT_NOT_IRRELEVANT',
  'BEYOND_PROTOCOL',
  'SUFFICIENTLY_STRINGENT',
  'MAX_PENALTY_BELOW_FOUR_YEARS',
  'STRINGENCY_UNASSESSED',
  'NON_CUSTODIAL_ALTERNATIVE',
  'COMMENSURATE_WITH_RAPE',
  'NOT_COMMENSURATE_WITH_RAPE',
  'COMMENSURABILITY_UNASSESSED',
  'AMENDMENT_NOT_IN_FORCE',
  'AMENDMENT_POSSIBLY_IN_FORCE',
  'AMENDMENT_TOOK_EFFECT',
  'AMENDMENT_PROPOSED',
  'POSSIBLY_IN_FORCE',
  'OUTSIDE_COVERAGE',
  'RELATED_OFFENCE',
] as const;
export type FindingCode = (typeof findingCodes)[number];
export type Severity = 'gap' | 'note' | 'ok';

/** One finding: a stable code, how serious, where, why in plain English, and on which clause. */
export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly provisionId: string | null;
  readonly article: string | null;
  readonly versionId: string | null;
  readonly explanation: string;
  readonly standard: string;
  /**
   * The pack writer's assumptions the finding rests on (the version's, or for a finding on the
   * law as a whole those of every trafficking provision in force), and a sentence saying so.
   */
  readonly assumptions: readonly AssumptionView[];
  readonly assumptionNote: string | null;
}

export interface ConformanceReport {
  readonly jurisdiction: string;
  readonly asOf: string;
  /** Whether the pack covers `asOf`; when not, the only finding is OUTSIDE_COVERAGE. */
  readonly coverage: CoverageAnswer;
  readonly findings: readonly Finding[];
}

const STANDARD = {
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

export interface InForce {
  readonly provision: LoadedProvision;
  readonly version: ProvisionVersion;
}

const ADULT = 30;
const CHILD_AGES = [10, 15, 17];

/** Element-only judgement: whether the facts meet a version's elements (penalties aside). */
function judge(version: ProvisionVersion, facts: Facts): Applicability {
  const trace = traceElements(version, facts);
  if (trace.some((t) => t.status === 'not_matched')) return 'not_applicable';
  return trace.some((t) => t.status === 'unknown') ? 'possibly_applies' : 'applies';
}

function probe(partial: Partial<Facts>, asOf: string): Facts {
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
function says(version: ProvisionVersion, kind: 'acts' | 'purposes', term: string) {
  const list = version.elements[kind];
  if (list === undefined) return 'silent';
  if (list.anyOf.includes(term)) return 'named';
  return list.exhaustive ? 'excluded' : 'silent';
}

/** Best answer across provisions: applies beats possibly beats not applicable. */
function best(statuses: readonly Applicability[]): Applicability {
  if (statuses.includes('applies')) return 'applies';
  return statuses.includes('possibly_applies') ? 'possibly_applies' : 'not_applicable';
}

const articleOf = (x: InForce) => `art. ${x.provision.article}`;
const names = (xs: readonly InForce[]) => xs.map(articleOf).join(', ');

/** The imprisonment range for an adult victim of the offence in its basic form. */
function basicRange(
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

function hasInLieu(version: ProvisionVersion): string[] {
  if (version.penalties === 'unknown') return [];
  return version.penalties.flatMap((b) =>
    b.sanctions === 'unknown'
      ? []
      : b.sanctions
          .filter((s) => s.kind !== 'imprisonment' && s.inLieuOfImprisonment)
          .map((s) => s.kind),
  );
}

const coversSex = (x: InForce) =>
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

function finding(
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
function yearBefore(date: string): string {
  const year = String(Number(date.slice(0, 4)) - 1).padStart(4, '0');
  const rest = date.slice(4) === '-02-29' ? '-02-28' : date.slice(4);
  return `${year}${rest}`;
}

/**
 * Drafts proposed by `asOf` (not signed, never applied), and amendments signed by `asOf`: pending ones, ones whose taking effect the sources leave open,
 * and ones that took effect in the year ending `asOf` (older ones are simply the law in force).
 */
export function amendmentFindings({ pack, asOf }: ConformanceContext): Finding[] {
  const findings: Finding[] = [];
  for (const a of amendmentsOn(pack, asOf)) {
    const provision = pack.provisions.find((p) => p.id === a.provisionId);
    const version = provision?.versions.find((v) => v.id === a.versionId);
    if (provision === undefined || version === undefined) continue;
    const at = { provision, version };
    const would = a.summary ? ` It would: ${a.summary}` : '';
    if (a.state === 'proposed') {
      findings.push(
        finding('AMENDMENT_PROPOSED', 'note', at, `${a.explanation}${would}`, STANDARD.prohibit),
      );
    } else if (a.state === 'pending' || a.state === 'possibly_signed') {
      const inForceVersion = versionInForce(provision, asOf);
      findings.push(
        finding(
          'AMENDMENT_NOT_IN_FORCE',
          'note',
          at,
          `${a.explanation} ${
            inForceVersion ? `Version ${inForceVersion.id} still applies` : 'No version is in force'
          }; until the amendment takes effect, cases are judged under the law in force.${would}`,
          STANDARD.prohibit,
        ),
      );
    } else if (a.state === 'possibly_in_effect') {
      findings.push(
        finding(
          'AMENDMENT_POSSIBLY_IN_FORCE',
          'note',
          at,
          `${a.explanation}${would}`,
          STANDARD.prohibit,
        ),
      );
    } else if (
      a.state === 'in_effect' &&
      a.tookEffectOn !== null &&
      latestOf(a.tookEffectOn) > yearBefore(asOf)
    ) {
      findings.push(finding('AMENDMENT_TOOK_EFFECT', 'ok', at, a.explanation, STANDARD.prohibit));
    }
  }
  return findings;
}

/** Provisions no version of which is certainly in force, but one may be (a window in the sources). */
export function possiblyInForceFindings({ pack, asOf }: ConformanceContext): Finding[] {
  return pack.provisions.flatMap((provision) => {
    if (versionInForce(provision, asOf) !== undefined) return [];
    return versionsPossiblyInForce(provision, asOf).map((version) =>
      finding(
        'POSSIBLY_IN_FORCE',
        'note',
        { provision, version },
        `Version ${version.id} of art. ${provision.article} is possibly in force on ${asOf}: the cited sources give its dates only to a window (or not at all before the pack's coverage), so it is left out of the findings below.`,
        STANDARD.prohibit,
      ),
    );
  });
}

/** Whether any trafficking provision is in force at all (TVPA: prohibit trafficking). */
export function prohibitionFindings({ pack, asOf, trafficking }: ConformanceContext): Finding[] {
  if (trafficking.length > 0) return [];
  // A trafficking provision possibly in force is reported by possiblyInForceFindings, not as a gap.
  const possibly = pack.provisions.some(
    (p) => p.kind === 'trafficking' && versionsPossiblyInForce(p, asOf).length > 0,
  );
  if (possibly) return [];
  return [
    finding(
      'NO_TRAFFICKING_PROVISION',
      'gap',
      null,
      `No trafficking provision of ${pack.name} is in force on ${asOf}.`,
      STANDARD.prohibit,
    ),
  ];
}

/** Acts: each must be criminalised for some minimum purpose, given every means. */
export function actFindings({ asOf, trafficking, allMeans }: ConformanceContext): Finding[] {
  if (trafficking.length === 0) return [];
  const findings: Finding[] = [];
  const actStatus = protocolActs.map((act) => ({
    act,
    status: best(
      trafficking
        .filter((x) => says(x.version, 'acts', act) !== 'silent')
        .flatMap((x) =>
          protocolMinimumPurposes.map((p) =>
            judge(x.version, probe({ acts: [act], means: allMeans, purposes: [p] }, asOf)),
          ),
        ),
    ),
    silent: trafficking.every((x) => says(x.version, 'acts', act) === 'silent'),
  }));
  for (const { act, status, silent } of actStatus) {
    if (silent) {
      findings.push(
        finding(
          'ACT_COVERAGE_UNKNOWN',
          'note',
          null,
          `No trafficking provision's cited sources name the act of ${act}.`,
          STANDARD.definition,
        ),
      );
    } else if (status === 'not_applicable') {
      findings.push(
        finding(
          'ACT_NOT_COVERED',
          'gap',
          null,
          `No trafficking provision in force covers the act of ${act}.`,
          STANDARD.definition,
        ),
      );
    } else if (status === 'possibly_applies') {
      findings.push(
        finding(
          'ACT_COVERAGE_UNKNOWN',
          'note',
          null,
          `The cited sources do not establish whether ${act} is covered.`,
          STANDARD.definition,
        ),
      );
    }
  }
  if (actStatus.every((a) => a.status === 'applies')) {
    findings.push(
      finding(
        'ACTS_COVERED',
        'ok',
        null,
        `All five Protocol acts are covered by ${names(trafficking)}.`,
        STANDARD.definition,
      ),
    );
  }
  return findings;
}

/** The Protocol's minimum purposes that the trafficking provisions in force certainly cover. */
export function coveredPurposes({ asOf, trafficking, allMeans }: ConformanceContext): string[] {
  return protocolMinimumPurposes.filter(
    (purpose) =>
      best(
        trafficking
          .filter((x) => says(x.version, 'purposes', purpose) === 'named')
          .map((x) => judge(x.version, probe({ means: allMeans, purposes: [purpose] }, asOf))),
      ) === 'applies',
  );
}

/** Purposes: each Protocol minimum purpose, for an adult and for a child, whatever the means. */
export function purposeFindings({ asOf, trafficking, allMeans }: ConformanceContext): Finding[] {
  if (trafficking.length === 0) return [];
  const findings: Finding[] = [];
  for (const purpose of protocolMinimumPurposes) {
    // Only provisions whose sources name the purpose, or exclude it by an exhaustive list, have
    // a say; when none has, nothing is said about it (neither covered nor a gap).
    const heard = trafficking.filter((x) => says(x.version, 'purposes', purpose) !== 'silent');
    if (heard.length === 0) continue;
    const per = heard.map((x) => ({
      x,
      s: judge(x.version, probe({ means: allMeans, purposes: [purpose] }, asOf)),
    }));
    const status = best(per.map((p) => p.s));
    const covering = per.filter((p) => p.s === 'applies').map((p) => p.x);
    const forChildren =
      best(
        trafficking.map((x) =>
          judge(x.version, probe({ means: allMeans, purposes: [purpose], victimAge: 15 }, asOf)),
        ),
      ) === 'applies';
    if (status === 'applies') {
      findings.push(
        finding(
          'PURPOSE_COVERED',
          'ok',
          covering[0] ?? null,
          `Trafficking for ${purpose} is criminalised (${names(covering)}) for adult${forChildren ? ' and child' : ''} victims.`,
          STANDARD.definition,
        ),
      );
    } else if (status === 'possibly_applies') {
      findings.push(
        finding(
          'PURPOSE_COVERAGE_UNKNOWN',
          'note',
          null,
          `The cited sources neither include nor exclude trafficking for ${purpose}.`,
          STANDARD.definition,
        ),
      );
    } else {
      findings.push(
        finding(
          'PURPOSE_NOT_COVERED',
          'gap',
          null,
          `No trafficking provision in force covers trafficking for ${purpose}.`,
          STANDARD.definition,
        ),
      );
    }
  }
  return findings;
}

/** Means: for an adult, each Protocol means must suffice for every covered purpose. */
export function meansFindings(ctx: ConformanceContext): Finding[] {
  const { asOf, trafficking } = ctx;
  if (trafficking.length === 0) return [];
  const findings: Finding[] = [];
  const missingByPurposes = new Map<string, { missing: string[]; unknown: string[] }>();
  const purposesByKey = new Map<string, string[]>();
  for (const purpose of coveredPurposes(ctx)) {
    const entry: { missing: string[]; unknown: string[] } = { missing: [], unknown: [] };
    for (const means of protocolMeans) {
      const s = best(
        trafficking.map((x) =>
          judge(x.version, probe({ means: [means], purposes: [purpose] }, asOf)),
        ),
      );
      if (s === 'not_applicable') entry.missing.push(means);
      if (s === 'possibly_applies') entry.unknown.push(means);
    }
    const key = JSON.stringify(entry);
    missingByPurposes.set(key, entry);
    const group = purposesByKey.get(key) ?? [];
    group.push(purpose);
    purposesByKey.set(key, group);
  }
  for (const [key, entry] of missingByPurposes) {
    const purposes = (purposesByKey.get(key) ?? []).join(', ');
    if (entry.missing.length > 0) {
      findings.push(
        finding(
          'MEANS_NOT_COVERED',
          'gap',
          null,
          `Trafficking of an adult for ${purposes} by ${entry.missing.join(', ')} is not covered: the provisions in force require other means.`,
          STANDARD.definition,
        ),
      );
    }
    if (entry.unknown.length > 0) {
      findings.push(
        finding(
          'MEANS_COVERAGE_UNKNOWN',
          'note',
          null,
          `Whether trafficking of an adult for ${purposes} by ${entry.unknown.join(', ')} is covered is not in the cited sources.`,
          STANDARD.definition,
        ),
      );
    }
  }
  return findings;
}

/** Children: the act for a covered purpose is trafficking without any means (art. 3(c)). */
export function childFindings(ctx: ConformanceContext): Finding[] {
  const { asOf, trafficking, allMeans } = ctx;
  if (trafficking.length === 0) return [];
  const findings: Finding[] = [];
  const childGaps = new Map<InForce, { required: string[]; unknown: string[] }>();
  for (const purpose of coveredPurposes(ctx)) {
    const per = trafficking.map((x) => ({
      x,
      s: best(
        CHILD_AGES.map((age) =>
          judge(x.version, probe({ means: [], purposes: [purpose], victimAge: age }, asOf)),
        ),
      ),
      coversPurpose:
        judge(x.version, probe({ means: allMeans, purposes: [purpose], victimAge: 15 }, asOf)) !==
        'not_applicable',
    }));
    // Judged act by act: an article that covers only some acts (a sale of children) must not
    // hide a means requirement of the main article for the others.
    const uncoveredActs = protocolActs.filter(
      (act) =>
        best(
          trafficking
            .filter(
              (x) =>
                says(x.version, 'acts', act) === 'named' &&
                says(x.version, 'purposes', purpose) === 'named',
            )
            .flatMap((x) =>
              CHILD_AGES.map((age) =>
                judge(
                  x.version,
                  probe({ acts: [act], means: [], purposes: [purpose], victimAge: age }, asOf),
                ),
              ),
            ),
        ) !== 'applies',
    );
    if (best(per.map((p) => p.s)) === 'applies' && uncoveredActs.length === 0) {
      const by = per.filter((p) => p.s === 'applies').map((p) => p.x);
      findings.push(
        finding(
          'CHILD_MEANS_NOT_REQUIRED',
          'ok',
          by[0] ?? null,
          `Trafficking of a child for ${purpose} needs no means (${names(by)}).`,
          STANDARD.child,
        ),
      );
      continue;
    }
    for (const p of per.filter((q) => q.coversPurpose)) {
      const entry = childGaps.get(p.x) ?? { required: [], unknown: [] };
      if (p.s === 'not_applicable') entry.required.push(purpose);
      else entry.unknown.push(purpose);
      childGaps.set(p.x, entry);
    }
  }
  for (const [x, entry] of childGaps) {
    if (entry.required.length > 0) {
      findings.push(
        finding(
          'CHILD_MEANS_REQUIRED',
          'gap',
          x,
          `Contrary to the Protocol, ${articleOf(x)} requires proof of means (${x.version.elements.means?.anyOf.join(', ') ?? 'means'}) for trafficking for ${entry.required.join(', ')} even when the victim is a child.`,
          STANDARD.child,
        ),
      );
    }
    if (entry.unknown.length > 0) {
      findings.push(
        finding(
          'CHILD_MEANS_UNASSESSED',
          'note',
          x,
          `The cited sources do not say whether ${articleOf(x)} requires means for trafficking of a child for ${entry.unknown.join(', ')}.`,
          STANDARD.child,
        ),
      );
    }
  }
  return findings;
}

/** Consent (art. 3(b)) and conduct beyond the Protocol's definition, per trafficking provision. */
export function consentAndScopeFindings({ trafficking }: ConformanceContext): Finding[] {
  const findings: Finding[] = [];
  for (const x of trafficking) {
    if (x.version.consentIrrelevant === false) {
      findings.push(
        finding(
          'CONSENT_NOT_IRRELEVANT',
          'gap',
          x,
          `Under ${articleOf(x)} the victim's consent can be a defence even where means were used.`,
          STANDARD.consent,
        ),
      );
    } else if (x.version.consentIrrelevant === true) {
      findings.push(
        finding(
          'CONSENT_IRRELEVANT',
          'ok',
          x,
          `Under ${articleOf(x)} consent is irrelevant where means were used.`,
          STANDARD.consent,
        ),
      );
    }
    const beyond =
      x.version.elements.purposes?.anyOf.filter((p) => purposeStanding[p] === 'beyond') ?? [];
    if (beyond.length > 0) {
      findings.push(
        finding(
          'BEYOND_PROTOCOL',
          'note',
          x,
          `${articleOf(x)} also covers ${beyond.join(', ')}, which is not trafficking under the Protocol: cases under it inflate trafficking statistics unless counted apart.`,
          STANDARD.beyond,
        ),
      );
    }
  }
  return findings;
}

/** Penalties: stringency of each trafficking provision and non-custodial alternatives. */
export function stringencyFindings({ asOf, trafficking }: ConformanceContext): Finding[] {
  const findings: Finding[] = [];
  for (const x of trafficking) {
    const range = basicRange(x, asOf, null);
    if (range === 'unknown' || range === null || range.maxMonths === 'unknown') {
      findings.push(
        finding(
          'STRINGENCY_UNASSESSED',
          'note',
          x,
          `The maximum penalty under ${articleOf(x)} is not in the cited sources.`,
          STANDARD.stringent,
        ),
      );
    } else if (
      range.life ||
      (range.maxMonths !== null && range.maxMonths >= STRINGENT_MAX_MONTHS)
    ) {
      findings.push(
        finding(
          'SUFFICIENTLY_STRINGENT',
          'ok',
          x,
          `${articleOf(x)} prescribes ${formatRange(range)}: a maximum of at least four years.`,
          STANDARD.stringent,
        ),
      );
    } else {
      findings.push(
        finding(
          'MAX_PENALTY_BELOW_FOUR_YEARS',
          'gap',
          x,
          `${articleOf(x)} prescribes at most ${formatRange(range)}, below four years.`,
          STANDARD.stringent,
        ),
      );
    }
    const inLieu = hasInLieu(x.version);
    if (inLieu.length > 0) {
      const sex = coversSex(x);
      findings.push(
        finding(
          'NON_CUSTODIAL_ALTERNATIVE',
          sex ? 'gap' : 'note',
          x,
          `${articleOf(x)} allows ${[...new Set(inLieu)].join(', ').replace('_', ' ')} in lieu of imprisonment${
            sex
              ? ', so for sex trafficking its penalties are not commensurate with those for rape'
              : ''
          }.`,
          STANDARD.commensurate,
        ),
      );
    }
  }
  return findings;
}

/** Penalties: for sex trafficking, commensurate with those for rape (TVPA §108(a)(2)). */
export function commensurabilityFindings({
  asOf,
  inForce,
  trafficking,
}: ConformanceContext): Finding[] {
  const findings: Finding[] = [];
  const comparators = inForce.filter((x) => x.provision.kind === 'comparator');
  for (const x of trafficking.filter(coversSex)) {
    const range = basicRange(
      x,
      asOf,
      sexualPurposes.filter((p) => x.version.elements.purposes?.anyOf.includes(p)).slice(0, 1),
    );
    const comparator = comparators[0];
    const comparatorRange = comparator ? basicRange(comparator, asOf, null) : 'unknown';
    if (hasInLieu(x.version).length > 0) {
      findings.push(
        finding(
          'NOT_COMMENSURATE_WITH_RAPE',
          'gap',
          x,
          `${articleOf(x)} allows a non-custodial penalty in lieu of imprisonment for sex trafficking.`,
          STANDARD.commensurate,
        ),
      );
      continue;
    }
    if (
      comparator === undefined ||
      range === 'unknown' ||
      range === null ||
      comparatorRange === 'unknown' ||
      comparatorRange === null ||
      range.minMonths === 'unknown' ||
      comparatorRange.minMonths === 'unknown' ||
      range.maxMonths === 'unknown' ||
      comparatorRange.maxMonths === 'unknown'
    ) {
      findings.push(
        finding(
          'COMMENSURABILITY_UNASSESSED',
          'note',
          x,
          comparator === undefined
            ? `The pack has no rape comparator in force on ${asOf}, so commensurability cannot be assessed.`
            : `The penalty of ${articleOf(x)} or of the comparator (art. ${comparator.provision.article}) is unknown in the cited sources.`,
          STANDARD.commensurate,
        ),
      );
      continue;
    }
    const maxAtLeast =
      range.life ||
      (range.maxMonths !== null &&
        (comparatorRange.maxMonths === null
          ? false
          : range.maxMonths >= comparatorRange.maxMonths));
    const ok =
      range.minMonths >= comparatorRange.minMonths &&
      (maxAtLeast || (range.life && comparatorRange.life));
    findings.push(
      finding(
        ok ? 'COMMENSURATE_WITH_RAPE' : 'NOT_COMMENSURATE_WITH_RAPE',
        ok ? 'ok' : 'gap',
        x,
        `${articleOf(x)} prescribes ${formatRange(range)}; ${comparator.provision.title.toLowerCase()} (art. ${comparator.provision.article}) ${formatRange(comparatorRange)}: ${
          ok ? 'commensurate' : 'lower than'
        } for sex trafficking.`,
        STANDARD.commensurate,
      ),
    );
  }
  return findings;
}

/** Related offences that can also be charged against traffickers (TVPA §108(b)(1)). */
export function relatedOffenceFindings({ inForce }: ConformanceContext): Finding[] {
  const findings: Finding[] = [];
  for (const x of inForce.filter((y) => y.provision.kind === 'related')) {
    const branches =
      x.version.penalties === 'unknown'
        ? 'penalty not in the cited sources'
        : x.version.penalties.map(describeBranch).join('; ');
    findings.push(
      finding(
        'RELATED_OFFENCE',
        'note',
        x,
        `${articleOf(x)} (${x.provision.title}) can also be charged: ${branches}.`,
        STANDARD.vigorous,
      ),
    );
    const inLieu = hasInLieu(x.version);
    if (inLieu.length > 0 && coversSex(x)) {
      findings.push(
        finding(
          'NON_CUSTODIAL_ALTERNATIVE',
          'note',
          x,
          `${articleOf(x)}, used against sex traffickers, allows ${[...new Set(inLieu)].join(', ')} in lieu of imprisonment.`,
          STANDARD.commensurate,
        ),
      );
    }
  }
  return findings;
}

/** The standards in the order their findings are reported. */
const standards: readonly ((ctx: ConformanceContext) => Finding[])[] = [
  amendmentFindings,
  possiblyInForceFindings,
  prohibitionFindings,
  actFindings,
  purposeFindings,
  meansFindings,
  childFindings,
  consentAndScopeFindings,
  stringencyFindings,
  commensurabilityFindings,
  relatedOffenceFindings,
];

/** Checks a pack's law in force on `asOf` against the Protocol and the TVPA minimum standards. */
export function checkConformance(pack: Pack, asOf: string): ConformanceReport {
  const coverage = coverageOn(pack, asOf);
  if (!coverage.covered) {
    const outside = finding(
      'OUTSIDE_COVERAGE',
      'note',
      null,
      coverage.explanation ?? '',
      STANDARD.prohibit,
    );
    return { jurisdiction: pack.code, asOf, coverage, findings: [outside] };
  }
  const ctx = conformanceContext(pack, asOf);
  return {
    jurisdiction: pack.code,
    asOf,
    coverage,
    findings: standards.flatMap((check) => check(ctx)).map((f) => withAssumptions(ctx, f)),
  };
}

/** Findings on penalties compared with a comparator rest on the comparator's data too. */
const comparing: readonly FindingCode[] = [
  'COMMENSURATE_WITH_RAPE',
  'NOT_COMMENSURATE_WITH_RAPE',
  'COMMENSURABILITY_UNASSESSED',
];
/** Findings that read a version's penalty branches (the others read its elements and dates). */
const onPenalties: readonly FindingCode[] = [
  ...comparing,
  'SUFFICIENTLY_STRINGENT',
  'MAX_PENALTY_BELOW_FOUR_YEARS',
  'STRINGENCY_UNASSESSED',
  'NON_CUSTODIAL_ALTERNATIVE',
  'RELATED_OFFENCE',
];

/**
 * Names the assumptions a finding rests on: a finding on one provision rests on that version's
 * (with all its penalty branches when the finding reads penalties, since standards probe
 * several); one on the law as a whole (acts, purposes, means, a missing provision) on those of
 * every trafficking provision in force.
 */
function withAssumptions(ctx: ConformanceContext, f: Finding): Finding {
  const branches = onPenalties.includes(f.code) ? 'all' : [];
  const of = (x: InForce) => versionAssumptions(ctx.pack, x.provision, x.version, branches);
  const own = ctx.pack.provisions.find((p) => p.id === f.provisionId);
  const version = own?.versions.find((v) => v.id === f.versionId);
  const base =
    f.code === 'OUTSIDE_COVERAGE'
      ? []
      : own !== undefined && version !== undefined
        ? of({ provision: own, version })
        : mergeAssumptions(...ctx.trafficking.map(of));
  const assumptions = comparing.includes(f.code)
    ? mergeAssumptions(
        base,
        ...ctx.inForce.filter((x) => x.provision.kind === 'comparator').map(of),
      )
    : base;
  return assumptions.length === 0
    ? f
    : { ...f, assumptions, assumptionNote: assumptionSentence(assumptions) };
}
