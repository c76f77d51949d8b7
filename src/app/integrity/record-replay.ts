import { canonicalJson } from '../../core/audit/index.ts';
import { findAllRows } from '../../db/repositories/integrity.repository.ts';
import type { Executor } from '../../db/schema.ts';
import { digestOf } from '../audit/audit.ts';
import { recordOf, wellFormed } from '../audit/audit-records.ts';
import { entities, entityIdOf, entityTypes, isEntityType } from '../audit/entities.ts';
import type { EntityType } from '../audit/entities.ts';
import { legacyRecordOf } from './legacy-records.ts';
import type { IntegrityProblem } from './problems.ts';
import { isJsonObject } from './log-scan.ts';
import type { LoggedState } from './log-scan.ts';

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

/**
 * Compares every record the log vouches for with its row today (changed, deleted or restored
 * outside the application), then finds rows the log never saw; answers how many were checked.
 */
export async function replayRecords(
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
