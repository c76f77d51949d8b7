import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import { makeAgencies, makeUser, unique } from '../../../test/factories.ts';
import { findActor } from '../agencies/agencies.ts';
import { getCase, openCase } from '../cases/cases.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { appliedCase, recordCaseEvent } from '../cases/events.ts';
import { addCharge } from '../persons/charges.ts';
import { addPerson } from '../persons/persons.ts';
import { recordVictim } from '../persons/victim-records.ts';
import { sealCase } from '../cases/sealing.ts';
import { annualReport, recountReport } from './annual-report.ts';
import { withheldSealedRecords } from './withhold.ts';
import { reportPeriods } from '../../core/stats/period.ts';
import { toJurisdictionCode } from '../../core/jurisdiction.ts';
import { figureSections } from '../../core/stats/sections.ts';
import { figureRecords } from './figure-records.ts';

/**
 * Every figure's record list in a report, by its dotted path: each section's, this period's and
 * the previous period's (`<section>.previous.…`), the completeness counts' and the prison terms'.
 */
function recordLists(report: Awaited<ReturnType<typeof recountReport>>): [string, unknown][] {
  const out: [string, unknown][] = [];
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) out.push([path, node]);
    else if (typeof node === 'object' && node !== null)
      for (const [key, child] of Object.entries(node)) walk(child, `${path}.${key}`);
  };
  for (const section of figureSections) walk(report[section].records, section);
  walk(report.completeness.records, 'completeness');
  walk(report.details.records, 'details');
  return out;
}

/**
 * The annual report is kept for the audit log's head (head-cache.ts). On random histories
 * written through the use-cases, after every step, the answer from the cache must equal a full
 * recount (a context of its own, whose cache is empty), for a reader on a sealed case's access
 * list and for one who is not, and the outsider's answer must never name a sealed case's records;
 * the ids each figure's drill-down loads on demand must be the recount's, for each reader.
 */
const step = fc.oneof(
  fc.record({
    kind: fc.constant('open' as const),
    year: fc.constantFrom(2015, 2016),
    month: fc.integer({ min: 1, max: 5 }),
    origin: fc.constantFrom('victim_complaint', 'proactive_police', 'ngo_referral'),
  }),
  fc.record({
    kind: fc.constant('victim' as const),
    pick: fc.nat(),
    sex: fc.constantFrom('female', 'male', null),
    years: fc.option(fc.integer({ min: 8, max: 60 })),
    forms: fc.constantFrom(['sexual'], ['forced_labour'], null),
  }),
  fc.record({ kind: fc.constant('conviction' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('seal' as const), pick: fc.nat() }),
);

describe.each(engines)('the annual report kept for the log head on $name', (engine) => {
  it('equals a full recount after every step of random histories, for every reader', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const db = await engine.open();
        try {
          const { ctx } = db;
          const { police, court } = await makeAgencies(ctx);
          const actorOf = async (id: string): Promise<Actor> => {
            const found = await findActor(ctx, id);
            if (found == null) throw new Error(`no actor ${id}`);
            return found.actor;
          };
          const insider = await actorOf((await makeUser(ctx, police.id)).id);
          const outsider = await actorOf((await makeUser(ctx, police.id)).id);
          // Opens, writes and seals every case (only a case's team may seal it).
          const writer = await actorOf(
            (await makeUser(ctx, police.id, ['supervisor', 'investigator', 'judge'])).id,
          );
          const cases: { id: string; sealed: boolean }[] = [];
          const check = async () => {
            for (const reader of [insider, outsider]) {
              const kept = await annualReport(ctx, reader, { year: 2016 });
              const again = await annualReport(ctx, reader, { year: 2016 });
              const fresh: AppContext = { ...ctx };
              const recount = await annualReport(fresh, reader, { year: 2016 });
              expect(again).toBe(kept);
              expect(kept).toEqual(recount);
              // The ids a drill-down loads on demand (from the report kept for the head) are
              // those of a full recount from the records, figure by figure, for this reader;
              // over 2017 too, whose previous period (2016) holds most of the histories' records.
              for (const year of [2016, 2017]) {
                const truth = await withheldSealedRecords(
                  ctx,
                  reader,
                  await recountReport(
                    ctx,
                    toJurisdictionCode('KG'),
                    reportPeriods({ year, kind: 'calendar' }),
                  ),
                );
                const lists = recordLists(truth);
                // The previous period's lists and the completeness counts' are among them.
                expect(lists.filter(([f]) => f.startsWith('investigations.previous.'))).not.toEqual(
                  [],
                );
                expect(lists.map(([f]) => f)).toContain('completeness.casesWithoutProvision');
                for (const [figure, ids] of lists) {
                  const page = await figureRecords(ctx, reader, { year, figure, limit: 1000 });
                  expect([figure, page.ids, page.total]).toEqual([
                    figure,
                    ids,
                    Array.isArray(ids) ? ids.length : -1,
                  ]);
                  if (reader === outsider)
                    for (const sealed of cases.filter((c) => c.sealed))
                      expect(page.ids).not.toContain(`case:${sealed.id}`);
                }
              }
            }
            const seen = JSON.stringify(await annualReport(ctx, outsider, { year: 2016 }));
            for (const sealed of cases.filter((c) => c.sealed))
              expect(seen).not.toContain(`case:${sealed.id}`);
          };
          await check();
          for (const s of steps) {
            const target =
              cases.length === 0 ? undefined : cases[('pick' in s ? s.pick : 0) % cases.length];
            if (s.kind === 'open') {
              const opened = await openCase(ctx, writer, {
                jurisdiction: 'KG',
                reference: unique('KG-P'),
                openedOn: `${s.year}-${String(s.month).padStart(2, '0')}-15`,
                openingAgencyId: police.id,
                origin: s.origin,
                summary: 'Synthetic property-test case',
              });
              cases.push({ id: opened.id, sealed: false });
            } else if (target === undefined) {
              continue;
            } else if (s.kind === 'victim') {
              const person = await addPerson(ctx, writer, target.id, {
                role: 'victim',
                label: unique('V'),
                sex: s.sex,
                age: s.years === null ? null : { kind: 'exact', years: s.years },
              });
              if (s.forms !== null)
                await recordVictim(ctx, writer, person.id, {
                  forms: [...s.forms],
                  identifiedOn: '2016-06-01',
                });
            } else if (s.kind === 'conviction') {
              const suspect = await addPerson(ctx, writer, target.id, {
                role: 'suspect',
                label: unique('S'),
              });
              const charge = await addCharge(ctx, writer, target.id, {
                personId: suspect.id,
                statute: { jurisdiction: 'KG', instrument: 'cc1997', article: '124' },
                chargedOn: '2016-07-01',
              });
              let current = await getCase(ctx, writer, target.id);
              if (current.status === 'open')
                current = appliedCase(
                  await recordCaseEvent(ctx, writer, target.id, {
                    kind: 'refer',
                    caseVersion: current.version,
                    occurredOn: '2016-08-01',
                    agencyId: police.id,
                  }),
                );
              appliedCase(
                await recordCaseEvent(ctx, writer, target.id, {
                  kind: 'verdict',
                  caseVersion: current.version,
                  occurredOn: '2016-09-01',
                  personId: suspect.id,
                  chargeId: charge.id,
                  outcome: 'convicted',
                  courtAgencyId: court.id,
                }),
              );
            } else if (!target.sealed) {
              await sealCase(ctx, writer, target.id, {
                version: (await getCase(ctx, writer, target.id)).version,
                userIds: [insider.id, writer.id],
                reasonText: 'Synthetic: property test',
              });
              target.sealed = true;
            }
            await check();
          }
        } finally {
          await db.close();
        }
      }),
      { numRuns: 4 },
    );
  }, 600_000);
});
