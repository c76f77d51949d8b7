import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../core/errors.ts';
import { openIdentity, rewrapKey, sealIdentity } from './envelope.ts';
import type { SealedIdentity } from './envelope.ts';
import { staticKeyring } from './keyring.ts';
import {
  generateMasterKey,
  keyIdOf,
  loadOrCreateKeyFile,
  masterKeyFromBase64,
  readKeyFile,
} from './master-key.ts';

const secret = 'Synthetic Nurzhan Testov, passport AC1234567';
const binding = { personId: 'p-1', jurisdiction: 'KG', version: 1 };
const dir = mkdtempSync(join(tmpdir(), 'palermo-keys-'));

function refusal(work: () => unknown): DomainError {
  try {
    work();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

function flipByte(base64: string, at: number): string {
  const bytes = Buffer.from(base64, 'base64');
  bytes[at] = (bytes[at] ?? 0) ^ 0x01;
  return bytes.toString('base64');
}

describe('identity envelope encryption', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const keyring = staticKeyring(generateMasterKey());
  const sealed = sealIdentity(keyring, binding, Buffer.from(secret));

  it('round-trips, with a fresh data key and nonce each time and no plaintext stored', () => {
    expect(openIdentity(keyring, binding, sealed).toString()).toBe(secret);
    const again = sealIdentity(keyring, binding, Buffer.from(secret));
    expect(again.ciphertext).not.toBe(sealed.ciphertext);
    expect(again.wrappedKey).not.toBe(sealed.wrappedKey);
    expect(sealed.keyId).toBe(keyring.current().id);
    expect(JSON.stringify(sealed)).not.toContain('Nurzhan');
    expect(Buffer.from(sealed.wrappedKey, 'base64')).toHaveLength(12 + 32 + 16);
  });

  it('refuses a modified ciphertext, nonce or wrapped key with an integrity error and no plaintext', () => {
    const tampered: SealedIdentity[] = [
      { ...sealed, ciphertext: flipByte(sealed.ciphertext, 3) },
      {
        ...sealed,
        ciphertext: flipByte(
          sealed.ciphertext,
          Buffer.from(sealed.ciphertext, 'base64').length - 1,
        ),
      },
      { ...sealed, nonce: flipByte(sealed.nonce, 0) },
      { ...sealed, wrappedKey: flipByte(sealed.wrappedKey, 20) },
    ];
    for (const record of tampered) {
      const error = refusal(() => openIdentity(keyring, binding, record));
      expect(error.code).toBe('IntegrityViolation');
      expect(error.message).toContain('p-1');
      expect(`${error.message}${JSON.stringify(error.details)}`).not.toContain('Nurzhan');
    }
  });

  it('refuses a ciphertext read against another row (person, jurisdiction or version)', () => {
    for (const other of [
      { ...binding, personId: 'p-2' },
      { ...binding, jurisdiction: 'US' },
      { ...binding, version: 2 },
    ]) {
      const error = refusal(() => openIdentity(keyring, other, sealed));
      expect(error.code).toBe('IntegrityViolation');
      expect(error.message).not.toContain('Nurzhan');
    }
  });

  it('names the key id when the master key is not the one that wrapped the data key', () => {
    const wrong = staticKeyring(generateMasterKey());
    const error = refusal(() => openIdentity(wrong, binding, sealed));
    expect(error.code).toBe('KeyUnavailable');
    expect(error.message).toContain(sealed.keyId);
    expect(error.message).toContain(wrong.current().id);
    expect(error.message).not.toContain('Nurzhan');
  });

  it('rejects a key stored under a forged id: the id is bound into the wrapping', () => {
    const other = generateMasterKey();
    // The row claims the other key's id while its wrapped key came from the first key.
    const forged = staticKeyring(keyring.current(), [other]);
    const error = refusal(() => openIdentity(forged, binding, { ...sealed, keyId: other.id }));
    expect(error.code).toBe('IntegrityViolation');
  });

  it('re-wraps a data key under a new master key without touching the ciphertext', () => {
    const next = generateMasterKey();
    const rewrapped = rewrapKey(keyring, next, binding, sealed);
    expect(rewrapped.keyId).toBe(next.id);
    const moved = { ...sealed, ...rewrapped };
    expect(openIdentity(staticKeyring(next), binding, moved).toString()).toBe(secret);
    expect(refusal(() => openIdentity(keyring, binding, moved)).code).toBe('KeyUnavailable');
  });

  it('creates a key file with mode 0600 once, reads it back, and refuses a loose mode', () => {
    const path = join(dir, 'sub', 'identity.key');
    const created = loadOrCreateKeyFile(path);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(loadOrCreateKeyFile(path).id).toBe(created.id);
    expect(created.id).toBe(keyIdOf(created.bytes));
    expect(created.id).toMatch(/^[0-9a-f]{16}$/);
    const loose = join(dir, 'loose.key');
    writeFileSync(loose, created.bytes.toString('base64'), { mode: 0o644 });
    expect(refusal(() => readKeyFile(loose)).message).toContain('chmod 600');
  });

  it('accepts only 32 bytes of base64 as a key', () => {
    expect(refusal(() => masterKeyFromBase64('c2hvcnQ=', 'PALERMO_KEY')).code).toBe(
      'KeyUnavailable',
    );
    expect(refusal(() => masterKeyFromBase64('!'.repeat(44), 'PALERMO_KEY')).code).toBe(
      'KeyUnavailable',
    );
    const key = generateMasterKey();
    expect(masterKeyFromBase64(key.bytes.toString('base64'), 'PALERMO_KEY').id).toBe(key.id);
  });
});
