/**
 * Runs every pack's golden cases (`jurisdictions/<code>/golden/*.yaml`) through the same loader
 * and engine the CLI and HTTP use.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { checkConformance } from '../../core/statutes/conformance.ts';
import { type FindingCode } from '../../core/statutes/conformance-findings.ts';
import { evaluate, validateFacts, type ProvisionEvaluation } from '../../core/statutes/evaluate.ts';
import type { Pack } from '../../core/statutes/schema.ts';
import { shippedJurisdictionsDir } from '../../config.ts';
import { loadPacks } from './load-packs.ts';

interface ExpectedProvision {
  article: string;
  minMonths: number | 'unknown';
  maxMonths: number | 'unknown' | 'life';
}
interface EvaluateGolden {
  cases: {
    name: string;
    asOf: string;
    facts: unknown;
    expect: {
      applies: ExpectedProvision[];
      possiblyApplies: ExpectedProvision[];
      notApplicable: string[];
    };
  }[];
}
interface ConformanceGolden {
  asOf: string;
  present: { code: string; severity: string; article: string | null }[];
  absent: { code: string }[];
  /** The judgement as published (e.g. by a TIP report): the engine may abstain, never contradict. */
  published?: { judgement: FindingCode; article: string | null; quote: string }[];
}

/** The finding that says the opposite of each judgement. */
const opposite: Partial<Record<FindingCode, FindingCode>> = {
  SUFFICIENTLY_STRINGENT: 'MAX_PENALTY_BELOW_FOUR_YEARS',
  MAX_PENALTY_BELOW_FOUR_YEARS: 'SUFFICIENTLY_STRINGENT',
  COMMENSURATE_WITH_RAPE: 'NOT_COMMENSURATE_WITH_RAPE',
  NOT_COMMENSURATE_WITH_RAPE: 'COMMENSURATE_WITH_RAPE',
  CHILD_MEANS_REQUIRED: 'CHILD_MEANS_NOT_REQUIRED',
  CHILD_MEANS_NOT_REQUIRED: 'CHILD_MEANS_REQUIRED',
  CONSENT_IRRELEVANT: 'CONSENT_NOT_IRRELEVANT',
  CONSENT_NOT_IRRELEVANT: 'CONSENT_IRRELEVANT',
  AMENDMENT_NOT_IN_FORCE: 'AMENDMENT_TOOK_EFFECT',
  AMENDMENT_TOOK_EFFECT: 'AMENDMENT_NOT_IN_FORCE',
  ACTS_COVERED: 'ACT_NOT_COVERED',
  PURPOSE_COVERED: 'PURPOSE_NOT_COVERED',
};

const dir = shippedJurisdictionsDir;
const registry = loadPacks(dir);

const observed = (e: ProvisionEvaluation): ExpectedProvision => {
  const r = e.imprisonment;
  if (r === 'unknown' || r === null)
    return { article: e.article, minMonths: 'unknown', maxMonths: 'unknown' };
  return {
    article: e.article,
    minMonths: r.minMonths,
    maxMonths: r.life && r.maxMonths === null ? 'life' : (r.maxMonths ?? 'life'),
  };
};
const byArticle = (a: ExpectedProvision, b: ExpectedProvision) =>
  a.article.localeCompare(b.article);

/** A pack's golden directory: beside its pack.yaml (`kg/golden`; the code is `KG`, the path is not). */
const goldenDirOf = (pack: Pack) => join(dir, dirname(pack.file), 'golden');

for (const pack of registry.packs.values()) {
  const goldenDir = goldenDirOf(pack);
  if (!existsSync(goldenDir)) continue;
  for (const file of readdirSync(goldenDir).filter((f) => f.endsWith('.yaml'))) {
    const data: unknown = parse(readFileSync(join(goldenDir, file), 'utf8'));
    describe(`${dirname(pack.file)}/golden/${file}`, () => {
      if (file.startsWith('evaluate')) {
        for (const c of (data as EvaluateGolden).cases) {
          it(c.name, () => {
            const result = evaluate(pack, validateFacts(pack, c.facts), c.asOf);
            expect(result.applicable.map(observed).sort(byArticle)).toEqual(
              [...c.expect.applies].sort(byArticle),
            );
            expect(result.possiblyApplicable.map(observed).sort(byArticle)).toEqual(
              [...c.expect.possiblyApplies].sort(byArticle),
            );
            const notApplicable = result.notApplicable.map((r) => r.article);
            for (const article of c.expect.notApplicable) expect(notApplicable).toContain(article);
          });
        }
      } else {
        const golden = data as ConformanceGolden;
        const findings = (asOf: string) => checkConformance(pack, asOf).findings;
        it(`conformance as of ${golden.asOf}`, () => {
          const { findings } = checkConformance(pack, golden.asOf);
          for (const want of golden.present) {
            expect(findings).toContainEqual(expect.objectContaining(want));
          }
          for (const unwanted of golden.absent) {
            expect(findings.filter((f) => f.code === unwanted.code)).toEqual([]);
          }
        });
        for (const judged of golden.published ?? []) {
          it(`never contradicts the published ${judged.judgement}${judged.article ? ` (art. ${judged.article})` : ''} as of ${golden.asOf}`, () => {
            const contrary = opposite[judged.judgement];
            expect(judged.quote.length).toBeGreaterThan(10);
            const all = findings(golden.asOf);
            if (contrary === undefined) {
              // A judgement without an opposite finding (e.g. BEYOND_PROTOCOL) must be reproduced.
              expect(all).toContainEqual(
                expect.objectContaining({ code: judged.judgement, article: judged.article }),
              );
              return;
            }
            const contradictions = all.filter(
              (f) =>
                f.code === contrary && (judged.article === null || f.article === judged.article),
            );
            expect(contradictions).toEqual([]);
          });
        }
      }
    });
  }
}

describe('golden files exist', () => {
  it('for every pack', () => {
    expect(registry.packs.size).toBeGreaterThan(0);
    for (const pack of registry.packs.values())
      expect(existsSync(goldenDirOf(pack)), pack.code).toBe(true);
  });
});
