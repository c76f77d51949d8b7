import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { publicRequestGate } from '../../public-requests.ts';
import { publicAnnualReport } from '../../../app/reports/annual-report.ts';
import { glotipAreaOf } from '../../../app/reports/exports/glotip.ts';
import {
  renderPublicCsv,
  renderPublicGlotip,
  renderPublicHtml,
  renderPublicXlsx,
  xlsxContentType,
} from '../../../app/reports/exports/public.ts';
import { annualReportQuery } from '../../../app/schemas/reports.schemas.ts';
import { publicReportFormats } from '../../../core/stats/formats.ts';
import { publicReportView } from '../../../app/schemas/annual-report.schemas.ts';
import type { RouteDeps } from '../../route-deps.ts';
import {
  contentDisposition,
  downloadName,
  jurisdictionName,
  periodInName,
} from '../../../app/reports/download-names.ts';

export { publicRequestLimit as publicReportLimit } from '../../public-requests.ts';

// The file name is generated from the report (jurisdiction and period), never from the request.
function sendFile(reply: FastifyReply, type: string, disposition: string, body: string | Buffer) {
  return reply
    .type(type)
    .header('content-disposition', disposition)
    .header('x-content-type-options', 'nosniff')
    .send(body);
}

/**
 * The published annual report (the analyst's view): calendar and TIP years only, every count as
 * the jurisdiction's protected publication has it, in JSON, CSV, XLSX, HTML or GLOTIP. Each
 * request is logged (who, which year and format) and limited per reader.
 */
export const publicReportRoutes: FastifyPluginAsyncZod<RouteDeps> = async (
  app,
  { ctx, actorOf },
) => {
  const gate = publicRequestGate('report.public');
  app.get(
    '/reports/annual/public',
    {
      schema: {
        tags: ['reports'],
        summary:
          'The annual report as published, for a calendar or TIP year only (from/to is refused): every hidden count as "x", protected together with every other public output (docs/COUNTING.md); ?format= for the files',
        querystring: annualReportQuery.safeExtend({
          format: z
            .enum(publicReportFormats)
            .default('json')
            .describe('json, csv, xlsx, html or glotip'),
        }),
        response: {
          200: publicReportView.or(z.string()),
        },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request);
      const { format, ...query } = request.query;
      gate(request, actor, {
        jurisdiction: query.jurisdiction ?? null,
        year: query.year ?? null,
        period: query.period,
        range: query.from !== undefined || query.to !== undefined,
        format,
      });
      const report = await publicAnnualReport(ctx, actor, query);
      if (format === 'json') return report;
      const file =
        format === 'csv'
          ? { type: 'text/csv; charset=utf-8', ext: 'csv', body: renderPublicCsv(report) }
          : format === 'glotip'
            ? {
                type: 'text/csv; charset=utf-8',
                ext: 'csv',
                body: renderPublicGlotip(
                  report,
                  glotipAreaOf(ctx.statutes(), report.meta.jurisdiction),
                ),
              }
            : format === 'html'
              ? { type: 'text/html; charset=utf-8', ext: 'html', body: renderPublicHtml(report) }
              : {
                  type: xlsxContentType,
                  ext: 'xlsx',
                  body: Buffer.from(await renderPublicXlsx(report)),
                };
      return sendFile(
        reply,
        file.type,
        contentDisposition(
          format === 'html' ? 'inline' : 'attachment',
          downloadName(
            format === 'glotip' ? 'glotip' : 'publishedReport',
            query.lang,
            {
              jurisdiction: jurisdictionName(ctx.statutes(), report.meta.jurisdiction, query.lang),
              period: periodInName(report.meta.periods.statistics),
            },
            file.ext,
          ),
        ),
        file.body,
      );
    },
  );
  await Promise.resolve();
};
