import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliSandbox } from '../../test/cli.ts';
import { progressReporter } from './import.ts';

const { dir, dbFile, palermo, cleanup } = cliSandbox('import');
const bin = new URL('../../bin/palermo', import.meta.url).pathname;

const mapping = `
source: kill-test
jurisdiction: US
agency: US Attorney
case: { key: case, reference: { template: "K-{case}" }, openedOn: { column: charged, format: YYYY-MM-DD } }
person: { key: person, role: { value: suspect } }
charges:
  statute: statute
  statutes: { "1591": { instrument: usc18, article: "1591" } }
  chargedOn: { column: charged, format: YYYY-MM-DD }
events:
  - { kind: refer, occurredOn: { column: charged, format: YYYY-MM-DD } }
  - { kind: indict, occurredOn: { column: charged, format: YYYY-MM-DD } }
`;
const CASES = 100;

describe('bin/palermo import', () => {
  afterAll(cleanup);

  it('killed in the middle of an import leaves nothing half-written, and verify is clean', async () => {
    expect(
      (
        await palermo(
          'agency',
          'add',
          '--name',
          'US Attorney',
          '--kind',
          'prosecutor',
          '--jurisdiction',
          'US',
        )
      ).code,
    ).toBe(0);
    const csv = join(dir, 'cases.csv');
    const lines = ['case,person,statute,charged'];
    for (let i = 1; i <= CASES; i++)
      lines.push(`${i},p${i},1591,2012-01-${String((i % 28) + 1).padStart(2, '0')}`);
    writeFileSync(csv, `${lines.join('\n')}\n`);
    const mappingFile = join(dir, 'mapping.yaml');
    writeFileSync(mappingFile, mapping);

    const child = spawn(bin, ['--db', dbFile, 'import', csv, '--mapping', mappingFile], {
      cwd: tmpdir(),
      env: { ...process.env, PALERMO_DATA_DIR: dir },
    });
    let progress = '';
    const killed = new Promise<string | null>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => {
        progress += chunk.toString();
        // Plain progress lines (not a terminal); kill once a fifth of the cases are written.
        const done = [...progress.matchAll(/(\d+)\/\d+ cases/g)].map((m) => Number(m[1]));
        if (done.some((n) => n >= CASES / 5 && n < CASES)) child.kill('SIGKILL');
      });
      child.on('exit', (_code, signal) => resolve(signal));
    });
    expect(await killed).toBe('SIGKILL');
    expect(progress).toMatch(/^import: \d+\/\d+ rows, \d+\/\d+ cases, \d+ rows\/s, ETA \d+ s$/m);

    const listed = await palermo('case', 'list', '--jurisdiction', 'US', '--format', 'json');
    expect(JSON.parse(listed.stdout)).toMatchObject({ total: 0 });
    const verify = await palermo('verify');
    expect(verify.stdout).toContain('OK: no problem found');

    // Run again to the end: everything lands, and a third run writes nothing new.
    const full = await palermo('import', csv, '--mapping', mappingFile);
    expect(full.code).toBe(0);
    expect(full.stdout).toContain(`cases: ${CASES} created`);
    const again = await palermo('import', csv, '--mapping', mappingFile);
    expect(again.stdout).toContain(`${CASES} unchanged`);
    expect((await palermo('verify')).stdout).toContain('OK: no problem found');
  }, 240_000);

  it('draws a progress bar with rows/s and the time left on a terminal', () => {
    let out = '';
    const report = progressReporter(
      { isTTY: true, write: (text: string) => (out += text) },
      Date.now() - 2000,
    );
    report({ cases: 5, totalCases: 10, rows: 50, totalRows: 100 });
    expect(out).toMatch(/^\r\[#{12}\.{12}\] 50\/100 rows, 5\/10 cases, \d+ rows\/s, ETA \d s/);
    report({ cases: 10, totalCases: 10, rows: 100, totalRows: 100 });
    expect(out.endsWith('\n')).toBe(true);
  });
});
