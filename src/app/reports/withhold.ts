import { recordIdsOfCases } from '../../db/repositories/stats.repository.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { sealedCasesHiddenFor } from '../access/seal-guard.ts';
import { headCache } from './head-cache.ts';

/** The withheld ids per reader, kept for the audit log's head (sealing and access lists move it). */
const keptWithheld = headCache<ReadonlySet<string>>(64, { readsStatutes: false });

/**
 * The record ids (`case:…`, `person:…`, `sentence:…`) of the sealed cases `actor` is not on the
 * access list of: what every drill-down withholds from them. Empty for most readers. Kept for
 * the log's head: finding the sealed cases reads every case row (at a million cases, most of a
 * repeated drill-down's time).
 */
export function withheldRefsFor(ctx: AppContext, actor: Actor): Promise<ReadonlySet<string>> {
  return keptWithheld.get(ctx, actor.id, actor, async () => {
    const hidden = [...(await sealedCasesHiddenFor(ctx.db, actor))];
    if (hidden.length === 0) return new Set<string>();
    const ids = await recordIdsOfCases(ctx.db, hidden);
    return new Set([
      ...hidden.map((id) => `case:${id}`),
      ...ids.persons.map((id) => `person:${id}`),
      ...ids.sentences.map((id) => `sentence:${id}`),
    ]);
  });
}

/**
 * Removes from a report's drill-downs, in place, the records (`case:…`, `person:…`,
 * `sentence:…`) of the sealed cases `actor` is not on the access list of. The figures still
 * count them: a sealed case is part of the statistics, its ids are for its access list.
 */
export async function withholdSealedRecords(
  ctx: AppContext,
  actor: Actor,
  report: object,
): Promise<void> {
  const refs = await withheldRefsFor(ctx, actor);
  if (refs.size === 0) return;
  removeRefs(report, refs, new Set());
}

function removeRefs(node: unknown, refs: ReadonlySet<string>, seen: Set<object>): void {
  if (typeof node !== 'object' || node === null || seen.has(node)) return;
  seen.add(node);
  if (Array.isArray(node)) {
    for (let i = node.length - 1; i >= 0; i -= 1) {
      const item: unknown = node[i];
      if (typeof item === 'string' && refs.has(item)) node.splice(i, 1);
      else removeRefs(item, refs, seen);
    }
    return;
  }
  for (const value of Object.values(node)) removeRefs(value, refs, seen);
}

/**
 * Like `withholdSealedRecords`, without changing `report`: a copy where something is withheld
 * (sharing every part that loses nothing), `report` itself when nothing is. For reports kept
 * in a cache, which are frozen.
 */
export async function withheldSealedRecords<T extends object>(
  ctx: AppContext,
  actor: Actor,
  report: T,
): Promise<T> {
  const refs = await withheldRefsFor(ctx, actor);
  if (refs.size === 0) return report;
  return withoutRefs(report, refs, new Map());
}

/** `node` without the strings in `refs` in any of its arrays; unchanged parts are shared. */
function withoutRefs<T>(node: T, refs: ReadonlySet<string>, done: Map<object, unknown>): T;
function withoutRefs(node: unknown, refs: ReadonlySet<string>, done: Map<object, unknown>) {
  if (typeof node !== 'object' || node === null) return node;
  if (done.has(node)) return done.get(node);
  let result: unknown = node;
  if (Array.isArray(node)) {
    const list: readonly unknown[] = node;
    const items: unknown[] = [];
    let changed = false;
    for (const item of list) {
      if (typeof item === 'string' && refs.has(item)) {
        changed = true;
        continue;
      }
      const kept = withoutRefs(item, refs, done);
      changed ||= kept !== item;
      items.push(kept);
    }
    if (changed) result = items;
  } else if (Object.getPrototypeOf(node) === Object.prototype) {
    const entries = Object.entries(node).map(([key, value]: [string, unknown]) => ({
      key,
      value,
      kept: withoutRefs<unknown>(value, refs, done),
    }));
    if (entries.some((entry) => entry.kept !== entry.value))
      result = Object.fromEntries(entries.map((entry) => [entry.key, entry.kept]));
  }
  done.set(node, result);
  return result;
}
