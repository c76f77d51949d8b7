// Messages of the published-figures screen and of the published figures shown beside a report,
// kept apart from the main catalogue; en.ts spreads them in, and ru/ky have the same keys.
export const publishedEn = {
  'nav.publishedFigures': 'Published figures',
  'publishedFigures.title': 'Published figures for years without records',
  'publishedFigures.intro':
    'A year the registry holds no records for can still be compared with: record the figures a publication printed for it (for example the previous TIP report), with the source. Reports show them as published figures, never added to counts from records. Leave a figure blank when the publication did not print it.',
  'publishedFigures.recorded':
    '{count, plural, =0 {No published figures are recorded.} one {# year of published figures is recorded.} other {# years of published figures are recorded.}}',
  'publishedFigures.year': 'Year',
  'publishedFigures.periodKind': 'Period',
  'publishedFigures.source': 'Source (title of the publication)',
  'publishedFigures.sourceUrl': 'Address of the source (optional)',
  'publishedFigures.note': 'Note (optional)',
  'publishedFigures.blank': 'Blank: not printed',
  'publishedFigures.add': 'Record published figures',
  'publishedFigures.replace': 'Replace the published figures',
  'publishedFigures.saved': 'Published figures for {year} recorded.',
  'publishedFigures.notPrinted': 'not printed',
  'publishedPrev.title': 'Published figures for {period}',
  'publishedPrev.from': 'Source: {source}',
  'publishedPrev.note':
    'The registry holds no complete records for this period: these are the figures the source printed, shown as published and never added to the counts made from records.',
  'publishedPrev.figure': 'Figure',
  'publishedPrev.value': 'Published',
  'publishedPrev.fromRecords': 'Counted from records',
} as const satisfies Record<string, string>;
