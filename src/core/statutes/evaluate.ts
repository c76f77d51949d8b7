/**
 * `evaluate(pack, facts, asOf)`: which provisions in force on a date the facts fall under, with
 * the penalty range and a trace of every element. Pure and deterministic; unknown facts give
 * "possibly applies" with what is missing, never a guess.
 */
import { DomainError, type FieldIssue } from '../errors.ts';
import { assumptionSentence, versionAssumptions, type AssumptionView } from './assumptions.ts';
import {
  evalCondition,
  FactsSchema,
  inBand,
  intersects,
  versionInForce,
  versionsPossiblyInForce,
  type Facts,
  type Tri,
} from './logic.ts';
import { summarisePenalty, type ImprisonmentRange, type PenaltySummary } from './penalty.ts';
import type { MeansElement, Pack, ProvisionKind, ProvisionVersion, TermList } from './schema.ts';
import { coverageOn, type CoverageAnswer } from './timeline.ts';
import { buildVocabulary, type Vocabulary } from './vocabulary.ts';
import type { JurisdictionCode } from '../jurisdiction.ts';

export type ElementStatus = 'matched' | 'not_matched' | 'unknown' | 'not_required';
export type ElementName =
  'acts' | 'means' | 'means_excluded' | 'purposes' | 'victim_age' | 'circumstances' | 'others';

/** One element of a provision checked against the facts. */
export interface ElementTrace {
  readonly element: ElementName;
  readonly status: ElementStatus;
  readonly detail: string;
}

export type Applicability = 'applies' | 'possibly_applies' | 'not_applicable';

/** A provision version judged against the facts. */
export interface ProvisionEvaluation {
  readonly provisionId: string;
  readonly instrument: string;
  readonly article: string;
  readonly title: string;
  readonly kind: ProvisionKind;
  readonly versionId: string;
  readonly status: Applicability;
  readonly trace: readonly ElementTrace[];
  readonly unmet: readonly string[];
  readonly missing: readonly string[];
  readonly penalty: PenaltySummary | null;
  readonly imprisonment: ImprisonmentRange | null | 'unknown';
  /**
   * The pack writer's assumptions this judgement rests on (the instrument, the version, its
   * elements and the penalty branches that may apply), with a sentence saying so; empty when it
   * rests on cited sources only.
   */
  readonly assumptions: readonly AssumptionView[];
  readonly assumptionNote: string | null;
}

export interface EvaluationResult {
  readonly jurisdiction: JurisdictionCode;
  readonly asOf: string;
  /** Whether the pack covers `asOf`; when not, no provision is judged (the lists are empty). */
  readonly coverage: CoverageAnswer;
  readonly applicable: readonly ProvisionEvaluation[];
  readonly possiblyApplicable: readonly ProvisionEvaluation[];
  readonly notApplicable: readonly ProvisionEvaluation[];
  readonly noVersionInForce: readonly {
    readonly provisionId: string;
    readonly article: string;
    readonly reason: string;
  }[];
}

const list = (terms: readonly string[]) => terms.join(', ');

function judgeList(
  element: TermList,
  facts: readonly string[] | null,
): Exclude<ElementStatus, 'not_required'> {
  const hit = intersects(facts, element.anyOf);
  if (hit === true) return 'matched';
  if (hit === 'unknown') return 'unknown';
  // A non-exhaustive list says nothing about terms it does not name.
  return !element.exhaustive && facts !== null && facts.length > 0 ? 'unknown' : 'not_matched';
}

function traceList(
  name: ElementName,
  element: TermList,
  facts: readonly string[] | null,
  noun: string,
): ElementTrace {
  const status = judgeList(element, facts);
  const given =
    facts === null || facts.length === 0
      ? `no ${noun} established`
      : `${noun} ${list(facts)} established`;
  const needs = element.anyOf.length > 0 ? `one of ${list(element.anyOf)}` : `no ${noun}`;
  const detail =
    status === 'matched'
      ? `${noun} ${list(facts?.filter((f) => element.anyOf.includes(f)) ?? [])} covered`
      : status === 'unknown'
        ? facts === null
          ? `${noun} not established; the provision needs ${needs}`
          : `${given}: the sources list ${list(element.anyOf)} and do not say whether others are covered`
        : `${given}; the provision needs ${needs}`;
  return { element: name, status, detail };
}

/** Whether means must be proved for these facts: the first rule that holds decides. */
export function meansRequirement(means: MeansElement, facts: Facts): Tri {
  const outcomes = new Set<Tri>();
  let decided = false;
  for (const rule of means.required.rules) {
    const holds = evalCondition(rule.when, facts);
    if (holds === true) {
      outcomes.add(rule.required);
      decided = true;
      break;
    }
    if (holds === 'unknown') outcomes.add(rule.required);
  }
  if (!decided) outcomes.add(means.required.default);
  const [only] = [...outcomes];
  return outcomes.size === 1 && only !== undefined ? only : 'unknown';
}

function traceMeans(means: MeansElement, facts: Facts): ElementTrace[] {
  const required = meansRequirement(means, facts);
  const listed = traceList('means', means, facts.means, 'means');
  const out: ElementTrace[] = [];
  if (listed.status === 'matched') out.push(listed);
  else if (required === false) {
    out.push({
      element: 'means',
      status: 'not_required',
      detail: 'means need not be proved for these facts',
    });
  } else if (required === true) out.push(listed);
  else {
    out.push({
      element: 'means',
      status: 'unknown',
      detail: `the sources do not say whether means (${list(means.anyOf)}) must be proved for these facts; none established`,
    });
  }
  if (means.excluded !== undefined) {
    const used = intersects(facts.means, means.excluded);
    out.push({
      element: 'means_excluded',
      status: used === true ? 'not_matched' : used === false ? 'matched' : 'unknown',
      detail:
        used === true
          ? `the provision covers conduct without ${list(means.excluded)}, which were used`
          : used === false
            ? `no ${list(means.excluded)} used, as the provision requires`
            : `whether ${list(means.excluded)} were used is not established`,
    });
  }
  return out;
}

/** Traces every element of a version against the facts. */
export function traceElements(version: ProvisionVersion, facts: Facts): ElementTrace[] {
  const e = version.elements;
  const trace: ElementTrace[] = [];
  if (e.acts !== undefined) trace.push(traceList('acts', e.acts, facts.acts, 'acts'));
  if (e.means !== undefined) trace.push(...traceMeans(e.means, facts));
  if (e.purposes !== undefined)
    trace.push(traceList('purposes', e.purposes, facts.purposes, 'purposes'));
  if (e.victimAge !== undefined) {
    const band = e.victimAge;
    const bounds = `${band.min ?? 0}–${band.max === undefined ? 'any' : band.max}`;
    trace.push(
      facts.victimAge === null
        ? {
            element: 'victim_age',
            status: 'unknown',
            detail: `victim age not established; the provision needs ${bounds}`,
          }
        : inBand(facts.victimAge, band)
          ? {
              element: 'victim_age',
              status: 'matched',
              detail: `victim aged ${facts.victimAge} is within ${bounds}`,
            }
          : {
              element: 'victim_age',
              status: 'not_matched',
              detail: `victim aged ${facts.victimAge} is outside ${bounds}`,
            },
    );
  }
  if (e.circumstances !== undefined) {
    trace.push(traceList('circumstances', e.circumstances, facts.aggravating, 'circumstances'));
  }
  if (e.others === 'unknown') {
    trace.push({
      element: 'others',
      status: 'unknown',
      detail:
        trace.length === 0
          ? 'the cited sources do not give the elements of this provision'
          : 'the cited sources give only the elements above; whether others must be proved is not known',
    });
  }
  return trace;
}

/** Judges one version against the facts: elements first, then the penalty when it may apply. */
export function evaluateVersion(
  pack: Pack,
  provisionId: string,
  version: ProvisionVersion,
  facts: Facts,
): ProvisionEvaluation {
  const provision = pack.provisions.find((p) => p.id === provisionId);
  if (provision === undefined)
    throw new DomainError('UnknownProvision', `no provision ${provisionId} in ${pack.code}`);
  const trace = traceElements(version, facts);
  const unmet = trace
    .filter((t) => t.status === 'not_matched')
    .map((t) => `${t.element}: ${t.detail}`);
  const missing = trace
    .filter((t) => t.status === 'unknown')
    .map((t) => `${t.element}: ${t.detail}`);
  const status: Applicability =
    unmet.length > 0 ? 'not_applicable' : missing.length > 0 ? 'possibly_applies' : 'applies';
  const penalty = status === 'not_applicable' ? null : summarisePenalty(version, facts);
  if (
    penalty?.missing !== null &&
    penalty?.missing !== undefined &&
    penalty.status === 'undetermined'
  ) {
    missing.push(`penalty: ${penalty.missing}`);
  }
  const assumptions = versionAssumptions(
    pack,
    provision,
    version,
    penalty === null || penalty.status === 'unknown' ? [] : penalty.branches.map((b) => b.id),
  );
  return {
    provisionId: provision.id,
    instrument: provision.instrument,
    article: provision.article,
    title: provision.title,
    kind: provision.kind,
    versionId: version.id,
    status,
    trace,
    unmet,
    missing,
    penalty,
    imprisonment: penalty === null ? null : penalty.imprisonment,
    assumptions,
    assumptionNote: assumptions.length === 0 ? null : assumptionSentence(assumptions),
  };
}

/** Checks facts against the pack's vocabulary; every problem is reported at once. */
export function validateFacts(pack: Pack, input: unknown): Facts {
  const parsed = FactsSchema.safeParse(input);
  if (!parsed.success) {
    throw new DomainError('ValidationFailed', 'the facts are not well-formed', {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  const facts = parsed.data;
  const vocab: Vocabulary = buildVocabulary(pack.vocabularyExtension);
  const issues: FieldIssue[] = [];
  const check = (
    field: 'acts' | 'means' | 'purposes' | 'aggravating',
    terms: readonly string[] | null,
  ) => {
    terms?.forEach((t, i) => {
      if (!vocab[field].has(t)) {
        issues.push({
          path: `${field}.${i}`,
          message: `"${t}" is not in the ${field} vocabulary of ${pack.code}`,
        });
      }
    });
  };
  check('acts', facts.acts);
  check('means', facts.means);
  check('purposes', facts.purposes);
  check('aggravating', facts.aggravating);
  if (issues.length > 0)
    throw new DomainError('ValidationFailed', issues.map((i) => i.message).join('; '), { issues });
  return facts;
}

/** Evaluates the facts against every trafficking and related provision in force on `asOf`. */
export function evaluate(
  pack: Pack,
  facts: Facts,
  asOf: string = facts.offenceDate,
): EvaluationResult {
  const results: ProvisionEvaluation[] = [];
  const noVersion: { provisionId: string; article: string; reason: string }[] = [];
  const coverage = coverageOn(pack, asOf);
  for (const provision of coverage.covered ? pack.provisions : []) {
    // Comparators (rape) are benchmarks for conformance, not offences the facts describe.
    if (provision.kind === 'comparator') continue;
    const version = versionInForce(provision, asOf);
    if (version !== undefined) {
      results.push(evaluateVersion(pack, provision.id, version, facts));
      continue;
    }
    const possible = versionsPossiblyInForce(provision, asOf);
    if (possible.length === 0) {
      noVersion.push({
        provisionId: provision.id,
        article: provision.article,
        reason: `no version of ${provision.article} is in force on ${asOf}`,
      });
    }
    for (const candidate of possible) {
      // In force only possibly: at best the provision possibly applies.
      const judged = evaluateVersion(pack, provision.id, candidate, facts);
      results.push(
        judged.status === 'not_applicable'
          ? judged
          : {
              ...judged,
              status: 'possibly_applies',
              missing: [
                `in force: version ${candidate.id} is possibly in force on ${asOf} (the sources give its dates only to a window)`,
                ...judged.missing,
              ],
            },
      );
    }
  }
  return {
    jurisdiction: pack.code,
    asOf,
    coverage,
    applicable: results.filter((r) => r.status === 'applies'),
    possiblyApplicable: results.filter((r) => r.status === 'possibly_applies'),
    notApplicable: results.filter((r) => r.status === 'not_applicable'),
    noVersionInForce: noVersion,
  };
}
