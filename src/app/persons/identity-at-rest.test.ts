import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/engines.ts';
import { makeAgencies, makeCase, makeUser } from '../../../test/factories.ts';
import { checkpointSqlite, createDb, migrateOrThrow } from '../../db/create-db.ts';
import { findActor } from '../agencies/agencies.ts';
import { createAppContext } from '../common/context.ts';
import { sealPlaintextIdentities } from '../crypto/keys.ts';
import { memoryKeyring } from '../crypto/keyring.ts';
import { getIdentity, recordIdentity } from './identity.ts';
import { toJurisdictionCode } from '../../core/jurisdiction.ts';

const dir = mkdtempSync(join(tmpdir(), 'palermo-at-rest-'));

/** Every encoding a database could hold text in: UTF-8 and UTF-16 in both byte orders. */
function encodings(text: string): Buffer[] {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.from(le);
  be.swap16();
  return [Buffer.from(text, 'utf8'), le, be];
}

function filesOf(dbFile: string): string[] {
  return [dbFile, `${dbFile}-wal`, `${dbFile}-shm`].filter((path) => existsSync(path));
}

describe('identity at rest in a SQLite file', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("leaves no byte of a victim's name or document number in the .db, -wal or -shm files", async () => {
    const dbFile = join(dir, 'registry.db');
    const handle = createDb(dbFile);
    await migrateOrThrow(handle.db);
    const ctx = createAppContext(handle.db, 'sqlite', testConfig(), { keyring: memoryKeyring() });
    const { police } = await makeAgencies(ctx);
    const { caseId, victim, suspect } = await makeCase(ctx, police.id);
    const { actor } = (await findActor(ctx, (await makeUser(ctx, police.id)).id))!;

    const secrets = ['Synthetic Aizada Kriptova', 'KR7788990', 'Old Plaintext Name', 'OLD5544332'];
    await recordIdentity(ctx, actor, victim.id, {
      fullName: secrets[0],
      documentType: 'passport',
      documentNumber: secrets[1],
    });
    // A row from before encryption, sealed as at start-up: its plaintext must not survive
    // in free space either (SQLite runs with secure_delete; this checks the outcome).
    const at = new Date().toISOString();
    await handle.db
      .insertInto('person_identities')
      .values({
        person_id: suspect.id,
        jurisdiction: toJurisdictionCode('KG'),
        case_id: caseId,
        full_name: secrets[2]!,
        aliases: null,
        birth_date: null,
        document_number: secrets[3]!,
        contacts: null,
        address: null,
        identity_ciphertext: null,
        identity_nonce: null,
        wrapped_key: null,
        key_id: null,
        shredded_at: null,
        shred_reason: null,
        version: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await checkpointSqlite(handle);
    expect(await sealPlaintextIdentities(ctx)).toBe(1);
    expect((await getIdentity(ctx, actor, suspect.id)).fullName).toBe(secrets[2]);
    expect((await getIdentity(ctx, actor, victim.id)).documentNumber).toBe(secrets[1]);
    await checkpointSqlite(handle);
    await handle.close();

    const files = filesOf(dbFile);
    expect(files).toContain(dbFile);
    const bytes = files.map((path) => readFileSync(path));
    expect(bytes[0]!.length).toBeGreaterThan(4096);
    for (const secret of secrets) {
      for (const needle of encodings(secret)) {
        for (const [i, content] of bytes.entries())
          expect(content.includes(needle), `${secret} in ${files[i]}`).toBe(false);
      }
    }
    // The scan can find what is there: the person id is stored in clear in the same file.
    expect(bytes[0]!.includes(Buffer.from(victim.id, 'utf8'))).toBe(true);
  });
});
