/** The file formats of the annual report (JSON is the canonical shape; the rest derive from it). */
export const reportFormats = ['json', 'html', 'xlsx', 'csv', 'glotip'] as const;
export type ReportFormat = (typeof reportFormats)[number];

/** The formats of the published report (the same files, from the published figures). */
export const publicReportFormats = ['json', 'csv', 'xlsx', 'html', 'glotip'] as const;
