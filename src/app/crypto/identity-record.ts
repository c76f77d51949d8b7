import { z } from 'zod';
import { DomainError } from '../../core/errors.ts';
import type { PersonIdentitiesTable } from '../../db/tables/persons.table.ts';
import type { IdentityInput, IdentityView } from '../schemas/cases.schemas.ts';
import { openIdentity, sealIdentity } from './envelope.ts';
import type { IdentityBinding, SealedIdentity } from './envelope.ts';
import type { Keyring } from './keyring.ts';

/**
 * The plaintext inside an identity ciphertext: versioned JSON, so that fields can be added
 * later without guessing how an old record was written.
 */
const identityPayload = z.object({
  v: z.literal(1),
  fullName: z.string().nullable(),
  aliases: z.string().nullable(),
  birthDate: z.string().nullable(),
  birthPlace: z.string().nullable(),
  documentType: z.string().nullable(),
  documentNumber: z.string().nullable(),
  documentIssuer: z.string().nullable(),
  contacts: z
    .object({
      phones: z.array(z.string()),
      emails: z.array(z.string()),
      other: z.string().nullable(),
    })
    .nullable(),
  address: z.string().nullable(),
});
/** The fields of an identity, as encrypted. */
export type IdentityPayload = z.infer<typeof identityPayload>;

/** The payload a recorded input stands for: absent fields are null (a record is replaced whole). */
export function payloadOf(input: Omit<IdentityInput, 'version'>): IdentityPayload {
  return {
    v: 1,
    fullName: input.fullName ?? null,
    aliases: input.aliases ?? null,
    birthDate: input.birthDate ?? null,
    birthPlace: input.birthPlace ?? null,
    documentType: input.documentType ?? null,
    documentNumber: input.documentNumber ?? null,
    documentIssuer: input.documentIssuer ?? null,
    contacts:
      input.contacts == null
        ? null
        : {
            phones: input.contacts.phones ?? [],
            emails: input.contacts.emails ?? [],
            other: input.contacts.other ?? null,
          },
    address: input.address ?? null,
  };
}

/** The payload of a row written before encryption (plaintext columns; contacts were free text). */
export function payloadOfPlaintextRow(row: PersonIdentitiesTable): IdentityPayload {
  return {
    v: 1,
    fullName: row.full_name,
    aliases: row.aliases,
    birthDate: row.birth_date,
    birthPlace: null,
    documentType: null,
    documentNumber: row.document_number,
    documentIssuer: null,
    contacts: row.contacts === null ? null : { phones: [], emails: [], other: row.contacts },
    address: row.address,
  };
}

/** True when a row still holds plaintext from before encryption. */
export function holdsPlaintext(row: PersonIdentitiesTable): boolean {
  return [
    row.full_name,
    row.aliases,
    row.birth_date,
    row.document_number,
    row.contacts,
    row.address,
  ].some((value) => value !== null);
}

/** The ciphertext columns of an identity row, with the plaintext columns cleared. */
export interface SealedColumns {
  full_name: null;
  aliases: null;
  birth_date: null;
  document_number: null;
  contacts: null;
  address: null;
  identity_ciphertext: string;
  identity_nonce: string;
  wrapped_key: string;
  key_id: string;
}

/** Encrypts a payload for the row `binding` names, as the columns to store. */
export function sealPayload(
  keyring: Keyring,
  binding: IdentityBinding,
  payload: IdentityPayload,
): SealedColumns {
  const sealed = sealIdentity(keyring, binding, Buffer.from(JSON.stringify(payload), 'utf8'));
  return {
    full_name: null,
    aliases: null,
    birth_date: null,
    document_number: null,
    contacts: null,
    address: null,
    identity_ciphertext: sealed.ciphertext,
    identity_nonce: sealed.nonce,
    wrapped_key: sealed.wrappedKey,
    key_id: sealed.keyId,
  };
}

function sealedOf(row: PersonIdentitiesTable): SealedIdentity | null {
  if (
    row.identity_ciphertext === null ||
    row.identity_nonce === null ||
    row.wrapped_key === null ||
    row.key_id === null
  ) {
    return null;
  }
  return {
    ciphertext: row.identity_ciphertext,
    nonce: row.identity_nonce,
    wrappedKey: row.wrapped_key,
    keyId: row.key_id,
  };
}

function viewOf(
  row: PersonIdentitiesTable,
  payload: Omit<IdentityPayload, 'v'> | null,
): IdentityView {
  return {
    personId: row.person_id,
    fullName: payload?.fullName ?? null,
    aliases: payload?.aliases ?? null,
    birthDate: payload?.birthDate ?? null,
    birthPlace: payload?.birthPlace ?? null,
    documentType: payload?.documentType ?? null,
    documentNumber: payload?.documentNumber ?? null,
    documentIssuer: payload?.documentIssuer ?? null,
    contacts: payload?.contacts ?? null,
    address: payload?.address ?? null,
    version: row.version,
    shredded:
      row.shredded_at === null
        ? null
        : { on: row.shredded_at, reason: row.shred_reason ?? 'unrecorded' },
  };
}

/**
 * Decrypts an identity row into its view. A shredded row reads as shredded, with no fields;
 * a row whose ciphertext is incomplete or whose plaintext does not parse is an integrity
 * failure, reported without any of its content.
 */
export function openRow(keyring: Keyring, row: PersonIdentitiesTable): IdentityView {
  if (row.shredded_at !== null) return viewOf(row, null);
  const sealed = sealedOf(row);
  if (sealed === null) {
    throw new DomainError(
      'IntegrityViolation',
      `the identity of person ${row.person_id} has no complete ciphertext and is not shredded`,
      { details: { personId: row.person_id } },
    );
  }
  const plaintext = openIdentity(keyring, bindingOf(row), sealed);
  let parsed: IdentityPayload;
  try {
    parsed = identityPayload.parse(JSON.parse(plaintext.toString('utf8')));
  } catch {
    throw new DomainError(
      'IntegrityViolation',
      `the identity of person ${row.person_id} decrypted to a record this version cannot read`,
      { details: { personId: row.person_id, keyId: sealed.keyId } },
    );
  } finally {
    plaintext.fill(0);
  }
  return viewOf(row, parsed);
}

/** The AAD binding of a stored row. */
export function bindingOf(
  row: Pick<PersonIdentitiesTable, 'person_id' | 'jurisdiction' | 'version'>,
): IdentityBinding {
  return { personId: row.person_id, jurisdiction: row.jurisdiction, version: row.version };
}
