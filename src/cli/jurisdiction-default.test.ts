import { afterAll, describe, expect, it } from 'vitest';
import { cliSandbox } from '../../test/cli.ts';

const { palermo, cleanup } = cliSandbox('jurisdiction-default');

describe('bin/palermo with one jurisdiction in use', () => {
  afterAll(cleanup);

  it('needs no --jurisdiction, beside an administration agency of no installed jurisdiction', async () => {
    // What `serve` leaves on an empty database with several packs installed.
    const admin = await palermo(
      'user',
      'add',
      '--admin',
      '--username',
      'first.admin',
      '--name',
      'First Admin',
      '--jurisdiction',
      'ZZ',
    );
    expect(admin.code, admin.stderr).toBe(0);
    const none = await palermo('sentences', '--article', '124');
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('no agency of an installed jurisdiction (KG, US) exists yet');

    const agency = await palermo(
      'agency',
      'add',
      '--name',
      'Police',
      '--kind',
      'police',
      '--jurisdiction',
      'KG',
    );
    expect(agency.code, agency.stderr).toBe(0);
    const sentences = await palermo('sentences', '--article', '124');
    expect(sentences.code, sentences.stderr).toBe(0);
    expect(sentences.stdout).toContain('under KG article 124');
    const report = await palermo('report', '--year', '2016', '--format', 'json');
    expect(report.code, report.stderr).toBe(0);
    expect(JSON.parse(report.stdout)).toMatchObject({ meta: { jurisdiction: 'KG' } });
  }, 120_000);
});
