import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = new URL('../../bin/palermo', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'palermo-keys-cli-'));
const dbFile = join(dir, 'keys.db');
const keyFile = join(dir, 'identity.key');
const env: NodeJS.ProcessEnv = { ...process.env, PALERMO_DATA_DIR: dir, PALERMO_KEY_FILE: keyFile };
delete env.PALERMO_KEY;

async function palermo(...args: string[]) {
  try {
    const { stdout, stderr } = await run(bin, ['--db', dbFile, ...args], { cwd: dir, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

function idOf(output: string): string {
  return (JSON.parse(output) as { id: string }).id;
}

describe('bin/palermo keys, retention and case team', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the key on first use, rotates it, and keeps identities readable', async () => {
    const agencyId = idOf(
      (await palermo('agency', 'add', '--name', 'MVD', '--kind', 'police', '--jurisdiction', 'KG'))
        .stdout,
    );
    expect(existsSync(keyFile)).toBe(false);
    const userAdd = await palermo(
      'user',
      'add',
      '--username',
      'k.investigator',
      '--name',
      'K',
      '--agency',
      agencyId,
      '--roles',
      'investigator',
    );
    expect(userAdd.code).toBe(0);
    const caseId = idOf(
      (
        await palermo(
          'case',
          'open',
          '--data',
          JSON.stringify({
            jurisdiction: 'KG',
            reference: 'KEYS-1',
            openedOn: '2016-05-05',
            openingAgencyId: agencyId,
          }),
        )
      ).stdout,
    );
    const personId = idOf(
      (await palermo('person', 'add', caseId, '--data', JSON.stringify({ role: 'victim' }))).stdout,
    );
    const denied = await palermo('person', 'show-identity', personId);
    const recorded = await palermo(
      '--as',
      'k.investigator',
      'person',
      'identity',
      personId,
      '--data',
      JSON.stringify({ fullName: 'Synthetic Cholpon Rotova' }),
    );
    expect(recorded.code).toBe(0);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const denied2 = await palermo('person', 'show-identity', personId);
    expect(denied2.code).toBe(1);
    // Refusals name the case by id, never by reference (a sealed case's reference is secret).
    expect(denied2.stderr).toContain(`not on the team of case ${caseId}`);
    expect(denied2.stderr).not.toContain('KEYS-1');
    expect(denied2.stderr).not.toContain('Cholpon');
    expect(denied.code).toBe(1);

    const before = JSON.parse((await palermo('keys', 'status', '--format', 'json')).stdout) as {
      currentKeyId: string;
      keys: { keyId: string; identities: number }[];
    };
    expect(before.keys).toEqual([{ keyId: before.currentKeyId, identities: 1, current: true }]);

    const newKey = join(dir, 'next.key');
    const rotated = await palermo('keys', 'rotate', '--new-key-file', newKey);
    expect(rotated.code).toBe(0);
    expect(rotated.stdout).toContain(`re-wrapped 1 data keys from ${before.currentKeyId}`);
    expect(readFileSync(keyFile, 'utf8')).toBe(readFileSync(newKey, 'utf8'));
    expect(existsSync(`${keyFile}.retired-${before.currentKeyId}`)).toBe(true);
    const after = await palermo('keys', 'status');
    expect(after.stdout).not.toContain(before.currentKeyId);
    const shown = await palermo('--as', 'k.investigator', 'person', 'show-identity', personId);
    expect(JSON.parse(shown.stdout)).toMatchObject({ fullName: 'Synthetic Cholpon Rotova' });

    const team = await palermo('--as', 'k.investigator', 'case', 'team', 'list', caseId);
    expect(team.code).toBe(0);
    expect(team.stdout).toContain('k.investigator');
    expect(team.stdout).toContain('opening_agency');

    const dry = await palermo('retention', 'run', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('nothing changed');
  }, 120_000);
});
