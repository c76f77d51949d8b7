/**
 * The audit log: append throughput through `appendAudit` (one transaction per entry: the
 * head moved, the leaf row with the tree nodes it completed) against the bare minimum of an
 * append-only log on the same engine (SHA-256 of the leaf and one row insert per
 * transaction); then inclusion-proof time on trees of 1M and 10M entries.
 *
 * Engines: SQLite always (temp file); PostgreSQL for appends when PALERMO_BENCH_DATABASE_URL
 * is set (a schema made for the run and dropped after it). The 1M/10M trees are stored in
 * SQLite only: they are built directly with planAppend and a prepared INSERT (the appends
 * above measure the real path), then proofs are read through the real `merkleNodeReader`.
 * Sizes: PALERMO_BENCH_AUDIT_APPENDS (default 4400, in PALERMO_BENCH_AUDIT_ROUNDS alternating
 * rounds, default 11), PALERMO_BENCH_AUDIT_TREES (default
 * "1000000,10000000"; building 10M takes a few minutes and ~2 GB of disk).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { appendAudit } from '../src/app/audit/audit.ts';
import type { AuditChange } from '../src/app/audit/audit.ts';
import { readConfig } from '../src/config.ts';
import { createAppContext, inTransaction, systemActor } from '../src/app/common/context.ts';
import type { AppContext } from '../src/app/common/context.ts';
import {
  checkInclusion,
  foldFromRight,
  hashLeaf,
  inclusionProofAt,
  planAppend,
  toHex,
} from '../src/core/audit/index.ts';
import type { Hash, StoredNode } from '../src/core/audit/index.ts';
import { createDb, migrateOrThrow } from '../src/db/create-db.ts';
import type { DatabaseHandle } from '../src/db/create-db.ts';
import { merkleNodeReader } from '../src/db/repositories/audit.repository.ts';

const appends = Number(process.env['PALERMO_BENCH_AUDIT_APPENDS'] ?? 4400);
// Eleven short rounds, not five long ones: on this shared machine a burst of other work spoils a
// round or two, which moves the median of five more than the median of eleven.
const rounds = Number(process.env['PALERMO_BENCH_AUDIT_ROUNDS'] ?? 11);
const treeSizes = (process.env['PALERMO_BENCH_AUDIT_TREES'] ?? '1000000,10000000')
  .split(',')
  .map((s) => Number(s.replace(/_/g, '')));

const line = (text: string) => process.stdout.write(`${text}\n`);
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

function change(i: number): AuditChange {
  // A note (an export), so the append reads no record: the tree's own cost is measured.
  return {
    action: 'log.export',
    entityType: 'audit_log',
    entityId: `e${i}`,
    caseId: null,
    before: null,
    after: { i, note: 'synthetic benchmark entry', at: '2016-01-01' },
  };
}

// Raw rows live far above the real log's indices, so both share one table without clashing.
let rawIndex = 1_000_000_000;

/** Bare baseline: hash the same leaf text and insert one row, one transaction per entry. */
async function rawAppends(ctx: AppContext, n: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i += 1) {
    rawIndex += 1;
    await inTransaction(ctx, async (trx) => {
      const leaf = JSON.stringify({ v: 1, ...change(i), at: new Date().toISOString() });
      const hash = createHash('sha256').update(Uint8Array.of(0)).update(leaf).digest('hex');
      await trx
        .insertInto('audit_log')
        .values({
          idx: rawIndex,
          at: new Date().toISOString(),
          actor_id: 'bench',
          action: 'bench.raw',
          entity_type: 'bench',
          entity_id: `r${i}`,
          case_id: null,
          leaf,
          leaf_hash: hash,
        })
        .execute();
    });
  }
  return performance.now() - start;
}

async function treeAppends(ctx: AppContext, n: number): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < n; i += 1) {
    await inTransaction(ctx, (trx) => appendAudit(trx, ctx, systemActor, change(i)));
  }
  return performance.now() - start;
}

async function benchAppends(name: string, handle: DatabaseHandle): Promise<void> {
  await migrateOrThrow(handle.db);
  const ctx = createAppContext(handle.db, handle.engine, readConfig({}));
  // Warm up both paths so that connection setup and JIT do not count.
  await treeAppends(ctx, 50);
  await rawAppends(ctx, 50);
  // The machine is shared: the two paths take turns in rounds, so that a burst of other work
  // falls on both, and the median round's ratio is printed with the totals.
  const per = Math.ceil(appends / rounds);
  let tree = 0;
  let raw = 0;
  const ratios: number[] = [];
  for (let round = 0; round < rounds; round += 1) {
    const t = await treeAppends(ctx, per);
    const r = await rawAppends(ctx, per);
    tree += t;
    raw += r;
    ratios.push(t / r);
  }
  ratios.sort((a, b) => a - b);
  const median = ratios[Math.floor(ratios.length / 2)] ?? Number.NaN;
  const perSecond = (ms: number) => ((per * rounds) / ms) * 1000;
  line(
    `${name}: append ${fmt(perSecond(tree))}/s through appendAudit vs ${fmt(perSecond(raw))}/s bare SHA-256 + insert (${per * rounds} entries in ${rounds} alternating rounds, one transaction each): ratio ${fmt(median, 2)}× the bare time per entry (median round; rounds ${ratios.map((x) => fmt(x, 2)).join(', ')}; target ≤ 2×)`,
  );
}

/**
 * Builds a tree of `size` synthetic leaves straight into a SQLite file, stored as the log stores
 * it: each node in the row of the leaf that completed it (`audit_log.nodes`; the rows hold no
 * entry text, which proofs do not read).
 */
function buildTree(file: string, size: number): Hash {
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = OFF');
  database.exec(
    'create table if not exists audit_log (idx bigint primary key, nodes text not null); create table if not exists merkle_nodes (level integer not null, idx bigint not null, hash text not null, primary key (level, idx))',
  );
  const insert = database.prepare('insert into audit_log (idx, nodes) values (?, ?)');
  const insertMany = database.transaction((first: bigint, nodes: readonly StoredNode[]) => {
    let row: string[] = [];
    let index = first;
    for (const node of nodes) {
      if (node.level === 0 && row.length > 0) {
        insert.run(Number(index), row.join(','));
        row = [];
        index += 1n;
      }
      row.push(toHex(node.hash));
    }
    if (row.length > 0) insert.run(Number(index), row.join(','));
  });
  let frontier: readonly StoredNode[] = [];
  let built = 0n;
  const batch = 65_536;
  const index = Buffer.alloc(8);
  while (built < BigInt(size)) {
    const count = Math.min(batch, size - Number(built));
    const hashes: Hash[] = [];
    for (let i = 0; i < count; i += 1) {
      index.writeBigUInt64BE(built + BigInt(i));
      hashes.push(hashLeaf(index));
    }
    const plan = planAppend(frontier, built, hashes);
    insertMany(built, plan.nodes);
    frontier = plan.frontier;
    built = plan.size;
  }
  database.close();
  return foldFromRight(frontier.map((n) => n.hash));
}

async function benchProofs(dir: string, size: number): Promise<void> {
  const file = join(dir, `tree-${size}.db`);
  const buildStart = performance.now();
  const root = buildTree(file, size);
  const buildMs = performance.now() - buildStart;
  const handle = createDb(file);
  const store = merkleNodeReader(handle.db);
  const samples = 200;
  const indices = Array.from({ length: samples }, () =>
    BigInt(randomBytes(6).readUIntBE(0, 6) % size),
  );
  // One proof first: opening the file and preparing statements are not proof time.
  await inclusionProofAt(store, 0n, BigInt(size));
  const start = performance.now();
  let checked = 0;
  for (const leafIndex of indices) {
    const proof = await inclusionProofAt(store, leafIndex, BigInt(size));
    const leaf = Buffer.alloc(8);
    leaf.writeBigUInt64BE(leafIndex);
    const result = checkInclusion({
      leafIndex,
      treeSize: BigInt(size),
      leafHash: hashLeaf(leaf),
      proof,
      root,
    });
    if (result.ok) checked += 1;
  }
  const perProof = (performance.now() - start) / samples;
  await handle.close();
  rmSync(file, { force: true });
  // The ratio against 1M shows the O(log n) growth: 10× the entries, about 1.2× the time.
  line(
    `sqlite: inclusion proof at ${fmt(size)} entries: ${fmt(perProof, 3)} ms per proof (read + verify, ${checked}/${samples} verified; tree built in ${fmt(buildMs / 1000, 1)} s)`,
  );
  proofTimes.set(size, perProof);
}

const proofTimes = new Map<number, number>();

/** Runs the audit benchmarks and prints each figure with its ratio. */
export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'palermo-audit-bench-'));
  try {
    const sqliteHandle = createDb(join(dir, 'appends.db'));
    try {
      await benchAppends('sqlite', sqliteHandle);
    } finally {
      await sqliteHandle.close();
    }
    const url = process.env['PALERMO_BENCH_DATABASE_URL'];
    if (url !== undefined && url !== '') {
      const schema = `bench_${randomBytes(6).toString('hex')}`;
      const admin = createDb(url);
      await sql`create schema ${sql.id(schema)}`.execute(admin.db);
      const scoped = new URL(url);
      scoped.searchParams.set('options', `-c search_path=${schema}`);
      const pgHandle = createDb(scoped.toString());
      try {
        await benchAppends('postgres', pgHandle);
      } finally {
        await pgHandle.close();
        await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
        await admin.close();
      }
    }
    for (const size of treeSizes) await benchProofs(dir, size);
    const [smallest] = [...proofTimes.keys()].sort((a, b) => a - b);
    if (smallest !== undefined) {
      for (const [size, ms] of proofTimes) {
        if (size !== smallest) {
          line(
            `sqlite: proof time at ${fmt(size)} vs ${fmt(smallest)} entries: ratio ${fmt(ms / (proofTimes.get(smallest) ?? ms), 2)}× for ${fmt(size / smallest)}× the entries`,
          );
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
