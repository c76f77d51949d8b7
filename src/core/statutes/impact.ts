/**
 * What an amendment would change: the recorded cases that a signed-not-in-force version would
 * judge differently from the version of the same provision in force on their offence date.
 * The engine evaluates only what a case records (victim age, forms of exploitation as
 * purposes); what it does not record (acts, means) stays unknown and is named, never guessed.
 */
import { DomainError } from '../errors.ts';
import type { ExploitationForm } from '../vocabulary.ts';
import { evaluateVersion, type Applicability, type ProvisionEvaluation } from './evaluate.ts';
import type { Facts } from './logic.ts';
import { versionInForce, versionsPossiblyInForce } from './logic.ts';
import { latestOf, type LoadedProvision, type Pack, type ProvisionVersion } from './schema.ts';
import type { JurisdictionCode } from '../jurisdiction.ts';

/** One victim of a recorded case, as far as the registry records the facts the law asks about. */
export interface ImpactVictim {
  /** The case-file label (e.g. V1): never a name. */
  readonly label: string;
  readonly age: number | null;
  /** Null: the forms of exploitation are not recorded. */
  readonly forms: readonly ExploitationForm[] | null;
}

/** A recorded case as the impact reads it. */
export interface ImpactCase {
  readonly caseId: string;
  readonly reference: string;
  /** The earliest offence date of its charges, else the day it was opened. */
  readonly offenceDate: string;
  readonly offenceDateFrom: 'charge' | 'opened';
  /** The articles it is charged (or registered) under, as `instrument:article`. */
  readonly articles: readonly string[];
  readonly victims: readonly ImpactVictim[];
}

/** One victim's facts judged under the law in force and under the amendment. */
export interface ImpactFinding {
  readonly caseId: string;
  readonly reference: string;
  readonly offenceDate: string;
  readonly offenceDateFrom: 'charge' | 'opened';
  readonly articles: readonly string[];
  readonly victim: string;
  /** The facts evaluated (null: not recorded). */
  readonly facts: Facts;
  /** Facts the case does not record, which the law asks about. */
  readonly notRecorded: readonly string[];
  readonly inForce: Judgement | null;
  readonly amendment: Judgement;
  /** In words: what the amendment changes for these facts. */
  readonly change: string;
}

export interface Judgement {
  readonly versionId: string;
  readonly status: Applicability;
  /** Elements whose answer is unknown or not met, with the reason. */
  readonly open: readonly string[];
  readonly unmet: readonly string[];
}

export interface AmendmentImpact {
  readonly jurisdiction: JurisdictionCode;
  readonly provisionId: string;
  readonly article: string;
  readonly versionId: string;
  /** A signed amendment not in force, or a draft (`proposed`) not signed. */
  readonly status: 'signed_not_in_force' | 'proposed';
  readonly summary: string | null;
  readonly period: { readonly from: string; readonly to: string };
  /** Cases read, and how many had no victim recorded (nothing to evaluate). */
  readonly casesRead: number;
  readonly casesWithoutVictims: number;
  readonly differently: readonly ImpactFinding[];
  /** Victims judged the same way under both (on the facts recorded). */
  readonly unchanged: number;
  /**
   * Victims whose case does not record their age or the forms of exploitation: judged on what
   * is recorded, and listed so no one reads "unchanged" as "the amendment would not matter".
   */
  readonly incomplete: readonly {
    readonly reference: string;
    readonly victim: string;
    readonly notRecorded: readonly string[];
  }[];
}

const purposeOf: Partial<Record<ExploitationForm, string>> = {
  sexual: 'sexual_exploitation',
  forced_labour: 'forced_labour',
  forced_begging: 'forced_begging',
  forced_criminality: 'forced_criminality',
  forced_marriage: 'forced_marriage',
  organ_removal: 'organ_removal',
  servitude: 'servitude',
};

/** The facts a victim's record gives: purposes from known forms, age; acts and means unknown. */
export function recordedFacts(offenceDate: string, victim: ImpactVictim): Facts {
  const forms = victim.forms ?? [];
  const known = forms.map((f) => purposeOf[f]).filter((p): p is string => p !== undefined);
  // 'other' or 'unknown' forms leave the purposes open: a list would claim they are all.
  const purposes =
    victim.forms === null || known.length === 0 || known.length < forms.length ? null : known;
  return {
    offenceDate,
    acts: null,
    means: null,
    purposes,
    victimAge: victim.age,
    aggravating: [],
  };
}

const judge = (e: ProvisionEvaluation): Judgement => ({
  versionId: e.versionId,
  status: e.status,
  open: e.missing,
  unmet: e.unmet,
});

const elementsOf = (j: Judgement) =>
  new Set([...j.open, ...j.unmet].map((line) => line.split(':')[0] ?? line));

/** The signed or proposed amendment `versionId` of a pack's provision, or a clear refusal. */
export function amendmentVersion(
  pack: Pack,
  versionId: string,
): { provision: LoadedProvision; version: ProvisionVersion } {
  for (const provision of pack.provisions) {
    const version = provision.versions.find((v) => v.id === versionId);
    if (version === undefined) continue;
    if (version.status !== 'signed_not_in_force' && version.status !== 'proposed')
      throw new DomainError(
        'ValidationFailed',
        `version ${versionId} is ${version.status}, not an amendment: only a signed_not_in_force or proposed version has cases it would change`,
        { issues: [{ path: 'version', message: 'not a signed_not_in_force or proposed version' }] },
      );
    return { provision, version };
  }
  const amendments = pack.provisions.flatMap((p) =>
    p.versions
      .filter((v) => v.status === 'signed_not_in_force' || v.status === 'proposed')
      .map((v) => v.id),
  );
  throw new DomainError(
    'NotFound',
    `the ${pack.code} pack has no version "${versionId}" (signed or proposed amendments: ${amendments.join(', ') || 'none'})`,
    { details: { jurisdiction: pack.code, version: versionId } },
  );
}

/**
 * The period an amendment was signed but not in force: from the first day it may have been
 * signed to the day before it took effect (else the pack's coverage end). A draft: the pack's
 * whole coverage.
 */
export function pendingPeriod(pack: Pack, version: ProvisionVersion): { from: string; to: string } {
  // A draft is measured against every recorded case the pack covers: had it been the law.
  if (version.status === 'proposed') return { from: pack.coverage.from, to: pack.coverage.to };
  const from = version.signedBetween?.from ?? pack.coverage.from;
  const effect = version.tookEffect?.on;
  if (effect === undefined) return { from, to: pack.coverage.to };
  const day = new Date(`${latestOf(effect)}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - 1);
  return { from, to: day.toISOString().slice(0, 10) };
}

/**
 * The recorded cases the amendment would judge differently: for each victim, the facts the
 * case records evaluated under the provision's version in force on the offence date and under
 * the amendment; a victim counts when the answer or the elements still to prove differ.
 */
export function amendmentImpact(
  pack: Pack,
  versionId: string,
  cases: readonly ImpactCase[],
  period?: { from: string; to: string },
): AmendmentImpact {
  const { provision, version } = amendmentVersion(pack, versionId);
  const window = period ?? pendingPeriod(pack, version);
  const inWindow = cases.filter((c) => c.offenceDate >= window.from && c.offenceDate <= window.to);
  const differently: ImpactFinding[] = [];
  const incomplete: { reference: string; victim: string; notRecorded: string[] }[] = [];
  let unchanged = 0;
  for (const c of inWindow) {
    for (const victim of c.victims) {
      const facts = recordedFacts(c.offenceDate, victim);
      const notRecorded = [
        'acts',
        'means',
        ...(facts.purposes === null ? ['purposes (forms of exploitation)'] : []),
        ...(facts.victimAge === null ? ['victim age'] : []),
      ];
      if (notRecorded.length > 2)
        incomplete.push({ reference: c.reference, victim: victim.label, notRecorded });
      const current =
        versionInForce(provision, c.offenceDate) ??
        versionsPossiblyInForce(provision, c.offenceDate)[0];
      const before =
        current === undefined ? null : judge(evaluateVersion(pack, provision.id, current, facts));
      const after = judge(evaluateVersion(pack, provision.id, version, facts));
      const removed =
        before === null ? [] : [...elementsOf(before)].filter((e) => !elementsOf(after).has(e));
      const added =
        before === null
          ? [...elementsOf(after)]
          : [...elementsOf(after)].filter((e) => !elementsOf(before).has(e));
      if (
        before !== null &&
        before.status === after.status &&
        removed.length === 0 &&
        added.length === 0
      ) {
        unchanged += 1;
        continue;
      }
      const words: string[] = [];
      if (before === null)
        words.push(`no version of art. ${provision.article} is in force on ${c.offenceDate}`);
      else if (before.status !== after.status)
        words.push(
          `art. ${provision.article}: ${before.status.replace('_', ' ')} under ${before.versionId}, ${after.status.replace('_', ' ')} under the amendment`,
        );
      if (removed.length > 0)
        words.push(`no longer to be proved or met under the amendment: ${removed.join(', ')}`);
      if (added.length > 0)
        words.push(`newly open or unmet under the amendment: ${added.join(', ')}`);
      differently.push({
        caseId: c.caseId,
        reference: c.reference,
        offenceDate: c.offenceDate,
        offenceDateFrom: c.offenceDateFrom,
        articles: c.articles,
        victim: victim.label,
        facts,
        notRecorded,
        inForce: before,
        amendment: after,
        change: words.join('; '),
      });
    }
  }
  return {
    jurisdiction: pack.code,
    provisionId: provision.id,
    article: provision.article,
    versionId: version.id,
    status: version.status === 'proposed' ? 'proposed' : 'signed_not_in_force',
    summary: version.summary ?? null,
    period: window,
    casesRead: inWindow.length,
    casesWithoutVictims: inWindow.filter((c) => c.victims.length === 0).length,
    differently,
    unchanged,
    incomplete,
  };
}
