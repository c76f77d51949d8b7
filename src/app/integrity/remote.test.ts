import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { makeAgencies } from '../../../test/factories.ts';
import { buildServer } from '../../http/server.ts';
import { ephemeralLogSigner } from './log-key.ts';
import { toHex } from '../../core/audit/index.ts';
import { logPublicKey, logRootAt } from './log.ts';
import { verifyRemote } from './remote.ts';

describe.each(engines)('remote verification over HTTP on $name', (engine) => {
  let db: TestDatabase;
  let app: FastifyInstance;
  const signer = ephemeralLogSigner('test.palermo/remote');
  // The monitor's HTTP client, served by the app in memory.
  const viaInject: typeof fetch = async (input) => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
    );
    const response = await app.inject({ url: `${url.pathname}${url.search}` });
    return new Response(response.body, { status: response.statusCode });
  };
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

  it('trusts on first use with a warning, then proves every later log extends the kept checkpoint', async () => {
    const first = await verifyRemote({ url: 'http://palermo.test', fetch: viaInject });
    expect(first.ok).toBe(true);
    expect(first.warnings[0]).toMatch(/pin it with --key/);
    expect(first.verifierKey).toBe(logPublicKey(signer));
    await makeAgencies(db.ctx);
    const later = await verifyRemote({
      url: 'http://palermo.test/',
      kept: first.checkpoint,
      verifierKey: first.verifierKey,
      full: true,
      fetch: viaInject,
    });
    expect(later).toMatchObject({
      ok: true,
      keptSize: 3,
      currentSize: 6,
      warnings: [],
      problems: [],
    });

    const impostor = logPublicKey(ephemeralLogSigner('test.palermo/remote'));
    await expect(
      verifyRemote({ url: 'http://palermo.test', verifierKey: impostor, fetch: viaInject }),
    ).rejects.toMatchObject({ code: 'IntegrityViolation' });
  });

  it('tells the monitor when the log was cut back below what it kept', async () => {
    const kept = (await verifyRemote({ url: 'http://palermo.test', fetch: viaInject })).checkpoint;
    const raw = db.handle.db;
    const size = Number(
      (await raw.selectFrom('audit_head').select('size').executeTakeFirstOrThrow()).size,
    );
    // An insider drops the last entry and rewrites the head so that the server signs the cut log.
    await raw
      .deleteFrom('merkle_nodes')
      .where('level', '=', 0)
      .where('idx', '=', size - 1)
      .execute();
    await raw
      .deleteFrom('audit_log')
      .where('idx', '=', size - 1)
      .execute();
    const root = toHex(await logRootAt(raw, size - 1));
    await raw
      .updateTable('audit_head')
      .set({ size: size - 1, root_hash: root })
      .execute();
    const report = await verifyRemote({
      url: 'http://palermo.test',
      kept,
      verifierKey: logPublicKey(signer),
      fetch: viaInject,
    });
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([
      `the server's log has ${size - 1} entries but the checkpoint you kept has ${size}: the log was truncated`,
    ]);
  });
});
