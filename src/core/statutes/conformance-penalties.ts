/** Conformance standards on penalties: stringency, commensurability with rape, related offences. */
import { describeBranch } from './describe.ts';
import { formatRange } from './penalty.ts';
import { sexualPurposes, STRINGENT_MAX_MONTHS } from './vocabulary.ts';
import type { Finding } from './conformance-findings.ts';
import {
  STANDARD,
  articleOf,
  basicRange,
  hasInLieu,
  coversSex,
  finding,
} from './conformance-context.ts';
import type { ConformanceContext } from './conformance-context.ts';

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
