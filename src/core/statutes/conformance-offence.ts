/** Conformance standards on the offence's definition: acts, purposes, means, children, consent and scope. */
import {
  protocolActs,
  protocolMeans,
  protocolMinimumPurposes,
  purposeStanding,
} from './vocabulary.ts';
import type { Finding } from './conformance-findings.ts';
import {
  STANDARD,
  CHILD_AGES,
  judge,
  probe,
  says,
  best,
  articleOf,
  names,
  finding,
} from './conformance-context.ts';
import type { InForce, ConformanceContext } from './conformance-context.ts';

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
