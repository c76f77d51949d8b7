import { readAuditHead } from '../../db/repositories/audit.repository.ts';
import { flushAudit } from '../audit/audit.ts';
import type { AppContext } from '../common/context.ts';

/**
 * Results kept for the audit log's head. Every change to the records is appended to the log in
 * the change's own transaction (docs/INTEGRITY.md; `verify` finds a column the log does not
 * cover), so the head's size and root name one exact state of the data: a result computed from
 * that state is the same until the head moves, whoever moved it (this process, a CLI import
 * on the same database, another server on the same PostgreSQL).
 *
 * A result is kept only when the head was the same before and after computing it, so a write
 * that committed in between (its reads then saw two states) is never kept. Kept values are
 * deeply frozen: a caller that changed one would change every later answer.
 */
export interface HeadCache<T> {
  /** The value kept for `key` at the current head, else `compute()` (kept when the head held still). */
  get(ctx: AppContext, key: string, compute: () => Promise<T>): Promise<T>;
}

interface Slot<T> {
  readonly statutes: unknown;
  readonly entries: Map<string, T>;
}

/** A cache of at most `capacity` results per context (least recently used dropped first). */
export function headCache<T>(capacity: number): HeadCache<T> {
  // Per context: one database and one set of statute packs; a new context starts empty.
  const slots = new WeakMap<AppContext, Slot<T>>();
  const slotOf = (ctx: AppContext): Slot<T> => {
    const statutes = ctx.statutes();
    let slot = slots.get(ctx);
    if (slot === undefined || slot.statutes !== statutes) {
      slot = { statutes, entries: new Map() };
      slots.set(ctx, slot);
    }
    return slot;
  };
  const headKey = async (ctx: AppContext): Promise<string> => {
    await flushAudit(ctx.db);
    const head = await readAuditHead(ctx.db);
    return head === null ? '0:' : `${head.size}:${head.rootHash}`;
  };
  return {
    async get(ctx: AppContext, key: string, compute: () => Promise<T>): Promise<T> {
      const slot = slotOf(ctx);
      const before = `${await headKey(ctx)}|${key}`;
      const kept = slot.entries.get(before);
      if (kept !== undefined) {
        slot.entries.delete(before);
        slot.entries.set(before, kept);
        return kept;
      }
      const value = await compute();
      if (`${await headKey(ctx)}|${key}` === before) {
        deepFreeze(value);
        slot.entries.set(before, value);
        if (slot.entries.size > capacity) {
          const oldest = slot.entries.keys().next();
          if (oldest.done !== true) slot.entries.delete(oldest.value);
        }
      }
      return value;
    },
  };
}

function deepFreeze(value: unknown): void {
  // Typed arrays cannot be frozen; the report holds none.
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return;
  if (Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const item of Object.values(value)) deepFreeze(item);
}
