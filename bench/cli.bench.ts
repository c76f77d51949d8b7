/**
 * CLI start (issue 16 part 2, DESIGN §9: a small command in under 0.5 s): the wall time of
 * `bin/palermo --version` and of a small read (`case list` on a migrated database) from a
 * built checkout, against `node -e 0` started the same way in the same run (what any Node
 * program pays before its first line). Medians of PALERMO_BENCH_CLI_RUNS (default 7), run in
 * turn; the peak memory of the command's process from /usr/bin/time when it is installed.
 * SQLite always; PostgreSQL too when PALERMO_BENCH_DATABASE_URL is set.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { createDb } from '../src/db/create-db.ts';

const exec = promisify(execFile);
const bin = fileURLToPath(new URL('../bin/palermo', import.meta.url));
const runs = Number(process.env['PALERMO_BENCH_CLI_RUNS'] ?? 7);
const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const line = (text: string) => process.stdout.write(`${text}\n`);

/** Wall milliseconds of one run, and its peak RSS in MB when /usr/bin/time can tell. */
async function once(command: readonly string[]): Promise<{ ms: number; mb: number | null }> {
  const [file = '', ...args] = time === null ? command : [time, '-f', '%M', ...command];
  const start = performance.now();
  const { stderr } = await exec(file, args, { cwd: tmpdir(), encoding: 'utf8' });
  const ms = performance.now() - start;
  const kb = time === null ? Number.NaN : Number(stderr.trim().split('\n').at(-1));
  return { ms, mb: Number.isFinite(kb) ? kb / 1024 : null };
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

async function compare(engine: string, commands: Record<string, readonly string[]>): Promise<void> {
  const reference = [process.execPath, '-e', '0'];
  for (const command of Object.values(commands)) await once(command); // a build, if src/ changed
  const walls: Record<string, number[]> = { reference: [] };
  const peaks: Record<string, number[]> = {};
  for (let i = 0; i < runs; i++) {
    walls.reference?.push((await once(reference)).ms);
    for (const [name, command] of Object.entries(commands)) {
      const { ms, mb } = await once(command);
      (walls[name] ??= []).push(ms);
      if (mb !== null) (peaks[name] ??= []).push(mb);
    }
  }
  const nodeMs = median(walls.reference ?? []);
  line(
    `${engine}: command | wall ms (median of ${runs}) | node -e 0 in the same run | ratio | peak memory`,
  );
  for (const name of Object.keys(commands)) {
    const ms = median(walls[name] ?? []);
    const peak =
      peaks[name] === undefined ? 'not measured' : `${median(peaks[name]).toFixed(0)} MB`;
    line(
      `${engine}: ${name} | ${ms.toFixed(0)} | ${nodeMs.toFixed(0)} | ${(ms / nodeMs).toFixed(1)}× | ${peak}; target < 500 ms ${ms < 500 ? 'OK' : 'OVER TARGET'}`,
    );
  }
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'palermo-cli-bench-'));
  try {
    const file = join(dir, 'cli.db');
    await exec(bin, ['--db', file, 'migrate'], { cwd: tmpdir() });
    await compare('sqlite', {
      'palermo --version': [bin, '--version'],
      'palermo case list': [bin, '--db', file, 'case', 'list'],
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const url = process.env['PALERMO_BENCH_DATABASE_URL'];
  if (url === undefined || url === '') {
    line('postgres: skipped (set PALERMO_BENCH_DATABASE_URL to run it)');
    return;
  }
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const admin = createDb(url);
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  try {
    const scoped = new URL(url);
    scoped.searchParams.set('options', `-c search_path=${schema}`);
    await exec(bin, ['--db', scoped.toString(), 'migrate'], { cwd: tmpdir() });
    await compare('postgres', {
      'palermo case list': [bin, '--db', scoped.toString(), 'case', 'list'],
    });
  } finally {
    await sql`drop schema ${sql.id(schema)} cascade`.execute(admin.db);
    await admin.close();
  }
}
