import type { InputOf } from '../common/validate.ts';
import {
  checkConsistency,
  consistencyProofAt,
  emptyRoot,
  encodeBase64,
  hashLeaf,
  inclusionProofAt,
  rootAt,
  signCheckpoint,
  toHex,
  verifierKeyOf,
  verifyCheckpoint,
} from '../../core/audit/index.ts';
import type { Hash, NoteSigner } from '../../core/audit/index.ts';
import { DomainError } from '../../core/errors.ts';
import {
  findAuditEntriesRange,
  merkleNodeReader,
  readAuditHead,
} from '../../db/repositories/audit.repository.ts';
import { appendAudit, flushAudit } from '../audit/audit.ts';
import { authorize } from '../access/access.ts';
import type { Actor, AppContext, Executor } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import { parseInput } from '../common/validate.ts';
import { sealedCasesHiddenFor } from '../access/seal-guard.ts';
import { consistencyQuery, exportQuery, inclusionQuery } from '../schemas/log.schemas.ts';
import type {
  CheckpointView,
  ConsistencyProofView,
  ExportLine,
  InclusionProofView,
} from '../schemas/log.schemas.ts';

const base64 = (hash: Hash): string => encodeBase64(hash);

/** The log's size, from its head row (0 before the first entry). */
export async function logSize(executor: Executor): Promise<number> {
  await flushAudit(executor);
  return (await readAuditHead(executor))?.size ?? 0;
}

/** The root of the first `size` entries, from the stored tree: O(log n) node reads. */
export async function logRootAt(executor: Executor, size: number): Promise<Hash> {
  await flushAudit(executor);
  return size === 0 ? emptyRoot() : rootAt(merkleNodeReader(executor), BigInt(size));
}

/**
 * A signed checkpoint (C2SP tlog-checkpoint) of the log as it is now. The root is recomputed
 * from the stored tree and must equal the head's: the log never signs a tree it cannot prove.
 */
export async function currentCheckpoint(
  ctx: AppContext,
  _actor: Actor,
  signer: NoteSigner,
): Promise<CheckpointView> {
  await flushAudit(ctx.db);
  const head = await readAuditHead(ctx.db);
  const size = head?.size ?? 0;
  const root = await logRootAt(ctx.db, size);
  if (head !== null && head.rootHash !== toHex(root)) {
    throw new DomainError(
      'IntegrityViolation',
      `the log head says root ${head.rootHash} for size ${size} but the stored tree gives ${toHex(root)}: run palermo verify`,
      { details: { size } },
    );
  }
  return {
    origin: signer.name,
    size,
    rootHash: base64(root),
    checkpoint: signCheckpoint({ origin: signer.name, size: BigInt(size), rootHash: root }, signer),
  };
}

/** The log's public key in the note verifier format `<name>+<key id>+<base64 key>`. */
export function logPublicKey(signer: NoteSigner): string {
  return verifierKeyOf(signer);
}

function outsideLog(what: string, value: number, size: number): DomainError {
  return new DomainError(
    'ValidationFailed',
    `${what} ${value} is beyond the log's ${size} entries`,
    {
      issues: [{ path: what, message: `must be at most the log size ${size}` }],
    },
  );
}

/** Inclusion proof (RFC 9162 §2.1.3) of entry `index` in the tree of `size` entries (default: now). */
export async function inclusionProof(
  ctx: AppContext,
  _actor: Actor,
  raw: InputOf<typeof inclusionQuery>,
): Promise<InclusionProofView> {
  const query = parseInput(inclusionQuery, raw);
  const current = await logSize(ctx.db);
  const size = query.size ?? current;
  if (size > current) throw outsideLog('size', size, current);
  if (query.index >= size) {
    throw new DomainError(
      'ValidationFailed',
      `index ${query.index} is not in a tree of ${size} entries`,
      {
        issues: [{ path: 'index', message: `must be below the tree size ${size}` }],
      },
    );
  }
  const store = merkleNodeReader(ctx.db);
  const [leaf] = await store.getNodes([{ level: 0, index: BigInt(query.index) }]);
  if (leaf === undefined) {
    throw new DomainError(
      'IntegrityViolation',
      `the tree has no leaf ${query.index}: run palermo verify`,
    );
  }
  const proof = await inclusionProofAt(store, BigInt(query.index), BigInt(size));
  return {
    index: query.index,
    treeSize: size,
    leafHash: base64(leaf.hash),
    rootHash: base64(await logRootAt(ctx.db, size)),
    proof: proof.map(base64),
  };
}

/** Consistency proof (RFC 9162 §2.1.4) from the tree of `from` entries to that of `to` (default: now). */
export async function consistencyProof(
  ctx: AppContext,
  _actor: Actor,
  raw: InputOf<typeof consistencyQuery>,
): Promise<ConsistencyProofView> {
  const query = parseInput(consistencyQuery, raw);
  const current = await logSize(ctx.db);
  const to = query.to ?? current;
  if (to > current) throw outsideLog('to', to, current);
  if (query.from > to) throw outsideLog('from', query.from, to);
  const store = merkleNodeReader(ctx.db);
  const proof =
    query.from === to ? [] : await consistencyProofAt(store, BigInt(query.from), BigInt(to));
  return {
    from: query.from,
    to,
    fromRootHash: base64(await logRootAt(ctx.db, query.from)),
    toRootHash: base64(await logRootAt(ctx.db, to)),
    proof: proof.map(base64),
  };
}

const EXPORT_PAGE = 1000;

/**
 * The log's entries in [from, to) as export lines: the exact leaf bytes (base64) and their
 * RFC 6962 leaf hash, so that an outside party can rebuild the tree. The export itself is
 * logged (it discloses case data) after the range was fixed.
 */
export async function exportLog(
  ctx: AppContext,
  actor: Actor,
  raw: InputOf<typeof exportQuery>,
): Promise<AsyncIterable<ExportLine>> {
  await authorize(ctx, actor, 'audit.read', {
    action: "export the log's entries",
    entityType: 'audit_log',
  });
  const query = parseInput(exportQuery, raw);
  const current = await logSize(ctx.db);
  const to = Math.min(query.to ?? current, current);
  await inTransaction(ctx, (trx) =>
    appendAudit(trx, ctx, actor, {
      action: 'log.export',
      entityType: 'audit_log',
      entityId: 'log',
      caseId: null,
      before: null,
      after: { from: query.from, to },
    }),
  );
  return exportLines(ctx.db, query.from, to, await sealedCasesHiddenFor(ctx.db, actor));
}

async function* exportLines(
  executor: Executor,
  from: number,
  to: number,
  hidden: ReadonlySet<string>,
): AsyncGenerator<ExportLine> {
  for (let start = from; start < to; start += EXPORT_PAGE) {
    const rows = await findAuditEntriesRange(executor, start, Math.min(start + EXPORT_PAGE, to));
    for (const row of rows) {
      const data = new TextEncoder().encode(row.leaf);
      // The hash is recomputed from the bytes: a stored hash that disagrees is for verify to report.
      const leafHash = base64(hashLeaf(data));
      // An entry of a sealed case the exporter is not on the list of: its hash keeps the tree
      // checkable, its body (reference, summary, seal reason) stays with the access list.
      if (row.case_id !== null && hidden.has(row.case_id)) {
        yield { index: Number(row.idx), leafHash, withheld: 'sealed case' };
      } else {
        yield { index: Number(row.idx), data: encodeBase64(data), leafHash };
      }
    }
  }
}

/** The outcome of checking that the log still extends a checkpoint someone kept. */
export interface CheckpointConsistency {
  readonly ok: boolean;
  readonly checkpointSize: number;
  readonly logSize: number;
  readonly proof: readonly string[];
  readonly problems: readonly string[];
}

/**
 * Checks a kept checkpoint against the log: its signature (our key, our origin), then an RFC
 * 9162 consistency proof from its size to the current tree, verified here as a monitor would.
 */
export async function checkpointConsistency(
  ctx: AppContext,
  _actor: Actor,
  signer: NoteSigner,
  note: string,
): Promise<CheckpointConsistency> {
  const kept = verifyCheckpoint(note, logPublicKey(signer));
  const keptSize = Number(kept.size);
  const size = await logSize(ctx.db);
  const fail = (problem: string, proof: readonly string[] = []): CheckpointConsistency => ({
    ok: false,
    checkpointSize: keptSize,
    logSize: size,
    proof,
    problems: [problem],
  });
  if (keptSize > size) {
    return fail(
      `the checkpoint covers ${keptSize} entries but the log has ${size}: the log was truncated`,
    );
  }
  const root = await logRootAt(ctx.db, size);
  if (keptSize === 0)
    return { ok: true, checkpointSize: 0, logSize: size, proof: [], problems: [] };
  let proof: Hash[];
  try {
    proof =
      keptSize === size
        ? []
        : await consistencyProofAt(merkleNodeReader(ctx.db), kept.size, BigInt(size));
  } catch (error) {
    return fail(
      `no consistency proof can be built: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const check = checkConsistency({
    size1: kept.size,
    root1: kept.rootHash,
    size2: BigInt(size),
    root2: root,
    proof,
  });
  const encoded = proof.map(base64);
  if (!check.ok) {
    return fail(
      `the log of ${size} entries does not extend the checkpoint of ${keptSize}: ${check.message}`,
      encoded,
    );
  }
  return { ok: true, checkpointSize: keptSize, logSize: size, proof: encoded, problems: [] };
}
