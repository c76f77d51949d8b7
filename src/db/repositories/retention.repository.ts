import type { EventKind } from '../../core/case/lifecycle.ts';
import { sql } from 'kysely';
import type { Executor } from '../schema.ts';

/**
 * Closed or final cases that still hold identities not shredded, with the date of the event
 * that ended them (the last `close` or `final`) and how many identities they hold.
 */
export function findEndedCasesWithIdentities(executor: Executor) {
  return executor
    .selectFrom('cases')
    .innerJoin('person_identities', 'person_identities.case_id', 'cases.id')
    .select([
      'cases.id',
      'cases.reference',
      'cases.jurisdiction',
      'cases.status',
      sql<number>`count(*)`.as('identities'),
    ])
    .where('cases.status', 'in', ['closed', 'final'])
    .where('person_identities.shredded_at', 'is', null)
    .groupBy(['cases.id', 'cases.reference', 'cases.jurisdiction', 'cases.status'])
    .orderBy('cases.id')
    .execute();
}

/** The date of the latest event of `kind` in a case, or undefined. */
export async function lastEventDate(
  executor: Executor,
  caseId: string,
  kind: EventKind,
): Promise<string | undefined> {
  const row = await executor
    .selectFrom('case_events')
    .select('occurred_on')
    .where('case_id', '=', caseId)
    .where('kind', '=', kind)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.occurred_on;
}

/** The verdicts of a case, oldest first (a verdict on appeal follows the one it reviews). */
export function verdictsOfCase(executor: Executor, caseId: string) {
  return executor
    .selectFrom('verdicts')
    .select(['person_id', 'charge_id', 'outcome', 'decided_on', 'on_appeal'])
    .where('case_id', '=', caseId)
    .orderBy('decided_on')
    .orderBy('on_appeal')
    .execute();
}

/** The identities of a case that are not shredded yet. */
export function unshreddedIdentitiesOfCase(executor: Executor, caseId: string) {
  return executor
    .selectFrom('person_identities')
    .select(['person_id', 'case_id'])
    .where('case_id', '=', caseId)
    .where('shredded_at', 'is', null)
    .orderBy('person_id')
    .execute();
}
