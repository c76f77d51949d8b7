import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { DomainError } from '../../core/errors.ts';
import type { Keyring } from './keyring.ts';
import type { MasterKey } from './master-key.ts';

/**
 * Envelope encryption of one identity record: a fresh random 256-bit data key (DEK) encrypts
 * the record with AES-256-GCM; the DEK is itself encrypted ("wrapped") with AES-256-GCM under
 * the master key, whose id is kept beside it. Deleting the wrapped DEK makes the ciphertext
 * unreadable for ever (crypto-shredding), whoever holds the master key.
 */

/** The row a ciphertext belongs to: bound into the AAD, so a copy on another row fails. */
export interface IdentityBinding {
  readonly personId: string;
  readonly jurisdiction: string;
  readonly version: number;
}

/** What the database stores for one identity; every field is base64 or hex text. */
export interface SealedIdentity {
  /** AES-256-GCM ciphertext with its 16-byte tag appended, base64. */
  readonly ciphertext: string;
  /** The 12-byte GCM nonce of the ciphertext, base64. */
  readonly nonce: string;
  /** nonce (12) ‖ encrypted DEK (32) ‖ tag (16) under the master key, base64. */
  readonly wrappedKey: string;
  /** The id of the master key that wrapped the DEK. */
  readonly keyId: string;
}

/** A wrapped data key and the master key id it was wrapped under. */
export type WrappedKey = Pick<SealedIdentity, 'wrappedKey' | 'keyId'>;

const nonceBytes = 12;
const tagBytes = 16;
const dataKeyBytes = 32;

// JSON arrays keep the AAD unambiguous whatever characters an id holds; the labels separate
// the two uses of GCM so a wrapped key can never pass for an identity or the reverse.
function identityAad(binding: IdentityBinding): Buffer {
  return Buffer.from(
    JSON.stringify([
      'palermo.identity.v1',
      binding.personId,
      binding.jurisdiction,
      binding.version,
    ]),
  );
}

function wrapAad(keyId: string, binding: Omit<IdentityBinding, 'version'>): Buffer {
  return Buffer.from(
    JSON.stringify(['palermo.dek.v1', keyId, binding.personId, binding.jurisdiction]),
  );
}

function gcmEncrypt(key: Buffer, plaintext: Uint8Array, aad: Buffer) {
  const nonce = randomBytes(nonceBytes);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { nonce, body };
}

/** Decrypts and authenticates; null when the tag does not verify (the caller names the failure). */
function gcmDecrypt(key: Buffer, nonce: Buffer, body: Buffer, aad: Buffer): Buffer | null {
  if (nonce.length !== nonceBytes || body.length < tagBytes) return null;
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(aad);
  decipher.setAuthTag(body.subarray(body.length - tagBytes));
  try {
    return Buffer.concat([
      decipher.update(body.subarray(0, body.length - tagBytes)),
      decipher.final(),
    ]);
  } catch {
    return null;
  }
}

function integrityError(personId: string, what: string, keyId: string): DomainError {
  // Says which row and which check failed; never any of the data.
  return new DomainError(
    'IntegrityViolation',
    `the identity of person ${personId} failed its integrity check: ${what}; it was not decrypted`,
    { details: { personId, keyId } },
  );
}

function wrapDataKey(master: MasterKey, binding: Omit<IdentityBinding, 'version'>, dek: Buffer) {
  const { nonce, body } = gcmEncrypt(master.bytes, dek, wrapAad(master.id, binding));
  return { wrappedKey: Buffer.concat([nonce, body]).toString('base64'), keyId: master.id };
}

function unwrapDataKey(
  keyring: Keyring,
  binding: Omit<IdentityBinding, 'version'>,
  wrapped: WrappedKey,
): Buffer {
  const master = keyring.byId(wrapped.keyId);
  if (master === undefined) {
    throw new DomainError(
      'KeyUnavailable',
      `the identity of person ${binding.personId} is wrapped under master key ${wrapped.keyId}, which is not loaded (the configured key is ${keyring.current().id}): configure the key with id ${wrapped.keyId} (PALERMO_KEY_FILE or PALERMO_KEY)`,
      {
        details: {
          personId: binding.personId,
          keyId: wrapped.keyId,
          loadedKeyId: keyring.current().id,
        },
      },
    );
  }
  const raw = Buffer.from(wrapped.wrappedKey, 'base64');
  const dek = gcmDecrypt(
    master.bytes,
    raw.subarray(0, nonceBytes),
    raw.subarray(nonceBytes),
    wrapAad(master.id, binding),
  );
  if (dek?.length !== dataKeyBytes) {
    throw integrityError(
      binding.personId,
      `its data key does not unwrap under master key ${master.id} (the wrapped key or its row was altered)`,
      master.id,
    );
  }
  return dek;
}

/** Encrypts an identity under a fresh data key wrapped by the keyring's current key. */
export function sealIdentity(
  keyring: Keyring,
  binding: IdentityBinding,
  plaintext: Uint8Array,
): SealedIdentity {
  const dek = randomBytes(dataKeyBytes);
  try {
    const { nonce, body } = gcmEncrypt(dek, plaintext, identityAad(binding));
    return {
      ciphertext: body.toString('base64'),
      nonce: nonce.toString('base64'),
      ...wrapDataKey(keyring.current(), binding, dek),
    };
  } finally {
    dek.fill(0);
  }
}

/**
 * Decrypts an identity; refuses with IntegrityViolation when the ciphertext, its nonce or its
 * binding to the row (person, jurisdiction, version) was altered, and with KeyUnavailable,
 * naming the key id, when the master key that wrapped it is not loaded.
 */
export function openIdentity(
  keyring: Keyring,
  binding: IdentityBinding,
  sealed: SealedIdentity,
): Buffer {
  const dek = unwrapDataKey(keyring, binding, sealed);
  try {
    const plaintext = gcmDecrypt(
      dek,
      Buffer.from(sealed.nonce, 'base64'),
      Buffer.from(sealed.ciphertext, 'base64'),
      identityAad(binding),
    );
    if (plaintext === null) {
      throw integrityError(
        binding.personId,
        'the ciphertext does not authenticate against its row (it was altered or copied from another record)',
        sealed.keyId,
      );
    }
    return plaintext;
  } finally {
    dek.fill(0);
  }
}

/** Re-wraps a data key under `next` (key rotation); the ciphertext itself is untouched. */
export function rewrapKey(
  keyring: Keyring,
  next: MasterKey,
  binding: Omit<IdentityBinding, 'version'>,
  wrapped: WrappedKey,
): WrappedKey {
  const dek = unwrapDataKey(keyring, binding, wrapped);
  try {
    return wrapDataKey(next, binding, dek);
  } finally {
    dek.fill(0);
  }
}
