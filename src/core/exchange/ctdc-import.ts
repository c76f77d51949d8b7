/**
 * CTDC-style victim rows in (the reverse of ctdc.ts): one row per victim, 1/0 flags, -99 for
 * missing. Missing is read as "not known", never as zero or "no": -99 in `gender` is sex
 * `unknown`, a -99 flag says nothing about that form of exploitation, and a row whose flags are
 * all -99 records the forms as `unknown`. An empty cell, or a column the file lacks, is "not
 * recorded" (null). CTDC has no cases: the victims of one registration year become one case of
 * that year (`CTDC <source> <year>`), each victim a person keyed by its row.
 *
 * Ages: CTDC gives a band (`ageBroad`); the registry records it as an estimated age inside the
 * band (see `bandAges`), which exports back to the same band. `majorityStatus` alone cannot be
 * held as an age: such ages are recorded unknown and counted in `notImported`.
 */
import countries from 'i18n-iso-countries';
import type { CasePlan, PlannedPerson, RowProblem, SourceRow } from '../import/plan.ts';
import type { ExploitationForm } from '../vocabulary.ts';
import { ctdcColumns } from './ctdc.ts';
import type { JurisdictionCode } from '../jurisdiction.ts';

/** The age recorded for each CTDC band: inside it, so that the band is exported back unchanged. */
export const bandAges: Readonly<Record<string, number>> = {
  '0--8': 4,
  '9--17': 13,
  '18--20': 19,
  '21--23': 22,
  '24--26': 25,
  '27--29': 28,
  '30--38': 34,
  '39--47': 43,
  '48+': 48,
};

const flagForms: readonly [column: string, forms: readonly ExploitationForm[]][] = [
  ['isForcedLabour', ['forced_labour']],
  ['isSexualExploit', ['sexual']],
  ['isOtherExploit', ['other']],
  ['isSexAndLabour', ['sexual', 'forced_labour']],
  ['isForcedMarriage', ['forced_marriage']],
  ['isOrganRemoval', ['organ_removal']],
  ['isSlaveryAndPractices', ['servitude']],
];

const missing = '-99';

/** CTDC's gender words; -99 is a sex asked and not known. */
const genders: ReadonlyMap<string, string> = new Map([
  ['Female', 'female'],
  ['Male', 'male'],
  ['Transgender/NonConforming', 'other'],
  [missing, 'unknown'],
]);

/** The case plans of a CTDC file's rows, the problems found, and the columns not imported. */
export interface CtdcPlans {
  readonly plans: { plan: CasePlan; rows: SourceRow[] }[];
  readonly problems: RowProblem[];
  /** Rows refused (their cases are still written in a partial run without them). */
  readonly refused: number;
  /** Columns the registry does not hold, by column: rows with a value there (not -99). */
  readonly notImported: Record<string, number>;
}

/** Plans the victims of a CTDC file for `jurisdiction`, one case per registration year. */
export function planCtdcRows(
  rows: readonly SourceRow[],
  headers: readonly string[],
  options: { readonly jurisdiction: JurisdictionCode; readonly source: string },
): CtdcPlans {
  const problems: RowProblem[] = [];
  const notImported: Record<string, number> = {};
  const known = new Set<string>(ctdcColumns);
  const has = new Set(headers);
  const byYear = new Map<string, { persons: PlannedPerson[]; rows: SourceRow[] }>();
  let refused = 0;
  for (const row of rows) {
    const before = problems.length;
    const problem = (column: string, reason: string) =>
      problems.push({ row: row.line, column, value: row.cells[column] ?? '', reason });
    const cell = (column: string): string | null => {
      if (!has.has(column)) return null;
      const value = (row.cells[column] ?? '').trim();
      return value === '' ? null : value;
    };
    for (const header of headers) {
      if (known.has(header)) continue;
      const value = cell(header);
      if (value !== null && value !== missing) notImported[header] = (notImported[header] ?? 0) + 1;
    }
    const year = cell('yearOfRegistration');
    if (year === null || year === missing || !/^\d{4}$/.test(year)) {
      problem(
        'yearOfRegistration',
        year === missing || year === null
          ? 'the year of registration is missing: the registry needs a year to place the victim in a case'
          : 'not a year',
      );
    }
    const country = cell('CountryOfExploitation');
    if (country !== null && country !== missing && !sameCountry(country, options.jurisdiction))
      problem(
        'CountryOfExploitation',
        `exploited in ${country}, not in ${options.jurisdiction}: import it into that jurisdiction`,
      );
    const genderCell = cell('gender');
    const sex = genderCell === null ? null : (genders.get(genderCell) ?? null);
    if (genderCell !== null && sex === null) problem('gender', 'must be Female, Male or -99');
    const band = cell('ageBroad');
    const majority = cell('majorityStatus');
    let ageKind: 'estimated' | 'unknown' | undefined;
    let ageYears: number | null = null;
    if (band !== null && band !== missing) {
      const age = bandAges[band];
      if (age === undefined)
        problem('ageBroad', `must be one of ${Object.keys(bandAges).join(', ')} or -99`);
      else {
        ageKind = 'estimated';
        ageYears = age;
        if (
          majority !== null &&
          majority !== missing &&
          majority !== (age < 18 ? 'Minor' : 'Adult')
        )
          problem('majorityStatus', `contradicts ageBroad ${band}`);
      }
    } else if (band === missing || majority !== null) {
      ageKind = 'unknown';
      if (majority !== null && majority !== missing) {
        if (majority !== 'Minor' && majority !== 'Adult')
          problem('majorityStatus', 'must be Minor, Adult or -99');
        notImported['majorityStatus (without ageBroad: age recorded unknown)'] =
          (notImported['majorityStatus (without ageBroad: age recorded unknown)'] ?? 0) + 1;
      }
    }
    const citizenshipCell = cell('citizenship');
    let citizenship: string | null = null;
    if (citizenshipCell === missing) citizenship = 'unknown';
    else if (citizenshipCell !== null) {
      citizenship = /^[A-Z]{2}$/.test(citizenshipCell)
        ? (countries.alpha2ToAlpha3(citizenshipCell) ?? null)
        : /^[A-Z]{3}$/.test(citizenshipCell) &&
            countries.alpha3ToAlpha2(citizenshipCell) !== undefined
          ? citizenshipCell
          : null;
      if (citizenship === null)
        problem('citizenship', 'not an ISO 3166 country code (two or three letters) or -99');
    }
    let anyFlag = false;
    let allMissing = true;
    const forms = new Set<ExploitationForm>();
    for (const [column, implied] of flagForms) {
      const value = cell(column);
      if (value === null) continue;
      anyFlag = true;
      if (value === missing) continue;
      allMissing = false;
      if (value === '1' || value === '1.0' || value === 'true')
        implied.forEach((f) => forms.add(f));
      else if (value !== '0' && value !== '0.0' && value !== 'false')
        problem(column, 'must be 1, 0 or -99');
    }
    const sexAndLabour = cell('isSexAndLabour');
    if (sexAndLabour === '1' && (cell('isSexualExploit') === '0' || cell('isForcedLabour') === '0'))
      problem('isSexAndLabour', 'contradicts isSexualExploit or isForcedLabour (0)');
    if (problems.length > before || year === null) {
      refused++;
      continue;
    }
    const group = byYear.get(year) ?? { persons: [], rows: [] };
    byYear.set(year, group);
    group.rows.push(row);
    group.persons.push({
      key: `row ${row.line}`,
      line: row.line,
      role: 'victim',
      label: null,
      sex,
      ageYears,
      ...(ageKind === undefined ? {} : { ageKind }),
      citizenship,
      victim: {
        forms: !anyFlag ? null : allMissing ? ['unknown'] : [...forms],
        identifiedOn: `${year}-12-31`,
        referredToServices: null,
        cooperatingAsWitness: null,
      },
    });
  }
  const plans = [...byYear].map(([year, group]) => ({
    rows: group.rows,
    plan: {
      case: {
        key: `year ${year}`,
        reference: `CTDC ${options.source} ${year}`,
        // A year alone is dated 31 December, as the spreadsheet import dates it.
        openedOn: `${year}-12-31`,
        origin: 'unknown',
        summary: null,
      },
      persons: group.persons,
      charges: [],
      events: [],
      skippedCharges: {},
      skippedSentences: 0,
    } satisfies CasePlan,
  }));
  return { plans, problems, refused, notImported };
}

function sameCountry(code: string, jurisdiction: string): boolean {
  const a3 = (c: string) => (c.length === 2 ? countries.alpha2ToAlpha3(c) : c);
  return a3(code) === a3(jurisdiction);
}
