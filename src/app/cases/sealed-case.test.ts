import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { makeAgencies, makeCase } from '../../../test/factories.ts';
import { createUser } from '../agencies/agencies.ts';
import { historyOf } from '../integrity/history.ts';
import type { Actor } from '../common/context.ts';
import { systemActor } from '../common/context.ts';
import { addCharge } from '../persons/charges.ts';
import { addPerson, updatePerson } from '../persons/persons.ts';
import { recordVictim } from '../persons/victim-records.ts';
import { listScreenings } from '../victims/screenings.ts';
import { sealCase } from './sealing.ts';

describe.each(engines)(
  'a sealed case is closed to everyone off its access list, on $name',
  (engine) => {
    let db: TestDatabase;
    let member: Actor;
    let outsider: Actor;
    let caseId: string;
    let victimId: string;
    let suspectId: string;

    beforeAll(async () => {
      db = await engine.open();
      const { police } = await makeAgencies(db.ctx);
      const made = async (username: string) => {
        const user = await createUser(db.ctx, systemActor, {
          agencyId: police.id,
          username,
          displayName: username,
          roles: ['supervisor'],
        });
        return {
          id: user.id,
          username,
          agencyId: police.id,
          roles: ['supervisor'],
        } satisfies Actor;
      };
      member = await made('sealed.member');
      outsider = await made('sealed.outsider');
      const created = await makeCase(db.ctx, police.id);
      caseId = created.caseId;
      victimId = created.victim.id;
      suspectId = created.suspect.id;
      await sealCase(db.ctx, member, caseId, {
        version: created.version,
        userIds: [member.id],
        reasonText: 'raid planned',
      });
    });
    afterAll(async () => {
      await db.close();
    });

    it('refuses writes to its persons, victims and charges by an outsider, and allows them to a member', async () => {
      const sealed = { code: 'Forbidden', details: { sealed: true } };
      await expect(addPerson(db.ctx, outsider, caseId, { role: 'witness' })).rejects.toMatchObject(
        sealed,
      );
      await expect(
        updatePerson(db.ctx, outsider, victimId, { version: 1, sex: 'male' }),
      ).rejects.toMatchObject(sealed);
      await expect(
        recordVictim(db.ctx, outsider, victimId, { forms: ['sexual'] }),
      ).rejects.toMatchObject(sealed);
      await expect(
        addCharge(db.ctx, outsider, caseId, {
          personId: suspectId,
          statute: { jurisdiction: 'KG', instrument: 'cc1997', article: '124' },
          chargedOn: '2016-04-01',
        }),
      ).rejects.toMatchObject(sealed);
      expect((await addPerson(db.ctx, member, caseId, { role: 'witness' })).role).toBe('witness');
    });

    it('refuses its history and screenings to an outsider', async () => {
      await expect(historyOf(db.ctx, outsider, 'case', caseId)).rejects.toMatchObject({
        code: 'Forbidden',
      });
      await expect(historyOf(db.ctx, outsider, 'person', victimId)).rejects.toMatchObject({
        code: 'Forbidden',
      });
      await expect(listScreenings(db.ctx, outsider, victimId)).rejects.toMatchObject({
        code: 'Forbidden',
      });
      expect((await historyOf(db.ctx, member, 'case', caseId)).length).toBeGreaterThan(0);
    });
  },
);
