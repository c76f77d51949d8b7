/**
 * What verify compares: every column of every table (the entity table against the migrated
 * database), no false alarms after any mix of normal use and refusals (a property), and
 * databases written before the log carried records still verify after `migrate`.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { Migrator, PostgresAdapter, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines, testConfig } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { testActor } from '../../../test/factories.ts';
import { mixedHistory } from '../../../test/history.ts';
import type { MixedHistory } from '../../../test/history.ts';
import { isDomainError } from '../../core/errors.ts';
import { parseMapping } from '../../core/import/mapping.ts';
import { createDb, migrateOrThrow } from '../../db/create-db.ts';
import type { DatabaseHandle, Engine } from '../../db/create-db.ts';
import { migrations } from '../../db/migrations/index.ts';
import * as auditNodesInLog from '../../db/migrations/2026-12-01T1230_audit_nodes_in_log.ts';
import type { Db } from '../../db/schema.ts';
import { tableColumns } from '../../db/repositories/integrity.repository.ts';
import { updateUser } from '../agencies/agencies.ts';
import { createApiToken, revokeToken } from '../auth/tokens.ts';
import { login, logout } from '../auth/auth.ts';
import { setPassword } from '../auth/passwords.ts';
import { getCase, listCases, updateCase } from '../cases/cases.ts';
import { createAppContext } from '../common/context.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { memoryKeyring } from '../crypto/keyring.ts';
import { entities, entityTypes, unrecordedTables } from '../audit/entities.ts';
import { importRecords } from '../import/import.ts';
import { addPerson } from '../persons/persons.ts';
import { getIdentity } from '../persons/identity.ts';
import { ephemeralLogSigner } from './log-key.ts';
import { currentCheckpoint, logPublicKey } from './log.ts';
import { verifyIntegrity } from './verify.ts';

const verifierKey = logPublicKey(ephemeralLogSigner('test.palermo/records'));
const verify = (ctx: AppContext) =>
  verifyIntegrity(ctx, testActor, { verifierKey, checkpoints: [] });

/** Runs a use-case; a refusal (any domain error) is part of normal use, anything else is not. */
async function attempt(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!isDomainError(error)) throw error;
  }
}

async function caseVersion(ctx: AppContext, caseId: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('cases')
    .select('version')
    .where('id', '=', caseId)
    .executeTakeFirstOrThrow();
  return row.version;
}

/**
 * Every node of the log's tree as `level/index hash`, sorted, wherever the database keeps it:
 * `merkle_nodes` (before 2026-12-01T1230, and nodes whose row is gone) and `audit_log.nodes`.
 */
async function treeNodes(db: Db): Promise<string[]> {
  const nodes: string[] = [];
  const kept = await db.selectFrom('merkle_nodes').select(['level', 'idx', 'hash']).execute();
  for (const node of kept) nodes.push(`${node.level}/${Number(node.idx)} ${node.hash}`);
  if ((await tableColumns(db)).get('audit_log')?.has('nodes') === true) {
    const rows = await db.selectFrom('audit_log').select(['idx', 'nodes']).execute();
    for (const row of rows) {
      (row.nodes ?? '').split(',').forEach((hash, level) => {
        if (hash !== '') nodes.push(`${level}/${Math.floor(Number(row.idx) / 2 ** level)} ${hash}`);
      });
    }
  }
  return nodes.sort();
}

/**
 * Runs `work` (today's use-cases) on a database migrated to an earlier version, leaving it as
 * that version wrote it: the log rows' tree column (2026-12-01T1230) exists only while the work
 * runs, and the migration's own `down` then moves the nodes to merkle_nodes, where that version
 * kept them.
 */
async function asEarlierVersion<T>(db: Db, work: () => Promise<T>): Promise<T> {
  // A migration takes the untyped handle the migrator gives it.
  await auditNodesInLog.up(db as never);
  const result = await work();
  await auditNodesInLog.down(db as never);
  return result;
}

/** Rows per table, to show an upgrade loses none. */
/**
 * After the upgrade: every table that was there keeps its rows, and the report's per-case
 * summaries (case_stats, added later) start as one stale row per case.
 */
async function expectNoRowLost(
  db: Db,
  before: Record<string, number>,
  nodesBefore: readonly string[],
): Promise<void> {
  const after = await rowCounts(db);
  // The tree's nodes moved from merkle_nodes into their log rows (2026-12-01T1230): all kept.
  const tables = Object.keys(before).filter((table) => table !== 'merkle_nodes');
  expect(Object.fromEntries(tables.map((table) => [table, after[table]]))).toEqual(
    Object.fromEntries(tables.map((table) => [table, before[table]])),
  );
  expect(await treeNodes(db)).toEqual(nodesBefore);
  expect(after['merkle_nodes']).toBe(0);
  if (before.case_stats === undefined) {
    expect(after.case_stats).toBe(before.cases);
    const fresh = await db
      .selectFrom('case_stats')
      .select('case_id')
      .where('fresh', '=', 1)
      .execute();
    expect(fresh).toEqual([]);
  }
}

async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of (await tableColumns(db)).keys()) {
    if (table.startsWith('kysely_')) continue;
    const { rows } = await sql<{
      n: number | string;
    }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    counts[table] = Number(rows[0]?.n);
  }
  return counts;
}

/** The primary key's columns of a table, from the catalog. */
async function primaryKey(engine: Engine, db: Db, table: string): Promise<string[]> {
  if (engine === 'sqlite') {
    const { rows } = await sql<{ name: string; pk: number }>`
      select name, pk from pragma_table_info(${table}) where pk > 0 order by pk`.execute(db);
    return rows.map((row) => row.name);
  }
  const { rows } = await sql<{ name: string }>`
    select a.attname::text as name
    from pg_constraint k
    join pg_class c on c.oid = k.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    cross join unnest(k.conkey) with ordinality u(attnum, i)
    join pg_attribute a on a.attrelid = k.conrelid and a.attnum = u.attnum
    where k.contype = 'p' and c.relname = ${table} and n.nspname = current_schema()
    order by u.i`.execute(db);
  return rows.map((row) => row.name);
}

/** The migrations of the version before the case keys (issue 16, part 5). */
const beforeCaseKeys = Object.fromEntries(
  Object.entries(migrations).filter(([name]) => name < '2026-12-01T0500_case_keys'),
);

async function migrateBeforeCaseKeys(db: Db): Promise<void> {
  const provider = { getMigrations: () => Promise.resolve({ ...beforeCaseKeys }) };
  const onPostgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const schema = onPostgres
    ? (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]?.schema
    : undefined;
  const { error, results } = await new Migrator({
    db,
    provider,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  }).migrateToLatest();
  const failed = results?.find((result) => result.status === 'Error');
  if (error !== undefined || failed !== undefined)
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed`, { cause: error });
}

/**
 * A spreadsheet of three cases (two suspects each, one charged) for the agency of
 * `mixedHistory(…, tag)`, and its mapping: an import of it leaves keys of cases, persons and
 * charges. `changed` gives one person another label.
 */
function importedFile(dir: string, tag: string, changed = false) {
  const file = join(dir, `import-${tag}${changed ? '-changed' : ''}.csv`);
  const rows = [1, 2, 3].flatMap((c) =>
    ['a', 'b'].map(
      (p) =>
        `${c},${p},${changed && c === 2 && p === 'b' ? 'Renamed' : `S${c}${p}`},${p === 'a' ? '124' : ''},2016-0${c}-10`,
    ),
  );
  writeFileSync(file, ['case,person,label,statute,charged', ...rows, ''].join('\n'));
  const mapping = parseMapping(
    `
source: upgrade-${tag}
jurisdiction: KG
agency: Anti-trafficking unit ${tag} (synthetic)
case:
  key: case
  reference: { template: "UP-${tag}-{case}" }
  openedOn: { column: charged, format: YYYY-MM-DD, aggregate: min }
person:
  key: person
  role: { value: suspect }
  label: { column: label }
charges:
  statute: statute
  statutes: { "124": { instrument: cc1997, article: "124" } }
  chargedOn: { column: charged, format: YYYY-MM-DD }
`,
    'upgrade.yaml',
  );
  return { file, mapping };
}

async function importKeyRows(db: Db) {
  return db.selectFrom('import_keys').selectAll().orderBy('id').execute();
}

/** An empty database of its own (not migrated), on one engine. */
async function emptyDatabase(
  engine: Engine,
  dir: string,
): Promise<{ handle: DatabaseHandle; drop: () => Promise<void> }> {
  const url = process.env.PALERMO_TEST_DATABASE_URL ?? '';
  if (engine === 'sqlite') {
    const handle = createDb(join(dir, 'before-case-keys.sqlite'));
    return { handle, drop: () => handle.close() };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = createDb(url);
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
  const scoped = new URL(url);
  scoped.searchParams.set('options', `-c search_path=${schema}`);
  const handle = createDb(scoped.toString());
  return {
    handle,
    drop: async () => {
      await handle.close();
      const cleanup = createDb(url);
      await sql`drop schema ${sql.id(schema)} cascade`.execute(cleanup.db);
      await cleanup.close();
    },
  };
}

describe.each(engines)('the records verify compares, on $name', (engine) => {
  let db: TestDatabase;
  let h: MixedHistory;
  const password = 'correct horse battery staple 1';

  beforeAll(async () => {
    db = await engine.open();
    h = await mixedHistory(db.ctx, `r-${engine.name}`);
  }, 60_000);
  afterAll(async () => {
    await db.close();
  });

  it('has a rule for every column of every table, and every table is a record or the log', async () => {
    if (engine.name === 'postgres') {
      // Another schema of the same database (another deployment, another suite) is not ours.
      await sql`create schema if not exists palermo_stray`.execute(db.handle.db);
      await sql`create table if not exists palermo_stray.stray_table (x int)`.execute(db.handle.db);
    }
    const columns = await tableColumns(db.handle.db);
    expect(columns.has('stray_table')).toBe(false);
    const recorded = new Map(entityTypes.map((type) => [entities[type].table as string, type]));
    for (const [table, names] of columns) {
      const type = recorded.get(table);
      if (type === undefined) {
        expect(Object.keys(unrecordedTables), `table ${table} is neither`).toContain(table);
        continue;
      }
      expect([...names].sort(), `columns of ${table}`).toEqual(
        Object.keys(entities[type].columns).sort(),
      );
    }
    for (const table of recorded.keys()) expect([...columns.keys()]).toContain(table);
    if (engine.name === 'postgres')
      await sql`drop schema if exists palermo_stray cascade`.execute(db.handle.db);
  });

  it('reports nothing after any mix of normal use, refusals and failed sign-ins (property)', async () => {
    const ctx = db.ctx;
    const noRoles: Actor = { ...h.clerk, roles: [] };
    const text = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
    const command = fc.oneof(
      text.map((summary) => async () => {
        const version = await caseVersion(ctx, h.caseId);
        await updateCase(ctx, h.investigator, h.caseId, { version, summary });
      }),
      text.map((username) => () => login(ctx, { username, password: 'wrong' }, '192.0.2.20')),
      fc.constant(() =>
        login(ctx, { username: h.investigator.username, password: 'wrong' }, '192.0.2.21'),
      ),
      fc.constant(() => listCases(ctx, noRoles, {})),
      fc.constant(() => getCase(ctx, h.clerk, h.sealedCaseId)),
      fc.constant(() => getIdentity(ctx, h.clerk, h.victimId)),
      fc.constant(async () => {
        const session = await login(
          ctx,
          { username: h.investigator.username, password },
          '192.0.2.22',
        );
        await logout(ctx, h.investigator, session.sessionSecret);
      }),
      text.map(
        (label) => () => addPerson(ctx, h.investigator, h.caseId, { role: 'witness', label }),
      ),
      text.map((name) => async () => {
        const token = await createApiToken(ctx, h.investigator, { name, scopes: ['case.read'] });
        await revokeToken(ctx, h.investigator, token.id);
      }),
      fc.constantFrom(['analyst'], ['analyst', 'auditor']).map((roles) => async () => {
        const row = await ctx.db
          .selectFrom('users')
          .select('version')
          .where('id', '=', h.clerk.id)
          .executeTakeFirstOrThrow();
        await updateUser(ctx, testActor, h.clerk.id, { version: row.version, roles: [...roles] });
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 5 }), async (commands) => {
        for (const run of commands) await attempt(run);
        const report = await verify(ctx);
        expect(report.problems).toEqual([]);
      }),
      { numRuns: 8 },
    );
  }, 120_000);

  it('covers a field set through a password change, which the old log never compared', async () => {
    await setPassword(db.ctx, testActor, h.clerk.id, { password });
    await db.handle.db
      .updateTable('users')
      .set({ must_change_password: 0 })
      .where('id', '=', h.clerk.id)
      .execute();
    const report = await verify(db.ctx);
    expect(report.problems).toEqual([
      expect.objectContaining({
        kind: 'RecordChanged',
        entityType: 'user',
        entityId: h.clerk.id,
        field: 'must_change_password',
        entry: expect.any(Number) as number,
      }),
    ]);
    await db.handle.db
      .updateTable('users')
      .set({ must_change_password: 1 })
      .where('id', '=', h.clerk.id)
      .execute();
    expect((await verify(db.ctx)).problems).toEqual([]);
  });
});

// The case-keys migration and every one after it.
const fromCaseKeys = Object.keys(migrations).filter((name) => name >= '2026-12-01T0500_case_keys');

describe('a database written before the log carried records (version 1 leaves)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'palermo-legacy-'));
  const file = join(dir, 'legacy.sqlite');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('upgrades with migrate, verifies clean, and is fully covered once its records change', async () => {
    copyFileSync(new URL('../../../test/fixtures/legacy-log.sqlite', import.meta.url), file);
    const handle = createDb(file);
    try {
      const rowsBefore = await rowCounts(handle.db);
      const nodesBefore = await treeNodes(handle.db);
      await migrateOrThrow(handle.db);
      // Every table that was there keeps its rows, except the sessions the 2026-11-30T1500
      // migration ends on purpose and the tree's nodes, which moved into their log rows
      // (2026-12-01T1230); tables that later migrations created are empty.
      const rowsAfter = await rowCounts(handle.db);
      expect(rowsAfter['sessions']).toBe(0);
      expect(rowsAfter['merkle_nodes']).toBe(0);
      expect(await treeNodes(handle.db)).toEqual(nodesBefore);
      expect(nodesBefore.length).toBe(rowsBefore['merkle_nodes']);
      const kept = Object.keys(rowsBefore).filter(
        (table) => table !== 'sessions' && table !== 'merkle_nodes',
      );
      expect(Object.fromEntries(kept.map((table) => [table, rowsAfter[table]]))).toEqual(
        Object.fromEntries(kept.map((table) => [table, rowsBefore[table]])),
      );
      expect(await primaryKey('sqlite', handle.db, 'verdicts')).toEqual(['case_id', 'id']);
      const ctx = createAppContext(handle.db, 'sqlite', testConfig(), { keyring: memoryKeyring() });
      const before = await verify(ctx);
      expect(before.problems).toEqual([]);
      const leaves = await handle.db.selectFrom('audit_log').select('leaf').execute();
      expect(leaves.every((row) => row.leaf.endsWith('"v":1}'))).toBe(true);

      // An old entry still vouches for the fields it logged.
      const caseRow = await handle.db
        .selectFrom('cases')
        .selectAll()
        .where('reference', '=', 'KG-legacy-0001')
        .executeTakeFirstOrThrow();
      await handle.db
        .updateTable('cases')
        .set({ status: 'closed' })
        .where('id', '=', caseRow.id)
        .execute();
      expect((await verify(ctx)).problems).toEqual([
        expect.objectContaining({ kind: 'RecordChanged', entityId: caseRow.id, field: 'status' }),
      ]);
      await handle.db
        .updateTable('cases')
        .set({ status: caseRow.status })
        .where('id', '=', caseRow.id)
        .execute();

      // A new change writes a version 2 leaf with the full record: every column is covered.
      const investigator = await handle.db
        .selectFrom('users')
        .selectAll()
        .where('username', '=', 'investigator.legacy')
        .executeTakeFirstOrThrow();
      const actor: Actor = {
        id: investigator.id,
        username: investigator.username,
        agencyId: investigator.agency_id,
        roles: ['investigator'],
      };
      await updateCase(ctx, actor, caseRow.id, { version: caseRow.version, summary: 'Upgraded' });
      expect((await verify(ctx)).problems).toEqual([]);
      await handle.db
        .updateTable('cases')
        .set({ registered_part: '9' })
        .where('id', '=', caseRow.id)
        .execute();
      expect((await verify(ctx)).problems).toEqual([
        expect.objectContaining({
          kind: 'RecordChanged',
          entityId: caseRow.id,
          field: 'registered_part',
        }),
      ]);
    } finally {
      await handle.close();
    }
  });
});

describe.each(engines)('a database written before the case keys, on $name', (engine) => {
  const dir = mkdtempSync(join(tmpdir(), 'palermo-case-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('upgrades with migrate: no row lost, the kept checkpoint verifies, identities decrypt', async () => {
    const { handle, drop } = await emptyDatabase(engine.name, dir);
    try {
      await migrateBeforeCaseKeys(handle.db);
      expect(await primaryKey(engine.name, handle.db, 'persons')).toEqual(['id']);
      const keyring = memoryKeyring();
      const signer = ephemeralLogSigner('test.palermo/case-keys');
      const before = createAppContext(handle.db, engine.name, testConfig(), { keyring });
      const tag = `ck-${engine.name}`;
      const { h, kept } = await asEarlierVersion(handle.db, async () => {
        const history = await mixedHistory(before, tag);
        const identity = await getIdentity(before, history.investigator, history.victimId);
        expect(identity.fullName).toBe('Synthetic Person One');
        // Import keys as the earlier versions kept them (2026-12-01T1800_import_keys_lean).
        const imported = await importRecords(before, testActor, importedFile(dir, tag));
        expect(imported.problems).toEqual([]);
        expect(imported.committed).toBe(true);
        expect(imported.cases.created).toBe(3);
        return { h: history, kept: await currentCheckpoint(before, testActor, signer) };
      });
      const keysBefore = await importKeyRows(handle.db);
      // 3 cases, 6 persons, 3 charges.
      expect(keysBefore).toHaveLength(12);
      const rowsBefore = await rowCounts(handle.db);
      const nodesBefore = await treeNodes(handle.db);
      expect(rowsBefore['merkle_nodes']).toBe(nodesBefore.length);
      // A tree of n leaves has 2n − popcount(n) perfect subtrees: every one was stored.
      const leaves = rowsBefore['audit_log'] ?? 0;
      const popcount = [...leaves.toString(2)].filter((bit) => bit === '1').length;
      expect(nodesBefore.length).toBe(2 * leaves - popcount);
      const leavesBefore = await handle.db
        .selectFrom('audit_log')
        .select(['idx', 'leaf_hash'])
        .orderBy('idx')
        .execute();

      expect(await migrateOrThrow(handle.db)).toEqual(fromCaseKeys);
      await expectNoRowLost(handle.db, rowsBefore, nodesBefore);
      expect(await primaryKey(engine.name, handle.db, 'persons')).toEqual(['case_id', 'id']);
      expect(await primaryKey(engine.name, handle.db, 'victim_records')).toEqual([
        'case_id',
        'person_id',
      ]);
      const ctx = createAppContext(handle.db, engine.name, testConfig(), { keyring });
      const report = await verifyIntegrity(ctx, testActor, {
        verifierKey: logPublicKey(signer),
        checkpoints: [kept.checkpoint],
      });
      expect(report.problems).toEqual([]);
      expect(report.checkpoints).toEqual([{ size: kept.size, ok: true }]);
      // Reading an identity appends to the log, so the leaves are compared first.
      expect(
        (
          await handle.db
            .selectFrom('audit_log')
            .select(['idx', 'leaf_hash'])
            .where('idx', '<', leavesBefore.length)
            .orderBy('idx')
            .execute()
        ).map((row) => ({ ...row, idx: Number(row.idx) })),
      ).toEqual(leavesBefore.map((row) => ({ ...row, idx: Number(row.idx) })));
      expect((await getIdentity(ctx, h.investigator, h.victimId)).fullName).toBe(
        'Synthetic Person One',
      );
      // The import keys kept every value, and still steer a second import: the same file
      // creates nothing; a changed row updates its record, with its key's digest.
      expect(await importKeyRows(handle.db)).toEqual(keysBefore);
      const again = await importRecords(ctx, testActor, importedFile(dir, tag));
      expect(again.cases).toEqual({ created: 0, updated: 0, unchanged: 3, rejected: 0 });
      expect(await importKeyRows(handle.db)).toEqual(keysBefore);
      const changed = await importRecords(ctx, testActor, importedFile(dir, tag, true));
      expect(changed.cases).toEqual({ created: 0, updated: 1, unchanged: 2, rejected: 0 });
      expect(changed.written.person).toBe(1);
      const keysAfter = await importKeyRows(handle.db);
      expect(keysAfter.map((row) => row.id)).toEqual(keysBefore.map((row) => row.id));
      expect(keysAfter.filter((row, i) => row.digest !== keysBefore[i]?.digest)).toEqual([
        expect.objectContaining({ kind: 'person', external_key: '2/b', version: 2 }),
      ]);
      const renamed = await handle.db
        .selectFrom('persons')
        .select(['label', 'version'])
        .where('label', '=', 'Renamed')
        .execute();
      expect(renamed).toEqual([{ label: 'Renamed', version: 2 }]);
      // The lean keys still refuse a second key of a case, or of a record in its case.
      for (const kind of ['case', 'person']) {
        const row = keysBefore.find((key) => key.kind === kind);
        if (row === undefined) throw new Error(`no ${kind} key`);
        await expect(
          handle.db
            .insertInto('import_keys')
            .values({ ...row, id: `${row.id}-again` })
            .execute(),
        ).rejects.toThrow(/unique/i);
      }
      expect((await verify(ctx)).problems).toEqual([]);
      // The new keys at work: a charge of one case cannot name a person of another.
      const other = await handle.db
        .selectFrom('cases')
        .select('id')
        .where('id', '!=', h.caseId)
        .executeTakeFirstOrThrow();
      await expect(
        handle.db
          .updateTable('charges')
          .set({ case_id: other.id })
          .where('id', '=', h.chargeId)
          .execute(),
      ).rejects.toThrow(/foreign key/i);
    } finally {
      await drop();
    }
  }, 120_000);
});

describe.each(engines)('the case keys on a database that breaks them, on $name', (engine) => {
  const dir = mkdtempSync(join(tmpdir(), 'palermo-case-keys-broken-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to migrate a charge naming a person of another case, changes nothing, and migrates once it is put right', async () => {
    const { handle, drop } = await emptyDatabase(engine.name, dir);
    try {
      await migrateBeforeCaseKeys(handle.db);
      const h = await asEarlierVersion(handle.db, () =>
        mixedHistory(
          createAppContext(handle.db, engine.name, testConfig(), { keyring: memoryKeyring() }),
          `ckb-${engine.name}`,
        ),
      );
      // The earlier keys allowed it: the charge moves to the sealed case, its person stays.
      await handle.db
        .updateTable('charges')
        .set({ case_id: h.sealedCaseId })
        .where('id', '=', h.chargeId)
        .execute();
      const rowsBefore = await rowCounts(handle.db);
      const nodesBefore = await treeNodes(handle.db);
      await expect(migrateOrThrow(handle.db)).rejects.toThrow(
        engine.name === 'sqlite'
          ? /2026-12-01T0500_case_keys failed: .* refer to a row of another case/
          : /2026-12-01T0500_case_keys failed: .*violates foreign key constraint/,
      );
      expect(await primaryKey(engine.name, handle.db, 'persons')).toEqual(['id']);
      expect(await rowCounts(handle.db)).toEqual(rowsBefore);
      if (engine.name === 'sqlite') {
        const { rows } = await sql<{ foreign_keys: number }>`pragma foreign_keys`.execute(
          handle.db,
        );
        expect(rows[0]?.foreign_keys).toBe(1);
      }
      await handle.db
        .updateTable('charges')
        .set({ case_id: h.caseId })
        .where('id', '=', h.chargeId)
        .execute();
      expect(await migrateOrThrow(handle.db)).toEqual(fromCaseKeys);
      expect(await primaryKey(engine.name, handle.db, 'persons')).toEqual(['case_id', 'id']);
      await expectNoRowLost(handle.db, rowsBefore, nodesBefore);
    } finally {
      await drop();
    }
  }, 120_000);
});
