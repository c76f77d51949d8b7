import type { Executor } from '../schema.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/**
 * Sentences of persons convicted under an article of a jurisdiction: a sentence of one charge
 * when that charge is under the article, a sentence of the person as a whole when any of the
 * person's convictions in the case is.
 */
export function findSentencesUnderArticle(
  executor: Executor,
  jurisdiction: JurisdictionCode,
  article: string,
) {
  return executor
    .selectFrom('sentences as s')
    .select(['s.id', 's.sentenced_on', 's.imprisonment_months', 's.life', 's.suspended'])
    .where('s.jurisdiction', '=', jurisdiction)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('verdicts as v')
          .innerJoin('charges as c', (join) =>
            join.onRef('c.case_id', '=', 'v.case_id').onRef('c.id', '=', 'v.charge_id'),
          )
          .select('v.id')
          .whereRef('v.person_id', '=', 's.person_id')
          .whereRef('v.case_id', '=', 's.case_id')
          .where('v.outcome', '=', 'convicted')
          .where('c.article', '=', article)
          .where((inner) =>
            inner.or([
              inner('s.charge_id', 'is', null),
              inner('s.charge_id', '=', inner.ref('c.id')),
            ]),
          ),
      ),
    )
    .orderBy('s.sentenced_on')
    .execute();
}
