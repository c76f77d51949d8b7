import type { InputOf } from '../../common/validate.ts';
import type { annualReportQuery } from '../../schemas/reports.schemas.ts';
import type { Actor, AppContext } from '../../common/context.ts';
import { annualReport } from '../annual-report.ts';
import type { AnnualReportWithNarrative } from '../annual-report.ts';
import { yearlySeries } from '../series.ts';
import { renderCsv } from './csv.ts';
import { publishAnnualReport } from '../../../core/stats/disclosure/publish.ts';
import { protectedPublication } from '../annual-report.ts';
import { glotipAreaOf } from './glotip.ts';
import { renderPublicGlotip } from './public.ts';
import { renderHtml } from './html.ts';
import { downloadName, jurisdictionName, periodInName } from '../download-names.ts';
import { renderXlsx, xlsxContentType } from './xlsx.ts';
import type { ReportFormat } from '../../../core/stats/formats.ts';

/** A file format of the annual report (JSON is the canonical shape; the rest derive from it). */
export type ExportFormat = ReportFormat;

/** A rendered export: its bytes or text, media type and a generated file name. */
export interface ReportExport {
  readonly format: ExportFormat;
  readonly contentType: string;
  readonly fileName: string;
  readonly body: string | Uint8Array;
}

/** Renders an already computed report in a format; HTML also reads the yearly series. */
export async function renderReport(
  ctx: AppContext,
  report: AnnualReportWithNarrative,
  format: ExportFormat,
): Promise<ReportExport> {
  // Named in the report's language, as the web names the same download.
  const lang = report.narrative.lang;
  const named = (extension: string) =>
    downloadName(
      format === 'glotip' ? 'glotip' : 'annualReport',
      lang,
      {
        jurisdiction: jurisdictionName(ctx.statutes(), report.meta.jurisdiction, lang),
        period: periodInName(report.meta.periods.statistics),
      },
      extension,
    );
  switch (format) {
    case 'json':
      return {
        format,
        contentType: 'application/json; charset=utf-8',
        fileName: named('json'),
        body: `${JSON.stringify(report, null, 2)}\n`,
      };
    case 'csv':
      return {
        format,
        contentType: 'text/csv; charset=utf-8',
        fileName: named('csv'),
        body: renderCsv(report),
      };
    case 'glotip':
      // The file leaves the registry for UNODC: it is made from the protected publication, like
      // the public report beside it, never from the internal counts.
      return {
        format,
        contentType: 'text/csv; charset=utf-8',
        fileName: named('csv'),
        body: renderPublicGlotip(
          publishAnnualReport(report, await protectedPublication(ctx, report.meta.jurisdiction)),
          glotipAreaOf(ctx.statutes(), report.meta.jurisdiction),
        ),
      };
    case 'xlsx':
      return {
        format,
        contentType: xlsxContentType,
        fileName: named('xlsx'),
        body: await renderXlsx(report),
      };
    case 'html':
      return {
        format,
        contentType: 'text/html; charset=utf-8',
        fileName: named('html'),
        body: await renderHtml(report, await yearlySeries(ctx, report.meta.jurisdiction)),
      };
  }
}

/** The annual report for a query (see `annualReport`), rendered in one of the export formats. */
export async function exportAnnualReport(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof annualReportQuery>,
  format: ExportFormat,
): Promise<ReportExport> {
  return renderReport(ctx, await annualReport(ctx, actor, raw), format);
}
