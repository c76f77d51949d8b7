import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DomainError } from '../../core/errors.ts';
import { shredIdentityRow } from '../../db/repositories/identities.repository.ts';
import {
  findEndedCasesWithIdentities,
  lastEventDate,
  unshreddedIdentitiesOfCase,
  verdictsOfCase,
} from '../../db/repositories/retention.repository.ts';
import { appendAudit } from '../audit/audit.ts';
import type { Actor, AppContext, Executor } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import { toFieldIssues } from '../common/validate.ts';

/**
 * Retention of victim and witness identity by case outcome, enforced by crypto-shredding
 * (docs/SECURITY.md, "Retention"). The rules are data: years after the date that ended the
 * case, per outcome, with per-jurisdiction overrides read from PALERMO_RETENTION_FILE.
 */

export const retentionOutcomes = ['closed_without_prosecution', 'acquittal', 'conviction'] as const;
export type RetentionOutcome = (typeof retentionOutcomes)[number];

/** Years an identity is kept after the case ended, per outcome. */
export type RetentionYears = Readonly<Record<RetentionOutcome, number>>;

/** The rules: default years, and jurisdictions that differ (only the outcomes they change). */
export interface RetentionRules {
  readonly default: RetentionYears;
  readonly jurisdictions: Readonly<Record<string, Partial<RetentionYears>>>;
}

/**
 * The defaults, each the longest period for which the identity can still be needed:
 * - closed without prosecution (counted from the closure): 15 years, the longest limitation
 *   period for aggravated trafficking in the packs shipped (KG), during which the case can be
 *   reopened and the victim must be found again;
 * - acquittal or dismissal (from the final judgment): 10 years, for a review on new evidence
 *   and the victim's civil claims;
 * - conviction (from the final judgment): 25 years, to outlast the longest sentences, so that
 *   victims can be told of a release or parole and compensation enforced.
 */
export const defaultRetentionRules: RetentionRules = Object.freeze({
  default: Object.freeze({ closed_without_prosecution: 15, acquittal: 10, conviction: 25 }),
  jurisdictions: Object.freeze({}),
});

const years = z.number().int().min(1).max(100);
const yearsByOutcome = z.strictObject({
  closed_without_prosecution: years.optional(),
  acquittal: years.optional(),
  conviction: years.optional(),
});
const rulesFile = z.strictObject({
  default: yearsByOutcome.optional(),
  jurisdictions: z.record(z.string().regex(/^[A-Z]{2,3}$/), yearsByOutcome).optional(),
});

/** Parses retention rules from YAML over the defaults; refuses an invalid file with every issue. */
export function parseRetentionRules(text: string, source: string): RetentionRules {
  const parsed = rulesFile.safeParse(parseYaml(text));
  if (!parsed.success) {
    throw new DomainError('ValidationFailed', `invalid retention rules in ${source}`, {
      issues: toFieldIssues(parsed.error.issues),
    });
  }
  return {
    default: { ...defaultRetentionRules.default, ...parsed.data.default },
    jurisdictions: parsed.data.jurisdictions ?? {},
  };
}

/** The rules from a YAML file, or the defaults when `path` is null. */
export function loadRetentionRules(path: string | null): RetentionRules {
  return path === null
    ? defaultRetentionRules
    : parseRetentionRules(readFileSync(path, 'utf8'), path);
}

/** The years that apply to an outcome in a jurisdiction. */
export function retentionYears(
  rules: RetentionRules,
  jurisdiction: string,
  outcome: RetentionOutcome,
): number {
  return rules.jurisdictions[jurisdiction]?.[outcome] ?? rules.default[outcome];
}

/** `date` (YYYY-MM-DD) plus whole years; 29 February becomes 1 March in a common year. */
export function addYears(date: string, count: number): string {
  const [y = NaN, m = NaN, d = NaN] = date.split('-').map(Number);
  const result = new Date(Date.UTC(y + count, m - 1, d));
  return result.toISOString().slice(0, 10);
}

/** One case whose identities are due (or, in a dry run, would be) for shredding. */
export interface RetentionItem {
  readonly caseId: string;
  readonly reference: string;
  readonly jurisdiction: string;
  readonly outcome: RetentionOutcome;
  /** The closure or final judgment the period counts from. */
  readonly endedOn: string;
  readonly years: number;
  readonly dueOn: string;
  readonly identities: number;
}

/** What a retention run found and did. */
export interface RetentionReport {
  readonly asOf: string;
  readonly dryRun: boolean;
  readonly due: readonly RetentionItem[];
  /** Identities shredded by this run (0 in a dry run). */
  readonly shredded: number;
}

// A final case is a conviction when any defendant's last word on any charge is a conviction.
async function outcomeOf(
  executor: Executor,
  caseRow: { id: string; status: string },
): Promise<{ outcome: RetentionOutcome; endedOn: string } | null> {
  if (caseRow.status === 'closed') {
    const endedOn = await lastEventDate(executor, caseRow.id, 'close');
    return endedOn === undefined ? null : { outcome: 'closed_without_prosecution', endedOn };
  }
  const endedOn = await lastEventDate(executor, caseRow.id, 'final');
  if (endedOn === undefined) return null;
  const last = new Map<string, string>();
  for (const verdict of await verdictsOfCase(executor, caseRow.id))
    last.set(`${verdict.person_id}/${verdict.charge_id}`, verdict.outcome);
  const convicted = [...last.values()].includes('convicted');
  return { outcome: convicted ? 'conviction' : 'acquittal', endedOn };
}

/** The cases whose identities are due for shredding on `asOf`. */
export async function dueForShredding(
  executor: Executor,
  rules: RetentionRules,
  asOf: string,
): Promise<RetentionItem[]> {
  const due: RetentionItem[] = [];
  for (const caseRow of await findEndedCasesWithIdentities(executor)) {
    const ended = await outcomeOf(executor, caseRow);
    if (ended === null) continue;
    const count = retentionYears(rules, caseRow.jurisdiction, ended.outcome);
    const dueOn = addYears(ended.endedOn, count);
    if (dueOn > asOf) continue;
    due.push({
      caseId: caseRow.id,
      reference: caseRow.reference,
      jurisdiction: caseRow.jurisdiction,
      outcome: ended.outcome,
      endedOn: ended.endedOn,
      years: count,
      dueOn,
      identities: Number(caseRow.identities),
    });
  }
  return due;
}

/**
 * Shreds the identities whose retention period has passed, in one transaction, one audit
 * entry per identity; a dry run lists them and writes nothing (not even a log entry).
 */
export async function runRetention(
  ctx: AppContext,
  actor: Actor,
  options: { rules: RetentionRules; dryRun: boolean },
): Promise<RetentionReport> {
  if (!actor.roles.includes('administrator'))
    throw new DomainError(
      'Forbidden',
      `${actor.username} may not run retention: it needs the administrator role`,
    );
  const at = ctx.now().toISOString();
  const asOf = at.slice(0, 10);
  if (options.dryRun) {
    return {
      asOf,
      dryRun: true,
      due: await dueForShredding(ctx.db, options.rules, asOf),
      shredded: 0,
    };
  }
  return inTransaction(ctx, async (trx) => {
    const due = await dueForShredding(trx, options.rules, asOf);
    let shredded = 0;
    for (const item of due) {
      const reason = `retention: ${item.outcome.replaceAll('_', ' ')}, ${item.years} years after ${item.endedOn}`;
      for (const identity of await unshreddedIdentitiesOfCase(trx, item.caseId)) {
        if (!(await shredIdentityRow(trx, identity.person_id, at, reason))) continue;
        shredded += 1;
        await appendAudit(trx, ctx, actor, {
          action: 'identity.shred',
          entityType: 'identity',
          entityId: identity.person_id,
          caseId: item.caseId,
          before: null,
          after: { reason, outcome: item.outcome, endedOn: item.endedOn, dueOn: item.dueOn },
        });
      }
    }
    return { asOf, dryRun: false, due, shredded };
  });
}
