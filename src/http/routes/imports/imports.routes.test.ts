import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../../test/engines.ts';
import type { TestDatabase } from '../../../../test/engines.ts';
import { createAgency, createUser } from '../../../app/agencies/agencies.ts';
import { hashPassword } from '../../../app/auth/passwords.ts';
import { systemActor } from '../../../app/common/context.ts';
import { setPasswordHash } from '../../../db/repositories/auth.repository.ts';
import { buildServer } from '../../server.ts';

type Headers = Record<string, string>;
interface Json {
  [key: string]: unknown;
}

// The web import's API as its users meet it, signed in through the real sign-in: a supervisor
// uploads, previews the errors (dry run), runs a partial import with progress and downloads the
// rejects; an investigator may not import; a file too large, of the wrong kind or another
// user's upload each get a clear answer.
describe.each(engines)('the import API on $name', (engine) => {
  let db: TestDatabase;
  let app: FastifyInstance;
  const password = 'correct horse battery staple';
  let signIns = 0;
  const limit = 64 * 1024;
  const mapping = [
    'source: web-test',
    'jurisdiction: KG',
    'agency: Import police',
    'case: { key: case, reference: { template: "WEB-{case}" }, openedOn: { column: opened, format: [YYYY-MM-DD, DD.MM.YYYY] } }',
    'person: { key: person, role: { value: suspect }, sex: { column: sex, map: { M: male, F: female } } }',
  ].join('\n');
  const csv =
    'case,person,sex,opened\n1,a,M,2016-03-01\n1,b,F,2016-03-01\n2,c,X,01.04.2016\n3,d,F,2016-13-01\n';

  async function signIn(username: string): Promise<Headers> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username, password },
      remoteAddress: `198.51.100.${(signIns += 1)}`,
    });
    expect(response.statusCode).toBe(200);
    const cookie = String(response.headers['set-cookie']).split(';')[0]!;
    return { cookie, 'x-csrf-token': response.json<{ csrfToken: string }>().csrfToken };
  }
  async function upload(headers: Headers, body: string | Buffer, name = 'cases.csv') {
    const response = await app.inject({
      method: 'POST',
      url: `/api/imports/uploads?name=${encodeURIComponent(name)}`,
      headers: { ...headers, 'content-type': 'text/csv' },
      payload: body,
    });
    return { status: response.statusCode, body: response.json<Json>() };
  }
  async function run(headers: Headers, uploadId: string, mode: string, given = mapping) {
    const started = await app.inject({
      method: 'POST',
      url: `/api/imports/uploads/${uploadId}/runs`,
      headers,
      payload: { mapping: given, mode },
    });
    expect(started.statusCode).toBe(202);
    const id = started.json<{ id: string }>().id;
    for (;;) {
      const response = await app.inject({ method: 'GET', url: `/api/imports/runs/${id}`, headers });
      const view = response.json<Json>();
      if (view.status !== 'running') return { id, view };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  beforeAll(async () => {
    db = await engine.open();
    app = await buildServer({
      ctx: db.ctx,
      auth: 'required',
      logLevel: 'silent',
      uploadLimit: limit,
    });
    const agency = await createAgency(db.ctx, systemActor, {
      jurisdiction: 'KG',
      name: 'Import police',
      kind: 'police',
    });
    for (const [username, roles] of [
      ['web.supervisor', ['supervisor']],
      ['web.other', ['supervisor']],
      ['web.investigator', ['investigator']],
    ] as const) {
      const user = await createUser(db.ctx, systemActor, {
        agencyId: agency.id,
        username,
        displayName: username,
        roles: [...roles],
      });
      await setPasswordHash(db.handle.db, user.id, await hashPassword(password), false);
    }
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('uploads, previews every error, imports the good cases with progress, serves the rejects', async () => {
    const supervisor = await signIn('web.supervisor');
    const uploaded = await upload(supervisor, csv);
    expect(uploaded.status).toBe(200);
    expect(uploaded.body).toMatchObject({
      headers: ['case', 'person', 'sex', 'opened'],
      encoding: 'utf-8',
      limit,
    });

    const dry = await run(supervisor, String(uploaded.body.id), 'dry-run');
    expect(dry.view.status).toBe('done');
    const result = dry.view.result as { problems: Json[]; cases: Json; committed: boolean };
    expect(result.problems.map((p) => [p.row, p.column])).toEqual([
      [4, 'sex'],
      [5, 'opened'],
      [5, 'case'], // and so case 3 has no opening date
    ]);
    expect(result.cases).toMatchObject({ created: 1, rejected: 2 });
    expect(dry.view.progress).toMatchObject({ rows: 4, totalRows: 4 });

    const partial = await run(supervisor, String(uploaded.body.id), 'partial');
    expect(partial.view.result).toMatchObject({
      committed: true,
      hasRejects: true,
      cases: { created: 1, rejected: 2 },
    });
    const rejects = await app.inject({
      method: 'GET',
      url: `/api/imports/runs/${partial.id}/rejects`,
      headers: supervisor,
    });
    expect(rejects.statusCode).toBe(200);
    expect(rejects.headers['content-disposition']).toBe(
      `attachment; filename="Rejected import rows.csv"; filename*=UTF-8''Rejected%20import%20rows.csv`,
    );
    // Named in the language the request asks for.
    const russian = await app.inject({
      method: 'GET',
      url: `/api/imports/runs/${partial.id}/rejects`,
      headers: { ...supervisor, 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.8' },
    });
    expect(russian.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('Отклонённые строки импорта.csv')}`,
    );
    expect(rejects.body.split('\r\n')[0]).toBe('row,case,person,sex,opened,reasons');
    expect(rejects.body).toContain('""X"" is not in the mapping');

    // Another supervisor does not see this user's runs or uploads.
    const other = await signIn('web.other');
    expect(
      (await app.inject({ method: 'GET', url: `/api/imports/runs/${partial.id}`, headers: other }))
        .statusCode,
    ).toBe(404);
    const foreign = await app.inject({
      method: 'POST',
      url: `/api/imports/uploads/${String(uploaded.body.id)}/runs`,
      headers: other,
      payload: { mapping, mode: 'dry-run' },
    });
    expect(foreign.statusCode).toBe(404);
  });

  it('names the second of two cases under one reference, in the preview and in the run', async () => {
    const supervisor = await signIn('web.supervisor');
    const byColumn = mapping.replace(
      'reference: { template: "WEB-{case}" }',
      'reference: { column: ref }',
    );
    const uploaded = await upload(
      supervisor,
      'case,ref,person,sex,opened\n7,WEB-TWICE,a,M,2016-03-01\n8,WEB-TWICE,b,F,2016-03-02\n',
    );
    expect(uploaded.status).toBe(200);
    for (const mode of ['dry-run', 'atomic']) {
      const { view } = await run(supervisor, String(uploaded.body.id), mode, byColumn);
      expect(view.status).toBe('done');
      expect(view.result).toMatchObject({
        committed: false,
        cases: { created: 1, rejected: 1 },
        problems: [{ row: 3, reason: expect.stringMatching(/WEB-TWICE already exists/) }],
      });
    }
    const written = await db.ctx.db
      .selectFrom('cases')
      .select('id')
      .where('reference', '=', 'WEB-TWICE')
      .execute();
    expect(written).toEqual([]);
  });

  it('refuses clearly: too large, not a spreadsheet, a wrong mapping; an investigator may not import', async () => {
    const supervisor = await signIn('web.supervisor');
    const big = await upload(supervisor, Buffer.alloc(limit + 1, 'a'));
    expect(big.status).toBe(413);
    expect(big.body).toMatchObject({
      error: 'PayloadTooLarge',
      message: 'the file is larger than the limit of 0 MB',
    });
    const text = await upload(supervisor, 'x', 'notes.txt');
    expect(text.status).toBe(400);
    expect(String(text.body.message)).toMatch(/\.csv or \.xlsx/);
    const cut = await upload(supervisor, 'case,person,sex,opened\n1,"a,M,2016-03-01\n');
    expect(cut.status).toBe(200); // the header is readable; the run names the cut
    const ok = await upload(supervisor, csv);
    const wrong = await app.inject({
      method: 'POST',
      url: `/api/imports/uploads/${String(ok.body.id)}/runs`,
      headers: supervisor,
      payload: { mapping: 'source: x\njurisdiction: kg', mode: 'dry-run' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<Json>().message).toMatch(/invalid mapping: agency: .*; case: .*; person: /);
    const cutRun = await run(supervisor, String(cut.body.id), 'dry-run');
    expect(cutRun.view).toMatchObject({ status: 'failed', error: { error: 'ValidationFailed' } });
    expect(String((cutRun.view.error as Json).message)).toMatch(/cut off/);

    const investigator = await signIn('web.investigator');
    const refused = await upload(investigator, csv);
    expect(refused.status).toBe(403);
  });
});
