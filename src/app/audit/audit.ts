import { createHash } from 'node:crypto';
import {
  auditLeafText,
  canonicalJson,
  foldFromRight,
  frontierIds,
  hashLeaf,
  hashLeafText,
  nodeKey,
  planAppend,
  toHex,
} from '../../core/audit/index.ts';
import type { AuditEntry, Hash, StoredNode } from '../../core/audit/index.ts';
import { DomainError } from '../../core/errors.ts';
import { actionKind } from './audit-actions.ts';
import type { AuditAction, AuditEntityType } from './audit-actions.ts';
import { findRecordRow, findRecordRows, recordOf } from './audit-records.ts';
import type { LoggedRecord } from './audit-records.ts';
import { entities, isEntityType } from './entities.ts';
import type { EntityType } from './entities.ts';
import { beforeCommit, keepAcrossSavepoints, metered } from '../common/context.ts';
import type { Actor, AppContext, Executor, WorkMeter } from '../common/context.ts';
import type { AuditLogTable } from '../../db/tables/audit-log.table.ts';
import {
  APPEND_ON_HEAD_ROWS,
  appendOnHead,
  insertAuditEntries,
  lockAuditHead,
  merkleNodeReader,
  saveAuditHead,
} from '../../db/repositories/audit.repository.ts';

/** What a use-case says about the change it made. */
export interface AuditChange {
  readonly action: AuditAction;
  readonly entityType: AuditEntityType;
  readonly entityId: string;
  readonly caseId: string | null;
  /** The record's view before the change (null for a creation or a read), for readers of its history. */
  readonly before: unknown;
  /**
   * The record's view after the change (null for a deletion or a read), or the context of a
   * read or refusal. The entry also carries the record as stored (see `recordFor`), which is
   * what the verifier compares.
   */
  readonly after: unknown;
}

/**
 * The record an entry carries: for a change, the row as stored now (the use-case appends after
 * its write, in the same transaction); for a deletion, that the row is gone; for a note, none.
 * A change naming a row that is not stored is a programming error, refused before it is logged.
 */
async function recordFor(
  trx: Executor,
  change: AuditChange,
  prefetched?: ReadonlyMap<string, Record<string, unknown>>,
): Promise<LoggedRecord | null> {
  const kind = actionKind(change.action);
  if (kind === undefined) throw new Error(`the audit log has no action ${change.action}`);
  if (kind === 'note') return null;
  const type = change.entityType;
  if (!isEntityType(type)) {
    throw new Error(`${change.action} changes a record, but ${type} is no kind of record`);
  }
  const row =
    prefetched === undefined
      ? await findRecordRow(trx, type, change.entityId)
      : prefetched.get(change.entityId);
  if (kind === 'delete') {
    if (row !== undefined) {
      throw new Error(`${change.action}: ${type} ${change.entityId} is still stored`);
    }
    return { shape: entities[type].shape, row: null };
  }
  if (row === undefined) {
    if (kind === 'attempt') return null;
    throw new Error(`${change.action}: ${type} ${change.entityId} is not stored`);
  }
  return recordOf(type, row);
}

/** A SHA-256 digest of a value's canonical JSON, used in the log in place of personal data. */
export function digestOf(value: unknown): string {
  return `sha256:${createHash('sha256').update(canonicalJson(value)).digest('hex')}`;
}

/**
 * Appends an entry to the audit log inside the caller's transaction, so that the change and
 * its record land together or not at all. The entry becomes the next RFC 6962 leaf; returns
 * its index. See `appendAuditEntries`.
 */
export async function appendAudit(
  trx: Executor,
  ctx: AppContext,
  actor: Actor,
  change: AuditChange,
): Promise<number> {
  const [index] = await appendAuditEntries(trx, ctx, actor, [change]);
  if (index === undefined) throw new Error('appendAuditEntries returned no index');
  return index;
}

/** The log's end as a transaction sees it: its size and frontier, and whether the head is written. */
interface Tail {
  size: number;
  frontier: readonly StoredNode[];
  headExists: boolean;
  /** The time of the last entry appended (the head's `updated_at`). */
  at: string;
  written: boolean;
  /** Where the head this tail writes is remembered for the next transaction (`lastHeads`). */
  database: object;
  /** The context's audit meter, which the head's write before the commit adds to. */
  meter: WorkMeter | undefined;
}

/** The tail of each open transaction that appended, whose head is written just before it commits. */
const tails = new WeakMap<Executor, Tail>();

// A transaction rolled back to a savepoint (inSavepoint) has its tail put back as it was then:
// the entries appended since are gone from the table, so neither the indices of later entries
// nor the head written at the commit may count them. A tail made since is dropped (its head is
// not written: its commit hook finds it written), and the next append reads the head again,
// whose lock went with the savepoint.
keepAcrossSavepoints((trx) => {
  const tail = tails.get(trx);
  if (tail === undefined)
    return () => {
      const made = tails.get(trx);
      if (made === undefined) return;
      made.written = true;
      tails.delete(trx);
    };
  const { size, frontier, headExists, at, written } = tail;
  return () => {
    Object.assign(tail, { size, frontier, headExists, at, written });
  };
});

/** A head as this process last wrote it: size, frontier and the frontier's stored text. */
interface KnownHead {
  readonly size: number;
  readonly frontier: readonly StoredNode[];
  readonly text: string;
}

/**
 * The head each database (the context's handle) was last given by this process. The next
 * transaction's first append builds on it without reading the head, and writes the new head
 * only where the stored one is still exactly this (`appendOnHead`); otherwise it reads the
 * head as before. A remembered head is never trusted: it only saves the read when it is right.
 */
const lastHeads = new WeakMap<object, KnownHead>();

function remember(database: object, size: number, frontier: readonly StoredNode[]): string {
  const text = frontierText(frontier);
  lastHeads.set(database, { size, frontier, text });
  return text;
}

// A frontier node stays on the frontier for many appends: its hex is made once.
const hexes = new WeakMap<StoredNode, string>();

function hexOf(node: StoredNode): string {
  let hex = hexes.get(node);
  if (hex === undefined) {
    hex = toHex(node.hash);
    hexes.set(node, hex);
  }
  return hex;
}

/** The head's `frontier` column: the frontier's hashes, comma-separated hex, largest first. */
function frontierText(frontier: readonly StoredNode[]): string {
  return frontier.map(hexOf).join(',');
}

/** One entry's leaf text as stored and its leaf hash. */
function leafOf(entry: AuditEntry): { leaf: string; hash: Hash } {
  // The stored text is exactly the hashed bytes, so anyone can recompute the leaf hash from it.
  // A text with surrogates is stored as its UTF-8 decodes (a lone one would become U+FFFD).
  const leaf = auditLeafText(entry);
  if (!/[\ud800-\udfff]/.test(leaf)) return { leaf, hash: hashLeafText(leaf) };
  const bytes = new TextEncoder().encode(leaf);
  return { leaf: decoder.decode(bytes), hash: hashLeaf(bytes) };
}

/**
 * The log rows of `entries` appended to a tree of `size` leaves with `frontier`: each row
 * carries the nodes its leaf completed (`audit_log.nodes`: its leaf hash, then the perfect
 * subtrees it closed, by level), so an append writes no other tree row.
 */
function appendPlan(
  entries: readonly AuditEntry[],
  size: number,
  frontier: readonly StoredNode[],
): { rows: AuditLogTable[]; frontier: readonly StoredNode[]; root: Hash; size: number } {
  const leaves = entries.map(leafOf);
  const plan = planAppend(
    frontier,
    BigInt(size),
    leaves.map((leaf) => leaf.hash),
  );
  // planAppend lists each leaf's node, then the nodes that leaf completed, leaf after leaf.
  const nodes: string[][] = leaves.map(() => []);
  let leaf = -1;
  for (const node of plan.nodes) {
    if (node.level === 0) leaf += 1;
    nodes[leaf]?.push(hexOf(node));
  }
  const rows = entries.map((entry, i): AuditLogTable => {
    const hashes = nodes[i] ?? [];
    return {
      idx: size + i,
      at: entry.at,
      actor_id: entry.actor,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      case_id: entry.caseId,
      leaf: leaves[i]?.leaf ?? '',
      leaf_hash: hashes[0] ?? '',
      nodes: hashes.join(','),
    };
  });
  return { rows, frontier: plan.frontier, root: plan.root, size: Number(plan.size) };
}

/**
 * Appends entries (in order) to the audit log inside the caller's transaction; returns their
 * indices. Each log row carries the tree nodes its leaf completed, so the tree is written with
 * the rows. The first append of a transaction builds on the head this process wrote last and
 * moves it at once, if the stored head is still that one (`appendOnHead`: on PostgreSQL one
 * statement, which takes the head's row lock); otherwise it reads the head row, which holds the
 * tree's frontier (locking it on PostgreSQL, so indices are dense). Later appends of the same
 * transaction continue from the frontier in memory and write the new head once, just before
 * the transaction commits (`beforeCommit`), or at once when the transaction was not begun by
 * `inTransaction`. A reader of the head inside the same transaction calls `flushAudit`.
 */
export function appendAuditEntries(
  trx: Executor,
  ctx: AppContext,
  actor: Actor,
  changes: readonly AuditChange[],
  inserted?: InsertedRows,
): Promise<number[]> {
  return metered(ctx.auditMeter, () => appendEntries(trx, ctx, actor, changes, inserted));
}

async function appendEntries(
  trx: Executor,
  ctx: AppContext,
  actor: Actor,
  changes: readonly AuditChange[],
  inserted?: InsertedRows,
): Promise<number[]> {
  const prefetched =
    changes.length > 1 || inserted !== undefined
      ? await prefetchRecords(trx, changes, inserted)
      : new Map<string, ReadonlyMap<string, Record<string, unknown>>>();
  const records: (LoggedRecord | null)[] = [];
  for (const change of changes)
    records.push(await recordFor(trx, change, prefetched.get(change.entityType)));
  const at = ctx.now().toISOString();
  const entries = changes.map((change, i): AuditEntry => ({
    at,
    actor: actor.id,
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    caseId: change.caseId,
    before: change.before ?? null,
    after: change.after ?? null,
    record: records[i] ?? null,
  }));
  if (entries.length === 0) return [];
  const indicesFrom = (size: number) => entries.map((_, i) => size + i);
  let tail = tails.get(trx);
  if (tail === undefined) {
    const known = lastHeads.get(ctx.db);
    if (known !== undefined && entries.length <= APPEND_ON_HEAD_ROWS) {
      const plan = appendPlan(entries, known.size, known.frontier);
      const next = {
        size: plan.size,
        rootHash: toHex(plan.root),
        frontier: frontierText(plan.frontier),
      };
      const expected = { size: known.size, frontier: known.text };
      if (await appendOnHead(trx, expected, next, at, plan.rows)) {
        lastHeads.set(ctx.db, { size: plan.size, frontier: plan.frontier, text: next.frontier });
        const written: Tail = {
          size: plan.size,
          frontier: plan.frontier,
          headExists: true,
          at,
          written: true,
          database: ctx.db,
          meter: ctx.auditMeter,
        };
        writeTailBeforeCommit(trx, written);
        return indicesFrom(known.size);
      }
      lastHeads.delete(ctx.db);
    }
    const read = await readTail(trx, ctx);
    writeTailBeforeCommit(trx, read);
    tail = read;
  }
  const indices = indicesFrom(tail.size);
  const plan = appendPlan(entries, tail.size, tail.frontier);
  await insertAuditEntries(trx, plan.rows);
  tail.frontier = plan.frontier;
  tail.size = plan.size;
  tail.at = at;
  tail.written = false;
  if (tails.get(trx) !== tail) await writeTail(trx, tail);
  return indices;
}

const decoder = new TextDecoder();

/**
 * Rows a bulk writer has just inserted in the appending transaction, by entity type and id,
 * each with every column of its table as inserted (an import's new cases, persons and keys):
 * their entries carry them without reading back what the transaction just wrote.
 */
export type InsertedRows = ReadonlyMap<
  EntityType,
  ReadonlyMap<string, Readonly<Record<string, unknown>>>
>;

/** `InsertedRows` of rows keyed by an `id` column, by entity type. */
export function insertedById(
  byType: Partial<Record<EntityType, readonly { readonly id: string }[]>>,
): InsertedRows {
  const inserted = new Map<EntityType, ReadonlyMap<string, Readonly<Record<string, unknown>>>>();
  for (const [type, rows] of Object.entries(byType))
    if (isEntityType(type) && rows !== undefined)
      inserted.set(type, new Map(rows.map((row) => [row.id, row])));
  return inserted;
}

/**
 * The stored rows that several changes carry: those given as `inserted` (checked to hold every
 * column the log records), the others read, one query per type (batches: an import's rows).
 */
async function prefetchRecords(
  trx: Executor,
  changes: readonly AuditChange[],
  inserted?: InsertedRows,
): Promise<Map<string, ReadonlyMap<string, Record<string, unknown>>>> {
  const idsByType = new Map<EntityType, string[]>();
  for (const change of changes) {
    const kind = actionKind(change.action);
    if (kind === undefined || kind === 'note' || !isEntityType(change.entityType)) continue;
    const ids = idsByType.get(change.entityType) ?? [];
    ids.push(change.entityId);
    idsByType.set(change.entityType, ids);
  }
  const found = new Map<string, ReadonlyMap<string, Record<string, unknown>>>();
  for (const [type, ids] of idsByType) {
    const given = inserted?.get(type);
    if (given !== undefined) {
      const columns = Object.keys(entities[type].columns);
      for (const row of given.values())
        for (const column of columns)
          if (!(column in row)) throw new Error(`an inserted ${type} row without ${column}`);
      // A change the writer did not insert (an update beside the new rows) is read as usual.
      if (ids.every((id) => given.has(id))) {
        found.set(type, given);
        continue;
      }
    }
    if (ids.length < 2) continue;
    const rows = await findRecordRows(trx, type, ids);
    if (rows !== undefined) found.set(type, rows);
  }
  return found;
}

/**
 * Has the transaction write `tail`'s head just before it commits, and remembers the tail for its
 * later appends; outside a transaction begun by `inTransaction` nothing is registered (the
 * appender writes the head at once).
 */
function writeTailBeforeCommit(trx: Executor, tail: Tail): void {
  if (beforeCommit(trx, () => metered(tail.meter, () => writeTail(trx, tail))))
    tails.set(trx, tail);
}

/** Writes the head that this transaction's appends have not written yet. */
export async function flushAudit(executor: Executor): Promise<void> {
  const tail = tails.get(executor);
  if (tail !== undefined) await metered(tail.meter, () => writeTail(executor, tail));
}

async function writeTail(trx: Executor, tail: Tail): Promise<void> {
  if (tail.written) return;
  await saveAuditHead(
    trx,
    {
      size: tail.size,
      rootHash: toHex(foldFromRight(tail.frontier.map((node) => node.hash))),
      frontier: remember(tail.database, tail.size, tail.frontier),
    },
    tail.at,
    tail.headExists,
  );
  tail.headExists = true;
  tail.written = true;
}

/**
 * The head and its frontier. A head written before the frontier was kept with it (or whose
 * frontier does not have one hash per subtree) has its frontier read from the tree's nodes.
 */
async function readTail(trx: Executor, ctx: AppContext): Promise<Tail> {
  const head = await lockAuditHead(trx, ctx.engine);
  const size = head?.size ?? 0;
  const ids = frontierIds(BigInt(size));
  const kept = head?.frontier == null || head.frontier === '' ? [] : head.frontier.split(',');
  let frontier: StoredNode[];
  if (kept.length === ids.length && ids.length > 0) {
    frontier = ids.map((id, i) => ({ ...id, hash: fromHex(kept[i] ?? '') }));
  } else if (ids.length === 0) {
    frontier = [];
  } else {
    const found = new Map(
      (await merkleNodeReader(trx).getNodes(ids)).map((node) => [nodeKey(node), node]),
    );
    frontier = ids.map((id) => {
      const node = found.get(nodeKey(id));
      if (node === undefined) {
        throw new DomainError(
          'IntegrityViolation',
          `Merkle node (level ${id.level}, index ${id.index}) of the log's frontier is not stored: the tree is smaller than its head claims`,
        );
      }
      return node;
    });
  }
  return {
    size,
    frontier,
    headExists: head !== null,
    at: '',
    written: true,
    database: ctx.db,
    meter: ctx.auditMeter,
  };
}

function fromHex(text: string): Hash {
  if (!/^[0-9a-f]{64}$/.test(text)) {
    throw new DomainError(
      'IntegrityViolation',
      `the audit head's frontier holds "${text.slice(0, 16)}…", not a SHA-256 hash`,
    );
  }
  return Uint8Array.from(Buffer.from(text, 'hex'));
}
