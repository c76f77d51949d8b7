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
import { beforeCommit } from '../common/context.ts';
import type { Actor, AppContext, Executor } from '../common/context.ts';
import type { AuditLogTable } from '../../db/tables/audit-log.table.ts';
import {
  APPEND_ON_HEAD_LIMIT,
  appendOnHead,
  insertAuditEntries,
  lockAuditHead,
  merkleNodeStore,
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

/** The log's end as a transaction sees it: size, frontier, and the tree nodes not yet written. */
interface Tail {
  size: number;
  frontier: readonly StoredNode[];
  headExists: boolean;
  /** Perfect-subtree nodes completed by this transaction's appends and not yet inserted. */
  nodes: StoredNode[];
  /** The time of the last entry appended (the head's `updated_at`). */
  at: string;
  written: boolean;
  /** Where the head this tail writes is remembered for the next transaction (`lastHeads`). */
  database: object;
}

/** Tree nodes a transaction keeps in memory before inserting them (the head waits for the commit). */
const NODES_KEPT = 3000;

/** The tail of each open transaction that appended, flushed just before it commits. */
const tails = new WeakMap<Executor, Tail>();

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
  const text = frontier.map((node) => toHex(node.hash)).join(',');
  lastHeads.set(database, { size, frontier, text });
  return text;
}

/** One entry's log row and leaf hash, at `index`. */
function logRow(entry: AuditEntry, index: number): { row: AuditLogTable; hash: Hash } {
  // The stored text is exactly the hashed bytes, so anyone can recompute the leaf hash from it.
  // A text with surrogates is stored as its UTF-8 decodes (a lone one would become U+FFFD).
  let leaf = auditLeafText(entry);
  let hash: Hash;
  if (/[\ud800-\udfff]/.test(leaf)) {
    const bytes = new TextEncoder().encode(leaf);
    leaf = decoder.decode(bytes);
    hash = hashLeaf(bytes);
  } else {
    hash = hashLeafText(leaf);
  }
  return {
    hash,
    row: {
      idx: index,
      at: entry.at,
      actor_id: entry.actor,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      case_id: entry.caseId,
      leaf,
      leaf_hash: toHex(hash),
    },
  };
}

/**
 * Appends entries (in order) to the audit log inside the caller's transaction; returns their
 * indices. The first append of a transaction builds on the head this process wrote last and
 * moves it at once, if the stored head is still that one (`appendOnHead`: on PostgreSQL one
 * statement, which takes the head's row lock); otherwise it reads the head row, which holds the
 * tree's frontier (locking it on PostgreSQL, so indices are dense). Later appends of the same
 * transaction continue from the frontier in memory: their leaf rows are inserted at once, the
 * perfect-subtree nodes they complete (amortised two a leaf) and the new head are written once,
 * just before the transaction commits (`beforeCommit`), or at once when the transaction was not
 * begun by `inTransaction`. A reader of the tree inside the same transaction calls `flushAudit`.
 */
export async function appendAuditEntries(
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
  const rowsFrom = (size: number) => {
    const rows: AuditLogTable[] = [];
    const hashes: Hash[] = [];
    entries.forEach((entry, i) => {
      const { row, hash } = logRow(entry, size + i);
      rows.push(row);
      hashes.push(hash);
    });
    return { rows, hashes, indices: rows.map((_, i) => size + i) };
  };
  const tail = tails.get(trx);
  if (tail === undefined) {
    const known = lastHeads.get(ctx.db);
    if (known !== undefined && entries.length <= APPEND_ON_HEAD_LIMIT.rows) {
      const { rows, hashes, indices } = rowsFrom(known.size);
      const plan = planAppend(known.frontier, BigInt(known.size), hashes);
      const size = Number(plan.size);
      const next = {
        size,
        rootHash: toHex(plan.root),
        frontier: plan.frontier.map((node) => toHex(node.hash)).join(','),
      };
      if (
        plan.nodes.length <= APPEND_ON_HEAD_LIMIT.nodes &&
        (await appendOnHead(
          trx,
          { size: known.size, frontier: known.text },
          next,
          at,
          rows,
          plan.nodes,
        ))
      ) {
        remember(ctx.db, size, plan.frontier);
        const written: Tail = {
          size,
          frontier: plan.frontier,
          headExists: true,
          nodes: [],
          at,
          written: true,
          database: ctx.db,
        };
        if (beforeCommit(trx, () => writeTail(trx, written))) tails.set(trx, written);
        return indices;
      }
      lastHeads.delete(ctx.db);
    }
    const read = await readTail(trx, ctx);
    const { rows, hashes, indices } = rowsFrom(read.size);
    await appendRows(trx, read, rows, hashes, at);
    if (beforeCommit(trx, () => writeTail(trx, read))) tails.set(trx, read);
    else await writeTail(trx, read);
    return indices;
  }
  const { rows, hashes, indices } = rowsFrom(tail.size);
  await appendRows(trx, tail, rows, hashes, at);
  if (tail.nodes.length >= NODES_KEPT) {
    // A long transaction (an import of a whole file) keeps its memory bounded.
    await merkleNodeStore(trx).putNodes(tail.nodes);
    tail.nodes = [];
  }
  return indices;
}

async function appendRows(
  trx: Executor,
  tail: Tail,
  rows: readonly AuditLogTable[],
  hashes: readonly Hash[],
  at: string,
): Promise<void> {
  await insertAuditEntries(trx, rows);
  const plan = planAppend(tail.frontier, BigInt(tail.size), hashes);
  tail.nodes.push(...plan.nodes);
  tail.frontier = plan.frontier;
  tail.size = Number(plan.size);
  tail.at = at;
  tail.written = false;
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
      inserted.set(type, new Map(rows.map((row) => [row.id, { ...row }])));
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

/** Writes the tree nodes and head that this transaction's appends have not written yet. */
export async function flushAudit(executor: Executor): Promise<void> {
  const tail = tails.get(executor);
  if (tail !== undefined) await writeTail(executor, tail);
}

async function writeTail(trx: Executor, tail: Tail): Promise<void> {
  if (tail.written) return;
  if (tail.nodes.length > 0) await merkleNodeStore(trx).putNodes(tail.nodes);
  tail.nodes = [];
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
      (await merkleNodeStore(trx).getNodes(ids)).map((node) => [nodeKey(node), node]),
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
    nodes: [],
    at: '',
    written: true,
    database: ctx.db,
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
