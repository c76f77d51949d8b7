import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { NoteSigner } from '../../../core/audit/index.ts';
import {
  consistencyProof,
  currentCheckpoint,
  exportLog,
  inclusionProof,
  logPublicKey,
} from '../../../app/integrity/log.ts';
import {
  checkpointView,
  consistencyProofView,
  consistencyQuery,
  exportQuery,
  inclusionProofView,
  inclusionQuery,
} from '../../../app/schemas/log.schemas.ts';
import type { Actor } from '../../../app/common/context.ts';
import { verifyIntegrity } from '../../../app/integrity/verify.ts';
import type { RouteDeps } from '../../route-deps.ts';

/** Who reads the public log endpoints: monitors sign in nowhere, and these answer hashes only. */
const publicMonitor: Actor = Object.freeze({
  id: 'public',
  username: 'public',
  agencyId: null,
  roles: Object.freeze([]),
});

/** What the log routes need beyond the usual dependencies: the key that signs checkpoints. */
export interface LogRouteDeps extends RouteDeps {
  readonly logSigner: NoteSigner;
}

/**
 * The transparency log: checkpoints, proofs and the public key are public (they hold hashes
 * only), so that monitors outside the government need no account; the export holds case data
 * and needs an auditor.
 */
export const logRoutes: FastifyPluginAsyncZod<LogRouteDeps> = async (
  app,
  { ctx, actorOf, logSigner },
) => {
  app.post(
    '/log/verify',
    {
      schema: {
        tags: ['log'],
        summary:
          'Verify the log and the records now: recompute the tree, check kept checkpoints, replay every record (auditors, supervisors)',
        body: z.object({ checkpoints: z.array(z.string().max(10_000)).max(100).default([]) }),
        response: {
          200: z.object({
            ok: z.boolean(),
            logSize: z.number(),
            headSize: z.number(),
            rootHash: z.string(),
            recordsChecked: z.number(),
            checkpoints: z.array(z.object({ size: z.number(), ok: z.boolean() })).readonly(),
            problems: z.array(z.unknown()).readonly(),
          }),
        },
      },
    },
    async (request) =>
      verifyIntegrity(ctx, await actorOf(request), {
        verifierKey: logPublicKey(logSigner),
        checkpoints: request.body.checkpoints,
      }),
  );
  app.get(
    '/log/public-key',
    {
      schema: {
        tags: ['log'],
        summary: "The log's Ed25519 verifier key (signed-note format); pin it once, out of band",
        response: { 200: z.object({ origin: z.string(), key: z.string() }) },
      },
    },
    () => ({ origin: logSigner.name, key: logPublicKey(logSigner) }),
  );
  app.get(
    '/log/checkpoint',
    {
      schema: {
        tags: ['log'],
        summary: 'A signed checkpoint (C2SP tlog-checkpoint) of the log as it is now',
        querystring: z.object({ format: z.enum(['json', 'note']).default('json') }),
        response: { 200: checkpointView.or(z.string()) },
      },
    },
    async (request, reply) => {
      const view = await currentCheckpoint(ctx, publicMonitor, logSigner);
      if (request.query.format === 'note') {
        return reply.type('text/plain; charset=utf-8').send(view.checkpoint);
      }
      return view;
    },
  );
  app.get(
    '/log/proof/inclusion',
    {
      schema: {
        tags: ['log'],
        summary: 'RFC 9162 inclusion proof of an entry in the tree of a given size',
        querystring: inclusionQuery,
        response: { 200: inclusionProofView },
      },
    },
    (request) => inclusionProof(ctx, publicMonitor, request.query),
  );
  app.get(
    '/log/proof/consistency',
    {
      schema: {
        tags: ['log'],
        summary: 'RFC 9162 consistency proof between two tree sizes',
        querystring: consistencyQuery,
        response: { 200: consistencyProofView },
      },
    },
    (request) => consistencyProof(ctx, publicMonitor, request.query),
  );
  app.get(
    '/log/export',
    {
      schema: {
        tags: ['log'],
        summary:
          'The entries as JSON lines {index, data: base64 leaf bytes, leafHash: base64} (auditors; logged)',
        querystring: exportQuery,
      },
    },
    async (request, reply) => {
      const lines = await exportLog(ctx, await actorOf(request), request.query);
      const body = Readable.from(
        (async function* () {
          for await (const line of lines) yield `${JSON.stringify(line)}\n`;
        })(),
      );
      return reply.type('application/x-ndjson').send(body);
    },
  );
  await Promise.resolve();
};
