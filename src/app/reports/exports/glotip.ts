import { DomainError } from '../../../core/errors.ts';
import type { AnnualReport } from '../../../core/stats/report.ts';
import type { PackRegistry } from '../../../core/statutes/registry.ts';
import { csvLine } from './csv.ts';
import type { JurisdictionCode } from '../../../core/jurisdiction.ts';

/** The columns of UNODC's published long format (data_glotip.xlsx), in order. */
export const glotipColumns = [
  'Iso3_code',
  'Country',
  'Region',
  'Subregion',
  'Indicator',
  'Dimension',
  'Category',
  'Sex',
  'Age',
  'Year',
  'Unit of measurement',
  'txtVALUE',
  'Source',
] as const;

/** One row of the GLOTIP long format. */
export type GlotipRow = { readonly [K in (typeof glotipColumns)[number]]: string };

/** The indicators as UNODC names them. */
export const glotipIndicators = {
  prosecuted: 'Persons prosecuted',
  convicted: 'Persons convicted',
  victims: 'Detected trafficking victims',
  offences: 'Offences of trafficking in persons',
  formalContact: 'Persons brought into formal contact',
} as const;

/** How UNODC names a country and places it in its regions. */
export interface GlotipArea {
  readonly iso3: string;
  readonly country: string;
  readonly region: string;
  readonly subregion: string;
}

/**
 * The UNODC area of a Palermo jurisdiction, as its statute pack names it (`jurisdiction.unodc`
 * and `iso3166` in pack.yaml): any installed pack, no table in code.
 */
export function glotipAreaOf(registry: PackRegistry, jurisdiction: JurisdictionCode): GlotipArea {
  const pack = registry.packs.get(jurisdiction);
  if (pack === undefined)
    throw new DomainError(
      'ValidationFailed',
      `jurisdiction: no statute pack is installed for ${jurisdiction}, so its UNODC country is unknown (installed: ${[...registry.packs.keys()].join(', ') || 'none'})`,
      { issues: [{ path: 'jurisdiction', message: 'no statute pack, so no GLOTIP country' }] },
    );
  return {
    iso3: pack.ids.alpha3,
    country: pack.ids.unodcName,
    region: pack.ids.unodcRegion,
    subregion: pack.ids.unodcSubregion,
  };
}

/**
 * The Palermo jurisdiction (as cases store it, `KG`) of a country code: ISO 3166 alpha-3 (as
 * GLOTIP writes it), alpha-2 or numeric, in either case; null when no installed pack has it.
 */
export function jurisdictionOfCountry(
  registry: PackRegistry,
  country: string,
): JurisdictionCode | null {
  const wanted = country.trim().toUpperCase();
  for (const pack of registry.packs.values()) {
    const { alpha2, alpha3, numeric } = pack.ids;
    if (wanted === alpha3 || wanted === alpha2 || wanted === numeric) return pack.code;
  }
  return null;
}

/** A count as UNODC publishes it: below five as `<5`, thousands separated by commas. */
export function glotipValue(count: number): string {
  return count < 5 ? '<5' : count.toLocaleString('en-US');
}

/** A published txtVALUE: an exact count, a count below five, or text that is neither. */
export type PublishedValue =
  | { readonly kind: 'count'; readonly value: number }
  | { readonly kind: 'under5' }
  | { readonly kind: 'unreadable'; readonly text: string };

/** Reads a txtVALUE (`"1,089"`, `"<5"`). */
export function parseGlotipValue(text: string): PublishedValue {
  const trimmed = text.trim();
  if (trimmed === '<5') return { kind: 'under5' };
  if (/^\d{1,3}(,\d{3})*$|^\d+$/.test(trimmed))
    return { kind: 'count', value: Number(trimmed.replace(/,/g, '')) };
  return { kind: 'unreadable', text };
}

interface Cell {
  readonly indicator: string;
  readonly dimension?: string;
  readonly category?: string;
  readonly sex?: string;
  readonly age?: string;
  readonly count: number | null;
}

/** The figures of one year that GLOTIP reads (null: unknown, or not published). */
export interface GlotipYear {
  readonly offences: number | null;
  readonly prosecuted: number | null;
  readonly convicted: number | null;
  readonly convictedSex: number | null;
  readonly convictedLabour: number | null;
  readonly victims: number | null;
  readonly female: number | null;
  readonly male: number | null;
  readonly otherSex: number | null;
  /** Unknown and not recorded: written as their sum, unknown when either is. */
  readonly unknownSex: readonly (number | null)[];
  readonly child: number | null;
  readonly adult: number | null;
  readonly unknownAge: number | null;
  readonly victimsSex: number | null;
  readonly victimsLabour: number | null;
}

/** The sum of counts, or null when one of them is unknown. */
const sumKnown = (...values: (number | null)[]) =>
  values.reduce<number | null>((total, v) => (total === null || v === null ? null : total + v), 0);

/**
 * The GLOTIP cells Palermo can derive for one calendar year (see docs/COUNTING.md, "Exports").
 * A null count is unknown and yields no row: an unknown is never written as zero or `<5`.
 */
function cellsOf(year: GlotipYear): Cell[] {
  const byForm = 'by form of exploitation';
  const victims = glotipIndicators.victims;
  return [
    { indicator: glotipIndicators.offences, count: year.offences },
    // Persons, not cases: the indicted defendants, unknown while a prosecuted case names none.
    { indicator: glotipIndicators.prosecuted, count: year.prosecuted },
    { indicator: glotipIndicators.convicted, count: year.convicted },
    {
      indicator: glotipIndicators.convicted,
      dimension: byForm,
      category: 'Sexual exploitation',
      count: year.convictedSex,
    },
    {
      indicator: glotipIndicators.convicted,
      dimension: byForm,
      category: 'Forced labour',
      count: year.convictedLabour,
    },
    { indicator: victims, count: year.victims },
    { indicator: victims, sex: 'Female', count: year.female },
    { indicator: victims, sex: 'Male', count: year.male },
    { indicator: victims, sex: 'Other', count: year.otherSex },
    { indicator: victims, sex: 'Unknown', count: sumKnown(...year.unknownSex) },
    { indicator: victims, age: '0 to 17 years', count: year.child },
    { indicator: victims, age: '18 years or over', count: year.adult },
    { indicator: victims, age: 'Unknown', count: year.unknownAge },
    {
      indicator: victims,
      dimension: byForm,
      category: 'Sexual exploitation',
      count: year.victimsSex,
    },
    { indicator: victims, dimension: byForm, category: 'Forced labour', count: year.victimsLabour },
  ];
}

const isTotal = (cell: Cell) =>
  cell.dimension === undefined &&
  cell.category === undefined &&
  cell.sex === undefined &&
  cell.age === undefined;

type Values<S> = S extends { readonly previous: infer V } ? V : never;

/** The GLOTIP figures of one year of the internal report. */
function yearOf(values: {
  readonly investigations: Values<AnnualReport['investigations']>;
  readonly prosecutions: Values<AnnualReport['prosecutions']>;
  readonly convictions: Values<AnnualReport['convictions']>;
  readonly victims: Values<AnnualReport['victims']>;
}): GlotipYear {
  const { investigations, prosecutions, convictions, victims } = values;
  return {
    offences: investigations.total,
    prosecuted: prosecutions.defendants,
    convicted: convictions.persons,
    convictedSex: convictions.byForm.sex,
    convictedLabour: convictions.byForm.labour,
    victims: victims.identified,
    female: victims.bySex.female ?? null,
    male: victims.bySex.male ?? null,
    otherSex: victims.bySex.other ?? null,
    unknownSex: [victims.bySex.unknown ?? null, victims.bySex.not_recorded ?? null],
    child: victims.byAgeBand.child,
    adult: victims.byAgeBand.adult,
    unknownAge: victims.byAgeBand.unknown,
    victimsSex: victims.byForm.sex,
    victimsLabour: victims.byForm.labour,
  };
}

/** GLOTIP rows for labelled years of a jurisdiction; only a calendar-year report is accepted. */
export function glotipRowsOf(
  area: GlotipArea,
  statistics: AnnualReport['meta']['periods']['statistics'],
  years: readonly (readonly [string, GlotipYear])[],
): GlotipRow[] {
  if (statistics.kind !== 'calendar')
    throw new DomainError(
      'ValidationFailed',
      `period: the GLOTIP format counts calendar years; ${statistics.label} is not one`,
      { issues: [{ path: 'period', message: 'must be calendar for the GLOTIP format' }] },
    );
  return years.flatMap(([year, values]) =>
    cellsOf(values)
      .filter((cell): cell is Cell & { count: number } => cell.count !== null)
      // A breakdown names the categories that occur; totals are written even when zero.
      .filter((cell) => cell.count > 0 || isTotal(cell))
      .map((cell) => ({
        Iso3_code: area.iso3,
        Country: area.country,
        Region: area.region,
        Subregion: area.subregion,
        Indicator: cell.indicator,
        Dimension: cell.dimension ?? 'Total',
        Category: cell.category ?? 'Total',
        Sex: cell.sex ?? 'Total',
        Age: cell.age ?? 'Total',
        Year: year,
        'Unit of measurement': 'Counts',
        txtVALUE: glotipValue(cell.count),
        Source: 'Palermo',
      })),
  );
}

/** The report's two calendar years (previous and current) as GLOTIP rows. */
export function glotipRows(report: AnnualReport, area: GlotipArea): GlotipRow[] {
  const { statistics, previous } = report.meta.periods;
  return glotipRowsOf(area, statistics, [
    [
      previous.label,
      yearOf({
        investigations: report.investigations.previous,
        prosecutions: report.prosecutions.previous,
        convictions: report.convictions.previous,
        victims: report.victims.previous,
      }),
    ],
    [statistics.label, yearOf(report)],
  ]);
}

/** The report in UNODC's long format, as CSV with exactly the columns of data_glotip.xlsx. */
export function renderGlotipCsv(report: AnnualReport, area: GlotipArea): string {
  return [
    csvLine(glotipColumns),
    ...glotipRows(report, area).map((row) => csvLine(glotipColumns.map((column) => row[column]))),
  ].join('');
}
