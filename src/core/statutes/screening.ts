/**
 * Victim-identification criteria as data: screening sets of indicators (the ILO's indicators of
 * forced labour, sexual-exploitation indicators) and the assessment of one person's answers.
 * The thresholds are the deployment's screening policy, written in the set, not in code.
 */
import { isNode, LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { isoDate } from './schema.ts';
import { DomainError, type FieldIssue } from '../errors.ts';

const ident = z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/);

export const ScreeningSetSchema = z
  .object({
    id: ident,
    title: z.string().min(1),
    source: z
      .object({
        title: z.string(),
        publisher: z.string().optional(),
        url: z.string().url().optional(),
      })
      .strict(),
    purposes: z.array(z.string()).min(1),
    indicators: z
      .array(z.object({ id: ident, text: z.string().min(1), note: z.string().optional() }).strict())
      .min(1),
    policy: z
      .object({
        presumedVictimMinYes: z.number().int().positive(),
        childPresumedVictimMinYes: z.number().int().positive(),
        note: z.string(),
      })
      .strict(),
  })
  .strict()
  .refine((s) => new Set(s.indicators.map((i) => i.id)).size === s.indicators.length, {
    message: 'indicator ids must be unique',
    path: ['indicators'],
  });
export type ScreeningSet = z.infer<typeof ScreeningSetSchema>;

export const screeningAnswers = ['yes', 'no', 'unknown'] as const;
export type ScreeningAnswer = (typeof screeningAnswers)[number];
export const screeningStatuses = ['presumed_victim', 'possible_victim', 'not_a_victim'] as const;
export type ScreeningStatus = (typeof screeningStatuses)[number];

export const ScreeningInputSchema = z
  .object({
    setId: ident,
    screenedBy: z.string().min(1),
    screenedOn: isoDate,
    victimAge: z.number().int().min(0).max(130).nullable(),
    answers: z.record(z.string(), z.enum(screeningAnswers)),
    notes: z.string().optional(),
  })
  .strict();
export type ScreeningInput = z.infer<typeof ScreeningInputSchema>;

/** What a screening records: the answers, who screened, the status and why. */
export interface ScreeningRecord {
  readonly setId: string;
  readonly screenedBy: string;
  readonly screenedOn: string;
  readonly answers: Readonly<Record<string, ScreeningAnswer>>;
  readonly status: ScreeningStatus;
  readonly complete: boolean;
  readonly reasoning: readonly string[];
  readonly notes: string | null;
}

/** Parses a screening-set YAML file; problems carry the file and line. */
export function parseScreeningSet(fileName: string, text: string): ScreeningSet {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const at = (path: readonly PropertyKey[]) => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(
        path.slice(0, n).filter((p): p is string | number => typeof p !== 'symbol'),
        true,
      );
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return 1;
  };
  const syntax = doc.errors.map((e) => ({
    path: `${fileName}:${e.linePos?.[0]?.line ?? 1}`,
    message: e.message,
  }));
  const parsed = syntax.length === 0 ? ScreeningSetSchema.safeParse(doc.toJS()) : undefined;
  const issues: FieldIssue[] = [
    ...syntax,
    ...(parsed && !parsed.success
      ? parsed.error.issues.map((i) => ({
          path: `${fileName}:${at(i.path)}`,
          message: `${i.message} (at ${i.path.join('.')})`,
        }))
      : []),
  ];
  if (issues.length > 0 || !parsed?.success) {
    throw new DomainError(
      'PackInvalid',
      `screening set ${fileName} is invalid: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      {
        issues,
      },
    );
  }
  return parsed.data;
}

/** Assesses one person's screening answers against a set; unanswered indicators count as unknown. */
export function assessScreening(set: ScreeningSet, input: ScreeningInput): ScreeningRecord {
  const known = new Set(set.indicators.map((i) => i.id));
  const strays = Object.keys(input.answers).filter((id) => !known.has(id));
  if (strays.length > 0) {
    throw new DomainError(
      'ValidationFailed',
      `unknown indicators for ${set.id}: ${strays.join(', ')}`,
      {
        issues: strays.map((id) => ({
          path: `answers.${id}`,
          message: `not an indicator of ${set.id}`,
        })),
      },
    );
  }
  const answers: Record<string, ScreeningAnswer> = {};
  for (const indicator of set.indicators)
    answers[indicator.id] = input.answers[indicator.id] ?? 'unknown';
  const yes = set.indicators.filter((i) => answers[i.id] === 'yes');
  const unknown = set.indicators.filter((i) => answers[i.id] === 'unknown');
  const isChild = input.victimAge !== null && input.victimAge < 18;
  const threshold = isChild
    ? set.policy.childPresumedVictimMinYes
    : set.policy.presumedVictimMinYes;
  const reasoning: string[] = [];
  if (yes.length > 0) reasoning.push(`indicators present: ${yes.map((i) => i.id).join(', ')}`);
  if (isChild)
    reasoning.push(
      `the person is a child (${input.victimAge}): no means need be shown (Palermo Protocol art. 3(c))`,
    );
  let status: ScreeningStatus;
  if (yes.length >= threshold) {
    status = 'presumed_victim';
    reasoning.push(
      `${yes.length} indicator(s) present, at or above the policy threshold of ${threshold}`,
    );
  } else if (yes.length > 0) {
    status = 'possible_victim';
    reasoning.push(
      `${yes.length} indicator(s) present, below the policy threshold of ${threshold}`,
    );
  } else if (unknown.length > 0) {
    // Nothing seen yet, but the screening is incomplete: "not a victim" would be a guess.
    status = 'possible_victim';
    reasoning.push(
      `no indicator present, but ${unknown.length} unanswered: ${unknown.map((i) => i.id).join(', ')}`,
    );
  } else {
    status = 'not_a_victim';
    reasoning.push('every indicator was answered and none is present');
  }
  return {
    setId: set.id,
    screenedBy: input.screenedBy,
    screenedOn: input.screenedOn,
    answers,
    status,
    complete: unknown.length === 0,
    reasoning,
    notes: input.notes ?? null,
  };
}
