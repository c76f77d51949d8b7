import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  formatSignerKey,
  noteSigner,
  parseSignerKey,
  verifierKeyOf,
} from '../../core/audit/index.ts';
import type { NoteSigner } from '../../core/audit/index.ts';

/** Where the log's signing key lives and the name a new key gets. */
export interface LogKeyOptions {
  readonly keyFile: string;
  /** The log's origin line, used only when the key is created. */
  readonly origin: string;
}

/**
 * The audit log's Ed25519 signer: read from `keyFile`, or created there on first start (mode
 * 0600, never overwritten) with its public key written beside it as `<name>.pub`. The key file
 * is in the Go `golang.org/x/mod/sumdb/note` signer format, so the standard tools can use it.
 */
export function loadOrCreateLogSigner(options: LogKeyOptions): NoteSigner {
  if (existsSync(options.keyFile)) {
    return parseSignerKey(readFileSync(options.keyFile, 'utf8').trim());
  }
  const { privateKey } = generateKeyPairSync('ed25519');
  const signer = noteSigner(options.origin, privateKey);
  mkdirSync(dirname(options.keyFile), { recursive: true });
  // 'wx' fails if another process created the key meanwhile: that key wins, never a second one.
  try {
    writeFileSync(options.keyFile, `${formatSignerKey(signer)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'EEXIST') {
      return parseSignerKey(readFileSync(options.keyFile, 'utf8').trim());
    }
    throw error;
  }
  writeFileSync(publicKeyFileOf(options.keyFile), `${verifierKeyOf(signer)}\n`, { mode: 0o644 });
  return signer;
}

/** The file beside the key that holds its public (verifier) key. */
export function publicKeyFileOf(keyFile: string): string {
  return `${keyFile.replace(/\.key$/, '')}.pub`;
}

/** A signer that lives only in memory: for tests and servers started without a key file. */
export function ephemeralLogSigner(origin = 'palermo-ephemeral-log'): NoteSigner {
  return noteSigner(origin, generateKeyPairSync('ed25519').privateKey);
}
