/**
 * CTDC-style victim rows (IOM's Counter Trafficking Data Collaborative, see
 * ../shared/reference/standards.md §4): one row per victim, booleans as 1/0, -99 for what is
 * missing or unknown, and k-anonymity before release: every combination of the
 * quasi-identifiers is shared by at least k rows, by generalising them to -99 one at a time
 * (citizenship first, then age, gender, year) and, as a last resort, leaving rows out.
 */

/** A victim as the registry holds it, before coding. */
export interface VictimFact {
  readonly identifiedOn: string | null;
  readonly sex: string | null;
  readonly ageKind: string | null;
  readonly ageYears: number | null;
  readonly citizenship: string | null;
  /** Forms of exploitation; null when not recorded, ["unknown"] when asked and not known. */
  readonly forms: readonly string[] | null;
}

const missing = -99;
type Cell = string | number;

/** The CTDC columns written, in order. */
export const ctdcColumns = [
  'yearOfRegistration',
  'gender',
  'ageBroad',
  'majorityStatus',
  'citizenship',
  'CountryOfExploitation',
  'isForcedLabour',
  'isSexualExploit',
  'isOtherExploit',
  'isSexAndLabour',
  'isForcedMarriage',
  'isOrganRemoval',
  'isSlaveryAndPractices',
] as const;
export type CtdcColumn = (typeof ctdcColumns)[number];
export type CtdcRow = Readonly<Record<CtdcColumn, Cell>>;

/** The columns someone could link to an outside record: generalised, in this order, until k holds. */
export const quasiIdentifiers = [
  'citizenship',
  'ageBroad',
  'majorityStatus',
  'gender',
  'yearOfRegistration',
  'CountryOfExploitation',
] as const satisfies readonly CtdcColumn[];

/** CTDC's broad age bands. */
function ageBroad(years: number): string {
  const bands: [number, string][] = [
    [8, '0--8'],
    [17, '9--17'],
    [20, '18--20'],
    [23, '21--23'],
    [26, '24--26'],
    [29, '27--29'],
    [38, '30--38'],
    [47, '39--47'],
  ];
  return bands.find(([upTo]) => years <= upTo)?.[1] ?? '48+';
}

/** One victim as a CTDC row of `country` (the jurisdiction where the exploitation was recorded). */
export function ctdcRow(victim: VictimFact, country: string): CtdcRow {
  const known = victim.ageKind === 'exact' || victim.ageKind === 'estimated';
  const years = known ? victim.ageYears : null;
  const forms = victim.forms === null || victim.forms.includes('unknown') ? null : victim.forms;
  const flag = (test: (f: readonly string[]) => boolean): Cell =>
    forms === null ? missing : test(forms) ? 1 : 0;
  return {
    yearOfRegistration:
      victim.identifiedOn === null ? missing : Number(victim.identifiedOn.slice(0, 4)),
    gender: victim.sex === 'female' ? 'Female' : victim.sex === 'male' ? 'Male' : missing,
    ageBroad: years === null ? missing : ageBroad(years),
    majorityStatus: years === null ? missing : years < 18 ? 'Minor' : 'Adult',
    citizenship:
      victim.citizenship === null || !/^[A-Z]{3}$/.test(victim.citizenship)
        ? missing
        : victim.citizenship,
    CountryOfExploitation: country,
    isForcedLabour: flag((f) => f.includes('forced_labour')),
    isSexualExploit: flag((f) => f.includes('sexual')),
    isOtherExploit: flag((f) =>
      f.some((x) => ['forced_begging', 'forced_criminality', 'other'].includes(x)),
    ),
    isSexAndLabour: flag((f) => f.includes('sexual') && f.includes('forced_labour')),
    isForcedMarriage: flag((f) => f.includes('forced_marriage')),
    isOrganRemoval: flag((f) => f.includes('organ_removal')),
    isSlaveryAndPractices: flag((f) => f.includes('servitude')),
  };
}

/** The rows released, and what k-anonymity cost. */
export interface AnonymisedRows {
  readonly k: number;
  readonly rows: readonly CtdcRow[];
  /** Cells generalised to -99, by column. */
  readonly generalised: Readonly<Partial<Record<CtdcColumn, number>>>;
  /** Rows left out because no generalisation gave them k companions. */
  readonly suppressed: number;
}

const groupKey = (row: CtdcRow) => JSON.stringify(quasiIdentifiers.map((c) => row[c]));

/**
 * Makes `rows` k-anonymous on the quasi-identifiers: while some rows share their combination
 * with fewer than k−1 others, the next quasi-identifier of those rows is set to -99; rows still
 * alone at the end are left out.
 */
export function kAnonymise(rows: readonly CtdcRow[], k: number): AnonymisedRows {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, not ${k}`);
  let current = [...rows];
  const generalised: Partial<Record<CtdcColumn, number>> = {};
  const small = (list: readonly CtdcRow[]) => {
    const sizes = new Map<string, number>();
    for (const row of list) sizes.set(groupKey(row), (sizes.get(groupKey(row)) ?? 0) + 1);
    return (row: CtdcRow) => (sizes.get(groupKey(row)) ?? 0) < k;
  };
  for (const column of quasiIdentifiers) {
    const isSmall = small(current);
    current = current.map((row) => {
      if (!isSmall(row) || row[column] === missing) return row;
      generalised[column] = (generalised[column] ?? 0) + 1;
      return { ...row, [column]: missing };
    });
  }
  const isSmall = small(current);
  const released = current.filter((row) => !isSmall(row));
  return { k, rows: released, generalised, suppressed: current.length - released.length };
}
