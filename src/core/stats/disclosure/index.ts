/** Statistical disclosure control of published tables: small counts, totals, Gauss secondary suppression. */
export { crossTable, checkTable, totalCode } from './table.ts';
export type { Dimension, LinearTable, SumConstraint, TableCell } from './table.ts';
export {
  isPrimarySensitive,
  publicationOrder,
  publishedCounts,
  suppressTable,
  unodcRule,
} from './suppress.ts';
export type { CellStatus, DisclosureRule, PublishedCount, Suppression } from './suppress.ts';
export { cellCoordinates, derivableBySpan, gaussSecondary } from './gauss.ts';
export { derivableCells, feasibleRanges, hiddenNullSpace } from './check.ts';
export type { FeasibleRange, Ratio } from './check.ts';
export { publishAnnualReport } from './publish.ts';
export {
  hiddenMark,
  hiddenRanges,
  protectPublication,
  protectionInterval,
  periodIdentities,
} from './system.ts';
export type {
  IntegerProgram,
  IntegerProgramSolver,
  ProtectedPublication,
  ProtectionLevels,
  PublicationYears,
} from './system.ts';
export type { PublicReport, PublicSection, PublicValue, PublicValues } from './publish.ts';
