import type { Executor } from '../schema.ts';

/** Victims with a victim record in a jurisdiction's cases that are not sealed, with their person's facts. */
export function findVictimsForExchange(executor: Executor, jurisdiction: string) {
  return executor
    .selectFrom('victim_records as v')
    .innerJoin('persons as p', 'p.id', 'v.person_id')
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
