/**
 * A realistic mixed history, written through the use-cases by users in their own roles:
 * agencies and users, cases with persons, identities, victim records, screenings, charges,
 * a verdict and a sentence, registers, a sealed case with its access list, a case team,
 * four-eyes requests approved, rejected and refused, sign-ins, failed sign-ins, sign-outs,
 * a password change, API tokens, and refusals of every kind the log records. Verification
 * tests and the tamper catalogue start from it; all of it is synthetic.
 */
import type { Role } from '../src/core/vocabulary.ts';
import { approveRequest, rejectRequest, requestApproval } from '../src/app/approvals/approvals.ts';
import {
  createAgency,
  createUser,
  findActor,
  updateAgency,
  updateUser,
} from '../src/app/agencies/agencies.ts';
import { createApiToken, revokeToken } from '../src/app/auth/tokens.ts';
import { login, logout } from '../src/app/auth/auth.ts';
import { setPassword } from '../src/app/auth/passwords.ts';
import { addToCaseTeam } from '../src/app/cases/case-team.ts';
import { getCase, listCases, openCase, updateCase } from '../src/app/cases/cases.ts';
import type { Actor, AppContext } from '../src/app/common/context.ts';
import { appliedCase, recordCaseEvent } from '../src/app/cases/events.ts';
import { addCharge, updateCharge } from '../src/app/persons/charges.ts';
import { addPerson, updatePerson } from '../src/app/persons/persons.ts';
import { getIdentity, recordIdentity } from '../src/app/persons/identity.ts';
import { recordVictim } from '../src/app/persons/victim-records.ts';
import { advanceAllegation, createAllegation } from '../src/app/registers/complicity.ts';
import { certifyPeriod } from '../src/app/registers/certifications.ts';
import { createTraining, updateTraining } from '../src/app/registers/training.ts';
import { screenPerson } from '../src/app/victims/screenings.ts';
import { grantSealAccess, revokeSealAccess, sealCase } from '../src/app/cases/sealing.ts';
import { testActor } from './factories.ts';

/** What the history made, for tests that tamper with it. */
export interface MixedHistory {
  readonly agencyId: string;
  readonly caseId: string;
  readonly sealedCaseId: string;
  readonly reference: string;
  readonly victimId: string;
  readonly witnessId: string;
  readonly suspectId: string;
  readonly chargeId: string;
  readonly verdictId: string;
  readonly sentenceId: string;
  readonly eventId: string;
  readonly screeningId: string;
  readonly trainingId: string;
  readonly allegationId: string;
  readonly certificationId: string;
  readonly approvalId: string;
  readonly sealAccessId: string;
  readonly investigator: Actor;
  readonly supervisor: Actor;
  readonly clerk: Actor;
  readonly tokenId: string;
  readonly sessionUserId: string;
}

const art124 = { jurisdiction: 'KG', instrument: 'cc1997', article: '124' };
const password = 'correct horse battery staple 1';

/** Runs `work` and swallows the refusal it is expected to end in (the log keeps it). */
async function refused(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch {
    return;
  }
  throw new Error('expected a refusal');
}

async function actorOf(ctx: AppContext, id: string): Promise<Actor> {
  const found = await findActor(ctx, id);
  if (found === null) throw new Error(`no user ${id}`);
  return found.actor;
}

/** Writes the history into an empty, migrated database. */
export async function mixedHistory(ctx: AppContext, tag = 'h'): Promise<MixedHistory> {
  const admin = testActor;
  const police = await createAgency(ctx, admin, {
    jurisdiction: 'KG',
    name: `Anti-trafficking unit ${tag} (synthetic)`,
    kind: 'police',
  });
  const court = await createAgency(ctx, admin, {
    jurisdiction: 'KG',
    name: `City court ${tag} (synthetic)`,
    kind: 'court',
  });
  await updateAgency(ctx, admin, court.id, { version: 1, name: `Bishkek city court ${tag}` });
  const user = (username: string, roles: Role[]) =>
    createUser(ctx, admin, {
      agencyId: police.id,
      username: `${username}.${tag}`,
      displayName: `Synthetic ${username}`,
      roles,
    });
  const investigatorView = await user('investigator', ['investigator']);
  const supervisorView = await user('supervisor', ['supervisor', 'investigator']);
  const clerkView = await user('clerk', ['analyst']);
  const other = await user('other', ['investigator']);
  await updateUser(ctx, admin, other.id, { version: 1, displayName: 'Synthetic other, renamed' });
  const investigator = await actorOf(ctx, investigatorView.id);
  const supervisor = await actorOf(ctx, supervisorView.id);
  const clerk = await actorOf(ctx, clerkView.id);

  // Sign-ins: a password, a good sign-in and its sign-out, failures by known and unknown names.
  await setPassword(ctx, admin, investigator.id, { password });
  const session = await login(ctx, { username: investigator.username, password }, '192.0.2.10');
  await logout(ctx, investigator, session.sessionSecret);
  await refused(login(ctx, { username: investigator.username, password: 'wrong' }, '192.0.2.11'));
  await refused(login(ctx, { username: `nobody.${tag}`, password: 'wrong' }, '192.0.2.12'));
  await login(ctx, { username: investigator.username, password }, '192.0.2.10');
  const token = await createApiToken(ctx, investigator, {
    name: 'nightly export',
    scopes: ['case.read'],
  });
  const spare = await createApiToken(ctx, investigator, { name: 'spare', scopes: ['case.read'] });
  await revokeToken(ctx, investigator, spare.id);

  // A case, corrected, with persons, an identity, a victim record, a screening and a charge.
  const opened = await openCase(ctx, investigator, {
    jurisdiction: 'KG',
    reference: `KG-${tag}-0001`,
    openedOn: '2016-03-01',
    openingAgencyId: police.id,
    origin: 'victim_complaint',
    summary: 'Synthetic case: recruitment for work abroad',
  });
  const version = (
    await updateCase(ctx, investigator, opened.id, {
      version: opened.version,
      summary: 'Synthetic case: recruitment for work abroad, passports taken \ud800',
    })
  ).version;
  const suspect = await addPerson(ctx, investigator, opened.id, {
    role: 'suspect',
    label: 'S1',
    sex: 'male',
    age: { kind: 'exact', years: 41 },
    citizenship: 'KGZ',
  });
  const victim = await addPerson(ctx, investigator, opened.id, {
    role: 'victim',
    label: 'V1',
    sex: 'female',
    age: { kind: 'exact', years: 19 },
    citizenship: 'KGZ',
  });
  const witness = await addPerson(ctx, investigator, opened.id, {
    role: 'witness',
    label: 'W1',
    sex: 'female',
    age: { kind: 'exact', years: 30 },
    citizenship: 'KGZ',
  });
  await updatePerson(ctx, investigator, witness.id, { version: 1, citizenship: 'KAZ' });
  await recordIdentity(ctx, investigator, victim.id, {
    fullName: 'Synthetic Person One',
    documentType: 'passport',
    documentNumber: 'AN0000001',
  });
  await recordIdentity(ctx, investigator, witness.id, { fullName: 'Synthetic Person Two' });
  await recordIdentity(ctx, investigator, witness.id, {
    version: 1,
    fullName: 'Synthetic Person Two, corrected',
  });
  await getIdentity(ctx, investigator, victim.id);
  await recordVictim(ctx, investigator, victim.id, {
    forms: ['forced_labour'],
    identifiedOn: '2016-03-02',
    referredToServices: 'yes',
  });
  const screening = await screenPerson(ctx, investigator, victim.id, {
    setId: 'sexual-exploitation',
    screenedOn: '2016-03-02',
    answers: { cannot_refuse: 'yes', sleeps_where_works: 'no' },
  });
  const charge = await addCharge(ctx, investigator, opened.id, {
    personId: suspect.id,
    statute: art124,
    chargedOn: '2016-04-01',
  });
  await updateCharge(ctx, investigator, charge.id, { version: 1, offenceDate: '2016-02-01' });
  let view = appliedCase(
    await recordCaseEvent(ctx, testActor, opened.id, {
      kind: 'refer',
      caseVersion: version,
      occurredOn: '2016-05-01',
      agencyId: police.id,
    }),
  );
  view = appliedCase(
    await recordCaseEvent(ctx, testActor, opened.id, {
      kind: 'verdict',
      caseVersion: view.version,
      occurredOn: '2016-09-01',
      personId: suspect.id,
      chargeId: charge.id,
      outcome: 'convicted',
      courtAgencyId: court.id,
    }),
  );
  view = appliedCase(
    await recordCaseEvent(ctx, testActor, opened.id, {
      kind: 'sentence',
      caseVersion: view.version,
      occurredOn: '2016-09-01',
      personId: suspect.id,
      chargeId: charge.id,
      imprisonmentMonths: 96,
      fine: { amount: 1500.5, currency: 'KGS' },
    }),
  );

  // Registers.
  const training = await createTraining(ctx, admin, {
    jurisdiction: 'KG',
    title: 'Victim identification (synthetic)',
    startsOn: '2016-01-10',
    endsOn: '2016-01-12',
    audiences: [{ audience: 'judges', participants: 24 }],
  });
  await updateTraining(ctx, admin, training.id, { version: 1, topics: ['screening'] });
  const allegation = await createAllegation(ctx, admin, {
    jurisdiction: 'KG',
    receivedOn: '2016-01-05',
    source: 'ngo',
    allegation: 'Synthetic allegation: an officer warned a suspect',
    accusedAgencyId: police.id,
  });
  await advanceAllegation(ctx, admin, allegation.id, {
    step: 'assign',
    version: 1,
    on: '2016-01-20',
    agencyId: court.id,
  });
  const certification = await certifyPeriod(ctx, admin, {
    agencyId: police.id,
    periodFrom: '2016-01-01',
    periodTo: '2016-06-30',
  });

  // A second case, sealed to the investigator and the supervisor; the clerk is refused.
  const secret = await openCase(ctx, investigator, {
    jurisdiction: 'KG',
    reference: `KG-${tag}-0002`,
    openedOn: '2016-06-01',
    openingAgencyId: police.id,
    origin: 'proactive_police',
    summary: 'Synthetic sealed case',
  });
  await sealCase(ctx, supervisor, secret.id, {
    version: secret.version,
    userIds: [investigator.id],
    reasonText: 'Synthetic: officials implicated',
  });
  await grantSealAccess(ctx, supervisor, secret.id, { userId: other.id });
  await revokeSealAccess(ctx, supervisor, secret.id, { userId: other.id });
  await getCase(ctx, investigator, secret.id);
  await refused(getCase(ctx, clerk, secret.id));
  await refused(getCase(ctx, await actorOf(ctx, other.id), secret.id));
  await refused(listCases(ctx, { ...clerk, roles: [] }, {}));
  await addToCaseTeam(ctx, supervisor, opened.id, { userId: clerk.id });

  // Four eyes: a closure approved by another supervisor, a deletion rejected, a self-approval refused.
  const training2 = await createTraining(ctx, admin, {
    jurisdiction: 'KG',
    title: 'Duplicate training (synthetic)',
    startsOn: '2016-02-10',
    endsOn: '2016-02-10',
    audiences: [{ audience: 'police', participants: null }],
  });
  const deletion = await requestApproval(ctx, investigator, {
    action: 'record.delete',
    entityType: 'training',
    entityId: training2.id,
    reasonCode: 'duplicate',
    reasonText: 'Entered twice',
  });
  await refused(approveRequest(ctx, investigator, deletion.id, { version: 1 }));
  await approveRequest(ctx, supervisor, deletion.id, { version: 1 });
  const closing = await requestApproval(ctx, investigator, {
    action: 'case.close',
    caseId: secret.id,
    occurredOn: '2016-12-01',
    reasonCode: 'victim_withdrew',
    reasonText: 'Synthetic: the victim withdrew',
  });
  await rejectRequest(ctx, supervisor, closing.id, { version: 1, note: 'Not enough reason' });
  const sealAccess = await ctx.db
    .selectFrom('case_seal_access')
    .select('id')
    .where('case_id', '=', secret.id)
    .where('user_id', '=', investigator.id)
    .executeTakeFirstOrThrow();
  const verdict = view.verdicts[0]!;
  return {
    agencyId: police.id,
    caseId: opened.id,
    sealedCaseId: secret.id,
    reference: opened.reference,
    victimId: victim.id,
    witnessId: witness.id,
    suspectId: suspect.id,
    chargeId: charge.id,
    verdictId: verdict.id,
    sentenceId: view.sentences[0]!.id,
    eventId: verdict.eventId,
    screeningId: screening.id,
    trainingId: training.id,
    allegationId: allegation.id,
    certificationId: certification.id,
    approvalId: closing.id,
    sealAccessId: sealAccess.id,
    investigator,
    supervisor,
    clerk,
    tokenId: token.id,
    sessionUserId: investigator.id,
  };
}
