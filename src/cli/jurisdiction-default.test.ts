import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { cliSandbox } from '../../test/cli.ts';

const { palermo, cleanup, dbFile, dir } = cliSandbox('jurisdiction-default', {
  PALERMO_DEMO: 'off',
});
const bin = new URL('../../bin/palermo', import.meta.url).pathname;

/** Runs `serve` until it prints its sign-in line, then stops it; what it printed. */
function serveUntilReady(...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      bin,
      ['--db', dbFile, 'serve', '--host', '127.0.0.1', '--port', '0', ...args],
      {
        cwd: tmpdir(),
        env: {
          ...process.env,
          PALERMO_DATA_DIR: dir,
          PALERMO_DEMO: 'off',
          PALERMO_LOG_LEVEL: 'warn',
        },
      },
    );
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`serve did not start: ${out}`));
    }, 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('one-time password')) {
        clearTimeout(timer);
        child.once('exit', () => resolve(out));
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
  });
}

describe('bin/palermo serve and the jurisdiction in use', () => {
  afterAll(cleanup);

  it('creates no placeholder agency; once named, the one jurisdiction is the default', async () => {
    // An empty database with the shipped packs (KG and US): serve does not guess.
    const refused = await palermo('serve', '--host', '127.0.0.1', '--port', '0');
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(
      "several statute packs are installed (KG, US); name the registry's jurisdiction (serve --jurisdiction <code>)",
    );
    const agencies = await palermo('agency', 'list', '--format', 'json');
    expect(agencies.code, agencies.stderr).toBe(0);
    expect(JSON.parse(agencies.stdout)).toMatchObject({ items: [] });
    const none = await palermo('sentences', '--article', '124');
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('no agency of an installed jurisdiction (KG, US) exists yet');

    const printed = await serveUntilReady('--jurisdiction', 'kg');
    expect(printed).toContain('administrator: admin  one-time password:');
    const listed = JSON.parse((await palermo('agency', 'list', '--format', 'json')).stdout) as {
      items: { jurisdiction: string }[];
    };
    expect(listed.items.map((a) => a.jurisdiction)).toEqual(['KG']);

    const sentences = await palermo('sentences', '--article', '124');
    expect(sentences.code, sentences.stderr).toBe(0);
    expect(sentences.stdout).toContain('under KG article 124');
    const report = await palermo('report', '--year', '2016', '--format', 'json');
    expect(report.code, report.stderr).toBe(0);
    expect(JSON.parse(report.stdout)).toMatchObject({ meta: { jurisdiction: 'KG' } });
  }, 180_000);
});
