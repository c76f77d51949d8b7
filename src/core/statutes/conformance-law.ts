/** Conformance standards on the law itself: recent amendments, versions possibly in force, a prohibition at all. */
import { versionInForce, versionsPossiblyInForce } from './logic.ts';
import { latestOf } from './schema.ts';
import { amendmentsOn } from './timeline.ts';
import type { Finding } from './conformance-findings.ts';
import { STANDARD, finding, yearBefore } from './conformance-context.ts';
import type { ConformanceContext } from './conformance-context.ts';

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
