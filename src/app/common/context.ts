import { statuteChecker } from '../statutes/statute-check.ts';
import type { StatuteReferenceLike } from '../statutes/statute-check.ts';
import { loadPacks } from '../statutes/load-packs.ts';
import type { Config } from '../../config.ts';
import type { PackRegistry } from '../../core/statutes/registry.ts';
import { timeOrderedId } from './ids.ts';
import { configuredKeyring } from '../crypto/keyring.ts';
import type { Keyring } from '../crypto/keyring.ts';
import type { Permission } from '../../core/access/policy.ts';
import { roles } from '../../core/vocabulary.ts';
import type { Role } from '../../core/vocabulary.ts';
import type { Db, Executor } from '../../db/schema.ts';
import { runStatement } from '../../db/repositories/statements.ts';
import { isDomainError } from '../../core/errors.ts';
import type { DomainError } from '../../core/errors.ts';
import type { Engine } from '../../db/create-db.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';

/** Who performs a use-case. Every use-case receives one; access control checks it. */
export interface Actor {
  readonly id: string;
  readonly username: string;
  readonly agencyId: string | null;
  readonly roles: readonly Role[];
  /** An API token's scopes: the permissions it may use, within the user's roles. Absent: all of the roles'. */
  readonly scopes?: readonly Permission[] | undefined;
}

/**
 * What every use-case needs from the outside world, passed in so that tests control it. Built
 * once per process by the composition root (`src/cli/runtime.ts` for the CLI and the server),
 * from the configuration read there.
 */
export interface AppContext {
  readonly db: Db;
  readonly engine: Engine;
  /** The configuration, read once from the environment by the composition root. */
  readonly config: Config;
  /**
   * The statute packs of `config.jurisdictionsDir`, parsed on first use (a process that never
   * touches the law does not pay for it) and read-only afterwards. The one way use-cases reach them.
   */
  readonly statutes: () => PackRegistry;
  /** The clock; core code never reads it, use-cases pass its value in. */
  readonly now: () => Date;
  readonly newId: () => string;
  /**
   * Checks a statute reference against the jurisdiction packs: null when the provision exists
   * and is in force on `onDate`, otherwise the reason it cannot be charged.
   */
  readonly checkStatute: (reference: StatuteReferenceLike, onDate: string) => string | null;
  /** The master keys that wrap identity data keys; tests pass `memoryKeyring()`. */
  readonly keyring: Keyring;
  /**
   * Where the audit log adds up the time its appends take (a benchmark's view of the log's
   * share inside a bulk write). Absent in the server and the CLI: nothing is measured.
   */
  readonly auditMeter?: WorkMeter;
}

/**
 * Time spent in one kind of work, added up by the code doing it: wall and CPU milliseconds
 * (the process's threads, so it means something while one writer runs) and how many calls.
 */
export interface WorkMeter {
  ms: number;
  cpuMs: number;
  calls: number;
}

/** A meter at zero. */
export function workMeter(): WorkMeter {
  return { ms: 0, cpuMs: 0, calls: 0 };
}

/** Runs `work`, adding its wall and CPU time to `meter` (when there is one). */
export async function metered<T>(meter: WorkMeter | undefined, work: () => Promise<T>): Promise<T> {
  if (meter === undefined) return work();
  const start = performance.now();
  const cpu = process.cpuUsage();
  try {
    return await work();
  } finally {
    const used = process.cpuUsage(cpu);
    meter.ms += performance.now() - start;
    meter.cpuMs += (used.user + used.system) / 1000;
    meter.calls += 1;
  }
}

const registries = new Map<string, PackRegistry>();

/**
 * The statute packs of `config.jurisdictionsDir`, read on first call and kept for the process
 * (a directory's packs are read once however many contexts use them). The composition root
 * hands this to the AppContext; nothing else loads packs.
 */
export function configuredStatutes(config: Config): () => PackRegistry {
  return () => {
    const dir = config.jurisdictionsDir;
    const kept = registries.get(dir);
    if (kept !== undefined) return kept;
    const registry = loadPacks(dir);
    registries.set(dir, registry);
    return registry;
  };
}

/** Builds a context with the real clock, time-ordered UUIDs (`timeOrderedId`) and the configured packs and keys. */
export function createAppContext(
  db: Db,
  engine: Engine,
  config: Config,
  overrides: Partial<Omit<AppContext, 'db' | 'engine' | 'config'>> = {},
): AppContext {
  const statutes = overrides.statutes ?? configuredStatutes(config);
  return {
    db,
    engine,
    config,
    now: overrides.now ?? (() => new Date()),
    newId: overrides.newId ?? timeOrderedId,
    statutes,
    checkStatute: overrides.checkStatute ?? statuteChecker(statutes),
    // Loaded on first use, so a process that never touches an identity needs no key.
    keyring: overrides.keyring ?? configuredKeyring(config),
    ...(overrides.auditMeter === undefined ? {} : { auditMeter: overrides.auditMeter }),
  };
}

/**
 * Runs `work` in one transaction: everything it writes lands together or not at all. When the
 * context's database is itself a transaction (an import composing several use-cases into one
 * file- or case-wide transaction, see `withTransaction`), the work joins it.
 */
export function inTransaction<T>(
  ctx: AppContext,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  if (isTransaction(ctx.db)) return work(ctx.db);
  return ctx.db.transaction().execute(async (trx) => {
    const hooks: (() => Promise<void>)[] = [];
    commitHooks.set(trx, hooks);
    const result = await work(trx);
    // A hook may register another (a flush that appends): run until none is left.
    for (let i = 0; i < hooks.length; i += 1) await hooks[i]?.();
    commitHooks.delete(trx);
    return result;
  });
}

const commitHooks = new WeakMap<Transaction<Database>, (() => Promise<void>)[]>();

/**
 * Runs `hook` inside the transaction `executor`, after its work and just before it commits
 * (the audit log writes its batched tree nodes and head there). False when `executor` is not a
 * transaction begun by `inTransaction` (nothing is registered: the caller must write now).
 */
export function beforeCommit(executor: Executor, hook: () => Promise<void>): boolean {
  if (!isTransaction(executor)) return false;
  const hooks = commitHooks.get(executor);
  if (hooks === undefined) return false;
  hooks.push(hook);
  return true;
}

/** Writes a transaction has sent and not yet waited for (`writeBehind`), and the first failure. */
interface Behind {
  readonly sent: Promise<void>[];
  failure: { readonly error: unknown } | undefined;
}

const writesBehind = new WeakMap<Transaction<Database>, Behind>();

/**
 * Lets a write already handed to the connection (`written`) finish while the caller goes on (on
 * PostgreSQL the server inserts a batch while the import prepares the next); the transaction's
 * statements still run in the order asked. It is waited for by `settleWrites`, which a bulk
 * writer calls before its next read, and before the transaction commits; its failure is kept
 * and thrown there (never unhandled), so the transaction cannot commit without it. Outside a
 * transaction begun by `inTransaction` there is no commit to wait before: waited for now.
 */
export async function writeBehind(executor: Executor, written: Promise<void>): Promise<void> {
  if (!isTransaction(executor) || !commitHooks.has(executor)) return written;
  let behind = writesBehind.get(executor);
  if (behind === undefined) {
    const created: Behind = { sent: [], failure: undefined };
    writesBehind.set(executor, created);
    beforeCommit(executor, () => settleWrites(executor));
    behind = created;
  }
  const kept = behind;
  kept.sent.push(
    written.catch((error: unknown) => {
      kept.failure ??= { error };
    }),
  );
}

/**
 * Waits for the writes `writeBehind` let go on in this transaction; throws the first that
 * failed (the cause: the statements after it fail only because it did), again at every call.
 */
export async function settleWrites(executor: Executor): Promise<void> {
  if (!isTransaction(executor)) return;
  const behind = writesBehind.get(executor);
  if (behind === undefined) return;
  while (behind.sent.length > 0) await Promise.all(behind.sent.splice(0));
  if (behind.failure !== undefined) throw behind.failure.error;
}

/**
 * A read sent now and awaited later (on PostgreSQL it runs after the statements sent before it,
 * and is answered while the caller works): its failure is thrown where it is awaited, and is
 * never an unhandled rejection meanwhile.
 */
export function readLater<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined);
  return read;
}

/**
 * What a module keeps in memory for an open transaction, and must put back when the transaction
 * rolls back to a savepoint (the audit log's tail, src/app/audit/audit.ts): given the
 * transaction when a savepoint is made, it returns what puts back the state it holds then.
 */
type SavepointState = (executor: Executor) => () => void;

const savepointStates: SavepointState[] = [];

/** Registers in-memory state of a transaction that `inSavepoint` puts back when it undoes work. */
export function keepAcrossSavepoints(state: SavepointState): void {
  savepointStates.push(state);
}

/**
 * Runs `work` in a savepoint of the transaction `executor` (begun by `inTransaction`): what it
 * wrote is kept if it returns, and undone if it throws a refusal (a DomainError, returned), the
 * transaction going on. The savepoint and its release are let go on like the writes
 * (`writeBehind`), so that the work's first read does not wait for them. Any other error is
 * thrown as it is: the caller's transaction rolls back. State kept in memory for the
 * transaction (`keepAcrossSavepoints`) is put back with the rows. `name`: a plain SQL identifier.
 */
export async function inSavepoint<T>(
  executor: Executor,
  name: string,
  work: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; error: DomainError }> {
  const run = (text: string) => runStatement(executor, text, []).then(() => undefined);
  await writeBehind(executor, run(`savepoint ${name}`));
  const restores = savepointStates.map((state) => state(executor));
  let value: T;
  try {
    value = await work();
  } catch (error) {
    if (!isDomainError(error)) throw error;
    // A write let go on that failed is the cause, and the transaction's end.
    await settleWrites(executor);
    await run(`rollback to savepoint ${name}`);
    await run(`release savepoint ${name}`);
    for (const restore of restores) restore();
    return { ok: false, error };
  }
  await writeBehind(executor, run(`release savepoint ${name}`));
  return { ok: true, value };
}

/** Whether a database handle is already a transaction (Kysely's own flag). */
function isTransaction(db: Executor): db is Transaction<Database> {
  return db.isTransaction;
}

/**
 * Runs `work` with a context whose use-cases all write in one transaction: the batch lands
 * whole or not at all (imports). Nested calls join the outer transaction.
 */
export function withTransaction<T>(
  ctx: AppContext,
  work: (trxCtx: AppContext) => Promise<T>,
): Promise<T> {
  return inTransaction(ctx, (trx) => work({ ...ctx, db: trx }));
}

/** The system itself, acting for migrations and the demo loader. */
export const systemActor: Actor = Object.freeze({
  id: 'system',
  username: 'system',
  agencyId: null,
  // The system loads the demo and creates the first administrator: it acts in every role.
  roles: roles,
});

export type { Executor };
