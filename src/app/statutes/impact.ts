/**
 * What a signed amendment would change in the recorded cases (issue 12 part 10): the use-case
 * behind `palermo law impact`, GET /api/jurisdictions/:code/amendments/:version/impact and the
 * law explorer. Reads case records, so it needs `report.read`; sealed cases are never read.
 */
import {
  amendmentImpact,
  type AmendmentImpact,
  type ImpactCase,
} from '../../core/statutes/impact.ts';
import { getPack } from '../../core/statutes/registry.ts';
import { exploitationForms, isOneOf, type ExploitationForm } from '../../core/vocabulary.ts';
import { findCasesForImpact } from '../../db/repositories/impact.repository.ts';
import { authorize } from '../access/access.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { invalidField } from '../common/validate.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

const isForm = (f: unknown): f is ExploitationForm =>
  typeof f === 'string' && isOneOf(exploitationForms, f);

function formsOf(text: string | null): ExploitationForm[] | null {
  if (text === null) return null;
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.filter(isForm) : null;
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/** The recorded cases a signed amendment would judge differently, with the facts behind each. */
export async function lawAmendmentImpact(
  ctx: AppContext,
  actor: Actor,
  query: { jurisdiction: JurisdictionCode; version: string; from?: string; to?: string },
): Promise<AmendmentImpact & { sealedCasesRead: false }> {
  await authorize(ctx, actor, 'report.read', {
    action: 'read what an amendment would change in the recorded cases',
    entityType: 'report',
  });
  const pack = getPack(ctx.statutes(), query.jurisdiction);
  for (const field of ['from', 'to'] as const) {
    const value = query[field];
    if (value !== undefined && !isoDate.test(value))
      throw invalidField(field, 'must be a date as YYYY-MM-DD');
  }
  const jurisdiction = pack.code;
  const rows = await findCasesForImpact(ctx.db, jurisdiction);
  const cases: ImpactCase[] = rows.cases.map((c) => {
    const charges = rows.charges.filter((ch) => ch.case_id === c.id);
    const dates = charges
      .map((ch) => ch.offence_date)
      .filter((d): d is string => d !== null)
      .sort();
    const articles = [
      ...new Set([
        ...(c.registered_article === null
          ? []
          : [`${c.registered_instrument ?? ''}:${c.registered_article}`]),
        ...charges.map((ch) => `${ch.instrument}:${ch.article}`),
      ]),
    ];
    return {
      caseId: c.id,
      reference: c.reference,
      offenceDate: dates[0] ?? c.opened_on,
      offenceDateFrom: dates[0] === undefined ? 'opened' : 'charge',
      articles,
      victims: rows.victims
        .filter((v) => v.case_id === c.id)
        .map((v) => ({
          label: v.label ?? v.id.slice(0, 8),
          age: v.age_kind === 'exact' || v.age_kind === 'estimated' ? v.age_years : null,
          forms: formsOf(v.forms),
        })),
    };
  });
  const period =
    query.from !== undefined || query.to !== undefined
      ? { from: query.from ?? pack.coverage.from, to: query.to ?? pack.coverage.to }
      : undefined;
  return { ...amendmentImpact(pack, query.version, cases, period), sealedCasesRead: false };
}
