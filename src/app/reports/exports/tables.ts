import type { AnnualReport } from '../../../core/stats/report.ts';
import { sectionPeriods } from '../../../core/stats/period.ts';
import { figureSections } from '../../../core/stats/sections.ts';
import type { FigureSection } from '../../../core/stats/sections.ts';

/** One figure of a section: this period's value, the previous period's, and the records behind this period's. */
export interface ReportRow {
  /** The figure's path inside its section, as in the JSON report (`byForm.sex`). */
  readonly figure: string;
  readonly value: number | null;
  readonly previous: number | null;
  readonly records: readonly string[];
}

/** A section of the report as a flat table, with the labels of the two periods it compares. */
export interface ReportTable {
  readonly name: TableName;
  readonly period: string;
  readonly previousPeriod: string;
  readonly rows: readonly ReportRow[];
}

/** The sections exported as tables, in the order of the report: every section with figures. */
export const tableNames = figureSections;
export type TableName = FigureSection;

type Node = Readonly<Record<string, unknown>>;

const isNode = (value: unknown): value is Node =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const at = (node: unknown, key: string): unknown => (isNode(node) ? node[key] : undefined);

const numberOrNull = (value: unknown): number | null => (typeof value === 'number' ? value : null);

const stringList = (value: unknown): readonly string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

// The sections are typed trees of different shapes; walking them generically keeps every
// export in step with the report when a figure is added, instead of listing figures by hand.
function rowsOf(values: Node, previous: unknown, records: unknown, prefix: string): ReportRow[] {
  const rows: ReportRow[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (prefix === '' && (key === 'previous' || key === 'records')) continue;
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (isNode(value)) rows.push(...rowsOf(value, at(previous, key), at(records, key), path));
    else
      rows.push({
        figure: path,
        value: numberOrNull(value),
        previous: numberOrNull(at(previous, key)),
        records: stringList(at(records, key)),
      });
  }
  return rows;
}

/** Every section of the report as a table of figures with the previous period and the records. */
export function reportTables(report: AnnualReport): ReportTable[] {
  return tableNames.map((name) => {
    const section: Node = report[name];
    const { now, before } = sectionPeriods(report.meta.periods, name);
    return {
      name,
      period: now.label,
      previousPeriod: before.label,
      rows: rowsOf(section, section.previous, section.records, ''),
    };
  });
}

/** How an unknown value reads in human-facing exports; never a zero. */
export const unknownText = 'unknown';
