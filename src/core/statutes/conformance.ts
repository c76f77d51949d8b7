import { assumptionSentence, mergeAssumptions, versionAssumptions } from './assumptions.ts';
import { type Pack } from './schema.ts';
import { coverageOn } from './timeline.ts';
import type { FindingCode, Finding, ConformanceReport } from './conformance-findings.ts';
import { STANDARD, finding, conformanceContext } from './conformance-context.ts';
import type { InForce, ConformanceContext } from './conformance-context.ts';
import {
  amendmentFindings,
  possiblyInForceFindings,
  prohibitionFindings,
} from './conformance-law.ts';
import {
  actFindings,
  purposeFindings,
  meansFindings,
  childFindings,
  consentAndScopeFindings,
} from './conformance-offence.ts';
import {
  stringencyFindings,
  commensurabilityFindings,
  relatedOffenceFindings,
} from './conformance-penalties.ts';

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
