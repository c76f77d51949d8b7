import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliSandbox } from '../../../test/cli.ts';
import { engines } from '../../../test/engines.ts';
import { buildServer } from '../../http/server.ts';
import { packsDir } from '../../../test/packs.ts';
import { isDomainError } from '../../core/errors.ts';
import { getPack } from '../../core/statutes/registry.ts';
import { invalidPacks, listJurisdictions } from './law.service.ts';
import { loadPacks } from './load-packs.ts';
import { toJurisdictionCode } from '../../core/jurisdiction.ts';

/** A packs directory whose KG pack has one broken line: art. 124's kind is not a kind. */
function brokenKg() {
  const packs = packsDir({ copy: ['kg'], fixtures: ['kz'] });
  const file = join(packs.dir, 'kg', 'art-124.yaml');
  const text = readFileSync(file, 'utf8');
  const line = text.split('\n').findIndex((l) => l === '    kind: trafficking') + 1;
  expect(line).toBeGreaterThan(0);
  writeFileSync(file, text.replace('    kind: trafficking', '    kind: smuggling'));
  return { ...packs, line };
}

describe('one broken pack does not take down the others', () => {
  const broken = brokenKg();
  afterAll(() => broken.cleanup());

  it('loads the others and reports the broken one with file:line problems', () => {
    const registry = loadPacks(broken.dir);
    expect(listJurisdictions(registry).map((j) => j.code)).toEqual(['KZ', 'US']);
    expect(invalidPacks(registry)).toEqual([
      {
        name: 'kg',
        code: 'KG',
        errors: [expect.objectContaining({ file: 'kg/art-124.yaml', line: broken.line })],
      },
    ]);
    expect(getPack(registry, toJurisdictionCode('US')).code).toBe('US');
    try {
      getPack(registry, toJurisdictionCode('KG'));
      expect.unreachable();
    } catch (error) {
      expect(isDomainError(error, 'PackInvalid')).toBe(true);
      expect(String(error)).toContain(`kg/art-124.yaml:${broken.line}:`);
    }
  });

  it('a pack naming a screening set that is missing is refused alone', () => {
    const packs = packsDir({ copy: ['us'] });
    try {
      const file = join(packs.dir, 'us', 'pack.yaml');
      writeFileSync(
        file,
        readFileSync(file, 'utf8').replace(
          'screening: [ilo-forced-labour, sexual-exploitation]',
          'screening: [ilo-forced-labour, no-such-set]',
        ),
      );
      const registry = loadPacks(packs.dir);
      expect([...registry.packs.keys()]).toEqual(['KG']);
      expect(registry.invalid[0]?.errors[0]?.reason).toContain(
        '"no-such-set", which is not installed',
      );
    } finally {
      packs.cleanup();
    }
  });

  it('palermo law list names it; law check us still works; law check kg names the line', async () => {
    const { palermo, cleanup } = cliSandbox('broken-pack', {
      PALERMO_JURISDICTIONS_DIR: broken.dir,
    });
    try {
      const list = await palermo('law', 'list');
      expect(list.code).toBe(0);
      expect(list.stdout).toMatch(/^US\s+United States/m);
      expect(list.stdout).toMatch(/^KG\s+INVALID, not loaded:/m);
      expect(list.stdout).toContain(`kg/art-124.yaml:${broken.line}:`);
      const us = await palermo('law', 'check', 'us', '--as-of', '2016-06-01');
      expect(us.code).toBe(0);
      const kg = await palermo('law', 'check', 'kg', '--as-of', '2016-06-01');
      expect(kg.code).not.toBe(0);
      expect(kg.stderr).toContain(`kg/art-124.yaml:${broken.line}:`);
    } finally {
      cleanup();
    }
  }, 180_000);

  it.each(engines)('GET /api/health reports it on $name', async (engine) => {
    const db = await engine.open({ statutes: () => loadPacks(broken.dir) });
    const app = await buildServer({ ctx: db.ctx, auth: 'required', logLevel: 'silent' });
    try {
      const health = await app.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(200);
      expect(health.json()).toMatchObject({
        statutePacks: {
          loaded: ['KZ', 'US'],
          invalid: [{ name: 'kg', errors: [{ file: 'kg/art-124.yaml', line: broken.line }] }],
          problem: null,
        },
      });
    } finally {
      await app.close();
      await db.close();
    }
  });
});
