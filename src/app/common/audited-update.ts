import type { Updateable } from 'kysely';
import { updateVersioned } from '../../db/repositories/versioned.ts';
import type { VersionedTable } from '../../db/repositories/versioned.ts';
import type { Database } from '../../db/schema.ts';
import { appendAudit } from '../audit/audit.ts';
import type { AuditChange } from '../audit/audit.ts';
import type { Actor, AppContext, Executor } from './context.ts';
import { staleVersion } from './validate.ts';

/** A versioned row to change: where it is, the version its writer read, and what it becomes. */
export interface VersionedUpdate<T extends VersionedTable> {
  readonly table: T;
  readonly key: { readonly column: keyof Database[T] & string; readonly value: string };
  /** The version the writer read (and checked); the row is written only if it still has it. */
  readonly version: number;
  readonly values: Updateable<Database[T]>;
  /** How the refusal names the record ("training", "victim record"). */
  readonly entity: string;
}

/**
 * The mechanics every correcting use-case shares, in its transaction: the row is written only if
 * it still has the version its writer read (another writer won in between: VersionConflict, and
 * the transaction rolls back), then the change is logged. The use-case keeps its own rules (what
 * it may change, what the values are, what the entry says) in its own body.
 */
export async function auditedUpdate<T extends VersionedTable>(
  trx: Executor,
  ctx: AppContext,
  actor: Actor,
  update: VersionedUpdate<T>,
  entry: AuditChange,
): Promise<void> {
  const { table, key, version, values } = update;
  if (!(await updateVersioned(trx, table, key, version, values)))
    throw staleVersion(update.entity, key.value, version);
  await appendAudit(trx, ctx, actor, entry);
}
