import fc from 'fast-check';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import { makeAgencies, makeUser, unique } from '../../../test/factories.ts';
import { isDomainError } from '../../core/errors.ts';
import { reportPeriods } from '../../core/stats/period.ts';
import { findActor } from '../agencies/agencies.ts';
import { approveRequest, requestApproval } from '../approvals/approvals.ts';
import { getCase, openCase } from '../cases/cases.ts';
import { correctEvent } from '../cases/corrections.ts';
import { appliedCase, recordCaseEvent } from '../cases/events.ts';
import { sealCase } from '../cases/sealing.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { addCharge, updateCharge } from '../persons/charges.ts';
import { addPerson, updatePerson } from '../persons/persons.ts';
import { recordVictim } from '../persons/victim-records.ts';
import { recomputeReport, recountReport } from './annual-report.ts';
import { summariesUnlikeRecords } from './case-summaries.ts';
import { up as packedIds } from '../../db/migrations/2026-12-01T1245_case_stats_packed_ids.ts';
import { toJurisdictionCode } from '../../core/jurisdiction.ts';

/**
 * The report counted from the per-case summaries (case_stats) equals a full recount from the
 * records after every step of random histories: written through the use-cases (cases, victims,
 * charges, referrals, verdicts, corrections of a person, a charge and an event's date, a
 * deletion with four eyes, sealing) and by a hand outside the application (an UPDATE in SQL),
 * which only the database's triggers see. The summaries persist across steps, so each step
 * reads some fresh and rebuilds the stale.
 */
const KG = toJurisdictionCode('KG');
const pick = fc.nat();
const open = fc.record({
  kind: fc.constant('open' as const),
  year: fc.constantFrom(2014, 2015, 2016),
  month: fc.integer({ min: 1, max: 12 }),
});
const step = fc.oneof(
  { arbitrary: open, weight: 3 },
  fc.record({
    kind: fc.constant('victim' as const),
    pick,
    years: fc.option(fc.integer({ min: 8, max: 60 })),
    forms: fc.constantFrom(['sexual'], ['forced_labour'], null),
    identified: fc.constantFrom('2014-03-01', '2015-06-01', '2016-06-01', '2017-02-01'),
  }),
  fc.record({ kind: fc.constant('conviction' as const), pick }),
  fc.record({ kind: fc.constant('age' as const), pick, years: fc.integer({ min: 8, max: 60 }) }),
  fc.record({
    kind: fc.constant('article' as const),
    pick,
    article: fc.constantFrom('124', '260'),
  }),
  fc.record({
    kind: fc.constant('referral' as const),
    pick,
    on: fc.constantFrom('2015-11-20', '2016-08-02', '2016-12-30'),
  }),
  fc.record({ kind: fc.constant('delete' as const), pick }),
  fc.record({ kind: fc.constant('seal' as const), pick }),
  fc.record({ kind: fc.constant('raw' as const), pick, years: fc.integer({ min: 8, max: 60 }) }),
);

/** A police agency and a user of it with `roles`, as the use-cases see a signed-in user. */
async function policeUser(ctx: AppContext, roles: Parameters<typeof makeUser>[2]) {
  const { police } = await makeAgencies(ctx);
  const found = await findActor(ctx, (await makeUser(ctx, police.id, roles)).id);
  if (found == null) throw new Error('no actor');
  return { police, actor: found.actor };
}

/** Runs a use-case; a refusal (a domain error) is part of a random history, anything else is not. */
async function attempt(work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (!isDomainError(error)) throw error;
  }
}

describe.each(engines)('the report from case summaries on $name', (engine) => {
  it('equals a full recount from the records after every step of random histories', async () => {
    await fc.assert(
      fc.asyncProperty(
        open,
        fc.array(step, { minLength: 1, maxLength: 14 }),
        async (first, rest) => {
          const steps = [first, ...rest];
          const db = await engine.open();
          try {
            const { ctx } = db;
            const { police, court } = await makeAgencies(ctx);
            const actorOf = async (id: string): Promise<Actor> => {
              const found = await findActor(ctx, id);
              if (found == null) throw new Error(`no actor ${id}`);
              return found.actor;
            };
            const writer = await actorOf(
              (await makeUser(ctx, police.id, ['supervisor', 'investigator', 'judge'])).id,
            );
            const approver = await actorOf((await makeUser(ctx, police.id, ['supervisor'])).id);
            const periods = reportPeriods({ year: 2016, kind: 'calendar' });
            const earlier = reportPeriods({ year: 2014, kind: 'calendar' });
            const caseIds: string[] = [];
            const check = async () => {
              // Stale summaries rebuilt only for the window's cases (as after a bulk load):
              // those outside it stay stale and are rebuilt by a report over an earlier year.
              const fast = await recomputeReport(ctx, KG, periods, { manyStale: 0 });
              expect(fast).toEqual(await recountReport(ctx, KG, periods));
              expect(await recomputeReport(ctx, KG, earlier, { manyStale: 0 })).toEqual(
                await recountReport(ctx, KG, earlier),
              );
              // Every stale summary rebuilt (as after a few writes); nothing stale is left
              // behind a report that read the window.
              const again = await recomputeReport(ctx, KG, periods);
              expect(again).toEqual(fast);
            };
            const personOf = async (caseId: string, n: number) => {
              const persons = await ctx.db
                .selectFrom('persons')
                .select(['id', 'version'])
                .where('case_id', '=', caseId)
                .orderBy('id')
                .execute();
              return persons.length === 0 ? undefined : persons[n % persons.length];
            };
            for (const s of steps) {
              const caseId =
                caseIds.length === 0
                  ? undefined
                  : caseIds[('pick' in s ? s.pick : 0) % caseIds.length];
              if (s.kind === 'open') {
                const opened = await openCase(ctx, writer, {
                  jurisdiction: 'KG',
                  reference: unique('KG-S'),
                  openedOn: `${s.year}-${String(s.month).padStart(2, '0')}-10`,
                  openingAgencyId: police.id,
                  origin: 'victim_complaint',
                  summary: 'Synthetic property-test case',
                });
                caseIds.push(opened.id);
              } else if (caseId === undefined) {
                continue;
              } else if (s.kind === 'victim') {
                await attempt(async () => {
                  const person = await addPerson(ctx, writer, caseId, {
                    role: 'victim',
                    label: unique('V'),
                    age: s.years === null ? null : { kind: 'exact', years: s.years },
                  });
                  if (s.forms !== null)
                    await recordVictim(ctx, writer, person.id, {
                      forms: [...s.forms],
                      identifiedOn: s.identified,
                    });
                });
              } else if (s.kind === 'conviction') {
                await attempt(async () => {
                  const suspect = await addPerson(ctx, writer, caseId, {
                    role: 'suspect',
                    label: unique('S'),
                  });
                  const charge = await addCharge(ctx, writer, caseId, {
                    personId: suspect.id,
                    statute: { jurisdiction: 'KG', instrument: 'cc1997', article: '124' },
                    chargedOn: '2016-07-01',
                  });
                  let current = await getCase(ctx, writer, caseId);
                  if (current.status === 'open')
                    current = appliedCase(
                      await recordCaseEvent(ctx, writer, caseId, {
                        kind: 'refer',
                        caseVersion: current.version,
                        occurredOn: '2016-08-01',
                        agencyId: police.id,
                      }),
                    );
                  appliedCase(
                    await recordCaseEvent(ctx, writer, caseId, {
                      kind: 'verdict',
                      caseVersion: current.version,
                      occurredOn: '2016-09-01',
                      personId: suspect.id,
                      chargeId: charge.id,
                      outcome: 'convicted',
                      courtAgencyId: court.id,
                    }),
                  );
                });
              } else if (s.kind === 'age') {
                const person = await personOf(caseId, s.pick);
                if (person !== undefined)
                  await attempt(() =>
                    updatePerson(ctx, writer, person.id, {
                      version: person.version,
                      reason: 'Synthetic: age corrected',
                      age: { kind: 'exact', years: s.years },
                    }),
                  );
              } else if (s.kind === 'article') {
                const charge = await ctx.db
                  .selectFrom('charges')
                  .select(['id', 'version'])
                  .where('case_id', '=', caseId)
                  .orderBy('id')
                  .executeTakeFirst();
                if (charge !== undefined)
                  await attempt(() =>
                    updateCharge(ctx, writer, charge.id, {
                      version: charge.version,
                      reason: 'Synthetic: article corrected',
                      statute: { jurisdiction: 'KG', instrument: 'cc1997', article: s.article },
                    }),
                  );
              } else if (s.kind === 'referral') {
                const event = await ctx.db
                  .selectFrom('case_events')
                  .select('id')
                  .where('case_id', '=', caseId)
                  .where('kind', '=', 'refer')
                  .executeTakeFirst();
                if (event !== undefined)
                  await attempt(async () =>
                    correctEvent(ctx, writer, caseId, event.id, {
                      caseVersion: (await getCase(ctx, writer, caseId)).version,
                      reason: 'Synthetic: date corrected',
                      occurredOn: s.on,
                    }),
                  );
              } else if (s.kind === 'delete') {
                const person = await personOf(caseId, s.pick);
                if (person !== undefined)
                  await attempt(async () => {
                    const request = await requestApproval(ctx, writer, {
                      action: 'record.delete',
                      entityType: 'person',
                      entityId: person.id,
                      reasonCode: 'duplicate',
                      reasonText: 'Synthetic: entered twice',
                    });
                    await approveRequest(ctx, approver, request.id, { version: 1 });
                  });
              } else if (s.kind === 'seal') {
                await attempt(async () =>
                  sealCase(ctx, writer, caseId, {
                    version: (await getCase(ctx, writer, caseId)).version,
                    userIds: [writer.id],
                    reasonText: 'Synthetic: property test',
                  }),
                );
              } else {
                // A hand in the database, outside the application and its log.
                await sql`update persons set age_years = ${s.years}
                where case_id = ${caseId} and role = 'victim'`.execute(ctx.db);
              }
              await check();
            }
          } finally {
            await db.close();
          }
        },
      ),
      { numRuns: 6 },
    );
  }, 600_000);

  it('dates the stale summaries a window leaves, and a later window finds each by its dates', async () => {
    const db = await engine.open();
    try {
      const { ctx } = db;
      const { police, actor } = await policeUser(ctx, ['supervisor', 'investigator']);
      // Opened in 2014, its victim identified in 2016: only the victim puts it in 2016's window.
      const opened = await openCase(ctx, actor, {
        jurisdiction: 'KG',
        reference: unique('KG-D'),
        openedOn: '2014-02-10',
        openingAgencyId: police.id,
        origin: 'victim_complaint',
        summary: 'Synthetic dated case',
      });
      const person = await addPerson(ctx, actor, opened.id, {
        role: 'victim',
        label: unique('V'),
      });
      await recordVictim(ctx, actor, person.id, {
        forms: ['sexual'],
        identifiedOn: '2016-06-01',
      });
      // A report over 2011 (as after a bulk load: only its window's stale summaries rebuilt)
      // leaves the case outside its window, dated with its first and last dates.
      const y2011 = reportPeriods({ year: 2011, kind: 'calendar' });
      expect(await recomputeReport(ctx, KG, y2011, { manyStale: 0 })).toEqual(
        await recountReport(ctx, KG, y2011),
      );
      const dated = await ctx.db
        .selectFrom('case_stats')
        .select(['fresh', 'first_on', 'last_on'])
        .where('case_id', '=', opened.id)
        .executeTakeFirstOrThrow();
      expect(dated).toEqual({ fresh: 2, first_on: '2014-02-10', last_on: '2016-06-01' });
      expect(await summariesUnlikeRecords(ctx.db)).toEqual([]);
      // A report over 2016 with few stale summaries finds it by the window index and counts it.
      const y2016 = reportPeriods({ year: 2016, kind: 'calendar' });
      const report = await recomputeReport(ctx, KG, y2016);
      expect(report).toEqual(await recountReport(ctx, KG, y2016));
      expect(report.victims.identified).toBe(1);
      // Dates changed by hand would hide the case from windows it belongs to: verify says so.
      await sql`update case_stats set fresh = 2, last_on = '2014-02-10'
        where case_id = ${opened.id}`.execute(ctx.db);
      expect(await summariesUnlikeRecords(ctx.db)).toEqual([opened.id]);
    } finally {
      await db.close();
    }
  }, 120_000);

  it('marks stale every case a statement of many rows touches, and only those', async () => {
    const db = await engine.open();
    try {
      const { ctx } = db;
      const { police, actor } = await policeUser(ctx, ['investigator']);
      const [a, b, c] = await Promise.all(
        ['A', 'B', 'C'].map(async (name) => {
          const opened = await openCase(ctx, actor, {
            jurisdiction: 'KG',
            reference: unique(`KG-M${name}`),
            openedOn: '2016-03-10',
            openingAgencyId: police.id,
            origin: 'victim_complaint',
            summary: 'Synthetic multi-row case',
          });
          await addPerson(ctx, actor, opened.id, { role: 'victim', label: unique('V') });
          return opened.id;
        }),
      );
      if (a === undefined || b === undefined || c === undefined) throw new Error('no cases');
      const summaries = () =>
        ctx.db
          .selectFrom('case_stats')
          .select(['case_id', 'generation', 'fresh'])
          .where('case_id', 'in', [a, b, c])
          .execute()
          .then((rows) => new Map(rows.map((row) => [row.case_id, row])));
      /** Marks every summary fresh, runs `write`, and gives the cases it marked stale. */
      const touchedBy = async (write: () => Promise<unknown>) => {
        await sql`update case_stats set fresh = 1`.execute(ctx.db);
        const before = await summaries();
        await write();
        const after = await summaries();
        const touched: string[] = [];
        for (const [id, row] of before) {
          const now = after.get(id);
          if (now === undefined) touched.push(`${id} deleted`);
          else if (now.fresh === 0 && now.generation > row.generation) touched.push(id);
          else expect(now).toEqual(row);
        }
        return touched.sort();
      };
      const persons = await ctx.db
        .selectFrom('persons')
        .selectAll()
        .where('case_id', 'in', [a, b])
        .execute();
      const copies = persons.map((person) => ({ ...person, id: `${person.id}-copy` }));
      // One INSERT of rows of two cases (as the import's bulk inserts do).
      expect(await touchedBy(() => ctx.db.insertInto('persons').values(copies).execute())).toEqual(
        [a, b].sort(),
      );
      // One UPDATE moving a row from one case to another: both cases.
      const moved = copies.find((copy) => copy.case_id === a)?.id ?? '';
      expect(
        await touchedBy(() =>
          ctx.db.updateTable('persons').set({ case_id: c }).where('id', '=', moved).execute(),
        ),
      ).toEqual([a, c].sort());
      // One DELETE of rows of two cases.
      expect(
        await touchedBy(() =>
          ctx.db
            .deleteFrom('persons')
            .where(
              'id',
              'in',
              copies.map((copy) => copy.id),
            )
            .execute(),
        ),
      ).toEqual([b, c].sort());
      // A case deleted (its children first): its summary goes with it.
      expect(
        await touchedBy(async () => {
          for (const table of ['persons', 'case_events'] as const)
            await ctx.db.deleteFrom(table).where('case_id', '=', c).execute();
          await ctx.db.deleteFrom('cases').where('id', '=', c).execute();
        }),
      ).toEqual([`${c} deleted`]);
      // An UPDATE of two cases' rows that changes nothing the report reads still marks both.
      expect(
        await touchedBy(() =>
          ctx.db
            .updateTable('cases')
            .set({ summary: 'Synthetic: both' })
            .where('id', 'in', [a, b])
            .execute(),
        ),
      ).toEqual([a, b].sort());
    } finally {
      await db.close();
    }
  }, 120_000);

  it('upgrades summaries of the format before: marked stale, rebuilt, the report unchanged', async () => {
    const db = await engine.open();
    try {
      const { ctx } = db;
      const { police, actor } = await policeUser(ctx, ['investigator']);
      for (const month of ['03', '07'])
        await openCase(ctx, actor, {
          jurisdiction: 'KG',
          reference: unique('KG-U'),
          openedOn: `2016-${month}-10`,
          openingAgencyId: police.id,
          origin: 'victim_complaint',
          summary: 'Synthetic upgrade case',
        });
      const periods = reportPeriods({ year: 2016, kind: 'calendar' });
      const report = await recomputeReport(ctx, KG, periods);
      // The format before: the same fields without the format's number (and ids, not indexes).
      const rows = await ctx.db.selectFrom('case_stats').select(['case_id', 'data']).execute();
      expect(rows.length).toBe(2);
      for (const row of rows) {
        const packed: unknown = JSON.parse(row.data ?? 'null');
        if (!Array.isArray(packed)) throw new Error('no summary');
        await ctx.db
          .updateTable('case_stats')
          .set({ data: JSON.stringify(packed.slice(0, 14)) })
          .where('case_id', '=', row.case_id)
          .execute();
      }
      await expect(recomputeReport(ctx, KG, periods)).rejects.toThrow(/is not one/);
      await packedIds(ctx.db);
      const fresh = await ctx.db
        .selectFrom('case_stats')
        .select('case_id')
        .where('fresh', '=', 1)
        .execute();
      expect(fresh).toEqual([]);
      expect(await recomputeReport(ctx, KG, periods)).toEqual(report);
      expect(await summariesUnlikeRecords(ctx.db)).toEqual([]);
    } finally {
      await db.close();
    }
  }, 120_000);
});
