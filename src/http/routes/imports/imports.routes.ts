import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportCtdc, importCtdc } from '../../../app/exchange/ctdc.ts';
import { exportHtcds, importHtcds } from '../../../app/exchange/htcds.ts';
import { WebImports } from '../../../app/import/uploads.ts';
import { jurisdictionCode as jurisdiction } from '../../../app/schemas/common.ts';
import { DomainError } from '../../../core/errors.ts';
import type { RouteDeps } from '../../route-deps.ts';
import {
  contentDisposition,
  downloadLanguage,
  downloadLanguages,
  downloadName,
  jurisdictionName,
} from '../../../app/reports/download-names.ts';
import { jurisdictionCodeSchema } from '../../../core/jurisdiction.ts';

/** The language a download is named in: `?lang=`, else the request's Accept-Language. */
const nameLanguage = z
  .enum(downloadLanguages)
  .optional()
  .describe('language of the file name (default: from Accept-Language, else en)');

const modes = z.enum(['dry-run', 'atomic', 'partial']);
const rawTypes = [
  'text/csv',
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
];

/**
 * Bringing records in and out over HTTP: the web UI's import (upload, run with progress,
 * rejects) and the exchange formats (HTCDS 2.0 and CTDC, export and import). Files are sent as
 * the raw request body (text/csv, application/octet-stream or the XLSX type), streamed to disk
 * and refused past the upload limit with 413 and the limit in the message.
 */
export const importsRoutes: FastifyPluginAsyncZod<RouteDeps & { uploadLimit?: number }> = async (
  app,
  { ctx, actorOf, uploadLimit },
) => {
  const imports = new WebImports(uploadLimit);
  app.addHook('onClose', () => imports.close());
  // The body stays a stream: the route writes it to disk as it arrives.
  app.addContentTypeParser(rawTypes, (_request, payload, done) => done(null, payload));
  const tooLarge = (length: string | undefined) => {
    if (length !== undefined && Number(length) > imports.limit)
      throw new DomainError(
        'PayloadTooLarge',
        `the file is larger than the limit of ${Math.round(imports.limit / 1024 / 1024)} MB`,
        { details: { limitBytes: imports.limit } },
      );
  };

  app.post(
    '/imports/uploads',
    {
      schema: {
        tags: ['import'],
        summary:
          'Upload a spreadsheet to import (CSV or XLSX as the raw body, ?name=file.csv); returns its columns for the mapping',
        querystring: z.object({ name: z.string().min(1).max(200) }),
        response: {
          200: z.object({
            id: z.string(),
            name: z.string(),
            size: z.number().int(),
            encoding: z.string(),
            headers: z.array(z.string()),
            limit: z.number().int(),
          }),
        },
      },
    },
    async (request) => {
      const actor = await actorOf(request);
      tooLarge(request.headers['content-length']);
      const upload = await imports.receive(ctx, actor, request.query.name, request.raw);
      return { ...upload, headers: [...upload.headers], limit: imports.limit };
    },
  );

  const runView = z.object({
    id: z.string(),
    uploadId: z.string(),
    mode: modes,
    status: z.enum(['running', 'done', 'failed']),
    progress: z
      .object({
        cases: z.number(),
        totalCases: z.number(),
        rows: z.number(),
        totalRows: z.number(),
      })
      .nullable(),
    result: z.looseObject({}).nullable(),
    error: z.object({ error: z.string(), message: z.string() }).nullable(),
  });

  app.post(
    '/imports/uploads/:id/runs',
    {
      schema: {
        tags: ['import'],
        summary:
          'Import an uploaded file by a mapping (YAML): dry-run lists every failing row, atomic writes all or nothing, partial writes the good cases',
        params: z.object({ id: z.string() }),
        body: z.object({ mapping: z.string().min(1).max(200_000), mode: modes }),
        response: { 202: runView },
      },
    },
    async (request, reply) => {
      const view = await imports.start(
        ctx,
        await actorOf(request),
        request.params.id,
        request.body,
      );
      return reply.status(202).send(view);
    },
  );

  app.get(
    '/imports/runs/:id',
    {
      schema: {
        tags: ['import'],
        summary: 'An import run: its progress, and its result once done',
        params: z.object({ id: z.string() }),
        response: { 200: runView },
      },
    },
    async (request) => imports.status(ctx, await actorOf(request), request.params.id),
  );

  app.get(
    '/imports/runs/:id/rejects',
    {
      schema: {
        tags: ['import'],
        summary: 'The refused rows of a partial import, with the reasons (CSV)',
        params: z.object({ id: z.string() }),
        querystring: z.object({ lang: nameLanguage }),
      },
    },
    async (request, reply) => {
      const file = await imports.rejects(ctx, await actorOf(request), request.params.id);
      const lang = downloadLanguage(request.query.lang, request.headers['accept-language']);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          contentDisposition('attachment', downloadName('importRejects', lang, {}, 'csv')),
        )
        .send(createReadStream(file));
    },
  );

  app.get(
    '/exchange/htcds',
    {
      schema: {
        tags: ['exchange'],
        summary:
          "A jurisdiction's cases (not sealed) as an HTCDS 2.0 document; no identity, no free text",
        querystring: z.object({ jurisdiction, lang: nameLanguage }),
      },
    },
    async (request, reply) => {
      const { lang: asked, ...query } = request.query;
      const { document } = await exportHtcds(ctx, await actorOf(request), query);
      const lang = downloadLanguage(asked, request.headers['accept-language']);
      const name = downloadName(
        'htcds',
        lang,
        { jurisdiction: jurisdictionName(ctx.statutes(), query.jurisdiction, lang) },
        'json',
      );
      return reply
        .header('content-disposition', contentDisposition('attachment', name))
        .send(document);
    },
  );

  app.get(
    '/exchange/ctdc',
    {
      schema: {
        tags: ['exchange'],
        summary: "A jurisdiction's victims as CTDC-style rows (-99 for missing), k-anonymised",
        querystring: z.object({
          jurisdiction,
          k: z.coerce.number().int().optional(),
          lang: nameLanguage,
        }),
      },
    },
    async (request, reply) => {
      const { jurisdiction: code, k, lang: asked } = request.query;
      const lang = downloadLanguage(asked, request.headers['accept-language']);
      const result = await exportCtdc(ctx, await actorOf(request), {
        jurisdiction: code,
        ...(k === undefined ? {} : { k }),
      });
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header(
          'content-disposition',
          contentDisposition(
            'attachment',
            downloadName(
              'ctdc',
              lang,
              {
                jurisdiction: jurisdictionName(ctx.statutes(), code, lang),
              },
              'csv',
            ),
          ),
        )
        .send(result.csv);
    },
  );

  const exchangeResult = z.object({
    file: z.string(),
    jurisdiction: jurisdictionCodeSchema,
    mode: modes,
    cases: z.object({
      created: z.number(),
      updated: z.number(),
      unchanged: z.number(),
      rejected: z.number(),
    }),
    written: z.record(z.string(), z.number()),
    committed: z.boolean(),
    problems: z
      .array(
        z.object({ row: z.number(), column: z.string(), value: z.string(), reason: z.string() }),
      )
      .readonly(),
    notImported: z.record(z.string(), z.number()),
  });
  app.post(
    '/exchange/htcds/import',
    {
      bodyLimit: 64 * 1024 * 1024,
      schema: {
        tags: ['exchange'],
        summary:
          'Import an HTCDS 2.0 document (the JSON body) through the use-cases: atomic, partial or dry-run; idempotent by its IDs',
        querystring: z.object({
          agency: z.string().min(1),
          source: z.string().min(1).max(100).optional(),
          mode: modes.default('atomic'),
        }),
        response: { 200: exchangeResult },
      },
    },
    async (request) => {
      const { agency, source, mode } = request.query;
      return importHtcds(ctx, await actorOf(request), JSON.stringify(request.body), {
        fileName: 'htcds.json',
        agency,
        ...(source === undefined ? {} : { source }),
        dryRun: mode === 'dry-run',
        partial: mode === 'partial',
      });
    },
  );

  app.post(
    '/exchange/ctdc/import',
    {
      schema: {
        tags: ['exchange'],
        summary:
          'Import CTDC-style victim rows (the CSV body): -99 is recorded as unknown, one case per registration year',
        querystring: z.object({
          jurisdiction,
          agency: z.string().min(1),
          source: z.string().min(1).max(100).optional(),
          mode: modes.default('atomic'),
        }),
        response: { 200: exchangeResult },
      },
    },
    async (request) => {
      const actor = await actorOf(request);
      tooLarge(request.headers['content-length']);
      const { jurisdiction: code, agency, source, mode } = request.query;
      const upload = await imports.receive(ctx, actor, 'ctdc.csv', request.raw);
      const result = await importCtdc(ctx, actor, imports.pathOf(upload.id), {
        jurisdiction: code,
        agency,
        source: source ?? 'ctdc',
        dryRun: mode === 'dry-run',
        partial: mode === 'partial',
      });
      return { ...result, file: basename(result.file) };
    },
  );
  await Promise.resolve();
};
