import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { createAgency, listAgencies } from '../agencies/agencies.ts';
import { ensureAdministrator } from '../auth/bootstrap.ts';
import { systemActor } from '../common/context.ts';
import { administrationJurisdiction, resolveJurisdiction } from './jurisdictions.ts';
import { annualReport } from '../reports/annual-report.ts';
import { reportYears } from '../reports/years.ts';
import { toJurisdictionCode } from '../../core/jurisdiction.ts';

describe.each(engines)('the jurisdiction in use on $name', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await engine.open();
  });
  afterAll(async () => {
    await db.close();
  });

  it('is the default once one is used; an empty database gets no placeholder agency', async () => {
    // An empty database with the shipped packs (KG and US): no jurisdiction is known, so the
    // first administrator is not created and no agency is made until an operator names one.
    expect(await administrationJurisdiction(db.ctx)).toBeNull();
    await expect(ensureAdministrator(db.ctx, null)).rejects.toThrow(
      "several statute packs are installed (KG, US); name the registry's jurisdiction",
    );
    expect(await listAgencies(db.ctx, systemActor, {})).toMatchObject({ items: [] });
    await expect(administrationJurisdiction(db.ctx, toJurisdictionCode('xx'))).rejects.toThrow(
      'no statute pack is installed for XX (installed: KG, US)',
    );
    await expect(resolveJurisdiction(db.ctx, undefined)).rejects.toThrow(
      'no agency of an installed jurisdiction (KG, US) exists yet',
    );
    expect((await reportYears(db.ctx, systemActor, {})).jurisdiction).toBeNull();

    // The operator names it (serve --jurisdiction kg): the administrator's agency is in KG,
    // which is then the one jurisdiction in use and the default everywhere.
    const named = await administrationJurisdiction(db.ctx, toJurisdictionCode('kg'));
    expect(named).toBe('KG');
    expect((await ensureAdministrator(db.ctx, named))?.username).toBe('admin');
    expect((await listAgencies(db.ctx, systemActor, {})).items.map((a) => a.jurisdiction)).toEqual([
      'KG',
    ]);
    expect(await resolveJurisdiction(db.ctx, undefined)).toBe('KG');
    expect(await administrationJurisdiction(db.ctx)).toBe('KG');

    await createAgency(db.ctx, systemActor, { jurisdiction: 'KG', name: 'Police', kind: 'police' });
    expect(await resolveJurisdiction(db.ctx, undefined)).toBe('KG');
    expect(await resolveJurisdiction(db.ctx, toJurisdictionCode('us'))).toBe('US');
    expect((await reportYears(db.ctx, systemActor, {})).jurisdiction).toBe('KG');
    const report = await annualReport(db.ctx, systemActor, { year: 2016 });
    expect(report.meta.jurisdiction).toBe('KG');
    expect(await administrationJurisdiction(db.ctx)).toBe('KG');

    await createAgency(db.ctx, systemActor, { jurisdiction: 'US', name: 'FBI', kind: 'police' });
    await expect(resolveJurisdiction(db.ctx, undefined)).rejects.toThrow(
      'name one of those in use (KG, US)',
    );
    await expect(annualReport(db.ctx, systemActor, { year: 2016 })).rejects.toThrow(
      'name one of those in use (KG, US)',
    );
    expect((await reportYears(db.ctx, systemActor, {})).jurisdiction).toBeNull();
  });
});
