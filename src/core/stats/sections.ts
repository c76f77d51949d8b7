/**
 * The sections of the annual report whose figures count records, in the report's order: the
 * JSON answer's record addresses, the exported tables and the web's drill-down all go by it.
 */
export const figureSections = [
  'investigations',
  'relatedInvestigations',
  'prosecutions',
  'convictions',
  'sentences',
  'victims',
  'training',
  'complicity',
] as const;
export type FigureSection = (typeof figureSections)[number];

/**
 * The parts of the annual report whose figures name the records behind them (`records.<figure>`):
 * the sections (this period's and, under `records.previous`, the previous period's), the
 * completeness counts and the details' prison terms. A drill-down's figure is `<part>.<path>`.
 */
export const recordParts = [...figureSections, 'completeness', 'details'] as const;
export type RecordPart = (typeof recordParts)[number];
