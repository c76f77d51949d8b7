/**
 * Three-valued logic over case facts. A fact the case has not established is `null` in the
 * facts and `'unknown'` here: it never silently counts as "no".
 */
import { z } from 'zod';
import type { AgeBand, Condition, Provision, ProvisionVersion } from './schema.ts';

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
    offenceDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
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

/** Whether a version is in force on a date (a signed but not yet in force version never is). */
export function isInForceOn(version: ProvisionVersion, date: string): boolean {
  if (version.status === 'signed_not_in_force') return false;
  return (
    (version.validFrom === null || version.validFrom <= date) &&
    (version.validTo === null || date <= version.validTo)
  );
}

/** The version of a provision in force on a date, if any (packs guarantee at most one). */
export function versionInForce(provision: Provision, date: string): ProvisionVersion | undefined {
  return provision.versions.find((v) => isInForceOn(v, date));
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
