import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { engines } from '../../../../test/engines.ts';
import type { TestDatabase } from '../../../../test/engines.ts';
import { makeAgencies, makeUser } from '../../../../test/factories.ts';
import {
  checkConsistency,
  checkInclusion,
  decodeBase64,
  verifyCheckpoint,
} from '../../../core/audit/index.ts';
import type { Hash } from '../../../core/audit/index.ts';
import { ephemeralLogSigner } from '../../../app/integrity/log-key.ts';
import { buildServer } from '../../server.ts';

const b64 = (text: string): Hash => decodeBase64(text) ?? new Uint8Array();

describe.each(engines)('log routes on $name', (engine) => {
  let db: TestDatabase;
  let app: FastifyInstance;
  const signer = ephemeralLogSigner('test.palermo/http-log');
  beforeAll(async () => {
    db = await engine.open();
    app = await buildServer({
      ctx: db.ctx,
      auth: 'development',
      logLevel: 'silent',
      logSigner: signer,
    });
    await makeAgencies(db.ctx);
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('lets a monitor without an account check checkpoints and proofs with the public key alone', async () => {
    const key = (await app.inject({ url: '/api/log/public-key' })).json<{ key: string }>().key;
    const first = (await app.inject({ url: '/api/log/checkpoint?format=note' })).body;
    const old = verifyCheckpoint(first, key);
    expect(old.size).toBe(3n);
    await makeAgencies(db.ctx);
    const now = verifyCheckpoint(
      (await app.inject({ url: '/api/log/checkpoint' })).json<{ checkpoint: string }>().checkpoint,
      key,
    );
    expect(now.size).toBe(6n);
    const consistency = (
      await app.inject({ url: `/api/log/proof/consistency?from=${old.size}&to=${now.size}` })
    ).json<{ proof: string[] }>();
    expect(
      checkConsistency({
        size1: old.size,
        size2: now.size,
        root1: old.rootHash,
        root2: now.rootHash,
        proof: consistency.proof.map(b64),
      }),
    ).toEqual({ ok: true });
    const inclusion = (
      await app.inject({ url: `/api/log/proof/inclusion?index=4&size=${now.size}` })
    ).json<{ leafHash: string; proof: string[] }>();
    expect(
      checkInclusion({
        leafIndex: 4n,
        treeSize: now.size,
        leafHash: b64(inclusion.leafHash),
        proof: inclusion.proof.map(b64),
        root: now.rootHash,
      }),
    ).toEqual({ ok: true });
    const bad = await app.inject({ url: '/api/log/proof/inclusion?index=9&size=6' });
    expect(bad.statusCode).toBe(400);
  });

  it('exports JSON lines to auditors and refuses others', async () => {
    const exported = await app.inject({ url: '/api/log/export?from=1&to=4' });
    expect(exported.statusCode).toBe(200);
    expect(exported.headers['content-type']).toMatch(/application\/x-ndjson/);
    const lines = exported.body
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { index: number; data: string; leafHash: string });
    expect(lines.map((line) => line.index)).toEqual([1, 2, 3]);
    const { police } = await makeAgencies(db.ctx);
    const investigator = await makeUser(db.ctx, police.id, ['investigator']);
    const refused = await app.inject({
      url: '/api/log/export',
      headers: { 'x-palermo-user': investigator.username },
    });
    expect(refused.statusCode).toBe(403);
  });

  it('verifies on request, with a kept checkpoint, and reports a tampered record', async () => {
    const kept = (await app.inject({ url: '/api/log/checkpoint?format=note' })).body;
    const clean = await app.inject({
      method: 'POST',
      url: '/api/log/verify',
      payload: { checkpoints: [kept] },
    });
    expect(clean.statusCode).toBe(200);
    expect(clean.json()).toMatchObject({ ok: true, problems: [], checkpoints: [{ ok: true }] });
    const one = await db.handle.db.selectFrom('agencies').select('id').executeTakeFirstOrThrow();
    await db.handle.db
      .updateTable('agencies')
      .set({ name: 'renamed outside the application' })
      .where('id', '=', one.id)
      .execute();
    const tampered = await app.inject({ method: 'POST', url: '/api/log/verify', payload: {} });
    expect(tampered.json<{ ok: boolean; problems: unknown[] }>().ok).toBe(false);
    expect(JSON.stringify(tampered.json())).toContain('renamed outside the application');
  });
});
