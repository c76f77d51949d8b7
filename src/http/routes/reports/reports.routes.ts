import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { annualReport } from '../../../app/reports/annual-report.ts';
import { exportAnnualReport } from '../../../app/reports/exports/export.ts';
import type { ExportFormat, ReportExport } from '../../../app/reports/exports/export.ts';
import { annualReportQuery } from '../../../app/schemas/reports.schemas.ts';
import { reportFormats } from '../../../core/stats/formats.ts';
import { annualReportView, figureRecordsView } from '../../../app/schemas/annual-report.schemas.ts';
import {
  annualReportAnswer,
  figureRecords,
  figureRecordsQuery,
} from '../../../app/reports/figure-records.ts';
import { reportYears, reportYearsQuery } from '../../../app/reports/years.ts';
import type { RouteDeps } from '../../route-deps.ts';
import { keptJson } from '../../kept-json.ts';
import { contentDisposition } from '../../../app/reports/download-names.ts';
import { jurisdictionCodeSchema } from '../../../core/jurisdiction.ts';

const annualReportFileQuery = annualReportQuery.safeExtend({
  format: z
    .enum(reportFormats)
    .default('json')
    .describe('json (default), html, xlsx, csv or glotip (UNODC long format, CSV)'),
});

/** The export files by path, for clients that pick a format by extension. */
const fileRoutes = {
  'annual.html': 'html',
  'annual.xlsx': 'xlsx',
  'annual.csv': 'csv',
  'annual.glotip.csv': 'glotip',
} as const satisfies Record<string, Exclude<ExportFormat, 'json'>>;

// The file name is generated from the report (jurisdiction and period), never from the request.
function sendFile(reply: FastifyReply, file: ReportExport, inline: boolean) {
  return reply
    .type(file.contentType)
    .header(
      'content-disposition',
      contentDisposition(inline ? 'inline' : 'attachment', file.fileName),
    )
    .header('x-content-type-options', 'nosniff')
    .send(typeof file.body === 'string' ? file.body : Buffer.from(file.body));
}

/** The annual report. JSON is its canonical shape; see docs/COUNTING.md for the stable paths. */
export const reportsRoutes: FastifyPluginAsyncZod<RouteDeps> = async (app, { ctx, actorOf }) => {
  // The report kept for the log's head is answered again as it is: its JSON is kept with it.
  const sendReport = keptJson(annualReportView, { method: 'GET', url: '/api/reports/annual' });
  app.get(
    '/reports/years',
    {
      schema: {
        tags: ['reports'],
        summary:
          'The first and last year the registry records (for year pickers); any signed-in user',
        querystring: reportYearsQuery,
        response: {
          200: z.object({
            jurisdiction: jurisdictionCodeSchema.nullable(),
            first: z.number().int().nullable(),
            last: z.number().int().nullable(),
          }),
        },
      },
    },
    async (request) => reportYears(ctx, await actorOf(request), request.query),
  );
  app.get(
    '/reports/annual',
    {
      schema: {
        tags: ['reports'],
        summary:
          "The annual law-enforcement report: figures, previous period, narrative, and for each figure how many records are behind it and where they are listed (records.<figure>.href, GET /api/reports/annual/records); ?format= for the files, which list the records' ids",
        querystring: annualReportFileQuery,
        response: { 200: annualReportView.or(z.string()) },
      },
    },
    async (request, reply) => {
      const { format, ...query } = request.query;
      const actor = await actorOf(request);
      if (format === 'json')
        return sendReport(reply, annualReportAnswer(await annualReport(ctx, actor, query), query));
      return sendFile(
        reply,
        await exportAnnualReport(ctx, actor, query, format),
        format === 'html',
      );
    },
  );
  app.get(
    '/reports/annual/records',
    {
      schema: {
        tags: ['reports'],
        summary:
          "The ids of the records behind one figure of the annual report (as the report's records.<figure>.href names it), a page at a time, at the current state of the data; the records of sealed cases the reader is not on the access list of are left out",
        querystring: figureRecordsQuery,
        response: { 200: figureRecordsView },
      },
    },
    async (request) => figureRecords(ctx, await actorOf(request), request.query),
  );
  for (const [path, format] of Object.entries(fileRoutes))
    app.get(
      `/reports/${path}`,
      {
        schema: {
          tags: ['reports'],
          summary: `The annual report as ${format === 'glotip' ? 'UNODC GLOTIP long-format CSV' : format.toUpperCase()}`,
          querystring: annualReportQuery,
        },
      },
      async (request, reply) =>
        sendFile(
          reply,
          await exportAnnualReport(ctx, await actorOf(request), request.query, format),
          format === 'html',
        ),
    );
  await Promise.resolve();
};
