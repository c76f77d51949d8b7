/**
 * A sealed case, tried as an insider would: colleagues with real API tokens (every permission
 * their roles grant) who are not on the case's access list look for its reference, summary and
 * seal reason through every other way in: the log export, approval requests, the annual
 * report's drill-downs, search, the team endpoints and record histories.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { engines } from '../../test/engines.ts';
import type { TestDatabase } from '../../test/engines.ts';
import { makeAgencies, makeUser, testActor } from '../../test/factories.ts';
import { createApiToken } from '../app/auth/tokens.ts';
import { openCase } from '../app/cases/cases.ts';
import type { Actor } from '../app/common/context.ts';
import { ephemeralLogSigner } from '../app/integrity/log-key.ts';
import { createAllegation } from '../app/registers/complicity.ts';
import { checkInclusion, decodeBase64, foldFromRight, planAppend } from '../core/audit/index.ts';
import type { Hash, StoredNode } from '../core/audit/index.ts';
import { permissionsOf } from '../core/access/policy.ts';
import type { Role } from '../core/vocabulary.ts';
import { buildServer } from './server.ts';

interface Json {
  [key: string]: unknown;
}
const b64 = (text: string): Hash => decodeBase64(text) ?? new Uint8Array();

describe.each(engines)('a sealed case leaks nowhere, on $name', (engine) => {
  let db: TestDatabase;
  let app: FastifyInstance;
  const tokens = new Map<string, string>();
  const ids = new Map<string, string>();
  const secretReference = 'OP-NIGHTJAR-7731';
  const secretSummary = 'Synthetic: the deputy chief is paid by the suspects';
  const secretReason = 'Synthetic: officials of the regional unit are suspected';
  let sealedId = '';

  async function person(name: string, agencyId: string, roles: Role[]) {
    const user = await makeUser(db.ctx, agencyId, roles);
    const actor: Actor = { id: user.id, username: user.username, agencyId, roles };
    const { token } = await createApiToken(db.ctx, actor, {
      name: 'insider test',
      scopes: permissionsOf(roles),
    });
    tokens.set(name, token);
    ids.set(name, user.id);
    return user;
  }

  async function call(
    who: string,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: Json,
  ) {
    const response = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${tokens.get(who)!}` },
      ...(payload === undefined ? {} : { payload }),
    });
    return { status: response.statusCode, text: response.body, json: () => response.json<Json>() };
  }

  async function policeCase(reference: string, summary = 'Synthetic case') {
    return openCase(db.ctx, testActor, {
      jurisdiction: 'KG',
      reference,
      openedOn: '2016-03-01',
      openingAgencyId: ids.get('police agency')!,
      origin: 'victim_complaint',
      summary,
      registeredProvision: { jurisdiction: 'KG', instrument: 'cc1997', article: '124' },
    });
  }

  beforeAll(async () => {
    db = await engine.open();
    app = await buildServer({
      ctx: db.ctx,
      auth: 'required',
      logLevel: 'silent',
      logSigner: ephemeralLogSigner('test.palermo/sealed-leaks'),
    });
    const { police, prosecutor } = await makeAgencies(db.ctx);
    ids.set('police agency', police.id);
    ids.set('prosecutor agency', prosecutor.id);
    await person('police investigator', police.id, ['investigator']);
    await person('police supervisor', police.id, ['supervisor']);
    await person('regional supervisor', prosecutor.id, ['supervisor']);
    await person('second supervisor', prosecutor.id, ['supervisor']);
    await person('outside investigator', prosecutor.id, ['investigator']);
    await person('outside prosecutor', prosecutor.id, ['prosecutor']);
    await person('auditor', prosecutor.id, ['auditor']);
    await person('analyst', prosecutor.id, ['analyst']);
    const opened = await policeCase(secretReference, secretSummary);
    sealedId = opened.id;
    const sealed = await call('police supervisor', 'POST', `/api/cases/${sealedId}/seal`, {
      version: opened.version,
      userIds: [ids.get('police investigator')!],
      reasonText: secretReason,
    });
    expect(sealed.status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('gives a non-member leaf hashes of the sealed case in the log export, and the tree still verifies', async () => {
    const checkpoint = (await app.inject({ url: '/api/log/checkpoint' })).json<{
      size: number;
      rootHash: string;
    }>();
    const exported = await call('auditor', 'GET', `/api/log/export?to=${checkpoint.size}`);
    expect(exported.status).toBe(200);
    const lines = exported.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { index: number; data?: string; leafHash: string });
    const decoded = lines.map((line) =>
      line.data === undefined ? '' : Buffer.from(line.data, 'base64').toString('utf8'),
    );
    expect(decoded.join('\n')).not.toContain(secretReference);
    expect(decoded.join('\n')).not.toContain(secretReason);
    expect(lines.filter((line) => line.data === undefined).length).toBeGreaterThan(0);
    // Every hash is there, so the withheld export still folds to the signed root.
    let frontier: readonly StoredNode[] = [];
    let size = 0n;
    for (const line of lines) {
      const plan = planAppend(frontier, size, [b64(line.leafHash)]);
      frontier = plan.frontier;
      size = plan.size;
    }
    expect(Buffer.from(foldFromRight(frontier.map((node) => node.hash))).toString('base64')).toBe(
      checkpoint.rootHash,
    );
    const withheld = lines.find((line) => line.data === undefined)!;
    const proof = (
      await app.inject({
        url: `/api/log/proof/inclusion?index=${withheld.index}&size=${checkpoint.size}`,
      })
    ).json<{ proof: string[] }>();
    expect(
      checkInclusion({
        leafIndex: BigInt(withheld.index),
        treeSize: BigInt(checkpoint.size),
        leafHash: b64(withheld.leafHash),
        proof: proof.proof.map(b64),
        root: b64(checkpoint.rootHash),
      }),
    ).toEqual({ ok: true });
    // A member of the access list exports the bodies.
    const member = await call('police supervisor', 'GET', `/api/log/export?to=${checkpoint.size}`);
    expect(Buffer.from(member.text).toString()).not.toContain('"withheld"');
  });

  it("withholds the reason of a sealed case's approval requests from non-members", async () => {
    const view = (await call('police investigator', 'GET', `/api/cases/${sealedId}`)).json();
    const asked = await call('police investigator', 'POST', `/api/cases/${sealedId}/events`, {
      kind: 'suspend',
      caseVersion: view.version,
      occurredOn: '2016-05-01',
      reasonCode: 'other',
      reasonText: `${secretReason} (suspend)`,
    });
    expect(asked.status).toBe(202);
    for (const outsider of ['auditor', 'outside investigator', 'regional supervisor']) {
      const list = await call(outsider, 'GET', `/api/approvals?caseId=${sealedId}`);
      expect(list.status).toBe(200);
      expect((list.json().items as unknown[]).length).toBe(1);
      expect(list.text).not.toContain(secretReason);
      const id = (list.json().items as { id: string }[])[0]!.id;
      const one = await call(outsider, 'GET', `/api/approvals/${id}`);
      expect(one.status).toBe(200);
      expect(one.text).not.toContain(secretReason);
    }
    const member = await call('police supervisor', 'GET', `/api/approvals?caseId=${sealedId}`);
    expect(member.text).toContain(secretReason);
  });

  it("counts the sealed case in the annual report but withholds its ids from non-members' drill-downs", async () => {
    const member = await call('police supervisor', 'GET', '/api/reports/annual?year=2016');
    expect(member.status).toBe(200);
    // The answer names no records: each figure says how many and where they are listed.
    expect(member.text).not.toContain(`case:${sealedId}`);
    const outsider = await call('auditor', 'GET', '/api/reports/annual?year=2016');
    expect(outsider.status).toBe(200);
    // The integrity section (integrity.read) names cases by id for monitoring, never by reference.
    const { integrity, ...report } = outsider.json();
    expect(JSON.stringify(report)).not.toContain(sealedId);
    expect(JSON.stringify(integrity)).not.toContain(secretReference);
    const total = (body: Json) => (body.investigations as { total: number }).total;
    expect(total(outsider.json())).toBe(total(member.json()));
    const drill = (body: Json) =>
      (body.investigations as { records: { total: { count: number; href: string } } }).records
        .total;
    // The member finds the sealed case behind the figure; the outsider does not, and is told
    // one record fewer (the figure itself still counts it).
    const memberIds = await call('police supervisor', 'GET', drill(member.json()).href);
    expect(memberIds.status).toBe(200);
    expect(memberIds.json().ids).toContain(`case:${sealedId}`);
    expect(drill(member.json()).count).toBe(memberIds.json().total);
    expect(drill(outsider.json()).count).toBe(drill(member.json()).count - 1);
    const outsiderIds = await call('auditor', 'GET', drill(outsider.json()).href);
    expect(outsiderIds.status).toBe(200);
    expect(outsiderIds.text).not.toContain(sealedId);
    expect(outsiderIds.json().total).toBe(drill(outsider.json()).count);
    // Every figure of every section, this period's and the previous period's, the completeness
    // counts' and the prison terms', every page of one record, for each outsider; over 2016 and
    // over 2017, whose previous period is 2016. The member meets the sealed case behind figures
    // of both kinds, so the outsiders' pages are where it would be.
    const hrefs = (node: unknown): string[] =>
      typeof node !== 'object' || node === null
        ? []
        : 'href' in node && typeof node.href === 'string'
          ? [node.href]
          : Object.values(node).flatMap(hrefs);
    const links = async (who: string, year: number) => {
      const answer = await call(who, 'GET', `/api/reports/annual?year=${year}`);
      expect(answer.status).toBe(200);
      return Object.values(answer.json()).flatMap((section) =>
        typeof section === 'object' && section !== null && 'records' in section
          ? hrefs(section.records)
          : [],
      );
    };
    const figureOf = (href: string) => new URL(href, 'http://x').searchParams.get('figure') ?? '';
    const memberFinds: string[] = [];
    for (const year of [2016, 2017])
      for (const href of await links('police supervisor', year)) {
        const page = await call('police supervisor', 'GET', `${href}&limit=1000`);
        if (page.text.includes(sealedId)) memberFinds.push(`${year} ${figureOf(href)}`);
      }
    expect(memberFinds).toContain('2017 investigations.previous.total');
    expect(memberFinds.filter((f) => f.startsWith('2016 completeness.'))).not.toEqual([]);
    for (const who of [
      'auditor',
      'outside investigator',
      'outside prosecutor',
      'regional supervisor',
    ])
      for (const year of [2016, 2017]) {
        const all = await links(who, year);
        expect(all.length).toBeGreaterThan(100);
        expect(all.map(figureOf)).toContain('investigations.previous.total');
        expect(all.map(figureOf)).toContain('completeness.casesWithoutProvision');
        for (const href of all)
          for (let offset = 0; ; offset += 1) {
            const page = await call(who, 'GET', `${href}&offset=${offset}&limit=1`);
            expect(page.status).toBe(200);
            expect(page.text).not.toContain(sealedId);
            if (page.json().next === null) break;
          }
      }
    const csv = await call('auditor', 'GET', '/api/reports/annual.csv?year=2016');
    expect(csv.status).toBe(200);
    expect(csv.text).not.toContain(sealedId);
    expect(
      (await call('police supervisor', 'GET', '/api/reports/annual.csv?year=2016')).text,
    ).toContain(sealedId);
  });

  it('refuses an analyst the records behind a figure the publication suppresses, and any other', async () => {
    // The analyst sees the published report only: investigations of 2016 is one case (the
    // sealed one), a small count the publication hides. Asking for the records behind it, by
    // the address the internal report gives or by a guessed one, is refused and logged.
    const published = await call('analyst', 'GET', '/api/reports/annual/public?year=2016');
    expect(published.status).toBe(200);
    expect((published.json().investigations as { total: unknown }).total).toBe('x');
    const member = await call('police supervisor', 'GET', '/api/reports/annual?year=2016');
    const href = (member.json().investigations as { records: { total: { href: string } } }).records
      .total.href;
    for (const url of [
      href,
      '/api/reports/annual/records?year=2016&figure=investigations.total',
      '/api/reports/annual/records?year=2016&period=tip&figure=investigations.byForm.unknown',
      '/api/reports/annual/records?from=2016-01-01&to=2016-12-31&figure=victims.identified',
    ]) {
      const refused = await call('analyst', 'GET', url);
      expect(refused.status).toBe(403);
      expect(refused.text).not.toContain(sealedId);
      expect(refused.text).not.toContain('case:');
    }
    // Nor may an analyst reach the internal report that names the addresses.
    expect((await call('analyst', 'GET', '/api/reports/annual?year=2016')).status).toBe(403);
  });

  it('does not confirm a guessed reference through the search filter', async () => {
    for (const guess of ['NIGHTJAR', secretReference, 'op-nightjar']) {
      const outsider = await call(
        'outside investigator',
        'GET',
        `/api/cases?reference=${encodeURIComponent(guess)}`,
      );
      expect(outsider.status).toBe(200);
      expect(outsider.json().total).toBe(0);
      const member = await call(
        'police investigator',
        'GET',
        `/api/cases?reference=${encodeURIComponent(guess)}`,
      );
      expect(member.json().total).toBe(1);
    }
    // The unfiltered list still shows that a sealed case exists, and nothing else about it.
    const all = await call('outside investigator', 'GET', '/api/cases?limit=100');
    expect(all.text).toContain(sealedId);
    expect(all.text).not.toContain(secretReference);
  });

  it("keeps a supervisor not on the seal list out of the case's team, without naming the reference", async () => {
    const added = await call('regional supervisor', 'POST', `/api/cases/${sealedId}/team`, {
      userId: ids.get('outside investigator')!,
    });
    expect(added.status).toBe(403);
    expect(added.text).not.toContain(secretReference);
    const listed = await call('regional supervisor', 'GET', `/api/cases/${sealedId}/team`);
    expect(listed.status).toBe(403);
    expect(listed.text).not.toContain(secretReference);
    const removed = await call(
      'regional supervisor',
      'DELETE',
      `/api/cases/${sealedId}/team/${ids.get('police investigator')!}`,
    );
    expect(removed.status).toBe(403);
    const rows = await db.handle.db
      .selectFrom('case_team')
      .selectAll()
      .where('case_id', '=', sealedId)
      .execute();
    expect(rows).toEqual([]);
    // On an unsealed case, the refusal names the case by id only.
    const open = await policeCase('KG-OPEN-REF-1');
    const refused = await call('outside investigator', 'GET', `/api/cases/${open.id}/team`);
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain('KG-OPEN-REF-1');
  });

  it("lets only the case's team seal, and a seal that locks the team out waits for a supervisor", async () => {
    const target = await policeCase('KG-SEAL-TARGET-1');
    const outsiderSeal = await call('outside prosecutor', 'POST', `/api/cases/${target.id}/seal`, {
      version: target.version,
      userIds: [ids.get('outside prosecutor')!],
      reasonText: 'lock the police out',
    });
    expect(outsiderSeal.status).toBe(403);
    // Added to the team, the prosecutor may ask; sealing the police out needs four eyes.
    expect(
      (
        await call('police investigator', 'POST', `/api/cases/${target.id}/team`, {
          userId: ids.get('outside prosecutor')!,
        })
      ).status,
    ).toBe(201);
    const asked = await call('outside prosecutor', 'POST', `/api/cases/${target.id}/seal`, {
      version: target.version,
      userIds: [ids.get('outside prosecutor')!],
      reasonText: 'operational secrecy',
    });
    expect(asked.status).toBe(202);
    const request = asked.json() as { result: string; approval: { id: string } };
    expect(request.result).toBe('pending');
    const still = await call('police investigator', 'GET', `/api/cases/${target.id}`);
    expect(still.json().sealed).toBe(false);
    // The police, whom the seal would lock out, do not read its reason while it waits.
    const pending = await call(
      'police investigator',
      'GET',
      `/api/approvals/${request.approval.id}`,
    );
    expect(pending.text).not.toContain('operational secrecy');
    const approved = await call(
      'second supervisor',
      'POST',
      `/api/approvals/${request.approval.id}/approve`,
      { version: 1 },
    );
    expect(approved.status).toBe(200);
    expect((await call('police investigator', 'GET', `/api/cases/${target.id}`)).status).toBe(403);
    expect((await call('outside prosecutor', 'GET', `/api/cases/${target.id}`)).status).toBe(200);
    // A seal that keeps the opening agency on the list needs no approval.
    const other = await policeCase('KG-SEAL-TARGET-2');
    const direct = await call('police investigator', 'POST', `/api/cases/${other.id}/seal`, {
      version: other.version,
      userIds: [ids.get('police supervisor')!],
      reasonText: 'witness safety',
    });
    expect(direct.status).toBe(403); // investigators do not seal at all
    const bySupervisor = await call('police supervisor', 'POST', `/api/cases/${other.id}/seal`, {
      version: other.version,
      userIds: [ids.get('police investigator')!],
      reasonText: 'witness safety',
    });
    expect(bySupervisor.status).toBe(200);
  });

  it("reads a record's history only with the record's own permission", async () => {
    const allegation = await createAllegation(db.ctx, testActor, {
      jurisdiction: 'KG',
      receivedOn: '2016-06-01',
      source: 'ngo',
      allegation: 'Synthetic: an inspector warned the suspects before the raid',
      accusedAgencyId: ids.get('police agency')!,
    });
    const asInvestigator = await call(
      'outside investigator',
      'GET',
      `/api/history/complicity_allegation/${allegation.id}`,
    );
    expect(asInvestigator.status).toBe(403);
    expect(asInvestigator.text).not.toContain('inspector');
    const asAuditor = await call(
      'auditor',
      'GET',
      `/api/history/complicity_allegation/${allegation.id}`,
    );
    expect(asAuditor.status).toBe(200);
    expect(asAuditor.text).toContain('inspector');
    const staff = await call(
      'outside investigator',
      'GET',
      `/api/history/user/${ids.get('police supervisor')!}`,
    );
    expect(staff.status).toBe(403);
    const cases = await call('outside investigator', 'GET', `/api/history/case/${sealedId}`);
    expect(cases.status).toBe(403);
    expect(cases.text).not.toContain(secretReference);
  });
});
