import { isOneOf } from '../../core/vocabulary.ts';
import { keyedBy } from '../../core/keyed.ts';
import { existsSync } from 'node:fs';
import { DomainError } from '../../core/errors.ts';
import type { Actor, AppContext } from '../common/context.ts';
import {
  glotipColumns,
  glotipIndicators,
  jurisdictionOfCountry,
  parseGlotipValue,
} from './exports/glotip.ts';
import type { GlotipRow, PublishedValue } from './exports/glotip.ts';
import { yearlySeries } from './series.ts';
import { withholdSealedRecords } from './withhold.ts';

const sheetName = 'data_glotip_1';
// Rows 1–2 of UNODC's export are a title and a date; row 3 is the header.
const headerRow = 3;

/** Reads UNODC's published long format (data_glotip.xlsx) into rows keyed by its columns. */
export async function readGlotipWorkbook(path: string): Promise<GlotipRow[]> {
  if (!existsSync(path))
    throw new DomainError('NotFound', `GLOTIP file not found: ${path}`, { details: { path } });
  // Loaded when a workbook is made or read: exceljs alone took a fifth of every CLI start.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.getWorksheet(sheetName);
  if (sheet === undefined)
    throw new DomainError('ValidationFailed', `${path}: no sheet named ${sheetName}`);
  const header = glotipColumns.map((_, i) => String(sheet.getRow(headerRow).getCell(i + 1).text));
  const missing = glotipColumns.filter((column, i) => header[i] !== column);
  if (missing.length > 0)
    throw new DomainError(
      'ValidationFailed',
      `${path}: row ${headerRow} is not the GLOTIP header (expected ${glotipColumns.join(', ')}; got ${header.join(', ')})`,
    );
  const rows: GlotipRow[] = [];
  sheet.eachRow((row, number) => {
    if (number <= headerRow) return;
    const cells = new Map(glotipColumns.map((column, i) => [column, row.getCell(i + 1).text]));
    rows.push(keyedBy(glotipColumns, (column) => cells.get(column) ?? ''));
  });
  return rows;
}

/** The indicators reconciled: those the annual report counts in persons. */
export const reconciledIndicators = [
  glotipIndicators.prosecuted,
  glotipIndicators.convicted,
] as const;
export type ReconciledIndicator = (typeof reconciledIndicators)[number];

/**
 * How the registry's figure stands against UNODC's:
 * `match` equal; `within_suppression` UNODC publishes `<5` and the registry counts 0–4;
 * `differs` both known and different; `not_published` the registry counts a year UNODC does not
 * publish; `registry_unknown` the registry cannot tell (e.g. a prosecuted case names no
 * defendant); `not_in_registry` UNODC publishes a year outside the registry's data.
 */
export type ReconcileStatus =
  | 'match'
  | 'within_suppression'
  | 'differs'
  | 'not_published'
  | 'registry_unknown'
  | 'not_in_registry';

/** One indicator in one year, side by side. */
export interface ReconcileLine {
  readonly year: number;
  readonly indicator: ReconciledIndicator;
  /** UNODC's txtVALUE, or null when it publishes nothing for the year. */
  readonly published: string | null;
  /** The registry's count, or null when unknown or outside its data. */
  readonly registry: number | null;
  readonly status: ReconcileStatus;
  /** Registry minus UNODC, when both are exact counts. */
  readonly difference: number | null;
  /** The records behind the registry's figure (persons), and the cases prosecuted that year. */
  readonly records: readonly string[];
  /** Cases whose defendants are not recorded: why a prosecuted count is unknown. */
  readonly unknownBecause: readonly string[];
}

/** The comparison of one country's published series with the registry. */
export interface Reconciliation {
  readonly country: string;
  readonly countryName: string;
  readonly jurisdiction: string;
  readonly registryYears: readonly number[];
  readonly lines: readonly ReconcileLine[];
  /** Every line that is neither a match nor within UNODC's suppression of small counts. */
  readonly differences: readonly ReconcileLine[];
}

interface RegistryFigure {
  readonly value: number | null;
  readonly records: readonly string[];
  readonly unknownBecause: readonly string[];
}

function statusOf(
  published: PublishedValue | null,
  registry: RegistryFigure | null,
): { status: ReconcileStatus; difference: number | null } {
  if (registry === null) return { status: 'not_in_registry', difference: null };
  if (registry.value === null) return { status: 'registry_unknown', difference: null };
  if (published === null || published.kind === 'unreadable')
    return { status: 'not_published', difference: null };
  if (published.kind === 'under5')
    return { status: registry.value < 5 ? 'within_suppression' : 'differs', difference: null };
  const difference = registry.value - published.value;
  return { status: difference === 0 ? 'match' : 'differs', difference };
}

/**
 * Compares the registry's persons prosecuted and convicted per calendar year with UNODC's
 * published series for a country, line by line, with the records behind the registry's number.
 */
export async function reconcileWithGlotip(
  ctx: AppContext,
  actor: Actor,
  input: { readonly rows: readonly GlotipRow[]; readonly country: string },
): Promise<Reconciliation> {
  const country = input.country.trim().toUpperCase();
  const ofCountry = input.rows.filter((row) => row.Iso3_code.toUpperCase() === country);
  if (ofCountry.length === 0)
    throw new DomainError('NotFound', `country ${input.country}: not in the GLOTIP data`, {
      details: { country: input.country },
    });
  const jurisdiction = jurisdictionOfCountry(ctx.statutes(), country);
  if (jurisdiction === null)
    throw new DomainError(
      'ValidationFailed',
      `country ${country}: no installed statute pack has this ISO 3166 code (installed: ${[
        ...ctx.statutes().packs.values(),
      ]
        .map((p) => `${p.code} ${p.ids.alpha3}`)
        .join(', ')})`,
      { issues: [{ path: 'country', message: 'no statute pack with this ISO3 code' }] },
    );
  const published = new Map<string, string>();
  for (const row of ofCountry) {
    const total =
      row.Dimension === 'Total' &&
      row.Category === 'Total' &&
      row.Sex === 'Total' &&
      row.Age === 'Total';
    const key = `${row.Year}|${row.Indicator}`;
    if (total && !published.has(key)) published.set(key, row.txtVALUE);
  }
  const series = await yearlySeries(ctx, jurisdiction);
  await withholdSealedRecords(ctx, actor, series);
  const registry = new Map<string, RegistryFigure>();
  for (const y of series) {
    registry.set(`${y.year}|${glotipIndicators.prosecuted}`, {
      value: y.defendants,
      records: [...y.records.defendants, ...y.records.prosecutions],
      unknownBecause: y.records.casesWithUnknownDefendants,
    });
    registry.set(`${y.year}|${glotipIndicators.convicted}`, {
      value: y.convictions,
      records: y.records.convictions,
      unknownBecause: [],
    });
  }
  const years = [
    ...new Set([
      ...series.map((y) => y.year),
      ...ofCountry
        .filter((row) => isOneOf(reconciledIndicators, row.Indicator))
        .map((row) => Number(row.Year)),
    ]),
  ]
    .filter((year) => Number.isInteger(year))
    .sort((a, b) => a - b);
  const lines = years.flatMap((year) =>
    reconciledIndicators
      .map((indicator) => {
        const key = `${year}|${indicator}`;
        const text = published.get(key) ?? null;
        const figure = registry.get(key) ?? null;
        return { year, indicator, text, figure };
      })
      .filter((x) => x.text !== null || x.figure !== null)
      .map(({ year, indicator, text, figure }): ReconcileLine => {
        const { status, difference } = statusOf(
          text === null ? null : parseGlotipValue(text),
          figure,
        );
        return {
          year,
          indicator,
          published: text,
          registry: figure?.value ?? null,
          status,
          difference,
          records: figure?.records ?? [],
          unknownBecause: figure?.unknownBecause ?? [],
        };
      }),
  );
  return {
    country,
    countryName: ofCountry[0]?.Country ?? country,
    jurisdiction,
    registryYears: series.map((y) => y.year),
    lines,
    differences: lines.filter((l) => l.status !== 'match' && l.status !== 'within_suppression'),
  };
}
