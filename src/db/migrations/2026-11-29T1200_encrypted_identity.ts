import type { Kysely } from 'kysely';

/**
 * Identity encrypted at rest (docs/SECURITY.md, "Identity encryption"): the ciphertext of the
 * whole identity, its nonce, the data key wrapped under the master key and that key's id, and
 * the date the record was crypto-shredded and why. The plaintext columns of the initial
 * migration stay, because a migration has no key to encrypt the rows already in them: the
 * application encrypts those rows and clears their plaintext when it starts with its key
 * (`sealPlaintextIdentities`), and never writes plaintext there again. Never edit this file
 * once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of [
    'identity_ciphertext',
    'identity_nonce',
    'wrapped_key',
    'key_id',
    'shredded_at',
    'shred_reason',
  ]) {
    await db.schema.alterTable('person_identities').addColumn(column, 'text').execute();
  }
  // Rotation and `keys status` group by key id.
  await db.schema
    .createIndex('person_identities_key_idx')
    .on('person_identities')
    .columns(['key_id'])
    .execute();
}

/** Drops the columns `up` added (any encrypted identity is lost with them). */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('person_identities_key_idx').execute();
  for (const column of [
    'shred_reason',
    'shredded_at',
    'key_id',
    'wrapped_key',
    'identity_nonce',
    'identity_ciphertext',
  ]) {
    await db.schema.alterTable('person_identities').dropColumn(column).execute();
  }
}
