/**
 * A year's aggregate figures as a publication printed them (for example the figures the
 * previous TIP report gave), recorded with their source for a period the registry holds no
 * records of. The report shows them beside its own counts, labelled with their source, and
 * never adds them to a count from records.
 */
export const publishedFigureNames = [
  'investigations',
  'prosecutions',
  'defendants',
  'convictions',
  'victims',
] as const;
export type PublishedFigureName = (typeof publishedFigureNames)[number];

export interface PublishedFigures {
  /** The period the figures are for: a calendar year or a TIP year (April to March). */
  readonly periodKind: 'calendar' | 'tip';
  readonly year: number;
  /** Null: the publication printed no such figure (never zero). */
  readonly figures: Readonly<Record<PublishedFigureName, number | null>>;
  readonly source: { readonly title: string; readonly url: string | null };
  readonly note: string | null;
  readonly recordedBy: string;
  readonly recordedAt: string;
}
