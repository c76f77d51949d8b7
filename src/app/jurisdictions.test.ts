import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../test/engines.ts';
import type { TestDatabase } from '../../test/engines.ts';
import { createAgency } from './agencies.ts';
import { ensureAdministrator } from './auth/bootstrap.ts';
import { systemActor } from './context.ts';
import { administrationJurisdiction, resolveJurisdiction } from './jurisdictions.ts';
import { annualReport } from './reports/annual-report.ts';
import { reportYears } from './reports/years.ts';

describe.each(engines)('the jurisdiction in use on $name', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await engine.open();
  });
  afterAll(async () => {
    await db.close();
  });

  it('is the default once one is used, whatever agency the first administrator got', async () => {
    // An empty database with the shipped packs (KG and US): the first administrator's agency
    // belongs to no installed jurisdiction, so it never counts as one in use.
    const first = await administrationJurisdiction(db.ctx);
    expect(first).toBe('ZZ');
    expect((await ensureAdministrator(db.ctx, first))?.username).toBe('admin');
    await expect(resolveJurisdiction(db.ctx, undefined)).rejects.toThrow(
      'no agency of an installed jurisdiction (KG, US) exists yet',
    );
    expect((await reportYears(db.ctx, systemActor, {})).jurisdiction).toBeNull();

    await createAgency(db.ctx, systemActor, { jurisdiction: 'KG', name: 'Police', kind: 'police' });
    expect(await resolveJurisdiction(db.ctx, undefined)).toBe('KG');
    expect(await resolveJurisdiction(db.ctx, 'us')).toBe('US');
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
