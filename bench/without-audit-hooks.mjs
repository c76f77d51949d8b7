/** The hooks `without-audit.mjs` registers (see there). */
import { URL } from 'node:url';

const target = '/src/app/audit/audit.ts';

const stub = `
export * from './audit.ts?with-audit';
/** The records-only bench: the entries are numbered as if appended, and nothing is written. */
let size = 0;
export async function appendAuditEntries(_trx, _ctx, _actor, changes) {
  const from = size;
  size += changes.length;
  return changes.map((_, i) => from + i);
}
export async function appendAudit(trx, ctx, actor, change) {
  const [index] = await appendAuditEntries(trx, ctx, actor, [change]);
  return index;
}
export async function flushAudit() {}
`;

/**
 * @param {string} url
 * @param {unknown} context
 * @param {(url: string, context: unknown) => Promise<unknown>} nextLoad
 * @returns {Promise<unknown>}
 */
export async function load(url, context, nextLoad) {
  if (new URL(url).pathname.endsWith(target) && !url.includes('?with-audit'))
    return { format: 'module', source: stub, shortCircuit: true };
  return nextLoad(url, context);
}
