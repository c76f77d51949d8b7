import { recordIdsOfCases } from '../../db/repositories/stats.repository.ts';
import type { Actor, AppContext } from '../context.ts';
import { sealedCasesHiddenFor } from '../seal-guard.ts';

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
  const hidden = [...(await sealedCasesHiddenFor(ctx.db, actor))];
  if (hidden.length === 0) return;
  const ids = await recordIdsOfCases(ctx.db, hidden);
  const refs = new Set([
    ...hidden.map((id) => `case:${id}`),
    ...ids.persons.map((id) => `person:${id}`),
    ...ids.sentences.map((id) => `sentence:${id}`),
  ]);
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
