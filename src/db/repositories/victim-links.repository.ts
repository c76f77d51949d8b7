import type { Executor } from '../schema.ts';
import type { VictimLinksTable } from '../tables/victim-links.table.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/** Victims of a jurisdiction with their case, agency of identification and sealed identity. */
export function findVictimsForMatching(executor: Executor, jurisdiction: JurisdictionCode) {
  return executor
    .selectFrom('persons')
    .innerJoin('person_identities', (join) =>
      join
        .onRef('person_identities.case_id', '=', 'persons.case_id')
        .onRef('person_identities.person_id', '=', 'persons.id'),
    )
    .innerJoin('cases', 'cases.id', 'persons.case_id')
    .select([
      'persons.id as person_id',
      'persons.case_id',
      'persons.label',
      'cases.reference',
      'cases.sealed',
    ])
    .selectAll('person_identities')
    .where('persons.jurisdiction', '=', jurisdiction)
    .where('persons.role', '=', 'victim')
    .where('person_identities.shredded_at', 'is', null)
    .orderBy('persons.id')
    .execute();
}

/** Every link decision of a jurisdiction. */
export function findVictimLinks(executor: Executor, jurisdiction: JurisdictionCode) {
  return executor
    .selectFrom('victim_links')
    .selectAll()
    .where('jurisdiction', '=', jurisdiction)
    .orderBy('id')
    .execute();
}

/** The decision on one pair (person ids in either order). */
export function findVictimLink(executor: Executor, a: string, b: string) {
  const [personA, personB] = a < b ? [a, b] : [b, a];
  return executor
    .selectFrom('victim_links')
    .selectAll()
    .where('person_a', '=', personA)
    .where('person_b', '=', personB)
    .executeTakeFirst();
}

/** Inserts a link decision. */
export async function insertVictimLink(executor: Executor, row: VictimLinksTable): Promise<void> {
  await executor.insertInto('victim_links').values(row).execute();
}

/** Victim records identified in a period, with the agency that identified them. */
export function findIdentifiedVictims(
  executor: Executor,
  jurisdiction: JurisdictionCode,
  from: string,
  to: string,
) {
  return executor
    .selectFrom('victim_records')
    .innerJoin('persons', (join) =>
      join
        .onRef('persons.case_id', '=', 'victim_records.case_id')
        .onRef('persons.id', '=', 'victim_records.person_id'),
    )
    .leftJoin('agencies', 'agencies.id', 'victim_records.identifying_agency_id')
    .select([
      'victim_records.person_id',
      'victim_records.identifying_agency_id',
      'agencies.name as agency_name',
    ])
    .where('victim_records.jurisdiction', '=', jurisdiction)
    .where('victim_records.identified_on', '>=', from)
    .where('victim_records.identified_on', '<=', to)
    .orderBy('victim_records.person_id')
    .execute();
}

/** When victim records of a jurisdiction were last matched across cases (null: never). */
export async function lastMatchRun(
  executor: Executor,
  jurisdiction: JurisdictionCode,
): Promise<string | null> {
  const row = await executor
    .selectFrom('audit_log')
    .select('at')
    .where('action', '=', 'victims.match_run')
    .where('entity_id', '=', jurisdiction)
    .orderBy('idx', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.at ?? null;
}
