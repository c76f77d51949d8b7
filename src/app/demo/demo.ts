import { sql } from 'kysely';
import { DomainError } from '../../core/errors.ts';
import { createAgency, createUser, findActor } from '../agencies/agencies.ts';
import { approveRequest, requestApproval } from '../approvals/approvals.ts';
import { issueOneTimePassword } from '../auth/bootstrap.ts';
import { openCase } from '../cases/cases.ts';
import type { AppContext } from '../common/context.ts';
import { systemActor } from '../common/context.ts';
import { appliedCase, recordCaseEvent } from '../cases/events.ts';
import { addCharge } from '../persons/charges.ts';
import { addPerson } from '../persons/persons.ts';
import { recordVictim } from '../persons/victim-records.ts';
import { certifyPeriod } from '../registers/certifications.ts';
import { createAllegation } from '../registers/complicity.ts';
import { createTraining } from '../registers/training.ts';
import { caseSpecs } from './demo-cases.ts';

/**
 * A SYNTHETIC demonstration dataset for the Kyrgyz Republic. No record describes a real
 * person or case: every name, reference and date is invented. The records are built so that
 * the annual report computed from them agrees with the figures of the 2017 TIP report's
 * prosecution section for 2015 and 2016 (see docs/COUNTING.md, "The demo").
 */
export const demoMarker = 'SYNTHETIC DEMO RECORD';

const tables = [
  'sentences',
  'verdicts',
  'case_events',
  'charges',
  'victim_records',
  'case_team',
  'person_identities',
  'persons',
  'complicity_allegations',
  'period_certifications',
  'trainings',
  'import_keys',
  'cases',
  'users',
  'agencies',
  'approval_requests',
  'case_seal_access',
  'merkle_nodes',
  'audit_head',
  'audit_log',
] as const;

/** Whether the registry holds no agency yet (a fresh database). */
export async function isEmpty(ctx: AppContext): Promise<boolean> {
  const row = await ctx.db
    .selectFrom('agencies')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

async function wipe(ctx: AppContext): Promise<void> {
  // Only other tables that later migrations add are left alone; the demo owns everything here.
  await ctx.db.transaction().execute(async (trx) => {
    for (const table of tables) await trx.deleteFrom(table).execute();
  });
}

/** Loads the synthetic demo; refuses a non-empty database unless `reset` wipes it first. */
export async function loadDemo(
  ctx: AppContext,
  options: { reset?: boolean } = {},
): Promise<{ cases: number }> {
  if (options.reset === true) await wipe(ctx);
  else if (!(await isEmpty(ctx))) {
    throw new DomainError(
      'Conflict',
      'the database already holds data; load the demo with --reset to wipe it first',
    );
  }
  const actor = systemActor;
  const agency = async (
    name: string,
    kind: 'police' | 'prosecutor' | 'court' | 'ngo' | 'international_organisation',
  ) => createAgency(ctx, actor, { jurisdiction: 'KG', name: `${name} (synthetic)`, kind });
  const police = await agency('MVD anti-trafficking department', 'police');
  const osh = await agency('Osh city police department', 'police');
  const pgo = await agency("Prosecutor General's Office", 'prosecutor');
  const bishkekCourt = await agency('Bishkek city court', 'court');
  const oshCourt = await agency('Osh regional court', 'court');
  const ngo = await agency('Partner shelter NGO', 'ngo');
  const io = await agency('International organisation', 'international_organisation');
  await createUser(ctx, actor, {
    agencyId: police.id,
    username: 'demo.investigator',
    displayName: 'Demo Investigator (synthetic)',
    roles: ['investigator'],
  });
  await createUser(ctx, actor, {
    agencyId: police.id,
    username: 'demo.supervisor',
    displayName: 'Demo Supervisor (synthetic)',
    roles: ['supervisor'],
  });
  await createUser(ctx, actor, {
    agencyId: pgo.id,
    username: 'demo.prosecutor',
    displayName: 'Demo Prosecutor (synthetic)',
    roles: ['prosecutor'],
  });
  await createUser(ctx, actor, {
    agencyId: bishkekCourt.id,
    username: 'demo.clerk',
    displayName: 'Demo Court Clerk (synthetic)',
    roles: ['judge'],
  });
  await createUser(ctx, actor, {
    agencyId: ngo.id,
    username: 'demo.ngo',
    displayName: 'Demo NGO Liaison (synthetic)',
    roles: ['ngo_liaison'],
  });
  await createUser(ctx, actor, {
    agencyId: io.id,
    username: 'demo.analyst',
    displayName: 'Demo Analyst (synthetic)',
    roles: ['analyst'],
  });
  await createUser(ctx, actor, {
    agencyId: io.id,
    username: 'demo.auditor',
    displayName: 'Demo Auditor (synthetic)',
    roles: ['auditor'],
  });
  await createUser(ctx, actor, {
    agencyId: pgo.id,
    username: 'demo.admin',
    displayName: 'Demo Administrator (synthetic)',
    roles: ['administrator'],
  });

  const demoActor = async (username: string) => {
    const found = await findActor(ctx, username);
    if (found === null) throw new DomainError('NotFound', `demo user ${username} is missing`);
    return found.actor;
  };
  const investigator = await demoActor('demo.investigator');
  const supervisor = await demoActor('demo.supervisor');

  const specs = caseSpecs();
  for (const spec of specs) {
    const opening = spec.agency === 'police' ? police : osh;
    const statute = { jurisdiction: 'KG', instrument: 'cc1997', article: spec.article };
    const opened = await openCase(ctx, actor, {
      jurisdiction: 'KG',
      reference: spec.reference,
      openedOn: spec.openedOn,
      openingAgencyId: opening.id,
      origin: spec.origin,
      summary: `${demoMarker}: invented for the demonstration; describes no real person or case.`,
      registeredProvision: statute,
    });
    let version = opened.version;
    for (const [index, victim] of spec.victims.entries()) {
      const person = await addPerson(ctx, actor, opened.id, {
        role: 'victim',
        label: `V${index + 1}`,
        sex: victim.sex,
        age: victim.age === null ? { kind: 'unknown' } : { kind: 'exact', years: victim.age },
        citizenship: 'KGZ',
      });
      await recordVictim(ctx, actor, person.id, {
        forms: [...victim.forms],
        identifiedOn: victim.identifiedOn,
        identifyingAgencyId: spec.origin === 'ngo_referral' ? ngo.id : opening.id,
        referredToServices: victim.referred,
        cooperatingAsWitness: 'yes',
      });
    }
    const charges: { personId: string; chargeId: string }[] = [];
    for (let i = 0; i < spec.suspects; i += 1) {
      const suspect = await addPerson(ctx, actor, opened.id, {
        role: 'suspect',
        label: `S${i + 1}`,
        sex: i % 2 === 0 ? 'male' : 'female',
        age: { kind: 'estimated', years: 30 + i * 7 },
        citizenship: 'KGZ',
        publicOfficial: 'no',
      });
      const charge = await addCharge(ctx, actor, opened.id, {
        personId: suspect.id,
        statute,
        form: spec.form,
        chargedOn: spec.openedOn,
        offenceDate: spec.openedOn,
      });
      charges.push({ personId: suspect.id, chargeId: charge.id });
    }
    if (spec.closed !== undefined) {
      // Closing needs four eyes: the investigator asks, a different user (the supervisor) approves.
      const request = await requestApproval(ctx, investigator, {
        action: 'case.close',
        caseId: opened.id,
        occurredOn: spec.closed.on,
        reasonCode: spec.closed.reason,
        reasonText: spec.closed.text,
      });
      await approveRequest(ctx, supervisor, request.id, {
        version: request.version,
        note: 'Reviewed: closure reason and victim statement on file (synthetic).',
      });
      continue;
    }
    if (spec.referredOn === undefined) continue;
    // The prosecutor's office recorded the referrals but not the indictments of each defendant:
    // that is why the number of suspects prosecuted is unknown (as in the reference text).
    version = appliedCase(
      await recordCaseEvent(ctx, actor, opened.id, {
        kind: 'refer',
        caseVersion: version,
        occurredOn: spec.referredOn,
        agencyId: pgo.id,
      }),
    ).version;
    if (spec.convictedOn === undefined) continue;
    const court = spec.agency === 'police' ? bishkekCourt : oshCourt;
    for (const { personId, chargeId } of charges.slice(0, spec.convicted ?? 0)) {
      version = appliedCase(
        await recordCaseEvent(ctx, actor, opened.id, {
          kind: 'verdict',
          caseVersion: version,
          occurredOn: spec.convictedOn,
          personId,
          chargeId,
          outcome: 'convicted',
          courtAgencyId: court.id,
        }),
      ).version;
    }
    for (const [index, sentence] of (spec.sentences ?? []).entries()) {
      const target = charges[index];
      if (sentence === null || target === undefined) continue;
      version = appliedCase(
        await recordCaseEvent(ctx, actor, opened.id, {
          kind: 'sentence',
          caseVersion: version,
          occurredOn: spec.convictedOn,
          personId: target.personId,
          chargeId: target.chargeId,
          imprisonmentMonths: sentence.months,
          suspended: sentence.suspended ?? false,
        }),
      ).version;
    }
  }

  await createTraining(ctx, actor, {
    jurisdiction: 'KG',
    title: 'Identifying trafficking victims (police)',
    startsOn: '2015-10-13',
    endsOn: '2015-10-14',
    audiences: [{ audience: 'police', participants: 30 }],
    organisers: ['MVD anti-trafficking department (synthetic)'],
    partners: ['International organisation (synthetic)'],
    trainers: ['MVD anti-trafficking department (synthetic)'],
    topics: ['victim identification'],
  });
  await createTraining(ctx, actor, {
    jurisdiction: 'KG',
    title: 'Three-day training for judges on trafficking cases',
    startsOn: '2017-01-17',
    endsOn: '2017-01-19',
    audiences: [{ audience: 'judges', participants: 24 }],
    organisers: ['International organisation (synthetic)'],
    partners: ['International organisation (synthetic)'],
    trainers: ['Supreme Court', "Prosecutor General's Office"],
    topics: ['victim identification', 'working with victims as witnesses'],
    agreementReference: '2016 memorandum of understanding (synthetic reference)',
  });
  await createTraining(ctx, actor, {
    jurisdiction: 'KG',
    title: 'Training for prosecutors on trafficking cases',
    startsOn: '2017-02-15',
    endsOn: '2017-02-16',
    audiences: [{ audience: 'prosecutors', participants: 23 }],
    organisers: ['International organisation (synthetic)'],
    partners: ['International organisation (synthetic)'],
    trainers: ['Supreme Court', "Prosecutor General's Office"],
    topics: ['victim identification', 'working with victims as witnesses'],
    agreementReference: '2016 memorandum of understanding (synthetic reference)',
  });

  await createAllegation(ctx, actor, {
    jurisdiction: 'KG',
    receivedOn: '2013-12-20',
    source: 'un_special_procedure',
    sourceReference: 'UN special rapporteur on the sale of children, 2013 report',
    allegation:
      'Police officers allegedly threatened, extorted and raped child sex trafficking victims (synthetic register entry summarising a public report).',
    accusedAgencyDescription: 'police (unnamed units)',
  });
  await createAllegation(ctx, actor, {
    jurisdiction: 'KG',
    receivedOn: '2016-06-02',
    source: 'ngo',
    allegation: 'Law enforcement officials accepted bribes to drop trafficking cases (synthetic).',
    accusedAgencyId: osh.id,
  });
  await createAllegation(ctx, actor, {
    jurisdiction: 'KG',
    receivedOn: '2016-09-27',
    source: 'international_organisation',
    allegation: 'Officials warned suspects before raids (synthetic).',
    accusedAgencyId: police.id,
  });

  for (const year of [2015, 2016]) {
    for (const certifying of [police, osh, pgo]) {
      await certifyPeriod(ctx, actor, {
        agencyId: certifying.id,
        periodFrom: `${year}-01-01`,
        periodTo: `${year}-12-31`,
        note: 'synthetic certification',
      });
    }
  }
  return { cases: specs.length };
}

/** The demo's users, for sign-in instructions. */
export const demoUsernames = [
  'demo.investigator',
  'demo.supervisor',
  'demo.prosecutor',
  'demo.clerk',
  'demo.ngo',
  'demo.analyst',
  'demo.auditor',
  'demo.admin',
] as const;

/**
 * Gives every synthetic demo user a one-time password (to be printed once, changed at first
 * sign-in) and returns them; users that already have a password keep it.
 */
export async function issueDemoPasswords(
  ctx: AppContext,
): Promise<{ username: string; password: string }[]> {
  const rows = await ctx.db
    .selectFrom('users')
    .select(['id', 'username', 'password_hash'])
    .where('username', 'in', [...demoUsernames])
    .execute();
  const issued: { username: string; password: string }[] = [];
  for (const row of rows
    .filter((r) => r.password_hash === null)
    .sort((a, b) => a.username.localeCompare(b.username))) {
    issued.push({ username: row.username, password: await issueOneTimePassword(ctx, row.id) });
  }
  return issued;
}
