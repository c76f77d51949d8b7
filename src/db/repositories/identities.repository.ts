import { sql } from 'kysely';
import type { Executor } from '../schema.ts';

/** Identity rows that still hold plaintext from before encryption (none once sealed). */
export function findPlaintextIdentities(executor: Executor) {
  return executor
    .selectFrom('person_identities')
    .selectAll()
    .where((eb) =>
      eb.or(
        (
          ['full_name', 'aliases', 'birth_date', 'document_number', 'contacts', 'address'] as const
        ).map((column) => eb(column, 'is not', null)),
      ),
    )
    .orderBy('person_id')
    .execute();
}

/** Every identity row whose data key is wrapped, with its key id: what a rotation re-wraps. */
export function findWrappedKeys(executor: Executor) {
  return executor
    .selectFrom('person_identities')
    .select(['person_id', 'jurisdiction', 'case_id', 'key_id', 'wrapped_key'])
    .where('wrapped_key', 'is not', null)
    .orderBy('person_id')
    .execute();
}

/** Replaces one row's wrapped data key (rotation); false when the row changed meanwhile. */
export async function updateWrappedKey(
  executor: Executor,
  personId: string,
  from: { keyId: string; wrappedKey: string },
  to: { keyId: string; wrappedKey: string },
): Promise<boolean> {
  const result = await executor
    .updateTable('person_identities')
    .set({ key_id: to.keyId, wrapped_key: to.wrappedKey })
    .where('person_id', '=', personId)
    .where('key_id', '=', from.keyId)
    .where('wrapped_key', '=', from.wrappedKey)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Identity rows per master key id, and how many are shredded. */
export async function countIdentitiesByKey(executor: Executor) {
  const rows = await executor
    .selectFrom('person_identities')
    .select(['key_id', sql<number>`count(*)`.as('n')])
    .groupBy('key_id')
    .orderBy('key_id')
    .execute();
  return rows.map((row) => ({ keyId: row.key_id, count: Number(row.n) }));
}

/**
 * Crypto-shreds one identity: the wrapped data key, the ciphertext and its nonce are deleted,
 * so no key can ever decrypt it again; the row stays to say when and why.
 */
export async function shredIdentityRow(
  executor: Executor,
  personId: string,
  at: string,
  reason: string,
): Promise<boolean> {
  const result = await executor
    .updateTable('person_identities')
    .set((eb) => ({
      identity_ciphertext: null,
      identity_nonce: null,
      wrapped_key: null,
      key_id: null,
      full_name: null,
      aliases: null,
      birth_date: null,
      document_number: null,
      contacts: null,
      address: null,
      shredded_at: at,
      shred_reason: reason,
      updated_at: at,
      version: eb('version', '+', 1),
    }))
    .where('person_id', '=', personId)
    .where('shredded_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}
