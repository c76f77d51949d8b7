import { sentencesByYear } from '../../core/stats/sentences.ts';
import type { SentenceYear } from '../../core/stats/sentences.ts';
import { findSentencesUnderArticle } from '../../db/repositories/sentences.repository.ts';
import { authorize } from '../access/access.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { invalidField } from '../common/validate.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/** Prison terms by year for persons convicted under one article (`palermo sentences`). */
export async function sentencesUnderArticle(
  ctx: AppContext,
  actor: Actor,
  query: { jurisdiction: JurisdictionCode; article: string },
): Promise<{ jurisdiction: JurisdictionCode; article: string; years: SentenceYear[] }> {
  await authorize(ctx, actor, 'report.read', {
    action: 'read sentences by year',
    entityType: 'report',
  });
  const { jurisdiction } = query;
  if (query.article.trim() === '') throw invalidField('article', 'is empty');
  const rows = await findSentencesUnderArticle(ctx.db, jurisdiction, query.article.trim());
  const years = sentencesByYear(
    rows.map((r) => ({
      sentencedOn: r.sentenced_on,
      imprisonmentMonths: r.imprisonment_months === null ? null : Number(r.imprisonment_months),
      life: Number(r.life) === 1,
      suspended: Number(r.suspended) === 1,
    })),
  );
  return { jurisdiction, article: query.article.trim(), years };
}
