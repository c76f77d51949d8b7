import {
  canonicalJson,
  checkConsistency,
  consistencyProofAt,
  decodeAuditLeaf,
  encodeBase64,
  equalBytes,
  foldFromRight,
  hashLeaf,
  planAppend,
  toHex,
  verifyCheckpoint,
} from '../../core/audit/index.ts';
import type { Hash, JsonValue, StoredNode } from '../../core/audit/index.ts';
import {
  countMerkleNodesByLevel,
  findAuditEntriesRange,
  maxAuditIndex,
  merkleNodeStore,
  readAuditHead,
} from '../../db/repositories/audit.repository.ts';
import { findAllRows } from '../../db/repositories/integrity.repository.ts';
import type { Executor } from '../../db/schema.ts';
import { digestOf, flushAudit } from '../audit/audit.ts';
import { recordOf, wellFormed } from '../audit/audit-records.ts';
import { authorizeAny } from '../access/access.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { entities, entityIdOf, entityTypes, isEntityType } from '../audit/entities.ts';
import type { EntityType } from '../audit/entities.ts';
import { legacyCarriesRecord, legacyRecordOf } from './legacy-records.ts';

/** What kind of damage a problem shows. */
export type IntegrityProblemKind =
  | 'LogEntryMissing'
  | 'LogEntryMalformed'
  | 'LogEntryAltered'
  | 'LogColumnMismatch'
  | 'TreeNodeMismatch'
  | 'TreeNodeMissing'
  | 'HeadMismatch'
  | 'CheckpointInvalid'
  | 'LogTruncated'
  | 'LogRewritten'
  | 'RecordMissing'
  | 'RecordChanged'
  | 'RecordNotLogged'
  | 'RecordNotDeleted';

/** One problem found, with where it is: the log entry, the record and the field. */
export interface IntegrityProblem {
  readonly kind: IntegrityProblemKind;
  readonly message: string;
  readonly entry?: number;
  readonly entityType?: string;
  readonly entityId?: string;
  readonly field?: string;
}

/** The outcome of a verification: every problem found, never just the first. */
export interface VerificationReport {
  readonly ok: boolean;
  /** Entries found in the log table (contiguous from 0). */
  readonly logSize: number;
  /** The size the head row claims. */
  readonly headSize: number;
  /** The RFC 6962 root recomputed from the entries, base64. */
  readonly rootHash: string;
  readonly recordsChecked: number;
  readonly checkpoints: readonly { size: number; ok: boolean }[];
  readonly problems: readonly IntegrityProblem[];
}

/** What to verify against. */
export interface VerifyOptions {
  /** Signed checkpoints kept earlier (by us, an NGO or an embassy). */
  readonly checkpoints?: readonly string[];
  /** The verifier key the checkpoints must be signed with. */
  readonly verifierKey: string;
}

const PAGE = 1000;

/**
 * The state of a record as the log last vouched for it: from a version 2 entry, the record it
 * carried (`row` null once deleted); from a version 1 entry, the view it logged (`legacy`).
 */
type LoggedState =
  | {
      readonly entry: number;
      readonly action: string;
      readonly shape: number;
      readonly row: Readonly<Record<string, JsonValue>> | null;
    }
  | {
      readonly entry: number;
      readonly action: string;
      readonly legacy: JsonValue;
    };

/** The state an entry vouches for, or undefined when it vouches for none (a read, a refusal). */
function stateOf(
  index: number,
  entry: ReturnType<typeof decodeAuditLeaf>,
): { type: EntityType; state: LoggedState } | undefined {
  if (!isEntityType(entry.entityType)) return undefined;
  const type = entry.entityType;
  if (entry.record !== undefined) {
    const record = entry.record;
    if (!isJsonObject(record)) return undefined;
    const shape = record['shape'];
    const row = record['row'];
    return {
      type,
      state: {
        entry: index,
        action: entry.action,
        shape: typeof shape === 'number' ? shape : 0,
        row: row !== undefined && isJsonObject(row) ? row : null,
      },
    };
  }
  if (!legacyCarriesRecord(type, entry.action)) return undefined;
  if (entry.before === null && entry.after === null) return undefined;
  return { type, state: { entry: index, action: entry.action, legacy: entry.after } };
}

/** Canonical JSON of a value with every string well-formed (storage turns lone surrogates into U+FFFD). */
function jsonText(value: unknown): string {
  const normal = (v: unknown): unknown =>
    typeof v === 'string'
      ? wellFormed(v)
      : Array.isArray(v)
        ? v.map(normal)
        : v !== null && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normal(x)]))
          : v;
  try {
    return canonicalJson(normal(value));
  } catch {
    return JSON.stringify(value) ?? 'undefined';
  }
}

function describe(type: EntityType, id: string, fields: unknown): string {
  const reference =
    type === 'case' && typeof fields === 'object' && fields !== null && 'reference' in fields
      ? ` (reference ${String(fields.reference)})`
      : '';
  return `${entities[type].label} ${id}${reference}`;
}

/** Everything the log scan learns: the recomputed tree and the last logged state per record. */
interface Scan {
  size: number;
  frontier: StoredNode[];
  rootsAt: Map<number, Hash>;
  states: Map<string, LoggedState>;
}

async function scanLog(
  executor: Executor,
  problems: IntegrityProblem[],
  wantedSizes: ReadonlySet<number>,
): Promise<Scan> {
  const head = await readAuditHead(executor);
  const maxIndex = await maxAuditIndex(executor);
  const end = Math.max((maxIndex ?? -1) + 1, head?.size ?? 0);
  const store = merkleNodeStore(executor);
  const scan: Scan = { size: 0, frontier: [], rootsAt: new Map(), states: new Map() };
  if (wantedSizes.has(0)) scan.rootsAt.set(0, foldFromRight([]));
  let treeBroken = false;
  const boundaries = [...wantedSizes].filter((s) => s > 0).sort((a, b) => a - b);
  let start = 0;
  while (start < end) {
    // Pages stop at every checkpoint size, so the root at that size can be taken.
    const stop = boundaries.find((b) => b > start && b < start + PAGE) ?? start + PAGE;
    const pageEnd = Math.min(stop, end);
    const rows = await findAuditEntriesRange(executor, start, pageEnd);
    const byIndex = new Map(rows.map((row) => [Number(row.idx), row]));
    const storedLeaves = new Map(
      (
        await store.getNodes(
          Array.from({ length: pageEnd - start }, (_, i) => ({
            level: 0,
            index: BigInt(start + i),
          })),
        )
      ).map((node) => [Number(node.index), node.hash]),
    );
    const hashes: Hash[] = [];
    for (let index = start; index < pageEnd; index += 1) {
      const row = byIndex.get(index);
      const stored = storedLeaves.get(index);
      if (row === undefined) {
        problems.push({
          kind: 'LogEntryMissing',
          entry: index,
          message: `log entry ${index} is missing from the log table: it was deleted outside the application`,
        });
        if (stored === undefined) {
          treeBroken = true;
          break;
        }
        hashes.push(stored);
        continue;
      }
      const bytes = new TextEncoder().encode(row.leaf);
      const leafHash = hashLeaf(bytes);
      hashes.push(leafHash);
      if (stored === undefined) {
        problems.push({
          kind: 'TreeNodeMissing',
          entry: index,
          message: `log entry ${index} (${row.action}) is not in the Merkle tree: it was inserted outside the application`,
        });
      } else if (!equalBytes(stored, leafHash)) {
        problems.push({
          kind: 'LogEntryAltered',
          entry: index,
          entityType: row.entity_type,
          entityId: row.entity_id,
          message: `log entry ${index} (${row.action} on ${row.entity_type} ${row.entity_id}) was altered after it was logged: its leaf no longer hashes to the tree's leaf ${toHex(stored)}`,
        });
      }
      if (row.leaf_hash !== toHex(leafHash)) {
        problems.push({
          kind: 'LogColumnMismatch',
          entry: index,
          field: 'leaf_hash',
          message: `log entry ${index}: the leaf_hash column does not match the leaf`,
        });
      }
      let entry;
      try {
        entry = decodeAuditLeaf(bytes);
      } catch (error) {
        problems.push({
          kind: 'LogEntryMalformed',
          entry: index,
          message: `log entry ${index} is not a canonical audit leaf: ${error instanceof Error ? error.message : String(error)}`,
        });
        continue;
      }
      const columns: [string, unknown, unknown][] = [
        ['at', row.at, entry.at],
        ['actor_id', row.actor_id, entry.actor],
        ['action', row.action, entry.action],
        ['entity_type', row.entity_type, entry.entityType],
        ['entity_id', row.entity_id, entry.entityId],
        ['case_id', row.case_id, entry.caseId],
      ];
      for (const [field, column, leaf] of columns) {
        if (column !== leaf) {
          problems.push({
            kind: 'LogColumnMismatch',
            entry: index,
            field,
            message: `log entry ${index}: column ${field} says ${JSON.stringify(column)} but the signed leaf says ${JSON.stringify(leaf)}`,
          });
        }
      }
      const vouched = stateOf(index, entry);
      if (vouched !== undefined) {
        scan.states.set(`${vouched.type}\u0000${entry.entityId}`, vouched.state);
      }
    }
    if (hashes.length > 0) {
      const plan = planAppend(scan.frontier, BigInt(scan.size), hashes);
      await compareInteriorNodes(executor, plan.nodes, problems);
      scan.frontier = [...plan.frontier];
      scan.size = Number(plan.size);
      if (wantedSizes.has(scan.size)) scan.rootsAt.set(scan.size, plan.root);
    }
    if (treeBroken) {
      problems.push({
        kind: 'TreeNodeMissing',
        entry: scan.size,
        message: `the tree cannot be recomputed past entry ${scan.size}: both the entry and its leaf hash are gone`,
      });
      break;
    }
    start = pageEnd;
  }
  return scan;
}

async function compareInteriorNodes(
  executor: Executor,
  nodes: readonly StoredNode[],
  problems: IntegrityProblem[],
): Promise<void> {
  const interior = nodes.filter((node) => node.level > 0);
  const stored = new Map(
    (await merkleNodeStore(executor).getNodes(interior)).map((n) => [`${n.level}/${n.index}`, n]),
  );
  for (const node of interior) {
    const found = stored.get(`${node.level}/${node.index}`);
    const first = Number(node.index << BigInt(node.level));
    const last = first + 2 ** node.level - 1;
    if (found === undefined) {
      problems.push({
        kind: 'TreeNodeMissing',
        message: `the tree node over entries ${first}..${last} (level ${node.level}) is missing`,
      });
    } else if (!equalBytes(found.hash, node.hash)) {
      problems.push({
        kind: 'TreeNodeMismatch',
        entry: first,
        message: `the tree node over entries ${first}..${last} (level ${node.level}) does not match the entries under it`,
      });
    }
  }
}

function isJsonObject(value: JsonValue): value is { readonly [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function compareFields(
  type: EntityType,
  id: string,
  logged: LoggedState,
  fields: readonly string[],
  loggedValues: Readonly<Record<string, unknown>>,
  current: Readonly<Record<string, unknown>>,
  problems: IntegrityProblem[],
): void {
  const personal = entities[type].personal;
  for (const field of fields) {
    const was = loggedValues[field];
    const now = current[field];
    if (jsonText(now ?? null) === jsonText(was ?? null)) continue;
    const where = `${describe(type, id, loggedValues)}: field ${field}`;
    problems.push({
      kind: 'RecordChanged',
      entry: logged.entry,
      entityType: type,
      entityId: id,
      field,
      message: personal
        ? `${where} differs from what entry ${logged.entry} (${logged.action}) logged; it was changed outside the application`
        : `${where} is ${jsonText(now ?? null)} but entry ${logged.entry} (${logged.action}) logged ${jsonText(was ?? null)}; it was changed outside the application`,
    });
  }
}

function compareRecord(
  type: EntityType,
  id: string,
  logged: LoggedState,
  row: Readonly<Record<string, unknown>>,
  problems: IntegrityProblem[],
): void {
  if ('legacy' in logged) {
    // A version 1 entry logged a view: it vouches for the fields it holds that the view has.
    const after = logged.legacy;
    if (!isJsonObject(after)) return;
    const current = legacyRecordOf(type, row, digestOf) ?? {};
    const fields = Object.keys(after).filter((field) => field in current);
    compareFields(type, id, logged, fields, after, current, problems);
    return;
  }
  const current = recordOf(type, row).row ?? {};
  const was = logged.row ?? {};
  // Today's shape: every column, both ways. An older shape: the columns it recorded.
  const fields =
    logged.shape === entities[type].shape
      ? [...new Set([...Object.keys(was), ...Object.keys(current)])].sort()
      : Object.keys(was).sort();
  compareFields(type, id, logged, fields, was, current, problems);
}

async function replayRecords(
  executor: Executor,
  states: Map<string, LoggedState>,
  problems: IntegrityProblem[],
): Promise<number> {
  let checked = 0;
  const byType = new Map<EntityType, [string, LoggedState][]>();
  for (const [key, state] of states) {
    const [type = '', id = ''] = key.split('\u0000');
    if (!isEntityType(type)) continue;
    const list = byType.get(type) ?? [];
    list.push([id, state]);
    byType.set(type, list);
  }
  for (const type of entityTypes) {
    const rows = await findAllRows(executor, entities[type].table);
    const current = new Map(rows.map((row) => [entityIdOf(type, row), row]));
    for (const [id, state] of byType.get(type) ?? []) {
      const row = current.get(id);
      checked += 1;
      const deleted = 'legacy' in state ? state.legacy === null : state.row === null;
      if (deleted) {
        if (row !== undefined) {
          problems.push({
            kind: 'RecordNotDeleted',
            entry: state.entry,
            entityType: type,
            entityId: id,
            message: `${describe(type, id, row)} was deleted by entry ${state.entry} (${state.action}) but the row exists again: it was restored outside the application`,
          });
        }
        continue;
      }
      if (row === undefined) {
        problems.push({
          kind: 'RecordMissing',
          entry: state.entry,
          entityType: type,
          entityId: id,
          message: `${describe(type, id, 'legacy' in state ? state.legacy : state.row)} is gone: it was deleted outside the application (last logged in entry ${state.entry}, ${state.action})`,
        });
        continue;
      }
      compareRecord(type, id, state, row, problems);
    }
    for (const [id, row] of current) {
      if (!states.has(`${type}\u0000${id}`)) {
        checked += 1;
        problems.push({
          kind: 'RecordNotLogged',
          entityType: type,
          entityId: id,
          message: `${describe(type, id, row)} is not in the log: it was inserted outside the application`,
        });
      }
    }
  }
  return checked;
}

/**
 * Verifies the log and the registry together: recomputes the Merkle tree from the entries
 * and compares every stored node and the head; checks each kept checkpoint's signature and
 * proves the log extends it; then replays the log's last logged state of every record
 * against the current rows. Returns every problem found, each naming the entry, the record
 * and the field.
 */
export async function verifyIntegrity(
  ctx: AppContext,
  actor: Actor,
  options: VerifyOptions,
): Promise<VerificationReport> {
  await authorizeAny(ctx, actor, ['audit.read', 'integrity.read'], {
    action: 'verify the log and the records',
    entityType: 'audit_log',
  });
  const problems: IntegrityProblem[] = [];
  const kept: { size: number; root: Hash }[] = [];
  for (const [i, note] of (options.checkpoints ?? []).entries()) {
    try {
      const checkpoint = verifyCheckpoint(note, options.verifierKey);
      kept.push({ size: Number(checkpoint.size), root: checkpoint.rootHash });
    } catch (error) {
      problems.push({
        kind: 'CheckpointInvalid',
        message: `checkpoint ${i + 1} is not a valid checkpoint of this log: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  }
  await flushAudit(ctx.db);
  const scan = await scanLog(ctx.db, problems, new Set(kept.map((k) => k.size)));
  const root = foldFromRight(scan.frontier.map((node) => node.hash));
  const head = await readAuditHead(ctx.db);
  const headSize = head?.size ?? 0;
  if (headSize !== scan.size) {
    problems.push({
      kind: 'HeadMismatch',
      field: 'size',
      message: `the log head says ${headSize} entries but the log holds ${scan.size}`,
    });
  } else if (head !== null && head.rootHash !== toHex(root)) {
    problems.push({
      kind: 'HeadMismatch',
      field: 'root_hash',
      message: `the log head's root ${head.rootHash} is not the root of its ${scan.size} entries (${toHex(root)})`,
    });
  } else if (
    head?.frontier != null &&
    head.frontier !== scan.frontier.map((node) => toHex(node.hash)).join(',')
  ) {
    // The next append would build on this frontier: a forged one would fork the tree.
    problems.push({
      kind: 'HeadMismatch',
      field: 'frontier',
      message: `the log head's frontier is not the frontier of its ${scan.size} entries`,
    });
  }
  for (const { level, count } of await countMerkleNodesByLevel(ctx.db)) {
    const expected = Math.floor(scan.size / 2 ** level);
    if (count > expected) {
      problems.push({
        kind: 'LogTruncated',
        message: `the tree holds ${count - expected} node(s) at level ${level} beyond the log's ${scan.size} entries: entries were removed after they were logged`,
      });
    }
  }
  const checkpoints: { size: number; ok: boolean }[] = [];
  for (const checkpoint of kept) {
    const ok = await checkKept(ctx.db, checkpoint, scan, root, problems);
    checkpoints.push({ size: checkpoint.size, ok });
  }
  const recordsChecked = await replayRecords(ctx.db, scan.states, problems);
  return {
    ok: problems.length === 0,
    logSize: scan.size,
    headSize,
    rootHash: encodeBase64(root),
    recordsChecked,
    checkpoints,
    problems,
  };
}

async function checkKept(
  executor: Executor,
  kept: { size: number; root: Hash },
  scan: Scan,
  root: Hash,
  problems: IntegrityProblem[],
): Promise<boolean> {
  if (kept.size > scan.size) {
    problems.push({
      kind: 'LogTruncated',
      entry: scan.size,
      message: `a kept checkpoint covers ${kept.size} entries but the log holds ${scan.size}: entries ${scan.size}..${kept.size - 1} were removed`,
    });
    return false;
  }
  const recomputed = scan.rootsAt.get(kept.size);
  if (recomputed === undefined || !equalBytes(recomputed, kept.root)) {
    problems.push({
      kind: 'LogRewritten',
      entry: kept.size,
      message: `the first ${kept.size} entries no longer hash to the root of the checkpoint kept at that size: an entry before ${kept.size} was changed or removed`,
    });
    return false;
  }
  if (kept.size === 0 || kept.size === scan.size) return true;
  try {
    const proof = await consistencyProofAt(
      merkleNodeStore(executor),
      BigInt(kept.size),
      BigInt(scan.size),
    );
    const check = checkConsistency({
      size1: BigInt(kept.size),
      root1: kept.root,
      size2: BigInt(scan.size),
      root2: root,
      proof,
    });
    if (!check.ok) {
      problems.push({
        kind: 'LogRewritten',
        message: `the stored tree gives no valid consistency proof from the checkpoint of ${kept.size} entries: ${check.message}`,
      });
      return false;
    }
  } catch (error) {
    problems.push({
      kind: 'TreeNodeMissing',
      message: `no consistency proof from ${kept.size} entries can be built: ${error instanceof Error ? error.message : String(error)}`,
    });
    return false;
  }
  return true;
}
