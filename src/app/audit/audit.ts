import { createHash } from 'node:crypto';
import {
  canonicalJson,
  encodeAuditLeaf,
  foldFromRight,
  frontierIds,
  hashLeaf,
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
}

/** Tree nodes a transaction keeps in memory before inserting them (the head waits for the commit). */
const NODES_KEPT = 3000;

/** The tail of each open transaction that appended, flushed just before it commits. */
const tails = new WeakMap<Executor, Tail>();

/**
 * Appends entries (in order) to the audit log inside the caller's transaction; returns their
 * indices. The first append of a transaction reads the head row, which holds the tree's
 * frontier (and locks it on PostgreSQL, so indices are dense); later appends of the same
 * transaction continue from the frontier in memory. The leaf rows are inserted at once; the
 * perfect-subtree nodes they complete (amortised two a leaf) and the new head are written once,
 * just before the transaction commits (`beforeCommit`), or at once when the transaction was not
 * begun by `inTransaction`. A reader of the tree inside the same transaction calls `flushAudit`.
 */
export async function appendAuditEntries(
  trx: Executor,
  ctx: AppContext,
  actor: Actor,
  changes: readonly AuditChange[],
): Promise<number[]> {
  const known = tails.get(trx);
  const tail = known ?? (await readTail(trx, ctx));
  const prefetched =
    changes.length > 1
      ? await prefetchRecords(trx, changes)
      : new Map<string, ReadonlyMap<string, Record<string, unknown>>>();
  const records: (LoggedRecord | null)[] = [];
  for (const change of changes)
    records.push(await recordFor(trx, change, prefetched.get(change.entityType)));
  const rows: AuditLogTable[] = [];
  const hashes: Hash[] = [];
  const indices: number[] = [];
  const at = ctx.now().toISOString();
  changes.forEach((change, i) => {
    const entry: AuditEntry = {
      at,
      actor: actor.id,
      action: change.action,
      entityType: change.entityType,
      entityId: change.entityId,
      caseId: change.caseId,
      before: change.before ?? null,
      after: change.after ?? null,
      record: records[i] ?? null,
    };
    // The stored text is exactly the hashed bytes, so anyone can recompute the leaf hash from it.
    const bytes = encodeAuditLeaf(entry);
    const leafHash = hashLeaf(bytes);
    const index = tail.size + i;
    indices.push(index);
    hashes.push(leafHash);
    rows.push({
      idx: index,
      at: entry.at,
      actor_id: entry.actor,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      case_id: entry.caseId,
      leaf: decoder.decode(bytes),
      leaf_hash: toHex(leafHash),
    });
  });
  if (rows.length === 0) return indices;
  await insertAuditEntries(trx, rows);
  const plan = planAppend(tail.frontier, BigInt(tail.size), hashes);
  tail.nodes.push(...plan.nodes);
  tail.frontier = plan.frontier;
  tail.size = Number(plan.size);
  tail.at = at;
  tail.written = false;
  if (known === undefined) {
    if (beforeCommit(trx, () => writeTail(trx, tail))) tails.set(trx, tail);
    else await writeTail(trx, tail);
  } else if (tail.nodes.length >= NODES_KEPT) {
    // A long transaction (an import of a whole file) keeps its memory bounded.
    await merkleNodeStore(trx).putNodes(tail.nodes);
    tail.nodes = [];
  }
  return indices;
}

const decoder = new TextDecoder();

/** The stored rows that several changes carry, one query per type (batches: an import's rows). */
async function prefetchRecords(
  trx: Executor,
  changes: readonly AuditChange[],
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
      frontier: tail.frontier.map((node) => toHex(node.hash)).join(','),
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
  return { size, frontier, headExists: head !== null, nodes: [], at: '', written: true };
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
