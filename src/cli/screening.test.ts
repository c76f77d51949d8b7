import { afterAll, describe, expect, it } from 'vitest';
import { cliSandbox } from '../../test/cli.ts';

const { palermo, cleanup } = cliSandbox('screening');

const idOf = (stdout: string) => (JSON.parse(stdout) as { id: string }).id;

describe('palermo screening', () => {
  afterAll(cleanup);

  it('lists the sets, records a screening of a person and lists it', async () => {
    const sets = await palermo('screening', 'sets', '--jurisdiction', 'KG');
    expect(sets.code).toBe(0);
    expect(sets.stdout).toContain('ilo-forced-labour');
    expect(sets.stdout).toContain('withholding_of_wages');

    const agency = await palermo(
      'agency',
      'add',
      '--name',
      'MVD',
      '--kind',
      'police',
      '--jurisdiction',
      'KG',
    );
    const opened = await palermo(
      'case',
      'open',
      '--data',
      JSON.stringify({
        jurisdiction: 'KG',
        reference: 'SCR-CLI-1',
        openedOn: '2019-05-01',
        openingAgencyId: idOf(agency.stdout),
      }),
    );
    const person = await palermo(
      'person',
      'add',
      idOf(opened.stdout),
      '--data',
      JSON.stringify({ role: 'victim', age: { kind: 'exact', years: 30 } }),
    );
    const personId = idOf(person.stdout);
    const recorded = await palermo(
      'screening',
      'record',
      personId,
      '--data',
      JSON.stringify({
        setId: 'ilo-forced-labour',
        screenedOn: '2019-05-02',
        answers: { debt_bondage: 'yes' },
      }),
    );
    expect(recorded.code).toBe(0);
    expect(JSON.parse(recorded.stdout)).toMatchObject({
      personId,
      status: 'possible_victim',
    });

    const listed = await palermo('screening', 'list', personId);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/ilo-forced-labour\s+2019-05-02\s+\S+\s+possible_victim\s+no/);

    const refused = await palermo(
      'screening',
      'record',
      personId,
      '--data',
      JSON.stringify({ setId: 'organ-removal', screenedOn: '2019-05-02', answers: {} }),
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('setId:');
  }, 60_000);
});
