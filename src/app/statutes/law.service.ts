/**
 * The statute use-cases the CLI and the HTTP API call. They need no database: they read the
 * registry the composition root loaded once (`ctx.statutes()`; the CLI's `law` commands, which
 * open no database, `processStatutes()`), read-only afterwards.
 */
import { DomainError } from '../../core/errors.ts';
import { checkConformance } from '../../core/statutes/conformance.ts';
import { type ConformanceReport } from '../../core/statutes/conformance-findings.ts';
import { evaluate, validateFacts, type EvaluationResult } from '../../core/statutes/evaluate.ts';
import { versionInForce } from '../../core/statutes/logic.ts';
import {
  findProvision,
  getPack,
  provisionVersionOn,
  type InvalidPack,
  type PackRegistry,
} from '../../core/statutes/registry.ts';
import type {
  LoadedProvision,
  ProvisionKind,
  ProvisionVersion,
} from '../../core/statutes/schema.ts';
import {
  assessScreening,
  ScreeningInputSchema,
  type ScreeningRecord,
} from '../../core/statutes/screening.ts';
import { checkSentence, type Sentence, type SentenceCheck } from '../../core/statutes/sentence.ts';
import {
  amendmentsOn,
  coverageOn,
  type AmendmentStatus,
  type CoverageAnswer,
} from '../../core/statutes/timeline.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
function checkDate(value: string, field: string): string {
  if (!isoDate.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw new DomainError(
      'ValidationFailed',
      `${field} must be a date as YYYY-MM-DD, got "${value}"`,
      {
        issues: [{ path: field, message: 'expected YYYY-MM-DD' }],
      },
    );
  }
  return value;
}

export interface JurisdictionSummary {
  readonly code: JurisdictionCode;
  readonly name: string;
  readonly iso3166: {
    readonly alpha2: string;
    readonly alpha3: string;
    readonly numeric: string;
  };
  readonly unodcName: string;
  readonly coverage: { readonly from: string; readonly to: string };
  readonly provisions: readonly {
    readonly id: string;
    readonly article: string;
    readonly title: string;
    readonly kind: ProvisionKind;
  }[];
}

/** Every loaded jurisdiction with its provisions. */
export function listJurisdictions(registry: PackRegistry): JurisdictionSummary[] {
  return [...registry.packs.values()].map((pack) => ({
    code: pack.code,
    name: pack.name,
    iso3166: { alpha2: pack.ids.alpha2, alpha3: pack.ids.alpha3, numeric: pack.ids.numeric },
    unodcName: pack.ids.unodcName,
    coverage: { from: pack.coverage.from, to: pack.coverage.to },
    provisions: pack.provisions.map((p) => ({
      id: p.id,
      article: p.article,
      title: p.title,
      kind: p.kind,
    })),
  }));
}

/** The packs and screening sets that failed validation, with their file:line problems. */
export function invalidPacks(registry: PackRegistry): readonly InvalidPack[] {
  return registry.invalid;
}

export interface ProvisionView {
  readonly provision: LoadedProvision;
  /** The version in force on `asOf`, when one was asked for. */
  readonly inForce: ProvisionVersion | null;
  readonly asOf: string | null;
}

/** One provision (or all of a pack's, without an article), optionally with the version in force. */
export function showProvision(
  registry: PackRegistry,
  code: JurisdictionCode,
  article?: string,
  asOf?: string,
): ProvisionView[] {
  const pack = getPack(registry, code);
  const date = asOf === undefined ? null : checkDate(asOf, 'asOf');
  const provisions = article === undefined ? pack.provisions : [findProvision(pack, article)];
  return provisions.map((provision) => ({
    provision,
    inForce: date === null ? null : (versionInForce(provision, date) ?? null),
    asOf: date,
  }));
}

/** The law of a jurisdiction over time on a date: the pack's coverage and every signed amendment's state. */
export function lawOn(
  registry: PackRegistry,
  code: JurisdictionCode,
  asOf: string,
): {
  jurisdiction: JurisdictionCode;
  asOf: string;
  coverage: CoverageAnswer;
  amendments: AmendmentStatus[];
} {
  const pack = getPack(registry, code);
  const date = checkDate(asOf, 'asOf');
  return {
    jurisdiction: pack.code,
    asOf: date,
    coverage: coverageOn(pack, date),
    amendments: amendmentsOn(pack, date),
  };
}

/** Conformance findings for a jurisdiction on a date. */
export function checkJurisdictionConformance(
  registry: PackRegistry,
  code: JurisdictionCode,
  asOf: string,
): ConformanceReport {
  return checkConformance(getPack(registry, code), checkDate(asOf, 'asOf'));
}

/** Evaluates facts (as parsed JSON) against a jurisdiction's law in force on the offence date. */
export function evaluateFacts(
  registry: PackRegistry,
  code: JurisdictionCode,
  input: unknown,
  asOf?: string,
): EvaluationResult {
  const pack = getPack(registry, code);
  const facts = validateFacts(pack, input);
  checkDate(facts.offenceDate, 'offenceDate');
  return evaluate(pack, facts, asOf === undefined ? facts.offenceDate : checkDate(asOf, 'asOf'));
}

/** Checks a sentence imposed under an article against the version in force on the offence date. */
export function checkSentenceFor(
  registry: PackRegistry,
  code: JurisdictionCode,
  article: string,
  sentence: Sentence,
  factsInput: unknown,
): SentenceCheck & { readonly article: string; readonly versionId: string } {
  const pack = getPack(registry, code);
  const facts = validateFacts(pack, factsInput);
  const provision = findProvision(pack, article);
  const version = provisionVersionOn(provision, checkDate(facts.offenceDate, 'offenceDate'));
  return {
    ...checkSentence(sentence, version, facts),
    article: provision.article,
    versionId: version.id,
  };
}

/** Screens a person against one of the screening sets a jurisdiction uses. */
export function screenPerson(
  registry: PackRegistry,
  code: JurisdictionCode,
  input: unknown,
): ScreeningRecord {
  const pack = getPack(registry, code);
  const parsed = ScreeningInputSchema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError('ValidationFailed', 'the screening is not well-formed', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  if (!pack.screening.includes(parsed.data.setId)) {
    throw new DomainError(
      'NotFound',
      `${code} uses no screening set "${parsed.data.setId}" (sets: ${pack.screening.join(', ')})`,
    );
  }
  const set = registry.screening.get(parsed.data.setId);
  if (set === undefined)
    throw new DomainError('NotFound', `screening set "${parsed.data.setId}" is not loaded`);
  return assessScreening(set, parsed.data);
}

/** A date or a window, as the pack gives it; null: not known to the pack. */
export type BoundView = string | { readonly notBefore: string; readonly notAfter: string } | null;

/** One version of a provision on the timeline: from when, until when, and what became of it. */
export interface VersionTimelineView {
  readonly id: string;
  readonly status: ProvisionVersion['status'];
  readonly validFrom: BoundView;
  readonly validTo: BoundView;
  /** With an unknown start: not before this (the instrument's adoption), when the pack gives it. */
  readonly notBefore: BoundView;
  readonly signedBetween: { readonly from: string; readonly to: string } | null;
  /** For a draft (`proposed`): when it was introduced. */
  readonly proposedBetween: { readonly from: string; readonly to: string } | null;
  readonly tookEffect: { readonly on: BoundView; readonly as: string | null } | null;
  readonly summary: string | null;
}

/** Every provision of a pack with the timeline of its versions (the law explorer's history). */
export function provisionTimelines(
  registry: PackRegistry,
  code: JurisdictionCode,
): {
  jurisdiction: JurisdictionCode;
  coverage: { from: string; to: string };
  provisions: {
    id: string;
    article: string;
    title: string;
    kind: ProvisionKind;
    versions: VersionTimelineView[];
  }[];
} {
  const pack = getPack(registry, code);
  return {
    jurisdiction: pack.code,
    coverage: { from: pack.coverage.from, to: pack.coverage.to },
    provisions: pack.provisions.map((p) => ({
      id: p.id,
      article: p.article,
      title: p.title,
      kind: p.kind,
      versions: p.versions.map((v) => ({
        id: v.id,
        status: v.status,
        validFrom: v.validFrom,
        validTo: v.validTo,
        notBefore: v.validFrom === null ? p.startFloor.instrumentAdopted : null,
        signedBetween: v.signedBetween ?? null,
        proposedBetween: v.proposedBetween ?? null,
        tookEffect:
          v.tookEffect === undefined ? null : { on: v.tookEffect.on, as: v.tookEffect.as ?? null },
        summary: v.summary ?? null,
      })),
    })),
  };
}
