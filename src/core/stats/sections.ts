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
