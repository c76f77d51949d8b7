import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { makeAgencies, makeCase, makeUser, testActor, unique } from '../../../test/factories.ts';
import { DomainError } from '../../core/errors.ts';
import { developmentActor } from '../agencies/actors.ts';
import { createAgency, findActor } from '../agencies/agencies.ts';
import { historyOf } from '../integrity/history.ts';
import { addToCaseTeam, listCaseTeam, removeFromCaseTeam } from '../cases/case-team.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { keyStatus, rotateKeys, sealPlaintextIdentities } from '../crypto/keys.ts';
import { memoryKeyring, staticKeyring } from '../crypto/keyring.ts';
import { generateMasterKey } from '../crypto/master-key.ts';
import { defaultRetentionRules, parseRetentionRules, runRetention } from '../crypto/retention.ts';
import { appliedCase, recordCaseEvent } from '../cases/events.ts';
import { addCharge } from './charges.ts';
import { getIdentity, recordIdentity } from './identity.ts';
import { toJurisdictionCode } from '../../core/jurisdiction.ts';

const art124 = { jurisdiction: 'KG', instrument: 'cc1997', article: '124' };
const victimName = 'Synthetic Gulnara Shifrovna';
const documentNumber = 'ID9876543';

async function rejection(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected the use-case to refuse');
}

async function actorOf(ctx: AppContext, userId: string): Promise<Actor> {
  return (await findActor(ctx, userId))!.actor;
}

async function auditSize(db: TestDatabase): Promise<number> {
  const row = await db.handle.db
    .selectFrom('audit_log')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A case opened by a police unit, with a user of that unit who is on its team by rule. */
async function teamCase(ctx: AppContext) {
  const agencies = await makeAgencies(ctx);
  const made = await makeCase(ctx, agencies.police.id, { registeredProvision: art124 });
  const investigator = await actorOf(ctx, (await makeUser(ctx, agencies.police.id)).id);
  return { ...agencies, ...made, investigator };
}

describe.each(engines)('victim identity on $name', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await engine.open();
  });
  afterAll(async () => {
    await db.close();
  });

  it('stores identity only as ciphertext and gives it back, with phones and e-mails, to the team', async () => {
    const { ctx } = db;
    const { victim, investigator } = await teamCase(ctx);
    const recorded = await recordIdentity(ctx, investigator, victim.id, {
      fullName: victimName,
      documentType: 'passport',
      documentNumber,
      birthDate: '2000-02-29',
      contacts: { phones: ['+996 555 000 111'], emails: ['gulnara@example.org'], other: null },
      address: 'Synthetic street 1, Bishkek',
    });
    expect(recorded).toMatchObject({ fullName: victimName, version: 1, shredded: null });
    const read = await getIdentity(ctx, investigator, victim.id);
    expect(read.contacts).toEqual({
      phones: ['+996 555 000 111'],
      emails: ['gulnara@example.org'],
      other: null,
    });
    expect(read.documentNumber).toBe(documentNumber);

    // The row's raw values, every column as the database returns it.
    const row = await db.handle.db
      .selectFrom('person_identities')
      .selectAll()
      .where('person_id', '=', victim.id)
      .executeTakeFirstOrThrow();
    const raw = JSON.stringify(row);
    for (const needle of ['Gulnara', documentNumber, '555 000', 'example.org', 'Synthetic street'])
      expect(raw).not.toContain(needle);
    expect(row).toMatchObject({ full_name: null, document_number: null, contacts: null });
    expect(row.key_id).toBe(ctx.keyring.current().id);
    const asText = await sql<{
      t: string;
    }>`select cast(person_identities.* as text) as t from person_identities`
      .execute(db.handle.db)
      .catch(() => null);
    // PostgreSQL can print the whole record as text; SQLite has no row-to-text cast.
    if (db.engine === 'postgres') expect(JSON.stringify(asText?.rows)).not.toContain('Gulnara');

    const replaced = await recordIdentity(ctx, investigator, victim.id, {
      version: 1,
      fullName: 'Synthetic Gulnara Renamed',
    });
    expect(replaced).toMatchObject({ version: 2, documentNumber: null, contacts: null });
    const leaves = await db.handle.db.selectFrom('audit_log').select('leaf').execute();
    expect(leaves.some((entry) => /Gulnara|ID9876543|555 000/.test(entry.leaf))).toBe(false);
  });

  it('lets only the case team read, and logs every read and every refusal', async () => {
    const { ctx } = db;
    const { caseId, victim, investigator, prosecutor } = await teamCase(ctx);
    await recordIdentity(ctx, investigator, victim.id, { fullName: victimName });

    const outsider = await actorOf(ctx, (await makeUser(ctx, prosecutor.id)).id);
    const supervisorElsewhere = await actorOf(
      ctx,
      (await makeUser(ctx, prosecutor.id, ['supervisor'])).id,
    );
    const foreignAgency = await createAgency(ctx, testActor, {
      jurisdiction: 'US',
      name: unique('US field office'),
      kind: 'police',
    });
    const foreignSupervisor = await actorOf(
      ctx,
      (await makeUser(ctx, foreignAgency.id, ['supervisor'])).id,
    );

    // A supervisor of any agency in the case's jurisdiction is on the team by rule.
    expect((await getIdentity(ctx, supervisorElsewhere, victim.id)).fullName).toBe(victimName);
    for (const actor of [outsider, foreignSupervisor, developmentActor, testActor]) {
      const before = await auditSize(db);
      const error = await rejection(getIdentity(ctx, actor, victim.id));
      expect(error.code).toBe('Forbidden');
      expect(error.message).not.toContain('Gulnara');
      expect(await auditSize(db)).toBe(before + 1);
    }
    const refusedWrite = await rejection(
      recordIdentity(ctx, outsider, victim.id, { version: 1, fullName: 'Overwritten' }),
    );
    expect(refusedWrite.code).toBe('Forbidden');

    // Added by hand: reads; removed: refused again.
    await addToCaseTeam(ctx, investigator, caseId, { userId: outsider.id });
    expect((await getIdentity(ctx, outsider, victim.id)).fullName).toBe(victimName);
    const team = await listCaseTeam(ctx, outsider, caseId);
    expect(team.members.find((m) => m.userId === outsider.id)).toMatchObject({
      bases: ['added'],
      addedBy: investigator.id,
    });
    expect(team.members.find((m) => m.userId === investigator.id)?.bases).toEqual([
      'opening_agency',
    ]);
    expect(team.members.find((m) => m.userId === supervisorElsewhere.id)?.bases).toEqual([
      'jurisdiction_supervisor',
    ]);
    expect(team.members.some((m) => m.userId === foreignSupervisor.id)).toBe(false);
    // A hand-added member reads but does not grow the team.
    expect(
      (await rejection(addToCaseTeam(ctx, outsider, caseId, { userId: foreignSupervisor.id })))
        .code,
    ).toBe('Forbidden');
    expect(
      (await rejection(addToCaseTeam(ctx, investigator, caseId, { userId: outsider.id }))).code,
    ).toBe('Conflict');
    await removeFromCaseTeam(ctx, investigator, caseId, outsider.id);
    expect((await rejection(getIdentity(ctx, outsider, victim.id))).code).toBe('Forbidden');
    expect((await rejection(listCaseTeam(ctx, outsider, caseId))).code).toBe('Forbidden');
    expect((await rejection(removeFromCaseTeam(ctx, investigator, caseId, outsider.id))).code).toBe(
      'NotFound',
    );

    const actions = (await historyOf(ctx, testActor, 'identity', victim.id)).map((h) => [
      h.action,
      h.actorId,
    ]);
    expect(actions).toEqual([
      ['identity.record', investigator.id],
      ['identity.read', supervisorElsewhere.id],
      ['identity.read.refused', outsider.id],
      ['identity.read.refused', foreignSupervisor.id],
      ['identity.read.refused', 'development'],
      ['identity.read.refused', 'test-actor'],
      ['identity.record.refused', outsider.id],
      ['identity.read', outsider.id],
      ['identity.read.refused', outsider.id],
    ]);
    const teamLog = await db.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('case_id', '=', caseId)
      .where('entity_type', '=', 'case_team')
      .orderBy('idx')
      .execute();
    expect(teamLog.map((entry) => entry.action)).toEqual([
      'case_team.add',
      'case_team.list',
      'case_team.add.refused',
      'case_team.remove',
      'case_team.list.refused',
    ]);
  });

  it('refuses a tampered or transplanted ciphertext with an integrity error that quotes no data', async () => {
    const { ctx } = db;
    const { caseId, victim, suspect, investigator } = await teamCase(ctx);
    await recordIdentity(ctx, investigator, victim.id, { fullName: victimName });
    await recordIdentity(ctx, investigator, suspect.id, { fullName: 'Synthetic Suspect' });
    const victimRow = await db.handle.db
      .selectFrom('person_identities')
      .selectAll()
      .where('person_id', '=', victim.id)
      .executeTakeFirstOrThrow();
    // The victim's ciphertext and wrapped key copied onto the suspect's row.
    await db.handle.db
      .updateTable('person_identities')
      .set({
        identity_ciphertext: victimRow.identity_ciphertext,
        identity_nonce: victimRow.identity_nonce,
        wrapped_key: victimRow.wrapped_key,
      })
      .where('person_id', '=', suspect.id)
      .execute();
    const transplanted = await rejection(getIdentity(ctx, investigator, suspect.id));
    expect(transplanted.code).toBe('IntegrityViolation');
    expect(transplanted.message).toContain(suspect.id);
    expect(transplanted.message).not.toContain('Gulnara');

    const bytes = Buffer.from(victimRow.identity_ciphertext!, 'base64');
    bytes[0] = (bytes[0] ?? 0) ^ 0xff;
    await db.handle.db
      .updateTable('person_identities')
      .set({ identity_ciphertext: bytes.toString('base64') })
      .where('person_id', '=', victim.id)
      .execute();
    const modified = await rejection(getIdentity(ctx, investigator, victim.id));
    expect(modified.code).toBe('IntegrityViolation');
    expect(modified.message).not.toContain('Gulnara');
    // Each failed read left an entry naming the identity, never its content.
    const traces = await db.handle.db
      .selectFrom('audit_log')
      .select(['entity_id', 'leaf'])
      .where('action', '=', 'identity.integrity_failed')
      .execute();
    expect(traces.map((t) => t.entity_id)).toEqual([suspect.id, victim.id]);
    for (const trace of traces) expect(trace.leaf).not.toContain('Gulnara');
    // A rotation re-wraps every key or none: the rows broken here would stop later tests.
    await db.handle.db.deleteFrom('person_identities').where('case_id', '=', caseId).execute();
  });

  it('names the key id when the configured master key is not the one that wrapped the identity', async () => {
    const { ctx } = db;
    const { victim, investigator } = await teamCase(ctx);
    await recordIdentity(ctx, investigator, victim.id, { fullName: victimName });
    const otherCtx = { ...ctx, keyring: memoryKeyring() };
    const error = await rejection(getIdentity(otherCtx, investigator, victim.id));
    expect(error.code).toBe('KeyUnavailable');
    expect(error.message).toContain(ctx.keyring.current().id);
    expect(error.message).not.toContain('Gulnara');
  });

  it('rotates every data key to a new master key in one transaction, logged', async () => {
    const { ctx } = db;
    const { victim, investigator } = await teamCase(ctx);
    await recordIdentity(ctx, investigator, victim.id, { fullName: victimName });
    const oldKey = ctx.keyring.current();
    const next = generateMasterKey();
    const status = await keyStatus(ctx, testActor);
    expect(status.keys).toEqual([
      { keyId: oldKey.id, identities: expect.any(Number) as number, current: true },
    ]);
    const ciphertextBefore = await db.handle.db
      .selectFrom('person_identities')
      .select('identity_ciphertext')
      .where('person_id', '=', victim.id)
      .executeTakeFirstOrThrow();

    // Without the old key nothing can be unwrapped: the rotation fails whole.
    const blind = { ...ctx, keyring: staticKeyring(generateMasterKey()) };
    expect((await rejection(rotateKeys(blind, testActor, next))).code).toBe('KeyUnavailable');
    expect((await keyStatus(ctx, testActor)).keys.map((k) => k.keyId)).toEqual([oldKey.id]);
    expect((await rejection(rotateKeys(ctx, investigator, next))).code).toBe('Forbidden');

    const result = await rotateKeys(ctx, testActor, next);
    expect(result.fromKeyIds).toEqual([oldKey.id]);
    expect(result.rewrapped).toBe(status.keys[0]!.identities);
    const rotated = { ...ctx, keyring: staticKeyring(next) };
    expect((await getIdentity(rotated, investigator, victim.id)).fullName).toBe(victimName);
    expect((await rejection(getIdentity(ctx, investigator, victim.id))).message).toContain(next.id);
    const after = await db.handle.db
      .selectFrom('person_identities')
      .select(['identity_ciphertext', 'key_id'])
      .where('person_id', '=', victim.id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({
      identity_ciphertext: ciphertextBefore.identity_ciphertext,
      key_id: next.id,
    });
    expect((await rotateKeys(rotated, testActor, next)).alreadyRewrapped).toBe(result.rewrapped);
    // Later tests in this suite use the suite's own keyring: rotate back.
    await rotateKeys({ ...ctx, keyring: staticKeyring(oldKey, [next]) }, testActor, oldKey);
  });

  it('encrypts identities recorded in plaintext before encryption and clears the plaintext', async () => {
    const { ctx } = db;
    const { caseId, victim, investigator } = await teamCase(ctx);
    const at = new Date().toISOString();
    await db.handle.db
      .insertInto('person_identities')
      .values({
        person_id: victim.id,
        jurisdiction: toJurisdictionCode('KG'),
        case_id: caseId,
        full_name: victimName,
        aliases: null,
        birth_date: null,
        document_number: documentNumber,
        contacts: '+996 555 000 222',
        address: null,
        identity_ciphertext: null,
        identity_nonce: null,
        wrapped_key: null,
        key_id: null,
        shredded_at: null,
        shred_reason: null,
        version: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
    expect(await sealPlaintextIdentities(ctx)).toBe(1);
    expect(await sealPlaintextIdentities(ctx)).toBe(0);
    const row = await db.handle.db
      .selectFrom('person_identities')
      .selectAll()
      .where('person_id', '=', victim.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toMatch(/Gulnara|ID9876543|555 000/);
    expect(await getIdentity(ctx, investigator, victim.id)).toMatchObject({
      fullName: victimName,
      documentNumber,
      contacts: { phones: [], emails: [], other: '+996 555 000 222' },
      version: 2,
    });
  });

  it('shreds identities by case outcome after the retention period; a dry run changes nothing', async () => {
    const { ctx } = db;
    const closed = await teamCase(ctx);
    // Closed by hand: closing may need a supervisor's approval, which is not this test's subject.
    await db.handle.db
      .updateTable('cases')
      .set({ status: 'closed' })
      .where('id', '=', closed.caseId)
      .execute();
    await db.handle.db
      .insertInto('case_events')
      .values({
        id: `close-${closed.caseId}`,
        jurisdiction: toJurisdictionCode('KG'),
        case_id: closed.caseId,
        seq: 1,
        kind: 'close',
        occurred_on: '2016-06-01',
        from_status: 'open',
        to_status: 'closed',
        person_id: null,
        charge_id: null,
        agency_id: null,
        reason_code: 'insufficient_evidence',
        reason_text: null,
        details: null,
        recorded_by: testActor.id,
        recorded_at: new Date().toISOString(),
      })
      .execute();
    const convicted = await teamCase(ctx);
    const acquitted = await teamCase(ctx);
    for (const [made, outcome] of [
      [convicted, 'convicted'],
      [acquitted, 'acquitted'],
    ] as const) {
      const charge = await addCharge(ctx, testActor, made.caseId, {
        personId: made.suspect.id,
        statute: art124,
        chargedOn: '2016-04-01',
      });
      let view = appliedCase(
        await recordCaseEvent(ctx, testActor, made.caseId, {
          kind: 'refer',
          caseVersion: made.version,
          occurredOn: '2016-05-01',
        }),
      );
      view = appliedCase(
        await recordCaseEvent(ctx, testActor, made.caseId, {
          kind: 'indict',
          caseVersion: view.version,
          occurredOn: '2016-05-10',
          personId: made.suspect.id,
        }),
      );
      view = appliedCase(
        await recordCaseEvent(ctx, testActor, made.caseId, {
          kind: 'verdict',
          caseVersion: view.version,
          occurredOn: '2016-09-01',
          personId: made.suspect.id,
          chargeId: charge.id,
          outcome,
        }),
      );
      appliedCase(
        await recordCaseEvent(ctx, testActor, made.caseId, {
          kind: 'final',
          caseVersion: view.version,
          occurredOn: '2017-01-15',
        }),
      );
    }
    const stillOpen = await teamCase(ctx);
    for (const made of [closed, convicted, acquitted, stillOpen])
      await recordIdentity(ctx, made.investigator, made.victim.id, { fullName: victimName });
    const mine = new Set([closed, convicted, acquitted, stillOpen].map((made) => made.caseId));
    const at = (date: string): AppContext => ({ ...ctx, now: () => new Date(`${date}T12:00:00Z`) });

    const early = await runRetention(at('2027-01-14'), testActor, {
      rules: defaultRetentionRules,
      dryRun: true,
    });
    expect(early.due.filter((item) => mine.has(item.caseId))).toEqual([]);

    const before = await auditSize(db);
    const dry = await runRetention(at('2032-01-01'), testActor, {
      rules: defaultRetentionRules,
      dryRun: true,
    });
    expect(
      dry.due
        .filter((item) => mine.has(item.caseId))
        .map((item) => [item.caseId, item.outcome, item.dueOn])
        .sort(),
    ).toEqual(
      [
        [closed.caseId, 'closed_without_prosecution', '2031-06-01'],
        [acquitted.caseId, 'acquittal', '2027-01-15'],
      ].sort(),
    );
    expect(dry.shredded).toBe(0);
    expect(await auditSize(db)).toBe(before);
    expect((await getIdentity(ctx, closed.investigator, closed.victim.id)).fullName).toBe(
      victimName,
    );

    // A jurisdiction's own rule overrides the default for that outcome only.
    const longer = parseRetentionRules('jurisdictions:\n  KG:\n    acquittal: 30\n', 'test');
    const withRule = await runRetention(at('2032-01-01'), testActor, {
      rules: longer,
      dryRun: true,
    });
    expect(withRule.due.filter((item) => mine.has(item.caseId)).map((item) => item.caseId)).toEqual(
      [closed.caseId],
    );

    expect(
      (
        await rejection(
          runRetention(at('2032-01-01'), closed.investigator, {
            rules: defaultRetentionRules,
            dryRun: false,
          }),
        )
      ).code,
    ).toBe('Forbidden');
    const run = await runRetention(at('2032-01-01'), testActor, {
      rules: defaultRetentionRules,
      dryRun: false,
    });
    expect(run.shredded).toBeGreaterThanOrEqual(2);
    const shredded = await getIdentity(ctx, closed.investigator, closed.victim.id);
    expect(shredded).toMatchObject({
      fullName: null,
      shredded: {
        on: '2032-01-01T12:00:00.000Z',
        reason: 'retention: closed without prosecution, 15 years after 2016-06-01',
      },
    });
    const row = await db.handle.db
      .selectFrom('person_identities')
      .selectAll()
      .where('person_id', '=', acquitted.victim.id)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ wrapped_key: null, identity_ciphertext: null, key_id: null });
    expect(row.shredded_at).not.toBeNull();
    expect((await getIdentity(ctx, convicted.investigator, convicted.victim.id)).fullName).toBe(
      victimName,
    );
    expect((await getIdentity(ctx, stillOpen.investigator, stillOpen.victim.id)).fullName).toBe(
      victimName,
    );
    const history = await historyOf(ctx, testActor, 'identity', closed.victim.id);
    expect(history.map((h) => h.action)).toContain('identity.shred');
    expect(
      (
        await rejection(
          recordIdentity(ctx, closed.investigator, closed.victim.id, { version: 2, fullName: 'x' }),
        )
      ).code,
    ).toBe('Conflict');

    const late = await runRetention(at('2042-06-01'), testActor, {
      rules: defaultRetentionRules,
      dryRun: false,
    });
    expect(late.due.filter((item) => mine.has(item.caseId)).map((item) => item.outcome)).toEqual([
      'conviction',
    ]);
    expect(
      (await getIdentity(ctx, convicted.investigator, convicted.victim.id)).shredded,
    ).not.toBeNull();
    expect((await keyStatus(ctx, testActor)).shredded).toBeGreaterThanOrEqual(3);
  });
});
