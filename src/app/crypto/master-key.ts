import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { DomainError } from '../../core/errors.ts';

/** Bytes in an identity master key (AES-256). */
export const masterKeyBytes = 32;

/** A master key and its id; the id is stored beside every data key it wraps. */
export interface MasterKey {
  /** Hex of the first 8 bytes of SHA-256 of the key: names the key without revealing it. */
  readonly id: string;
  readonly bytes: Buffer;
  /** Where the key came from, for messages: a file path or "PALERMO_KEY". */
  readonly source: string;
}

/** The id of a key: hex of the first 8 bytes of its SHA-256. */
export function keyIdOf(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest().subarray(0, 8).toString('hex');
}

/** A master key from its base64 text; refuses anything that is not exactly 32 bytes. */
export function masterKeyFromBase64(text: string, source: string): MasterKey {
  const trimmed = text.trim();
  const bytes = Buffer.from(trimmed, 'base64');
  // Buffer.from ignores invalid characters, so compare the round trip as well as the length.
  if (bytes.length !== masterKeyBytes || bytes.toString('base64') !== trimmed) {
    throw new DomainError(
      'KeyUnavailable',
      `the identity master key in ${source} is not ${masterKeyBytes} bytes of base64`,
    );
  }
  return Object.freeze({ id: keyIdOf(bytes), bytes, source });
}

/** A new random master key, in memory only (tests, and the key a rotation creates). */
export function generateMasterKey(source = 'memory'): MasterKey {
  const bytes = randomBytes(masterKeyBytes);
  return Object.freeze({ id: keyIdOf(bytes), bytes, source });
}

/**
 * Reads a key file. A file that group or others can read is refused: the key decrypts every
 * identity, so a loose mode is a misconfiguration to fix, not to warn about.
 */
export function readKeyFile(path: string): MasterKey {
  const mode = statSync(path).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new DomainError(
      'KeyUnavailable',
      `the identity key file ${path} has mode ${mode.toString(8)}; it must be readable by its owner only (chmod 600 ${path})`,
    );
  }
  return masterKeyFromBase64(readFileSync(path, 'utf8'), path);
}

/** Writes a new random key to `path` with mode 0600; never overwrites an existing file. */
export function createKeyFile(path: string): MasterKey {
  const key = generateMasterKey(path);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${key.bytes.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}

/** The key in `path`, created there on first use (mode 0600) when the file does not exist. */
export function loadOrCreateKeyFile(path: string): MasterKey {
  if (existsSync(path)) return readKeyFile(path);
  try {
    return createKeyFile(path);
  } catch (error) {
    // Another process created it between the check and the write: that key wins.
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST')
      return readKeyFile(path);
    throw error;
  }
}

/**
 * Puts `next` in place at `path` after a rotation: the old file is kept beside it as
 * `<path>.retired-<old id>` (still needed to read backups taken before the rotation), and the
 * new key is written to a temporary file and renamed over `path`, so `path` always holds a
 * whole key.
 */
export function installKeyFile(path: string, next: MasterKey, previous: MasterKey): string {
  const retired = `${path}.retired-${previous.id}`;
  writeFileSync(retired, `${previous.bytes.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  const temporary = `${path}.new-${next.id}`;
  writeFileSync(temporary, `${next.bytes.toString('base64')}\n`, { mode: 0o600, flag: 'w' });
  renameSync(temporary, path);
  return retired;
}
