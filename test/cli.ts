import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const bin = new URL('../bin/palermo', import.meta.url).pathname;

/** What a CLI run printed and how it ended. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * A temporary directory with its own SQLite file, and `palermo(...args)` running bin/palermo
 * against it (from another working directory, as a user would); `cleanup` removes it all.
 */
export function cliSandbox(prefix: string, env: NodeJS.ProcessEnv = {}) {
  const dir = mkdtempSync(join(tmpdir(), `palermo-${prefix}-`));
  const dbFile = join(dir, `${prefix}.db`);
  async function palermo(...args: string[]): Promise<CliResult> {
    try {
      const { stdout, stderr } = await run(bin, ['--db', dbFile, ...args], {
        cwd: tmpdir(),
        env: { ...process.env, PALERMO_DATA_DIR: dir, ...env },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }
  return { dir, dbFile, palermo, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
