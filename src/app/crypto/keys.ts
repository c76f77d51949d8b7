import { DomainError } from '../../core/errors.ts';
import {
  countIdentitiesByKey,
  findPlaintextIdentities,
  findWrappedKeys,
  updateWrappedKey,
} from '../../db/repositories/identities.repository.ts';
import { updateVersioned } from '../../db/repositories/versioned.ts';
import { appendAudit, digestOf } from '../audit/audit.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { inTransaction, systemActor } from '../common/context.ts';
import { rewrapKey } from './envelope.ts';
import { holdsPlaintext, payloadOfPlaintextRow, sealPayload } from './identity-record.ts';
import type { MasterKey } from './master-key.ts';

/** Master key ids in use and how many identities each wraps. */
export interface KeyStatus {
  /** The key that wraps new identities. */
  readonly currentKeyId: string;
  readonly keys: readonly {
    readonly keyId: string;
    readonly identities: number;
    readonly current: boolean;
  }[];
  /** Identities crypto-shredded (no key id any more). */
  readonly shredded: number;
}

/** What a rotation did. */
export interface RotationResult {
  readonly fromKeyIds: readonly string[];
  readonly toKeyId: string;
  readonly rewrapped: number;
  /** Rows already wrapped under the new key (a rotation run again after an interruption). */
  readonly alreadyRewrapped: number;
}

function requireAdministrator(actor: Actor, what: string): void {
  if (!actor.roles.includes('administrator'))
    throw new DomainError(
      'Forbidden',
      `${actor.username} may not ${what}: it needs the administrator role`,
    );
}

/**
 * Encrypts identity rows written before encryption existed and clears their plaintext, in one
 * transaction, logging each as `identity.seal` by the system. Reads the key only when there is
 * such a row, so it costs one query on every start once done. Returns how many it sealed.
 */
export async function sealPlaintextIdentities(ctx: AppContext): Promise<number> {
  if ((await findPlaintextIdentities(ctx.db)).length === 0) return 0;
  return inTransaction(ctx, async (trx) => {
    const rows = await findPlaintextIdentities(trx);
    for (const row of rows) {
      if (!holdsPlaintext(row)) continue;
      const version = row.version + 1;
      const sealed = sealPayload(
        ctx.keyring,
        { personId: row.person_id, jurisdiction: row.jurisdiction, version },
        payloadOfPlaintextRow(row),
      );
      const at = ctx.now().toISOString();
      if (
        !(await updateVersioned(
          trx,
          'person_identities',
          { column: 'person_id', value: row.person_id },
          row.version,
          { ...sealed, updated_at: at },
        ))
      ) {
        throw new DomainError(
          'VersionConflict',
          `identity of person ${row.person_id} changed while being sealed`,
        );
      }
      await appendAudit(trx, ctx, systemActor, {
        action: 'identity.seal',
        entityType: 'identity',
        entityId: row.person_id,
        caseId: row.case_id,
        before: { version: row.version },
        after: { digest: digestOf(sealed.identity_ciphertext), version, keyId: sealed.key_id },
      });
    }
    return rows.length;
  });
}

/**
 * Re-wraps every data key under `next` in one transaction: the keyring must still hold the
 * keys they are wrapped under now. Ciphertexts are untouched; a row already under `next` is
 * left as it is, so a rotation can be run again. Logged as an `identity.rewrap` entry per
 * row and one `keys.rotate` entry.
 */
export async function rotateKeys(
  ctx: AppContext,
  actor: Actor,
  next: MasterKey,
): Promise<RotationResult> {
  requireAdministrator(actor, 'rotate the identity master key');
  return inTransaction(ctx, async (trx) => {
    const rows = await findWrappedKeys(trx);
    const fromKeyIds = new Set<string>();
    let rewrapped = 0;
    let alreadyRewrapped = 0;
    for (const row of rows) {
      if (row.key_id === null || row.wrapped_key === null) continue;
      if (row.key_id === next.id) {
        alreadyRewrapped += 1;
        continue;
      }
      const from = { keyId: row.key_id, wrappedKey: row.wrapped_key };
      const to = rewrapKey(
        ctx.keyring,
        next,
        { personId: row.person_id, jurisdiction: row.jurisdiction },
        from,
      );
      if (!(await updateWrappedKey(trx, row.person_id, from, to))) {
        throw new DomainError(
          'VersionConflict',
          `identity of person ${row.person_id} changed during the rotation; run it again`,
        );
      }
      // Each row's record changes (its wrapped key and key id), so each gets its own entry.
      await appendAudit(trx, ctx, actor, {
        action: 'identity.rewrap',
        entityType: 'identity',
        entityId: row.person_id,
        caseId: row.case_id,
        before: { keyId: row.key_id },
        after: { keyId: next.id },
      });
      fromKeyIds.add(row.key_id);
      rewrapped += 1;
    }
    const result: RotationResult = {
      fromKeyIds: [...fromKeyIds].sort(),
      toKeyId: next.id,
      rewrapped,
      alreadyRewrapped,
    };
    await appendAudit(trx, ctx, actor, {
      action: 'keys.rotate',
      entityType: 'master_key',
      entityId: next.id,
      caseId: null,
      before: { keyIds: result.fromKeyIds },
      after: { keyId: next.id, rewrapped, alreadyRewrapped },
    });
    return result;
  });
}

/** The master key ids in use, with counts; no key is needed except to name the current one. */
export async function keyStatus(ctx: AppContext, actor: Actor): Promise<KeyStatus> {
  requireAdministrator(actor, 'see the identity key status');
  const counts = await countIdentitiesByKey(ctx.db);
  const currentKeyId = ctx.keyring.current().id;
  return {
    currentKeyId,
    keys: counts
      .filter((row): row is { keyId: string; count: number } => row.keyId !== null)
      .map((row) => ({
        keyId: row.keyId,
        identities: row.count,
        current: row.keyId === currentKeyId,
      })),
    shredded: counts.find((row) => row.keyId === null)?.count ?? 0,
  };
}
