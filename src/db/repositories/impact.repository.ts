import type { Executor } from '../schema.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/**
 * The facts an amendment's impact reads, for the unsealed cases of a jurisdiction: each case's
 * reference and opening day, its charges (article, offence date) and its victims (case-file
 * label, age, forms of exploitation). Sealed cases are never read.
 */
export async function findCasesForImpact(executor: Executor, jurisdiction: JurisdictionCode) {
  const cases = await executor
    .selectFrom('cases')
    .select(['id', 'reference', 'opened_on', 'registered_instrument', 'registered_article'])
    .where('jurisdiction', '=', jurisdiction)
    .where('sealed', '=', 0)
    .orderBy('opened_on')
    .orderBy('reference')
    .execute();
  const ids = cases.map((c) => c.id);
  if (ids.length === 0) return { cases, charges: [], victims: [] };
  const charges = await executor
    .selectFrom('charges')
    .select(['case_id', 'instrument', 'article', 'offence_date'])
    .where('case_id', 'in', ids)
    .execute();
  const victims = await executor
    .selectFrom('persons as p')
    .leftJoin('victim_records as v', (join) =>
      join.onRef('v.case_id', '=', 'p.case_id').onRef('v.person_id', '=', 'p.id'),
    )
    .select(['p.case_id', 'p.id', 'p.label', 'p.age_kind', 'p.age_years', 'v.forms'])
    .where('p.case_id', 'in', ids)
    .where('p.role', '=', 'victim')
    .orderBy('p.label')
    .execute();
  return { cases, charges, victims };
}
