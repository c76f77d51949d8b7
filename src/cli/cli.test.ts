import { afterAll, describe, expect, it } from 'vitest';
import { cliSandbox } from '../../test/cli.ts';

const { palermo, cleanup } = cliSandbox('cli');

describe('bin/palermo', () => {
  afterAll(cleanup);

  it('migrates, adds an agency and a user, opens a case and lists it', async () => {
    expect((await palermo('migrate')).code).toBe(0);
    const agency = await palermo(
      'agency',
      'add',
      '--name',
      'MVD anti-trafficking unit',
      '--kind',
      'police',
      '--jurisdiction',
      'KG',
    );
    expect(agency.code).toBe(0);
    const agencyId = (JSON.parse(agency.stdout) as { id: string }).id;
    const user = await palermo(
      'user',
      'add',
      '--username',
      'a.investigator',
      '--name',
      'A. Investigator',
      '--agency',
      agencyId,
      '--roles',
      'investigator,supervisor',
    );
    expect(user.code).toBe(0);
    expect(JSON.parse(user.stdout)).toMatchObject({
      username: 'a.investigator',
      roles: ['investigator', 'supervisor'],
    });
    const opened = await palermo(
      '--as',
      'a.investigator',
      'case',
      'open',
      '--data',
      JSON.stringify({
        jurisdiction: 'KG',
        reference: 'CLI-2016-1',
        openedOn: '2016-05-05',
        openingAgencyId: agencyId,
        origin: 'hotline',
      }),
    );
    expect(opened.code).toBe(0);
    const listed = await palermo('case', 'list', '--format', 'json');
    expect(JSON.parse(listed.stdout)).toMatchObject({
      total: 1,
      items: [{ reference: 'CLI-2016-1', origin: 'hotline', status: 'open' }],
    });
    const table = await palermo('case', 'list');
    expect(table.stdout).toContain('CLI-2016-1');

    // Closing waits for a second supervisor: the request is printed, exit status 3, nothing closed.
    const caseView = JSON.parse(opened.stdout) as { id: string; version: number };
    const close = await palermo(
      '--as',
      'a.investigator',
      'case',
      'event',
      caseView.id,
      '--data',
      JSON.stringify({
        kind: 'close',
        caseVersion: caseView.version,
        occurredOn: '2016-06-01',
        reasonCode: 'victim_withdrew',
        reasonText: 'statement withdrawn',
      }),
    );
    expect(close.code).toBe(3);
    expect(JSON.parse(close.stdout)).toMatchObject({
      result: 'pending',
      approval: { action: 'case.close', status: 'pending' },
    });
    expect(close.stderr).toContain("case.close needs a supervisor's approval");
    const after = await palermo('case', 'list', '--format', 'json');
    expect(JSON.parse(after.stdout)).toMatchObject({ items: [{ status: 'open' }] });
  }, 60_000);

  it('prints errors on stderr with a non-zero exit status', async () => {
    const bad = await palermo('case', 'open', '--data', JSON.stringify({ jurisdiction: 'k9' }));
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('jurisdiction: must be a country code of two letters');
    expect(bad.stderr).toContain('openedOn');
    const unknownUser = await palermo('--as', 'nobody', 'case', 'list');
    expect(unknownUser.code).toBe(1);
    expect(unknownUser.stderr).toContain('no active user "nobody"');
  }, 60_000);

  it('has --help on every command', async () => {
    for (const args of [
      ['--help'],
      ['case', '--help'],
      ['case', 'event', '--help'],
      ['agency', 'add', '--help'],
      ['serve', '--help'],
    ]) {
      const result = await palermo(...args);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Usage: palermo');
    }
  }, 60_000);
});
