import { randomUUID } from 'node:crypto';
import { statuteChecker } from './statute-check.ts';
import type { StatuteReferenceLike } from './statute-check.ts';
import { readConfig } from '../config.ts';
import { configuredKeyring } from './crypto/keyring.ts';
import type { Keyring } from './crypto/keyring.ts';
import type { Permission } from '../core/access/policy.ts';
import { roles } from '../core/vocabulary.ts';
import type { Role } from '../core/vocabulary.ts';
import type { Db, Executor } from '../db/schema.ts';
import type { Engine } from '../db/create-db.ts';
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

/** Who performs a use-case. Every use-case receives one; access control checks it. */
export interface Actor {
  readonly id: string;
  readonly username: string;
  readonly agencyId: string | null;
  readonly roles: readonly Role[];
  /** An API token's scopes: the permissions it may use, within the user's roles. Absent: all of the roles'. */
  readonly scopes?: readonly Permission[] | undefined;
}

/** What every use-case needs from the outside world, passed in so that tests control it. */
export interface AppContext {
  readonly db: Db;
  readonly engine: Engine;
  /** The clock; core code never reads it, use-cases pass its value in. */
  readonly now: () => Date;
  readonly newId: () => string;
  /**
   * Checks a statute reference against the jurisdiction packs: null when the provision exists
   * and is in force on `onDate`, otherwise the reason it cannot be charged.
   */
  readonly checkStatute: (reference: StatuteReferenceLike, onDate: string) => string | null;
  /** The master keys that wrap identity data keys; tests pass `memoryKeyring()`. */
  readonly keyring: Keyring;
}

/** Builds a context with the real clock and random UUIDs. */
export function createAppContext(
  db: Db,
  engine: Engine,
  overrides: Partial<AppContext> = {},
): AppContext {
  return {
    db,
    engine,
    now: () => new Date(),
    newId: () => randomUUID(),
    checkStatute: statuteChecker(),
    ...overrides,
    // Loaded on first use, so a process that never touches an identity needs no key.
    keyring: overrides.keyring ?? configuredKeyring(readConfig()),
  };
}

/** Runs `work` in one transaction: everything it writes lands together or not at all. */
export function inTransaction<T>(
  ctx: AppContext,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return ctx.db.transaction().execute(work);
}

/** The system itself, acting for migrations and the demo loader. */
export const systemActor: Actor = Object.freeze({
  id: 'system',
  username: 'system',
  agencyId: null,
  // The system loads the demo and creates the first administrator: it acts in every role.
  roles: roles,
});

export type { Executor };
