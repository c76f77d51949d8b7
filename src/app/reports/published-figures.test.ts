/**
 * Previous periods without records (issue 13, part 6): a year's figures as a publication
 * printed them, recorded with their source by an authorised user, shown as such in the
 * report (JSON, narrative, HTML) and never added to the counts from records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { makeAgencies, makeUser, testActor } from '../../../test/factories.ts';
import type { Actor } from '../common/context.ts';
import { historyOf } from '../integrity/history.ts';
import { listPublishedFigures, recordPublishedFigures } from './published-figures.ts';
import { annualReport } from './annual-report.ts';
import { renderReport } from './exports/export.ts';

const source = {
  title: '2016 Trafficking in Persons Report: Kyrgyz Republic',
  url: 'https://2009-2017.state.gov/j/tip/rls/tiprpt/countries/2016/258790.htm',
};

describe.each(engines)('published figures of a previous period on $name', (engine) => {
  let db: TestDatabase;
  let supervisor: Actor;
  let investigator: Actor;
  beforeAll(async () => {
    db = await engine.open();
    const { police } = await makeAgencies(db.ctx);
    const actorOf = (u: { id: string; username: string; roles: readonly string[] }): Actor => ({
      id: u.id,
      username: u.username,
      agencyId: police.id,
      roles: u.roles as Actor['roles'],
    });
    supervisor = actorOf(await makeUser(db.ctx, police.id, ['supervisor']));
    investigator = actorOf(await makeUser(db.ctx, police.id, ['investigator']));
  });
  afterAll(async () => {
    await db.close();
  });

  it('says "not reported" until the figures a publication printed are recorded, then names the source', async () => {
    const before = await annualReport(db.ctx, testActor, { year: 2016, jurisdiction: 'KG' });
    expect(before.previousPublished).toBeNull();
    expect(before.narrative.paragraphs.join(' ')).toContain(
      'The number of trafficking investigations in 2015 was not reported.',
    );

    await expect(
      recordPublishedFigures(db.ctx, investigator, {
        jurisdiction: 'KG',
        year: 2015,
        figures: { investigations: 40 },
        source,
      }),
    ).rejects.toMatchObject({ code: 'Forbidden' });
    await expect(
      recordPublishedFigures(db.ctx, supervisor, {
        jurisdiction: 'KG',
        year: 2015,
        figures: {},
        source,
      }),
    ).rejects.toThrow('give at least one figure the source printed');

    const recorded = await recordPublishedFigures(db.ctx, supervisor, {
      jurisdiction: 'KG',
      year: 2015,
      figures: { investigations: 40, prosecutions: 21, convictions: 17 },
      source,
    });
    expect(recorded).toMatchObject({
      periodKind: 'calendar',
      figures: { investigations: 40, prosecutions: 21, defendants: null, victims: null },
      version: 1,
    });

    const report = await annualReport(db.ctx, testActor, { year: 2016, jurisdiction: 'KG' });
    expect(report.previousPublished?.figures.investigations).toBe(40);
    // Never mixed into the counts from records: the registry holds none for 2015.
    expect(report.investigations.previous.total).toBe(0);
    const text = report.narrative.paragraphs.join(' ');
    expect(text).toContain(
      'In comparison, 2016 Trafficking in Persons Report: Kyrgyz Republic reported 40 trafficking investigations in 2015 (a published figure, not counted from the registry’s records).',
    );
    expect(text).toContain(
      'compared with 21 cases in 2015 as reported by 2016 Trafficking in Persons Report: Kyrgyz Republic (a published figure',
    );
    expect(text).toContain('compared with 17 offenders convicted in 2015 as reported by');
    const ru = await annualReport(db.ctx, testActor, {
      year: 2016,
      jurisdiction: 'KG',
      lang: 'ru',
    });
    expect(ru.narrative.paragraphs.join(' ')).toContain(
      'Для сравнения, по данным источника «2016 Trafficking in Persons Report: Kyrgyz Republic», в 2015 году было проведено 40 расследований (опубликованная цифра, а не подсчёт по записям реестра).',
    );
    const html = (await renderReport(db.ctx, report, 'html')).body as string;
    expect(html).toContain(
      '<h2 id="published">2015 as published: 2016 Trafficking in Persons Report: Kyrgyz Republic</h2>',
    );
    expect(html).toContain(
      '<tr><th scope="row">Investigations (cases)</th><td class="n">40</td><td class="n">0</td></tr>',
    );
    expect(html).toContain(
      '<tr><th scope="row">Defendants</th><td class="n">—</td><td class="n">0</td></tr>',
    );
  });

  it('replaces them only with the version last read, and keeps every change in the log', async () => {
    const [current] = await listPublishedFigures(db.ctx, supervisor, { jurisdiction: 'KG' });
    expect(current?.version).toBe(1);
    const change = {
      jurisdiction: 'KG',
      year: 2015,
      figures: { investigations: 41 },
      source,
    };
    await expect(recordPublishedFigures(db.ctx, supervisor, change)).rejects.toMatchObject({
      code: 'Conflict',
    });
    await expect(
      recordPublishedFigures(db.ctx, supervisor, { ...change, version: 7 }),
    ).rejects.toMatchObject({ code: 'VersionConflict' });
    const replaced = await recordPublishedFigures(db.ctx, supervisor, { ...change, version: 1 });
    expect(replaced).toMatchObject({
      version: 2,
      figures: { investigations: 41, prosecutions: null },
    });
    const history = await historyOf(db.ctx, supervisor, 'published_figures', replaced.id);
    expect(history.map((h) => h.action)).toEqual([
      'published_figures.create',
      'published_figures.update',
    ]);
    await expect(
      recordPublishedFigures(db.ctx, supervisor, { ...change, jurisdiction: 'ZZ', year: 2014 }),
    ).rejects.toThrow('no statute pack is installed for ZZ');
    await expect(
      recordPublishedFigures(db.ctx, supervisor, { ...change, year: 2200 }),
    ).rejects.toThrow('has not ended');
  });
});
