import type { Executor } from '../schema.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/** Victims with a victim record in a jurisdiction's cases that are not sealed, with their person's facts. */
export function findVictimsForExchange(executor: Executor, jurisdiction: JurisdictionCode) {
  return executor
    .selectFrom('victim_records as v')
    .innerJoin('persons as p', (join) =>
      join.onRef('p.case_id', '=', 'v.case_id').onRef('p.id', '=', 'v.person_id'),
    )
    .innerJoin('cases as c', 'c.id', 'v.case_id')
    .select([
      'v.person_id',
      'v.forms',
      'v.identified_on',
      'p.sex',
      'p.age_kind',
      'p.age_years',
      'p.citizenship',
    ])
    .where('c.jurisdiction', '=', jurisdiction)
    .where('c.sealed', '=', 0)
    .where('p.role', '=', 'victim')
    .orderBy('v.person_id')
    .execute();
}

/** Everything the HTCDS export reads of a jurisdiction's cases that are not sealed, table by table. */
export async function findCasesForExchange(executor: Executor, jurisdiction: JurisdictionCode) {
  const open = (table: 'persons' | 'victim_records' | 'charges' | 'case_events') =>
    executor
      .selectFrom(table)
      .innerJoin('cases', 'cases.id', `${table}.case_id`)
      .where('cases.jurisdiction', '=', jurisdiction)
      .where('cases.sealed', '=', 0);
  const [cases, persons, victims, charges, events, verdicts, sentences] = await Promise.all([
    executor
      .selectFrom('cases')
      .select(['id', 'reference', 'status', 'opened_on', 'origin'])
      .where('jurisdiction', '=', jurisdiction)
      .where('sealed', '=', 0)
      .orderBy('opened_on')
      .orderBy('reference')
      .execute(),
    open('persons')
      .select([
        'persons.id',
        'persons.case_id',
        'persons.role',
        'persons.label',
        'persons.sex',
        'persons.age_kind',
        'persons.age_years',
        'persons.citizenship',
        'persons.created_at',
      ])
      .orderBy('persons.created_at')
      .orderBy('persons.id')
      .execute(),
    open('victim_records')
      .select([
        'victim_records.person_id',
        'victim_records.forms',
        'victim_records.identified_on',
        'victim_records.referred_to_services',
        'victim_records.cooperating_as_witness',
      ])
      .execute(),
    open('charges')
      .select([
        'charges.id',
        'charges.case_id',
        'charges.person_id',
        'charges.instrument',
        'charges.article',
        'charges.part',
        'charges.form',
        'charges.charged_on',
      ])
      .orderBy('charges.created_at')
      .orderBy('charges.id')
      .execute(),
    open('case_events')
      .select([
        'case_events.id',
        'case_events.case_id',
        'case_events.seq',
        'case_events.kind',
        'case_events.occurred_on',
        'case_events.person_id',
        'case_events.charge_id',
      ])
      .orderBy('case_events.case_id')
      .orderBy('case_events.seq')
      .execute(),
    executor
      .selectFrom('verdicts')
      .select(['event_id', 'outcome'])
      .where('jurisdiction', '=', jurisdiction)
      .execute(),
    executor
      .selectFrom('sentences')
      .select(['event_id', 'imprisonment_months', 'probation_months'])
      .where('jurisdiction', '=', jurisdiction)
      .execute(),
  ]);
  return { cases, persons, victims, charges, events, verdicts, sentences };
}
