/**
 * Three-valued logic over case facts. A fact the case has not established is `null` in the
 * facts and `'unknown'` here: it never silently counts as "no".
 */
import { z } from 'zod';
import { isoDate } from './schema.ts';
import type {
  AgeBand,
  Condition,
  DateBound,
  LoadedProvision,
  ProvisionVersion,
  StartFloor,
} from './schema.ts';

export type Tri = true | false | 'unknown';

/** The facts of an offence as the engine reads them; `null` means "not known". */
export interface Facts {
  readonly offenceDate: string;
  readonly acts: readonly string[] | null;
  readonly means: readonly string[] | null;
  readonly purposes: readonly string[] | null;
  readonly victimAge: number | null;
  readonly aggravating: readonly string[] | null;
}

const termArray = z.array(z.string().regex(/^[a-z][a-z0-9_]*$/)).nullable();
/** The JSON shape of facts (vocabulary membership is checked against a pack separately). */
export const FactsSchema = z
  .object({
    offenceDate: isoDate,
    acts: termArray,
    means: termArray,
    purposes: termArray,
    victimAge: z.number().int().min(0).max(130).nullable(),
    aggravating: termArray.default([]),
  })
  .strict();

/** Kleene conjunction. */
export function and(values: readonly Tri[]): Tri {
  if (values.includes(false)) return false;
  return values.includes('unknown') ? 'unknown' : true;
}

/** Kleene disjunction. */
export function or(values: readonly Tri[]): Tri {
  if (values.includes(true)) return true;
  return values.includes('unknown') ? 'unknown' : false;
}

/** Whether an age falls in a band (inclusive bounds). */
export function inBand(age: number, band: AgeBand): boolean {
  return (band.min === undefined || age >= band.min) && (band.max === undefined || age <= band.max);
}

/** Whether a known list of facts shares a term with `terms`; unknown when the list is unknown. */
export function intersects(facts: readonly string[] | null, terms: readonly string[]): Tri {
  if (facts === null) return 'unknown';
  return facts.some((f) => terms.includes(f));
}

/** Evaluates a pack condition against the facts. */
export function evalCondition(condition: Condition, facts: Facts): Tri {
  const parts: Tri[] = [];
  if (condition.victimAge !== undefined) {
    parts.push(facts.victimAge === null ? 'unknown' : inBand(facts.victimAge, condition.victimAge));
  }
  if (condition.meansAnyOf !== undefined) parts.push(intersects(facts.means, condition.meansAnyOf));
  if (condition.purposesAnyOf !== undefined) {
    parts.push(intersects(facts.purposes, condition.purposesAnyOf));
  }
  if (condition.aggravatingAnyOf !== undefined) {
    parts.push(intersects(facts.aggravating, condition.aggravatingAnyOf));
  }
  if (condition.aggravatingUnspecified === true) {
    // The source names no list: an empty list is certainly outside it, anything else may be in it.
    parts.push(facts.aggravating !== null && facts.aggravating.length === 0 ? false : 'unknown');
  }
  if (condition.anyOf !== undefined)
    parts.push(or(condition.anyOf.map((c) => evalCondition(c, facts))));
  return and(parts);
}

/** Whether `date` is on or after a start known exactly or only to a window. */
export function onOrAfter(date: string, bound: DateBound): Tri {
  if (typeof bound === 'string') return date >= bound;
  if (date >= bound.notAfter) return true;
  return date < bound.notBefore ? false : 'unknown';
}

/** Whether `date` is on or before an (inclusive) end known exactly or only to a window. */
export function onOrBefore(date: string, bound: DateBound): Tri {
  if (typeof bound === 'string') return date <= bound;
  if (date <= bound.notBefore) return true;
  return date > bound.notAfter ? false : 'unknown';
}

/**
 * An unknown start: never before the instrument was adopted, certain within the pack's coverage,
 * and unknown in between (the sources do not say since when this text was the law).
 */
function unknownStart(date: string, floor: StartFloor): Tri {
  const afterAdoption: Tri =
    floor.instrumentAdopted === null ? 'unknown' : onOrAfter(date, floor.instrumentAdopted);
  if (afterAdoption === false) return false;
  return date >= floor.coverageFrom ? true : 'unknown';
}

/** The day a version's text starts to apply, when it is not simply `validFrom`. */
function startOf(version: ProvisionVersion): { readonly start: DateBound | null } | null {
  if (version.status === 'proposed') return null;
  if (version.status !== 'signed_not_in_force') return { start: version.validFrom };
  // A signed amendment applies only once it took effect as this same provision.
  if (version.tookEffect !== undefined && version.tookEffect.as === undefined)
    return { start: version.tookEffect.on };
  return null;
}

/**
 * Whether a version is in force on a date: `true`, `false`, or `'unknown'` when the date lies in
 * a window the sources leave open (or before the pack's coverage, for an unknown start).
 */
export function inForceState(version: ProvisionVersion, date: string, floor: StartFloor): Tri {
  const from = startOf(version);
  if (from === null) return false;
  const begun = from.start === null ? unknownStart(date, floor) : onOrAfter(date, from.start);
  const ended = version.validTo === null ? true : onOrBefore(date, version.validTo);
  return and([begun, ended]);
}

/** Whether a version is certainly in force on a date. */
export function isInForceOn(version: ProvisionVersion, date: string, floor: StartFloor): boolean {
  return inForceState(version, date, floor) === true;
}

/** The version of a provision certainly in force on a date, if any (packs guarantee at most one). */
export function versionInForce(
  provision: LoadedProvision,
  date: string,
): ProvisionVersion | undefined {
  return provision.versions.find((v) => isInForceOn(v, date, provision.startFloor));
}

/** Versions that may be in force on a date, the sources leaving it open. */
export function versionsPossiblyInForce(
  provision: LoadedProvision,
  date: string,
): ProvisionVersion[] {
  return provision.versions.filter(
    (v) => inForceState(v, date, provision.startFloor) === 'unknown',
  );
}

/** Every term a condition mentions, by vocabulary, for load-time checks. */
export function conditionTerms(condition: Condition): {
  means: string[];
  purposes: string[];
  aggravating: string[];
} {
  const out = {
    means: [...(condition.meansAnyOf ?? [])],
    purposes: [...(condition.purposesAnyOf ?? [])],
    aggravating: [...(condition.aggravatingAnyOf ?? [])],
  };
  for (const c of condition.anyOf ?? []) {
    const inner = conditionTerms(c);
    out.means.push(...inner.means);
    out.purposes.push(...inner.purposes);
    out.aggravating.push(...inner.aggravating);
  }
  return out;
}
