import { readAuditHead } from '../../db/repositories/audit.repository.ts';
import { flushAudit } from '../audit/audit.ts';
import type { Actor, AppContext } from '../common/context.ts';

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
  /**
   * The value kept for `key` at the current head, else `compute()` (kept when the head held
   * still). With a `reader` whose credentials were read together with the head (`readingAt`),
   * that head is the current one, once: the request is answered as of its authentication.
   */
  get(ctx: AppContext, key: string, reader: Actor | null, compute: () => Promise<T>): Promise<T>;
}

/** Heads read in the same statement as an actor's credentials, until a cache uses them. */
const seenHeads = new WeakMap<Actor, string>();

function keyOf(head: { readonly size: number; readonly rootHash: string } | null): string {
  return head === null ? '0:' : `${head.size}:${head.rootHash}`;
}

/**
 * Notes the log head read in the same statement as `actor`'s credentials (a new actor object
 * for each request), so that the request's first kept read needs no read of its own. Only for
 * a request that writes nothing: a read after its own write must see that write.
 */
export function readingAt(
  actor: Actor,
  head: { readonly size: number; readonly rootHash: string } | null,
): Actor {
  seenHeads.set(actor, keyOf(head));
  return actor;
}

interface Slot<T> {
  readonly statutes: unknown;
  readonly entries: Map<string, T>;
}

/**
 * A cache of at most `capacity` results per context (least recently used dropped first). With
 * `readsStatutes` (the default), results depend on the statute packs loaded too, and a reload
 * empties the cache; without it, the packs are not loaded for it (a case list needs none).
 */
export function headCache<T>(
  capacity: number,
  { readsStatutes = true }: { readonly readsStatutes?: boolean } = {},
): HeadCache<T> {
  // Per context: one database and one set of statute packs; a new context starts empty.
  const slots = new WeakMap<AppContext, Slot<T>>();
  const slotOf = (ctx: AppContext): Slot<T> => {
    const statutes = readsStatutes ? ctx.statutes() : null;
    let slot = slots.get(ctx);
    if (slot === undefined || slot.statutes !== statutes) {
      slot = { statutes, entries: new Map() };
      slots.set(ctx, slot);
    }
    return slot;
  };
  const headKey = async (ctx: AppContext): Promise<string> => {
    await flushAudit(ctx.db);
    return keyOf(await readAuditHead(ctx.db));
  };
  return {
    async get(
      ctx: AppContext,
      key: string,
      reader: Actor | null,
      compute: () => Promise<T>,
    ): Promise<T> {
      // Inside a transaction the reads see writes that may yet be rolled back: nothing kept.
      if (ctx.db.isTransaction) return compute();
      const slot = slotOf(ctx);
      const seen = reader === null ? undefined : seenHeads.get(reader);
      if (reader !== null) seenHeads.delete(reader);
      const before = `${seen ?? (await headKey(ctx))}|${key}`;
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

/**
 * What an answer may depend on about its reader besides the records (sealed-case access is in
 * the records): who they are, their agency, their roles and a token's scopes. Part of the key
 * of every answer kept per reader, so a kept answer is never given to another reader.
 */
export function readerKey(actor: Actor): readonly unknown[] {
  return [
    actor.id,
    actor.agencyId,
    [...actor.roles].sort(),
    actor.scopes === undefined ? null : [...actor.scopes].sort(),
  ];
}

function deepFreeze(value: unknown): void {
  // Typed arrays cannot be frozen; the report holds none.
  if (typeof value !== 'object' || value === null || ArrayBuffer.isView(value)) return;
  if (Object.isFrozen(value)) return;
  Object.freeze(value);
  // Data properties only: a report's record lists are getters that sort on first read, and
  // hand out their list frozen once their tree is (src/core/stats/figures.ts), so keeping a
  // report does not sort every list of it.
  for (const property of Object.values(Object.getOwnPropertyDescriptors(value)))
    if ('value' in property) deepFreeze(property.value);
}
