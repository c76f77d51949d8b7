import type { Config } from '../../config.ts';
import { generateMasterKey, loadOrCreateKeyFile, masterKeyFromBase64 } from './master-key.ts';
import type { MasterKey } from './master-key.ts';

/** The master keys a process holds: one wraps new data keys, any of them unwraps. */
export interface Keyring {
  /** The key that wraps new data keys. */
  current(): MasterKey;
  /** A key by its id, to unwrap a data key wrapped under it; undefined when not held. */
  byId(id: string): MasterKey | undefined;
}

/** A keyring over keys already loaded; `current` wraps, every key unwraps. */
export function staticKeyring(current: MasterKey, others: readonly MasterKey[] = []): Keyring {
  const all = new Map([...others, current].map((key) => [key.id, key]));
  return Object.freeze({ current: () => current, byId: (id: string) => all.get(id) });
}

/** A keyring with a random key that lives only in this process: for tests. */
export function memoryKeyring(): Keyring {
  return staticKeyring(generateMasterKey());
}

/**
 * A keyring loaded on first use, so that commands which never touch an identity neither need
 * the key nor create its file. A failed load is retried on the next use.
 */
export function lazyKeyring(load: () => Keyring): Keyring {
  let loaded: Keyring | undefined;
  const get = () => (loaded ??= load());
  return Object.freeze({ current: () => get().current(), byId: (id: string) => get().byId(id) });
}

/** The configured master key: PALERMO_KEY, else the key file (created on first use). */
export function loadConfiguredKey(config: Pick<Config, 'masterKey' | 'masterKeyFile'>): MasterKey {
  return config.masterKey !== null
    ? masterKeyFromBase64(config.masterKey, 'PALERMO_KEY')
    : loadOrCreateKeyFile(config.masterKeyFile);
}

/** The keyring of the configured master key, loaded on first use. */
export function configuredKeyring(config: Pick<Config, 'masterKey' | 'masterKeyFile'>): Keyring {
  return lazyKeyring(() => staticKeyring(loadConfiguredKey(config)));
}
