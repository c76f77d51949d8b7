import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DomainError } from '../core/errors.ts';
import { registerLawCommand } from './law.ts';

async function run(...args: string[]): Promise<string> {
  const program = new Command('palermo').exitOverride();
  registerLawCommand(program);
  let output = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    output += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  return output;
}

const dir = mkdtempSync(join(tmpdir(), 'palermo-law-'));
const factsFile = join(dir, 'facts.json');
writeFileSync(
  factsFile,
  JSON.stringify({
    offenceDate: '2016-06-01',
    acts: ['recruitment'],
    means: [],
    purposes: ['sexual_exploitation'],
    victimAge: 15,
    aggravating: [],
  }),
);

afterEach(() => vi.restoreAllMocks());

describe('palermo law', () => {
  it('list shows both packs', async () => {
    const out = await run('law', 'list');
    expect(out).toMatch(/^KG\s+Kyrgyz Republic/m);
    expect(out).toMatch(/^US\s+United States/m);
  });

  it('show prints the version in force', async () => {
    const out = await run('law', 'show', 'kg', '124', '--as-of', '2016-12-31');
    expect(out).toContain('version cc1997-124-2016');
    expect(out).not.toContain('amendment-signed');
  });

  it('check --format json gives findings with code, severity and article', async () => {
    const body = JSON.parse(
      await run('law', 'check', 'kg', '--as-of', '2016-12-31', '--format', 'json'),
    ) as {
      findings: { code: string; severity: string; article: string | null }[];
    };
    expect(body.findings).toContainEqual(
      expect.objectContaining({ code: 'CHILD_MEANS_REQUIRED', severity: 'gap', article: '124' }),
    );
  });

  it('evaluate --format json: applicable and notApplicable with ranges and unmet elements', async () => {
    const body = JSON.parse(
      await run('law', 'evaluate', 'kg', '--facts', factsFile, '--format', 'json'),
    ) as {
      applicable: { article: string; imprisonment: { minMonths: number; maxMonths: number } }[];
      notApplicable: { article: string; unmet: string[] }[];
    };
    expect(
      body.applicable.map((a) => [a.article, a.imprisonment.minMonths, a.imprisonment.maxMonths]),
    ).toEqual([['261', 60, 120]]);
    expect(body.notApplicable.find((n) => n.article === '124')?.unmet).toHaveLength(1);
  });

  it('sentence flags a suspended sentence', async () => {
    const out = await run(
      'law',
      'sentence',
      'kg',
      '261',
      '--facts',
      factsFile,
      '--months',
      '72',
      '--suspended',
    );
    expect(out).toMatch(/^suspended/);
  });

  it('refuses an unknown article with a DomainError', async () => {
    await expect(run('law', 'show', 'kg', '999')).rejects.toBeInstanceOf(DomainError);
  });
});
