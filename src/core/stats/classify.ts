import type { ExploitationForm, TraffickingForm } from '../vocabulary.ts';
import type { ProvisionKind } from '../statutes/schema.ts';
import type { ProvisionInfo, StatsCase, StatsCharge, StatsPerson } from './dataset.ts';

/** Forms of exploitation that the TIP report counts as labour trafficking. */
const labourForms: readonly ExploitationForm[] = [
  'forced_labour',
  'forced_begging',
  'forced_criminality',
  'servitude',
];
/** Forms that are neither sex nor labour trafficking. */
const otherForms: readonly ExploitationForm[] = ['forced_marriage', 'organ_removal', 'other'];

/**
 * The TIP form of a set of exploitation forms: sex, labour, both, other; null when nothing
 * known is in it (no forms recorded, or only "unknown").
 */
export function formOfExploitation(forms: readonly ExploitationForm[]): TraffickingForm | null {
  let sex = false;
  let labour = false;
  let other = false;
  for (const form of forms) {
    if (form === 'sexual') sex = true;
    else if (labourForms.includes(form)) labour = true;
    else if (otherForms.includes(form)) other = true;
  }
  return formOf(sex, labour, other);
}

function formOf(sex: boolean, labour: boolean, other: boolean): TraffickingForm | null {
  if (sex && labour) return 'both';
  if (sex) return 'sex';
  if (labour) return 'labour';
  if (other) return 'other';
  return null;
}

/**
 * A case's form: from its victims' forms of exploitation; where none of them is known, from the
 * form recorded on its principal charge; otherwise unknown.
 */
export function formOfCase(caseRow: StatsCase, principal: StatsCharge | null): TraffickingForm {
  let sex = false;
  let labour = false;
  let other = false;
  for (const victim of caseRow.victims)
    for (const form of victim.forms ?? []) {
      if (form === 'sexual') sex = true;
      else if (labourForms.includes(form)) labour = true;
      else if (otherForms.includes(form)) other = true;
    }
  const fromVictims = formOf(sex, labour, other);
  if (fromVictims !== null) return fromVictims;
  const fromCharge = principal?.form ?? null;
  return fromCharge === null ? 'unknown' : fromCharge;
}

export type AgeBand = 'child' | 'adult' | 'unknown';

/** Child (under 18), adult, or unknown, from an exact or estimated age. */
export function ageBandOf(person: Pick<StatsPerson, 'ageKind' | 'ageYears'>): AgeBand {
  if ((person.ageKind === 'exact' || person.ageKind === 'estimated') && person.ageYears !== null) {
    return person.ageYears < 18 ? 'child' : 'adult';
  }
  return 'unknown';
}

/** The victims (as persons) of a case. */
export function victimPersons(caseRow: StatsCase): StatsPerson[] {
  return caseRow.persons.filter((person) => person.role === 'victim');
}

/** Whether a case has a child victim: true, false, or null when some victim's age is unknown and none is a child. */
export function hasChildVictim(caseRow: StatsCase): boolean | null {
  let victims = 0;
  let unknown = false;
  for (const person of caseRow.persons) {
    if (person.role !== 'victim') continue;
    victims += 1;
    const band = ageBandOf(person);
    if (band === 'child') return true;
    if (band === 'unknown') unknown = true;
  }
  return unknown || victims === 0 ? null : false;
}

/**
 * How cases under a provision are counted on a date: as the pack's version of that time says
 * (`counting`), else as the provision's kind.
 */
export function countedKind(provision: ProvisionInfo, on: string): ProvisionKind {
  for (const period of provision.countedAs ?? [])
    if ((period.from === null || period.from <= on) && (period.to === null || on <= period.to))
      return period.kind;
  return provision.kind;
}

/** The principal provision of a case and the charge it comes from. */
export interface Principal {
  readonly provision: ProvisionInfo | null;
  readonly charge: StatsCharge | null;
}

/**
 * The provision a case is counted under: its first active charge under a provision counted as
 * trafficking on the day the case opened; else its registration article; else its first active
 * charge of any kind; else none.
 */
export function principalOf(
  caseRow: StatsCase,
  provisions: Readonly<Record<string, ProvisionInfo>>,
): Principal {
  const active = caseRow.charges.filter((charge) => charge.active);
  if (active.length > 1)
    active.sort((a, b) =>
      a.chargedOn === b.chargedOn
        ? a.id.localeCompare(b.id)
        : a.chargedOn.localeCompare(b.chargedOn),
    );
  const trafficking = active.find((charge) => {
    const provision = provisions[charge.provisionKey];
    return provision !== undefined && countedKind(provision, caseRow.openedOn) === 'trafficking';
  });
  if (trafficking !== undefined)
    return { provision: provisions[trafficking.provisionKey] ?? null, charge: trafficking };
  if (caseRow.registeredKey !== null) {
    const registered = provisions[caseRow.registeredKey];
    if (registered !== undefined)
      return {
        provision: registered,
        charge: active.find((c) => c.provisionKey === registered.key) ?? null,
      };
  }
  const first = active.find((charge) => provisions[charge.provisionKey] !== undefined);
  if (first !== undefined)
    return { provision: provisions[first.provisionKey] ?? null, charge: first };
  return { provision: null, charge: null };
}

/** The youngest known victim age in a case, or null when no victim's age is known. */
export function youngestVictimAge(caseRow: StatsCase): number | null {
  const ages = victimPersons(caseRow)
    .filter((person) => person.ageKind === 'exact' || person.ageKind === 'estimated')
    .map((person) => person.ageYears)
    .filter((age): age is number => age !== null);
  return ages.length === 0 ? null : Math.min(...ages);
}
