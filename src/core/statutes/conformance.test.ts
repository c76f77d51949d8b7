import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  actFindings,
  childFindings,
  consentAndScopeFindings,
  meansFindings,
  purposeFindings,
} from './conformance-offence.ts';
import { amendmentFindings, prohibitionFindings } from './conformance-law.ts';
import { checkConformance } from './conformance.ts';
import {
  commensurabilityFindings,
  relatedOffenceFindings,
  stringencyFindings,
} from './conformance-penalties.ts';
import { conformanceContext } from './conformance-context.ts';
import { type Finding } from './conformance-findings.ts';
import { parsePack } from './parse-pack.ts';

const root = new URL('../../../jurisdictions/', import.meta.url);
const load = (code: string) =>
  parsePack(
    readdirSync(new URL(`${code}/`, root))
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => ({
        name: `${code}/${f}`,
        text: readFileSync(new URL(`${code}/${f}`, root), 'utf8'),
      })),
  );

const find = (findings: readonly Finding[], code: string, article: string | null) =>
  findings.filter((f) => f.code === code && f.article === article);

describe('checkConformance: KG as of 2016-12-31 reproduces the TIP 2017 first paragraph', () => {
  const { findings } = checkConformance(load('kg'), '2016-12-31');

  it('art. 124 criminalizes sex and labour trafficking of adults and children', () => {
    const covered = find(findings, 'PURPOSE_COVERED', '124').map((f) => f.explanation);
    expect(covered.join('\n')).toMatch(/sexual_exploitation .* adult and child/);
    expect(covered.join('\n')).toMatch(/forced_labour .* adult and child/);
  });

  it('covers a non-trafficking offence, "child adoption for commercial purposes"', () => {
    expect(find(findings, 'BEYOND_PROTOCOL', '124')).toEqual([
      expect.objectContaining({
        severity: 'note',
        explanation: expect.stringContaining('commercial_adoption'),
      }),
    ]);
  });

  it('contrary to international law, requires force, blackmail, fraud, deception or abduction for child sex trafficking', () => {
    const [gap] = find(findings, 'CHILD_MEANS_REQUIRED', '124');
    expect(gap).toMatchObject({ severity: 'gap', standard: expect.stringContaining('3(c)') });
    expect(gap?.explanation).toContain('force, blackmail, fraud, deception, abduction');
    expect(gap?.explanation).toContain('sexual_exploitation');
  });

  it('an amendment was signed but is not implemented', () => {
    expect(find(findings, 'AMENDMENT_NOT_IN_FORCE', '124')).toHaveLength(1);
  });

  it('5 to 20 years: sufficiently stringent and commensurate with rape', () => {
    expect(find(findings, 'SUFFICIENTLY_STRINGENT', '124')[0]?.explanation).toContain(
      '5 years to 20 years',
    );
    expect(find(findings, 'COMMENSURATE_WITH_RAPE', '124')).toHaveLength(1);
    expect(findings.filter((f) => f.code === 'NOT_COMMENSURATE_WITH_RAPE')).toEqual([]);
  });

  it('art. 260: fine or 3-5 years, longer when aggravated, 5-10 for 14-17, 10-15 under 14', () => {
    const text = find(findings, 'RELATED_OFFENCE', '260')[0]?.explanation ?? '';
    expect(text).toContain('fine (amount unknown) in lieu of imprisonment');
    expect(text).toContain('3 years to 5 years');
    expect(text).toContain('aggravating circumstances');
    expect(text).toContain('victim aged 14–17: imprisonment 5 years to 10 years');
    expect(text).toContain('victim under 14: imprisonment 10 years to 15 years');
    expect(find(findings, 'NON_CUSTODIAL_ALTERNATIVE', '260')).toHaveLength(1);
  });

  it('art. 261: organising prostitution without violence, same child penalties; art. 15 Code on Children', () => {
    const text = find(findings, 'RELATED_OFFENCE', '261')[0]?.explanation ?? '';
    expect(text).toContain('victim aged 14–17: imprisonment 5 years to 10 years');
    expect(text).toContain('penalty unknown');
    expect(find(findings, 'RELATED_OFFENCE', '15')[0]?.explanation).toContain(
      'forced child labour',
    );
  });

  it('every finding has a code, severity, standard and explanation', () => {
    for (const f of findings) {
      expect(f.explanation.length).toBeGreaterThan(10);
      expect(f.standard).toMatch(/Protocol|TVPA/);
    }
  });
});

describe('checkConformance: US', () => {
  const { findings } = checkConformance(load('us'), '2020-01-01');
  it('no child means requirement for sex trafficking; fines in lieu noted for labour provisions', () => {
    expect(findings.filter((f) => f.code === 'CHILD_MEANS_REQUIRED')).toEqual([]);
    expect(find(findings, 'CHILD_MEANS_NOT_REQUIRED', '1591')).toHaveLength(2);
    expect(find(findings, 'NON_CUSTODIAL_ALTERNATIVE', '1590')[0]?.severity).toBe('note');
    expect(find(findings, 'SUFFICIENTLY_STRINGENT', '1591')).toHaveLength(1);
  });
  it('without a cited rape comparator, commensurability is unassessed, not invented', () => {
    expect(find(findings, 'COMMENSURABILITY_UNASSESSED', '1591')).toHaveLength(1);
  });
  it('organ removal is outside chapter 77', () => {
    expect(
      findings.filter((f) => f.code === 'PURPOSE_NOT_COVERED').map((f) => f.explanation),
    ).toEqual([expect.stringContaining('organ_removal')]);
  });
  it('before the TVPA of 2000, peonage carried at most 10 years', () => {
    const old = checkConformance(load('us'), '1999-06-01').findings;
    expect(find(old, 'SUFFICIENTLY_STRINGENT', '1581')[0]?.explanation).toContain('up to 10 years');
  });
});

describe('one function per standard', () => {
  const ctx = conformanceContext(load('kg'), '2016-12-31');
  it('children: only the child findings, from the trafficking provisions in force', () => {
    expect(childFindings(ctx).map((f) => [f.code, f.article])).toEqual([
      ['CHILD_MEANS_REQUIRED', '124'],
      ['CHILD_MEANS_UNASSESSED', '124'],
    ]);
  });
  it('the report is the standards in order, nothing added or lost', () => {
    const all = [
      ...amendmentFindings(ctx),
      ...prohibitionFindings(ctx),
      ...actFindings(ctx),
      ...purposeFindings(ctx),
      ...meansFindings(ctx),
      ...childFindings(ctx),
      ...consentAndScopeFindings(ctx),
      ...stringencyFindings(ctx),
      ...commensurabilityFindings(ctx),
      ...relatedOffenceFindings(ctx),
    ];
    // checkConformance adds only the assumptions each finding rests on (assumptions.test.ts).
    const bare = (f: Finding) => ({ ...f, assumptions: [], assumptionNote: null });
    expect(checkConformance(load('kg'), '2016-12-31').findings.map(bare)).toEqual(all.map(bare));
  });
});
