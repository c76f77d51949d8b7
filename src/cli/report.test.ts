import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliSandbox } from '../../test/cli.ts';

const { dir, palermo, cleanup } = cliSandbox('report');

describe('bin/palermo report formats and reconcile', () => {
  afterAll(cleanup);

  it('writes the XLSX to --out and GLOTIP CSV to standard output', async () => {
    const out = join(dir, 'report.xlsx');
    const xlsx = await palermo(
      'report',
      '--year',
      '2016',
      '--jurisdiction',
      'KG',
      '--format',
      'xlsx',
      '--out',
      out,
    );
    expect(xlsx).toMatchObject({ code: 0, stdout: '' });
    // An XLSX file is a ZIP archive.
    expect(readFileSync(out).subarray(0, 2).toString('latin1')).toBe('PK');
    const glotip = await palermo(
      'report',
      '--year',
      '2016',
      '--jurisdiction',
      'KG',
      '--format',
      'glotip',
    );
    // The GLOTIP file is made from the protected publication: an empty registry has none.
    expect(glotip.code).not.toBe(0);
    expect(glotip.stderr).toContain('KG has nothing to publish');
    expect(glotip.stdout).toBe('');
  });

  it('writes into a directory --out under the name the web gives the file, in --lang', async () => {
    const downloads = join(dir, 'downloads');
    mkdirSync(downloads);
    const common = ['report', '--year', '2016', '--jurisdiction', 'KG', '--format', 'xlsx'];
    const english = await palermo(...common, '--out', downloads);
    expect(english.code).toBe(0);
    const russian = await palermo(...common, '--lang', 'ru', '--out', downloads);
    expect(russian.code).toBe(0);
    expect(readdirSync(downloads).sort()).toEqual([
      'Trafficking report Kyrgyz Republic 2016.xlsx',
      'Отчёт о торговле людьми Киргизия 2016.xlsx',
    ]);
    expect(russian.stderr).toContain(join(downloads, 'Отчёт о торговле людьми Киргизия 2016.xlsx'));
  });

  it('fails reconcile on a missing file, naming it', async () => {
    const result = await palermo(
      'reconcile',
      '--glotip',
      join(dir, 'missing.xlsx'),
      '--country',
      'KGZ',
    );
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain(join(dir, 'missing.xlsx'));
  });
});
