/**
 * Every route × every role, through real authentication (API tokens carrying all of a role's
 * permissions): a role the policy allows gets 2xx; a role it does not gets 403, nothing
 * changes but an `access.denied` entry in the log; without credentials, 401. Runs on SQLite:
 * access control does not depend on the engine (the registry suites run on both).
 */
import { parseInput } from '../src/app/common/validate.ts';
import { caseEventInput } from '../src/app/schemas/cases.schemas.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { engines } from './engines.ts';
import type { TestDatabase } from './engines.ts';
import { createUser, listAgencies } from '../src/app/agencies/agencies.ts';
import { createApiToken } from '../src/app/auth/tokens.ts';
import { openCase } from '../src/app/cases/cases.ts';
import { systemActor } from '../src/app/common/context.ts';
import type { Actor } from '../src/app/common/context.ts';
import { loadDemo } from '../src/app/demo/demo.ts';
import { appliedCase, recordCaseEvent } from '../src/app/cases/events.ts';
import { addCharge } from '../src/app/persons/charges.ts';
import { addPerson } from '../src/app/persons/persons.ts';
import { recordIdentity } from '../src/app/persons/identity.ts';
import { createAllegation } from '../src/app/registers/complicity.ts';
import { createTraining } from '../src/app/registers/training.ts';
import { requestApproval } from '../src/app/approvals/approvals.ts';
import { sealCase } from '../src/app/cases/sealing.ts';
import { permissionsOf, rolesAllow } from '../src/core/access/policy.ts';
import type { Permission } from '../src/core/access/policy.ts';
import { roles } from '../src/core/vocabulary.ts';
import type { Role } from '../src/core/vocabulary.ts';
import { buildServer } from '../src/http/server.ts';
import { toJurisdictionCode } from '../src/core/jurisdiction.ts';

type Access = 'public' | 'signed-in' | readonly Permission[];
interface Call {
  readonly url: string;
  readonly payload?: Record<string, unknown> | string;
  readonly headers?: Record<string, string>;
}
interface Fixture {
  readonly access: Access;
  readonly prepare: (role: Role) => Promise<Call>;
}

const tables = [
  'agencies',
  'users',
  'cases',
  'persons',
  'person_identities',
  'victim_records',
  'charges',
  'case_events',
  'verdicts',
  'sentences',
  'trainings',
  'complicity_allegations',
  'period_certifications',
  'published_figures',
  'approval_requests',
  'case_seal_access',
  'case_team',
  'api_tokens',
  'screenings',
  'victim_links',
] as const;

describe('access matrix: every route × every role', () => {
  const engine = engines[0]!;
  let db: TestDatabase;
  let app: FastifyInstance;
  let police = '';
  let sequence = 0;
  const users: Partial<Record<Role, { actor: Actor; token: string }>> = {};
  const next = () => (sequence += 1);
  let publishedYear = 1950;

  const kg = <T extends object>(extra: T) => ({ jurisdiction: 'KG', ...extra });
  async function freshCase() {
    const view = await openCase(
      db.ctx,
      systemActor,
      kg({
        reference: `MATRIX-${next()}`,
        openedOn: '2016-03-01',
        openingAgencyId: police,
        origin: 'victim_complaint',
      }),
    );
    const suspect = await addPerson(db.ctx, systemActor, view.id, { role: 'suspect', label: 'S' });
    const victim = await addPerson(db.ctx, systemActor, view.id, {
      role: 'victim',
      label: 'V',
      age: { kind: 'exact', years: 16 },
    });
    const charge = await addCharge(db.ctx, systemActor, view.id, {
      personId: suspect.id,
      statute: { jurisdiction: 'KG', instrument: 'cc1997', article: '124' },
      chargedOn: '2016-03-02',
    });
    return { caseId: view.id, version: view.version, suspect, victim, charge };
  }
  const supervisor = () => users.supervisor!.actor;
  let policeName = '';
  // A one-case spreadsheet and its mapping; the second row has no case key (a rejected row).
  const importCsv = 'case,person,opened\n1,a,2016-03-01\n,b,2016-03-01\n';
  const importMapping = () =>
    [
      'source: matrix',
      'jurisdiction: KG',
      `agency: "${policeName}"`,
      'case: { key: case, reference: { template: "MATRIX-IMPORT-{case}" }, openedOn: { column: opened, format: YYYY-MM-DD } }',
      'person: { key: person, role: { value: suspect } }',
    ].join('\n');
  /** An upload by the role's user (its own: uploads belong to who made them), or a made-up id. */
  async function uploadAs(role: Role): Promise<string> {
    const response = await app.inject({
      method: 'POST',
      url: '/api/imports/uploads?name=matrix.csv',
      headers: { authorization: `Bearer ${users[role]!.token}`, 'content-type': 'text/csv' },
      payload: importCsv,
    });
    return response.statusCode === 200 ? response.json<{ id: string }>().id : 'no-upload';
  }
  /** A finished run by the role's user, or a made-up id. */
  async function runAs(role: Role, mode: 'dry-run' | 'partial'): Promise<string> {
    const upload = await uploadAs(role);
    const headers = { authorization: `Bearer ${users[role]!.token}` };
    const started = await app.inject({
      method: 'POST',
      url: `/api/imports/uploads/${upload}/runs`,
      headers,
      payload: { mapping: importMapping(), mode },
    });
    if (started.statusCode !== 202) return 'no-run';
    const id = started.json<{ id: string }>().id;
    for (;;) {
      const run = await app.inject({ method: 'GET', url: `/api/imports/runs/${id}`, headers });
      if (run.json<{ status: string }>().status !== 'running') return id;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  const reportQuery = 'year=2016';

  const fixtures: Record<string, Fixture> = {
    'GET /api/health': { access: 'public', prepare: async () => ({ url: '/api/health' }) },
    'POST /api/auth/login': { access: 'public', prepare: async () => ({ url: '/api/auth/login' }) },
    'POST /api/auth/logout': {
      access: 'signed-in',
      prepare: async () => ({ url: '/api/auth/logout' }),
    },
    'GET /api/auth/me': { access: 'signed-in', prepare: async () => ({ url: '/api/auth/me' }) },
    'POST /api/users/{id}/password': {
      access: ['user.manage'],
      prepare: async () => {
        const user = await createUser(db.ctx, systemActor, {
          agencyId: police,
          username: `pw.${next()}`,
          displayName: 'x',
          roles: ['investigator'],
        });
        return {
          url: `/api/users/${user.id}/password`,
          payload: { password: 'a long enough password' },
        };
      },
    },
    'GET /api/auth/tokens': {
      access: 'signed-in',
      prepare: async () => ({ url: '/api/auth/tokens' }),
    },
    'POST /api/auth/tokens': {
      access: 'signed-in',
      prepare: async () => ({
        url: '/api/auth/tokens',
        payload: { name: `t${next()}`, scopes: ['law.read'] },
      }),
    },
    'DELETE /api/auth/tokens/{id}': {
      access: 'signed-in',
      prepare: async (role) => {
        const own = await createApiToken(db.ctx, users[role]!.actor, {
          name: `own${next()}`,
          scopes: ['law.read'],
        });
        return { url: `/api/auth/tokens/${own.id}` };
      },
    },
    'GET /api/reports/annual/public': {
      access: ['report.public'],
      prepare: async () => ({ url: `/api/reports/annual/public?${reportQuery}` }),
    },
    'GET /api/estimates/victims': {
      access: ['report.read'],
      prepare: async () => ({ url: '/api/estimates/victims?jurisdiction=KG&year=2016' }),
    },
    'GET /api/estimates/victims/public': {
      access: ['report.public'],
      prepare: async () => ({ url: '/api/estimates/victims/public?jurisdiction=KG&year=2016' }),
    },
    'POST /api/victims/match': {
      access: ['victims.match'],
      prepare: async () => ({ url: '/api/victims/match', payload: { jurisdiction: 'KG' } }),
    },
    'POST /api/victims/links': {
      access: ['victims.match'],
      prepare: async () => {
        const [a, b] = [await freshCase(), await freshCase()];
        return {
          url: '/api/victims/links',
          payload: {
            personA: a.victim.id,
            personB: b.victim.id,
            decision: 'distinct',
            reason: 'two people: different villages',
          },
        };
      },
    },
    'GET /api/agencies': { access: 'signed-in', prepare: async () => ({ url: '/api/agencies' }) },
    'POST /api/agencies': {
      access: ['agency.manage'],
      prepare: async () => ({
        url: '/api/agencies',
        payload: kg({ name: `Agency ${next()}`, kind: 'ngo' }),
      }),
    },
    'GET /api/agencies/{id}': {
      access: 'signed-in',
      prepare: async () => ({ url: `/api/agencies/${police}` }),
    },
    'PATCH /api/agencies/{id}': {
      access: ['agency.manage'],
      prepare: async () => {
        const created = await db.handle.db
          .selectFrom('agencies')
          .select(['id', 'version'])
          .where('id', '=', police)
          .executeTakeFirstOrThrow();
        return { url: `/api/agencies/${police}`, payload: { version: created.version } };
      },
    },
    'GET /api/users': { access: ['user.manage'], prepare: async () => ({ url: '/api/users' }) },
    'POST /api/users': {
      access: ['user.manage'],
      prepare: async () => ({
        url: '/api/users',
        payload: {
          agencyId: police,
          username: `u.${next()}`,
          displayName: 'U',
          roles: ['analyst'],
        },
      }),
    },
    'PATCH /api/users/{id}': {
      access: ['user.manage'],
      prepare: async () => {
        const user = await createUser(db.ctx, systemActor, {
          agencyId: police,
          username: `p.${next()}`,
          displayName: 'x',
          roles: ['analyst'],
        });
        return {
          url: `/api/users/${user.id}`,
          payload: { version: user.version, displayName: 'Renamed' },
        };
      },
    },
    'GET /api/cases/{id}/team': {
      access: ['case.read'],
      prepare: async () => ({ url: `/api/cases/${(await freshCase()).caseId}/team` }),
    },
    'POST /api/cases/{id}/team': {
      access: ['case.team', 'case.write'],
      prepare: async () => ({
        url: `/api/cases/${(await freshCase()).caseId}/team`,
        payload: { userId: users.analyst!.actor.id },
      }),
    },
    'DELETE /api/cases/{id}/team/{userId}': {
      access: ['case.team', 'case.write'],
      prepare: async () => {
        const { caseId } = await freshCase();
        await db.handle.db
          .insertInto('case_team')
          .values({
            case_id: caseId,
            jurisdiction: toJurisdictionCode('KG'),
            user_id: users.analyst!.actor.id,
            added_by: 'system',
            added_at: new Date().toISOString(),
          })
          .execute();
        return { url: `/api/cases/${caseId}/team/${users.analyst!.actor.id}` };
      },
    },
    'GET /api/cases': {
      access: ['case.read'],
      prepare: async () => ({ url: '/api/cases?pageSize=5' }),
    },
    'POST /api/cases': {
      access: ['case.write'],
      prepare: async () => ({
        url: '/api/cases',
        payload: kg({
          reference: `NEW-${next()}`,
          openedOn: '2016-02-01',
          openingAgencyId: police,
        }),
      }),
    },
    'GET /api/cases/{id}': {
      access: ['case.read'],
      prepare: async () => ({ url: `/api/cases/${(await freshCase()).caseId}` }),
    },
    'PATCH /api/cases/{id}': {
      access: ['case.write'],
      prepare: async () => {
        const c = await freshCase();
        return {
          url: `/api/cases/${c.caseId}`,
          payload: { version: c.version, summary: 'corrected' },
        };
      },
    },
    'POST /api/cases/{id}/events': {
      access: ['case.investigate'],
      prepare: async () => {
        const c = await freshCase();
        return {
          url: `/api/cases/${c.caseId}/events`,
          payload: { kind: 'refer', caseVersion: c.version, occurredOn: '2016-05-01' },
        };
      },
    },
    'PATCH /api/cases/{id}/events/{eventId}': {
      access: ['case.investigate'],
      prepare: async () => {
        const c = await freshCase();
        const referred = appliedCase(
          await recordCaseEvent(db.ctx, systemActor, c.caseId, {
            kind: 'refer',
            caseVersion: c.version,
            occurredOn: '2016-05-01',
          }),
        );
        return {
          url: `/api/cases/${c.caseId}/events/${referred.events[0]!.id}`,
          payload: {
            caseVersion: referred.version,
            occurredOn: '2016-05-02',
            reason: 'the referral letter is dated the 2nd',
          },
        };
      },
    },
    'PATCH /api/sentences/{id}': {
      access: ['case.adjudicate'],
      prepare: async () => {
        const c = await freshCase();
        let view = appliedCase(
          await recordCaseEvent(db.ctx, systemActor, c.caseId, {
            kind: 'refer',
            caseVersion: c.version,
            occurredOn: '2016-05-01',
          }),
        );
        const step = async (event: Record<string, unknown>) => {
          view = appliedCase(
            await recordCaseEvent(
              db.ctx,
              systemActor,
              c.caseId,
              parseInput(caseEventInput, {
                ...event,
                caseVersion: view.version,
                personId: c.suspect.id,
              }),
            ),
          );
        };
        await step({ kind: 'indict', occurredOn: '2016-06-01' });
        await step({
          kind: 'verdict',
          occurredOn: '2016-09-01',
          chargeId: c.charge.id,
          outcome: 'convicted',
        });
        await step({
          kind: 'sentence',
          occurredOn: '2016-09-01',
          chargeId: c.charge.id,
          imprisonmentMonths: 300,
        });
        const sentence = view.sentences[0]!;
        return {
          url: `/api/sentences/${sentence.id}`,
          payload: {
            version: sentence.version,
            reason: 'the term was entered in months twice',
            imprisonmentMonths: 100,
            life: false,
            suspended: false,
          },
        };
      },
    },
    'POST /api/cases/{id}/persons': {
      access: ['case.write'],
      prepare: async () => ({
        url: `/api/cases/${(await freshCase()).caseId}/persons`,
        payload: { role: 'witness' },
      }),
    },
    'PATCH /api/persons/{id}': {
      access: ['case.write'],
      prepare: async () => {
        const c = await freshCase();
        return {
          url: `/api/persons/${c.victim.id}`,
          payload: { version: c.victim.version, sex: 'female' },
        };
      },
    },
    'GET /api/persons/{id}/identity': {
      access: ['identity.read'],
      prepare: async () => {
        const c = await freshCase();
        await recordIdentity(db.ctx, supervisor(), c.victim.id, { fullName: 'Synthetic Person' });
        return { url: `/api/persons/${c.victim.id}/identity` };
      },
    },
    'PUT /api/persons/{id}/identity': {
      access: ['identity.write'],
      prepare: async () => ({
        url: `/api/persons/${(await freshCase()).victim.id}/identity`,
        payload: { fullName: 'Synthetic Person' },
      }),
    },
    'PUT /api/persons/{id}/victim-record': {
      access: ['case.write'],
      prepare: async () => ({
        url: `/api/persons/${(await freshCase()).victim.id}/victim-record`,
        payload: { forms: ['sexual'] },
      }),
    },
    'POST /api/cases/{id}/charges': {
      access: ['case.write'],
      prepare: async () => {
        const c = await freshCase();
        return {
          url: `/api/cases/${c.caseId}/charges`,
          payload: {
            personId: c.suspect.id,
            statute: { jurisdiction: 'KG', instrument: 'cc1997', article: '260' },
            chargedOn: '2016-03-03',
          },
        };
      },
    },
    'PATCH /api/charges/{id}': {
      access: ['case.write'],
      prepare: async () => {
        const c = await freshCase();
        return {
          url: `/api/charges/${c.charge.id}`,
          payload: { version: c.charge.version, form: 'sex' },
        };
      },
    },
    'GET /api/trainings': {
      access: ['training.read'],
      prepare: async () => ({ url: '/api/trainings' }),
    },
    'POST /api/trainings': {
      access: ['training.write'],
      prepare: async () => ({
        url: '/api/trainings',
        payload: kg({
          title: `T${next()}`,
          startsOn: '2016-05-01',
          endsOn: '2016-05-02',
          audiences: [{ audience: 'police', participants: 10 }],
        }),
      }),
    },
    'PATCH /api/trainings/{id}': {
      access: ['training.write'],
      prepare: async () => {
        const t = await createTraining(
          db.ctx,
          systemActor,
          kg({
            title: 'x',
            startsOn: '2016-05-01',
            endsOn: '2016-05-02',
            audiences: [{ audience: 'police', participants: 10 }],
          }),
        );
        return { url: `/api/trainings/${t.id}`, payload: { version: t.version, title: 'y' } };
      },
    },
    'GET /api/complicity-allegations': {
      access: ['complicity.read'],
      prepare: async () => ({ url: '/api/complicity-allegations' }),
    },
    'POST /api/complicity-allegations': {
      access: ['complicity.report'],
      prepare: async () => ({
        url: '/api/complicity-allegations',
        payload: kg({
          receivedOn: '2016-06-01',
          source: 'ngo',
          allegation: 'synthetic',
          accusedAgencyId: police,
        }),
      }),
    },
    'PATCH /api/complicity-allegations/{id}': {
      access: ['complicity.manage'],
      prepare: async () => {
        const a = await createAllegation(
          db.ctx,
          systemActor,
          kg({
            receivedOn: '2016-06-01',
            source: 'ngo',
            allegation: 'synthetic',
            accusedAgencyId: police,
          }),
        );
        return {
          url: `/api/complicity-allegations/${a.id}`,
          payload: { version: a.version, allegation: 'corrected' },
        };
      },
    },
    'POST /api/complicity-allegations/{id}/steps': {
      access: ['complicity.manage'],
      prepare: async () => {
        const a = await createAllegation(
          db.ctx,
          systemActor,
          kg({
            receivedOn: '2016-06-01',
            source: 'ngo',
            allegation: 'synthetic',
            accusedAgencyId: police,
          }),
        );
        const other = (
          await listAgencies(db.ctx, systemActor, { jurisdiction: 'KG', kind: 'prosecutor' })
        ).items[0]!;
        return {
          url: `/api/complicity-allegations/${a.id}/steps`,
          payload: { step: 'assign', version: a.version, on: '2016-06-02', agencyId: other.id },
        };
      },
    },
    'GET /api/certifications': {
      access: ['report.read', 'certification.write'],
      prepare: async () => ({ url: '/api/certifications' }),
    },
    'POST /api/certifications': {
      access: ['certification.write'],
      prepare: async () => {
        // Each call certifies a different (synthetic) year, so none conflicts with another.
        const year = 1950 + next();
        return {
          url: '/api/certifications',
          payload: { agencyId: police, periodFrom: `${year}-01-01`, periodTo: `${year}-12-31` },
        };
      },
    },
    'GET /api/published-figures': {
      access: ['report.read', 'certification.write'],
      prepare: async () => ({ url: '/api/published-figures' }),
    },
    'POST /api/published-figures': {
      access: ['certification.write'],
      prepare: async () => {
        // Each call records a different past year, so none conflicts with another.
        publishedYear += 1;
        const year = publishedYear;
        return {
          url: '/api/published-figures',
          payload: {
            jurisdiction: 'KG',
            year,
            figures: { investigations: 3 },
            source: { title: 'A published report' },
          },
        };
      },
    },
    'GET /api/history/{entityType}/{id}': {
      access: ['case.read', 'audit.read'],
      prepare: async () => ({ url: `/api/history/case/${(await freshCase()).caseId}` }),
    },
    'GET /api/screening-sets': {
      access: 'signed-in',
      prepare: async () => ({ url: '/api/screening-sets' }),
    },
    'POST /api/persons/{id}/screenings': {
      access: ['screening.write'],
      prepare: async () => ({
        url: `/api/persons/${(await freshCase()).victim.id}/screenings`,
        payload: {
          setId: 'ilo-forced-labour',
          screenedOn: '2016-03-05',
          answers: { deception: 'yes' },
        },
      }),
    },
    'GET /api/persons/{id}/screenings': {
      access: ['case.read'],
      prepare: async () => ({ url: `/api/persons/${(await freshCase()).victim.id}/screenings` }),
    },
    'GET /api/jurisdictions': {
      access: 'signed-in',
      prepare: async () => ({ url: '/api/jurisdictions' }),
    },
    'GET /api/jurisdictions/{code}/conformance': {
      access: 'signed-in',
      prepare: async () => ({ url: '/api/jurisdictions/kg/conformance?asOf=2016-12-31' }),
    },
    'GET /api/jurisdictions/{code}/timeline': {
      access: 'signed-in',
      prepare: async () => ({ url: '/api/jurisdictions/kg/timeline?asOf=2019-06-30' }),
    },
    'GET /api/jurisdictions/{code}/provisions': {
      access: 'signed-in',
      prepare: async () => ({ url: '/api/jurisdictions/kg/provisions' }),
    },
    'GET /api/jurisdictions/{code}/amendments/{version}/impact': {
      access: ['report.read'],
      prepare: async () => ({
        url: '/api/jurisdictions/kg/amendments/cc1997-124-amendment-signed/impact',
      }),
    },
    'POST /api/jurisdictions/{code}/evaluate': {
      access: 'signed-in',
      prepare: async () => ({
        url: '/api/jurisdictions/kg/evaluate',
        payload: {
          offenceDate: '2016-06-01',
          acts: ['recruitment'],
          means: [],
          purposes: ['sexual_exploitation'],
          victimAge: 15,
          aggravating: [],
        },
      }),
    },
    'POST /api/jurisdictions/{code}/sentence-check': {
      access: 'signed-in',
      prepare: async () => ({
        url: '/api/jurisdictions/kg/sentence-check',
        payload: {
          article: '124',
          offenceDate: '2016-06-01',
          sentence: { imprisonmentMonths: 96 },
        },
      }),
    },
    'GET /api/reports/years': {
      access: 'signed-in',
      prepare: async () => ({ url: '/api/reports/years?jurisdiction=KG' }),
    },
    'GET /api/reports/annual': {
      access: ['report.read'],
      prepare: async () => ({ url: `/api/reports/annual?${reportQuery}` }),
    },
    'GET /api/reports/annual/records': {
      access: ['report.read'],
      prepare: async () => ({
        url: `/api/reports/annual/records?${reportQuery}&figure=investigations.total`,
      }),
    },
    'GET /api/reports/annual.html': {
      access: ['report.read'],
      prepare: async () => ({ url: `/api/reports/annual.html?${reportQuery}` }),
    },
    'GET /api/reports/annual.xlsx': {
      access: ['report.read'],
      prepare: async () => ({ url: `/api/reports/annual.xlsx?${reportQuery}` }),
    },
    'GET /api/reports/annual.csv': {
      access: ['report.read'],
      prepare: async () => ({ url: `/api/reports/annual.csv?${reportQuery}` }),
    },
    'GET /api/reports/annual.glotip.csv': {
      access: ['report.read'],
      prepare: async () => ({ url: `/api/reports/annual.glotip.csv?${reportQuery}` }),
    },
    'GET /api/approvals': {
      access: ['case.read', 'audit.read'],
      prepare: async () => ({ url: '/api/approvals' }),
    },
    'POST /api/approvals': {
      access: ['case.investigate', 'case.prosecute'],
      prepare: async () => {
        const c = await freshCase();
        return {
          url: '/api/approvals',
          payload: {
            action: 'charge.drop',
            chargeId: c.charge.id,
            reasonCode: 'insufficient_evidence',
            reasonText: 'synthetic',
          },
        };
      },
    },
    'GET /api/approvals/{id}': {
      access: ['case.read', 'audit.read'],
      prepare: async () => {
        const c = await freshCase();
        const request = await requestApproval(db.ctx, systemActor, {
          action: 'charge.drop',
          chargeId: c.charge.id,
          reasonCode: 'insufficient_evidence',
          reasonText: 'synthetic',
        });
        return { url: `/api/approvals/${request.id}` };
      },
    },
    'POST /api/approvals/{id}/approve': {
      access: ['approval.decide'],
      prepare: async () => {
        const c = await freshCase();
        const request = await requestApproval(db.ctx, systemActor, {
          action: 'charge.drop',
          chargeId: c.charge.id,
          reasonCode: 'insufficient_evidence',
          reasonText: 'synthetic',
        });
        return {
          url: `/api/approvals/${request.id}/approve`,
          payload: { version: request.version },
        };
      },
    },
    'POST /api/approvals/{id}/reject': {
      access: ['approval.decide'],
      prepare: async () => {
        const c = await freshCase();
        const request = await requestApproval(db.ctx, systemActor, {
          action: 'charge.drop',
          chargeId: c.charge.id,
          reasonCode: 'insufficient_evidence',
          reasonText: 'synthetic',
        });
        return {
          url: `/api/approvals/${request.id}/reject`,
          payload: { version: request.version, note: 'not justified' },
        };
      },
    },
    'POST /api/cases/{id}/seal': {
      access: ['case.seal'],
      prepare: async (role) => {
        const c = await freshCase();
        return {
          url: `/api/cases/${c.caseId}/seal`,
          payload: {
            version: c.version,
            userIds: [users[role]!.actor.id],
            reasonText: 'operation',
          },
        };
      },
    },
    'POST /api/cases/{id}/seal/access': {
      access: ['case.seal'],
      prepare: async (role) => {
        const c = await freshCase();
        await sealCase(db.ctx, supervisor(), c.caseId, {
          version: c.version,
          userIds: [users[role]!.actor.id],
          reasonText: 'operation',
        });
        return {
          url: `/api/cases/${c.caseId}/seal/access`,
          payload: { userId: users.analyst!.actor.id },
        };
      },
    },
    'DELETE /api/cases/{id}/seal/access/{userId}': {
      access: ['case.seal'],
      prepare: async (role) => {
        const c = await freshCase();
        await sealCase(db.ctx, supervisor(), c.caseId, {
          version: c.version,
          userIds: [users[role]!.actor.id, users.analyst!.actor.id],
          reasonText: 'operation',
        });
        return { url: `/api/cases/${c.caseId}/seal/access/${users.analyst!.actor.id}` };
      },
    },
    'GET /api/cases/{id}/seal/review': {
      access: ['seal.review'],
      prepare: async () => ({ url: `/api/cases/${(await freshCase()).caseId}/seal/review` }),
    },
    'POST /api/imports/uploads': {
      access: ['records.import'],
      prepare: async () => ({
        url: '/api/imports/uploads?name=matrix.csv',
        payload: importCsv,
        headers: { 'content-type': 'text/csv' },
      }),
    },
    'POST /api/imports/uploads/{id}/runs': {
      access: ['records.import'],
      prepare: async (role) => ({
        url: `/api/imports/uploads/${await uploadAs(role)}/runs`,
        payload: { mapping: importMapping(), mode: 'dry-run' },
      }),
    },
    'GET /api/imports/runs/{id}': {
      access: ['records.import'],
      prepare: async (role) => ({ url: `/api/imports/runs/${await runAs(role, 'dry-run')}` }),
    },
    'GET /api/imports/runs/{id}/rejects': {
      access: ['records.import'],
      prepare: async (role) => ({
        url: `/api/imports/runs/${await runAs(role, 'partial')}/rejects`,
      }),
    },
    'GET /api/exchange/htcds': {
      access: ['report.read'],
      prepare: async () => ({ url: '/api/exchange/htcds?jurisdiction=KG' }),
    },
    'GET /api/exchange/ctdc': {
      access: ['report.read'],
      prepare: async () => ({ url: '/api/exchange/ctdc?jurisdiction=KG' }),
    },
    'POST /api/exchange/htcds/import': {
      access: ['records.import'],
      prepare: async () => ({
        url: `/api/exchange/htcds/import?mode=dry-run&agency=${encodeURIComponent(policeName)}`,
        payload: {
          standard: 'HTCDS',
          version: '2.0',
          jurisdiction: 'KG',
          cases: [{ cas_CaseID: `MATRIX-HTCDS-${next()}`, plm_OpenedOn: '2016-03-01' }],
        },
      }),
    },
    'POST /api/exchange/ctdc/import': {
      access: ['records.import'],
      prepare: async () => ({
        url: `/api/exchange/ctdc/import?mode=dry-run&jurisdiction=KG&agency=${encodeURIComponent(policeName)}`,
        payload: 'yearOfRegistration,gender\n2016,Female\n',
        headers: { 'content-type': 'text/csv' },
      }),
    },
    'GET /api/reports/integrity': {
      access: ['integrity.read'],
      prepare: async () => ({ url: '/api/reports/integrity?year=2016' }),
    },
    'GET /api/log/public-key': {
      access: 'public',
      prepare: async () => ({ url: '/api/log/public-key' }),
    },
    'GET /api/log/checkpoint': {
      access: 'public',
      prepare: async () => ({ url: '/api/log/checkpoint' }),
    },
    'GET /api/log/proof/inclusion': {
      access: 'public',
      prepare: async () => ({ url: '/api/log/proof/inclusion?index=0&size=2' }),
    },
    'GET /api/log/proof/consistency': {
      access: 'public',
      prepare: async () => ({ url: '/api/log/proof/consistency?from=1&to=2' }),
    },
    'POST /api/log/verify': {
      access: ['audit.read', 'integrity.read'],
      prepare: async () => ({ url: '/api/log/verify', payload: {} }),
    },
    'GET /api/log/export': {
      access: ['audit.read'],
      prepare: async () => ({ url: '/api/log/export?from=0&to=3' }),
    },
  };

  /**
   * The agency scope (`caseWriteReach` in src/core/access/policy.ts): routes that open or change
   * a case. The fixtures write police cases; an investigator of another agency, not on their
   * teams, is refused every one of them.
   */
  const agencyScoped = [
    'POST /api/cases',
    'PATCH /api/cases/{id}',
    'POST /api/cases/{id}/events',
    'PATCH /api/cases/{id}/events/{eventId}',
    'POST /api/cases/{id}/persons',
    'PATCH /api/persons/{id}',
    'PUT /api/persons/{id}/identity',
    'PUT /api/persons/{id}/victim-record',
    'POST /api/cases/{id}/charges',
    'PATCH /api/charges/{id}',
    'POST /api/persons/{id}/screenings',
    'POST /api/cases/{id}/team',
    'DELETE /api/cases/{id}/team/{userId}',
    'POST /api/approvals',
  ];
  const caseChanging: readonly Permission[] = [
    'case.write',
    'case.investigate',
    'identity.write',
    'screening.write',
  ];
  let outsider = '';
  let outsiderId = '';

  async function counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const table of tables) {
      out[table] = Number(
        (
          await db.handle.db
            .selectFrom(table)
            .select(sql<number>`count(*)`.as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    }
    return out;
  }

  async function lastAction(): Promise<string | undefined> {
    const row = await db.handle.db
      .selectFrom('audit_log')
      .select('action')
      .orderBy('idx', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.action;
  }

  beforeAll(async () => {
    db = await engine.open();
    await loadDemo(db.ctx);
    const mvd = (
      await listAgencies(db.ctx, systemActor, { jurisdiction: 'KG', kind: 'police' })
    ).items.find((a) => a.name.startsWith('MVD'))!;
    police = mvd.id;
    policeName = mvd.name;
    for (const role of roles) {
      const user = await createUser(db.ctx, systemActor, {
        agencyId: police,
        username: `matrix.${role.replace('_', '-')}`,
        displayName: role,
        roles: [role],
      });
      const actor: Actor = {
        id: user.id,
        username: user.username,
        agencyId: police,
        roles: [role],
      };
      const { token } = await createApiToken(db.ctx, actor, {
        name: 'matrix',
        scopes: permissionsOf([role]),
      });
      users[role] = { actor, token };
    }
    const elsewhere = (
      await listAgencies(db.ctx, systemActor, { jurisdiction: 'KG', kind: 'prosecutor' })
    ).items[0]!.id;
    const other = await createUser(db.ctx, systemActor, {
      agencyId: elsewhere,
      username: 'matrix.other-agency-investigator',
      displayName: 'investigator of another agency',
      roles: ['investigator'],
    });
    outsiderId = other.id;
    outsider = (
      await createApiToken(
        db.ctx,
        { id: other.id, username: other.username, agencyId: elsewhere, roles: ['investigator'] },
        { name: 'matrix', scopes: permissionsOf(['investigator']) },
      )
    ).token;
    app = await buildServer({ ctx: db.ctx, auth: 'required', logLevel: 'silent' });
    await app.ready();
  }, 120_000);
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('has a fixture for every route in the API, and no fixture for a route that does not exist', () => {
    const doc = app.swagger() as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.filter((route) => fixtures[route] === undefined)).toEqual([]);
    expect(Object.keys(fixtures).filter((route) => !routes.includes(route))).toEqual([]);
  });

  it('answers 401 to every non-public route without credentials', async () => {
    for (const [route, fixture] of Object.entries(fixtures)) {
      if (fixture.access === 'public') continue;
      const [method] = route.split(' ');
      const call = await fixture.prepare('supervisor');
      const response = await app.inject({
        method: method as 'GET',
        url: call.url,
        ...(call.payload === undefined ? {} : { payload: call.payload }),
      });
      expect(response.statusCode, route).toBe(401);
    }
  }, 120_000);

  it('lists every route that changes a case under the agency scope', () => {
    const changing = Object.entries(fixtures)
      .filter(
        ([route, fixture]) =>
          !route.startsWith('GET ') &&
          Array.isArray(fixture.access) &&
          fixture.access.some((permission: Permission) => caseChanging.includes(permission)),
      )
      .map(([route]) => route);
    expect([...changing].sort()).toEqual([...agencyScoped].sort());
  });

  it("refuses an investigator every change to another agency's case (the agency scope)", async () => {
    const outcomes: string[] = [];
    for (const route of agencyScoped) {
      const [method] = route.split(' ');
      const call = await fixtures[route]!.prepare('investigator');
      const before = await counts();
      const response = await app.inject({
        method: method as 'GET',
        url: call.url,
        headers: { authorization: `Bearer ${outsider}` },
        ...(call.payload === undefined ? {} : { payload: call.payload }),
      });
      if (response.statusCode !== 403) {
        outcomes.push(`${route}: expected 403, got ${response.statusCode}`);
        continue;
      }
      if (JSON.stringify(await counts()) !== JSON.stringify(before))
        outcomes.push(`${route}: a refused request changed the registry`);
      const logged = await lastAction();
      if (logged === undefined || !/(refused|denied)$/.test(logged))
        outcomes.push(`${route}: the refusal was not logged (${logged})`);
    }
    expect(outcomes).toEqual([]);
    // Added to the case's team, the same investigator may change it.
    const c = await freshCase();
    const team = await app.inject({
      method: 'POST',
      url: `/api/cases/${c.caseId}/team`,
      headers: { authorization: `Bearer ${users.investigator!.token}` },
      payload: { userId: outsiderId },
    });
    expect(team.statusCode).toBe(201);
    const corrected = await app.inject({
      method: 'PATCH',
      url: `/api/cases/${c.caseId}`,
      headers: { authorization: `Bearer ${outsider}` },
      payload: { version: c.version, summary: 'corrected by a team member' },
    });
    expect(corrected.statusCode).toBe(200);
  }, 120_000);

  for (const role of roles) {
    it(`applies the policy to ${role}`, async () => {
      const outcomes: string[] = [];
      for (const [route, fixture] of Object.entries(fixtures)) {
        if (fixture.access === 'public' || route === 'POST /api/auth/logout') continue;
        const [method] = route.split(' ');
        const call = await fixture.prepare(role);
        const allowed =
          fixture.access === 'signed-in' ||
          fixture.access.some((permission) => rolesAllow([role], permission));
        const before = await counts();
        const response = await app.inject({
          method: method as 'GET',
          url: call.url,
          headers: { authorization: `Bearer ${users[role]!.token}`, ...call.headers },
          ...(call.payload === undefined ? {} : { payload: call.payload }),
        });
        const status = response.statusCode;
        if (allowed) {
          if (status < 200 || status > 299)
            outcomes.push(`${route}: expected 2xx, got ${status} ${response.body.slice(0, 200)}`);
        } else if (status !== 403) {
          outcomes.push(`${route}: expected 403, got ${status}`);
        } else {
          if (JSON.stringify(await counts()) !== JSON.stringify(before))
            outcomes.push(`${route}: a refused request changed the registry`);
          if ((await lastAction()) !== 'access.denied')
            outcomes.push(`${route}: the refusal was not logged`);
        }
      }
      expect(outcomes).toEqual([]);
    }, 120_000);
  }
});
