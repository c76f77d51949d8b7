import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../../test/engines.ts';
import type { TestDatabase } from '../../../test/engines.ts';
import { systemActor } from '../common/context.ts';
import { issueDemoPasswords, loadDemo } from '../demo/demo.ts';
import { ephemeralLogSigner } from '../integrity/log-key.ts';
import { logPublicKey } from '../integrity/log.ts';
import { verifyIntegrity } from '../integrity/verify.ts';
import { login } from './auth.ts';
import { setPassword } from './passwords.ts';
import { ensureAdministrator } from './bootstrap.ts';
import { toJurisdictionCode } from '../../core/jurisdiction.ts';

describe.each(engines)('first start on $name', (engine) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await engine.open();
  });
  afterAll(async () => {
    await db.close();
  });

  it('creates the administrator once, gives the demo users one-time passwords, and leaves a log that verifies', async () => {
    await loadDemo(db.ctx);
    const admin = await ensureAdministrator(db.ctx, toJurisdictionCode('KG'));
    expect(admin?.username).toBe('admin');
    expect(await ensureAdministrator(db.ctx, toJurisdictionCode('KG'))).toBeNull();
    const demo = await issueDemoPasswords(db.ctx);
    expect(demo.map((d) => d.username)).toContain('demo.supervisor');
    expect(await issueDemoPasswords(db.ctx)).toEqual([]);
    const supervisor = demo.find((d) => d.username === 'demo.supervisor')!;
    const grant = await login(
      db.ctx,
      { username: supervisor.username, password: supervisor.password },
      'test',
    );
    expect(grant.mustChangePassword).toBe(true);
    await setPassword(db.ctx, grant.actor, grant.actor.id, {
      currentPassword: supervisor.password,
      password: 'a brand new password',
    });
    // Credentials are not part of the logged records: setting them must not look like tampering.
    const report = await verifyIntegrity(db.ctx, systemActor, {
      verifierKey: logPublicKey(ephemeralLogSigner()),
    });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
  }, 120_000);
});
