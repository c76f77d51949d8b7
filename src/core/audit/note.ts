/**
 * Signed notes, Ed25519 only: C2SP signed-note v1.0.0 (https://c2sp.org/signed-note), the format
 * of golang.org/x/mod/sumdb/note, which checkpoints are written in.
 *
 *     <text, ending in a newline>
 *     <blank line>
 *     — <key name> <base64(4-byte key ID || 64-byte Ed25519 signature over the text)>
 *
 * Key ID = first 4 bytes (big-endian uint32) of SHA-256(key name || 0x0A || 0x01 || public key).
 * Verifier keys are written `<name>+<8 hex key ID>+<base64(0x01 || 32-byte public key)>`, and
 * signer keys, as in the Go package, `PRIVATE+KEY+<name>+<8 hex key ID>+<base64(0x01 || seed)>`.
 * Only the 0x01 (Ed25519) signature type is implemented: the spec asks implementations to pick
 * the types their design needs, and a log needs one.
 */
import { createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { DomainError } from '../errors.ts';
import type { ErrorCode } from '../errors.ts';

/** Why a note or key was refused; `details.problem` of the DomainError thrown. */
export type NoteProblem = 'MalformedKey' | 'MalformedNote' | 'UnknownKey' | 'BadSignature';

/** Signature type byte for Ed25519 (signed-note "Signature types"). */
const ED25519_TYPE = 0x01;
const ED25519_KEY_SIZE = 32;
const ED25519_SIGNATURE_SIZE = 64;
/** Go's limit; the spec requires accepting at least 16. */
const MAX_SIGNATURES = 100;
const SIGNATURE_PREFIX = '\u2014 ';

// DER wrappers that turn raw RFC 8032 keys into what node:crypto imports (RFC 8410).
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** A trusted public key: the verifier side of a log's signing key. */
export interface NoteVerifierKey {
  readonly name: string;
  /** uint32 key ID, as in the first 4 bytes of each signature. */
  readonly keyId: number;
  /** Raw 32-byte Ed25519 public key. */
  readonly publicKey: Uint8Array;
}

/** A private key able to sign notes under `name`. */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  readonly privateKey: KeyObject;
  readonly publicKey: Uint8Array;
}

/** One signature line of a note. */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  /** base64(key ID || signature), as written on the line. */
  readonly base64: string;
}

/** A note whose signatures have been checked. */
export interface OpenedNote {
  /** The signed text, including its final newline. */
  readonly text: string;
  /** Signatures from known keys, all valid (there is at least one). */
  readonly verified: readonly NoteSignature[];
  /** Signatures from keys we do not know, ignored as the spec requires. */
  readonly unverified: readonly NoteSignature[];
}

/** A DomainError carrying one of the note problems: malformed input or an untrusted note. */
export function noteError(
  problem: NoteProblem,
  message: string,
  details: Record<string, unknown> = {},
): DomainError {
  const code: ErrorCode =
    problem === 'MalformedKey' || problem === 'MalformedNote'
      ? 'ValidationFailed'
      : 'IntegrityViolation';
  return new DomainError(code, message, { details: { ...details, problem } });
}

/** True for a valid key name: non-empty, no Unicode space, no '+'. */
export function isValidKeyName(name: string): boolean {
  // U+0085 is White_Space in Unicode (and for Go's unicode.IsSpace) but not in JavaScript's \s.
  return name.length > 0 && !/[\s\u0085+]/u.test(name) && !hasLoneSurrogate(name);
}

/** Strict standard base64 (RFC 4648 §4, padded, canonical), or undefined. */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) {
    return undefined;
  }
  const bytes = Buffer.from(text, 'base64');
  // Node ignores non-zero padding bits; re-encoding rejects such non-canonical forms.
  return bytes.toString('base64') === text ? Uint8Array.from(bytes) : undefined;
}

/** Standard padded base64. */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** The key ID of an Ed25519 key: SHA-256(name || 0x0A || 0x01 || public key)[:4] as a uint32. */
export function ed25519KeyId(name: string, publicKey: Uint8Array): number {
  const digest = createHash('sha256')
    .update(name, 'utf8')
    .update(Uint8Array.of(0x0a, ED25519_TYPE))
    .update(publicKey)
    .digest();
  return digest.readUInt32BE(0);
}

const hex8 = (keyId: number): string => keyId.toString(16).padStart(8, '0');

/** `<name>+<hex key ID>+<base64(0x01 || public key)>` for a 32-byte Ed25519 public key. */
export function formatVerifierKey(name: string, publicKey: Uint8Array | KeyObject): string {
  const raw = publicKey instanceof Uint8Array ? publicKey : rawPublicKey(publicKey);
  if (!isValidKeyName(name))
    throw noteError('MalformedKey', `invalid key name ${JSON.stringify(name)}`);
  if (raw.length !== ED25519_KEY_SIZE) {
    throw noteError('MalformedKey', `an Ed25519 public key is 32 bytes, got ${raw.length}`);
  }
  return `${name}+${hex8(ed25519KeyId(name, raw))}+${encodeBase64(Uint8Array.of(ED25519_TYPE, ...raw))}`;
}

/** Parse a verifier key string, checking that its key ID matches its name and key. */
export function parseVerifierKey(vkey: string): NoteVerifierKey {
  const parts = vkey.split('+');
  // The base64 key may itself contain '+': everything after the second '+' is the key.
  const [name = '', idHex = '', ...rest] = parts;
  const keyBytes = decodeBase64(rest.join('+'));
  const malformed = (why: string): DomainError =>
    noteError('MalformedKey', `malformed verifier key: ${why}`, { key: vkey });
  if (!isValidKeyName(name)) throw malformed('the name is empty or has a space or "+"');
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw malformed('the key ID is not 8 lowercase hex digits');
  if (keyBytes === undefined || keyBytes.length === 0) throw malformed('the key is not base64');
  if (keyBytes[0] !== ED25519_TYPE) {
    throw malformed(`signature type 0x${(keyBytes[0] ?? 0).toString(16)} is not Ed25519 (0x01)`);
  }
  const publicKey = keyBytes.subarray(1);
  if (publicKey.length !== ED25519_KEY_SIZE) throw malformed('an Ed25519 key is 32 bytes');
  const keyId = Number.parseInt(idHex, 16);
  if (keyId !== ed25519KeyId(name, publicKey)) {
    throw malformed(`key ID ${idHex} does not match the name and key`);
  }
  return { name, keyId, publicKey };
}

/** A signer from an Ed25519 private key: a node:crypto KeyObject or a raw 32-byte seed. */
export function noteSigner(name: string, privateKey: KeyObject | Uint8Array): NoteSigner {
  if (!isValidKeyName(name))
    throw noteError('MalformedKey', `invalid key name ${JSON.stringify(name)}`);
  let key: KeyObject;
  if (privateKey instanceof Uint8Array) {
    if (privateKey.length !== ED25519_KEY_SIZE) {
      throw noteError('MalformedKey', `an Ed25519 seed is 32 bytes, got ${privateKey.length}`);
    }
    key = createPrivateKey({
      key: Buffer.concat([PKCS8_ED25519_PREFIX, privateKey]),
      format: 'der',
      type: 'pkcs8',
    });
  } else {
    key = privateKey;
  }
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
    throw noteError('MalformedKey', 'the signing key is not an Ed25519 private key');
  }
  const publicKey = rawPublicKey(createPublicKey(key));
  return { name, keyId: ed25519KeyId(name, publicKey), privateKey: key, publicKey };
}

/** Parse a Go-style `PRIVATE+KEY+<name>+<hex id>+<base64(0x01 || seed)>` signer key. */
export function parseSignerKey(skey: string): NoteSigner {
  const [private1, private2, name = '', idHex = '', ...rest] = skey.split('+');
  const keyBytes = decodeBase64(rest.join('+'));
  // The message never echoes the key: it is a secret.
  const malformed = (why: string): DomainError =>
    noteError('MalformedKey', `malformed signer key: ${why}`);
  if (private1 !== 'PRIVATE' || private2 !== 'KEY')
    throw malformed('it must start with PRIVATE+KEY+');
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw malformed('the key ID is not 8 lowercase hex digits');
  if (keyBytes?.[0] !== ED25519_TYPE || keyBytes.length !== 1 + ED25519_KEY_SIZE) {
    throw malformed('the key is not base64(0x01 || 32-byte Ed25519 seed)');
  }
  const signer = noteSigner(name, keyBytes.subarray(1));
  if (signer.keyId !== Number.parseInt(idHex, 16)) {
    throw malformed(`key ID ${idHex} does not match the name and key`);
  }
  return signer;
}

/** The Go-style signer key string for a signer (a secret: store it like a password). */
export function formatSignerKey(signer: NoteSigner): string {
  const der = signer.privateKey.export({ format: 'der', type: 'pkcs8' });
  const seed = der.subarray(der.length - ED25519_KEY_SIZE);
  return `PRIVATE+KEY+${signer.name}+${hex8(signer.keyId)}+${encodeBase64(Uint8Array.of(ED25519_TYPE, ...seed))}`;
}

/** The verifier key string matching a signer. */
export function verifierKeyOf(signer: NoteSigner): string {
  return formatVerifierKey(signer.name, signer.publicKey);
}

function rawPublicKey(key: KeyObject): Uint8Array {
  if (key.type !== 'public' || key.asymmetricKeyType !== 'ed25519') {
    throw noteError('MalformedKey', 'the key is not an Ed25519 public key');
  }
  const der = key.export({ format: 'der', type: 'spki' });
  return Uint8Array.from(der.subarray(SPKI_ED25519_PREFIX.length));
}

/** A lone surrogate cannot be encoded as UTF-8, and notes must be valid UTF-8. */
function hasLoneSurrogate(text: string): boolean {
  return /\p{Cs}/u.test(text);
}

/** True when `text` has an ASCII control character (below U+0020) other than newline. */
export function hasForbiddenControl(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 && c !== 0x0a) return true;
  }
  return false;
}

/** Sign `text` (which must end in a newline) with each signer; returns the whole note. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  if (!text.endsWith('\n')) throw noteError('MalformedNote', 'note text must end with a newline');
  if (hasForbiddenControl(text) || hasLoneSurrogate(text)) {
    throw noteError('MalformedNote', 'note text has control characters or invalid UTF-16');
  }
  if (signers.length === 0) throw noteError('MalformedNote', 'a note needs at least one signer');
  const message = Buffer.from(text, 'utf8');
  const lines = signers.map((signer) => {
    const id = Buffer.alloc(4);
    id.writeUInt32BE(signer.keyId);
    const signature = sign(null, message, signer.privateKey);
    return `${SIGNATURE_PREFIX}${signer.name} ${encodeBase64(Buffer.concat([id, signature]))}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/**
 * Parse a signed note and check its signatures against `verifiers`. Signatures from unknown keys
 * are ignored; an invalid signature from a known key rejects the whole note; so does a note with
 * no valid signature from a known key (C2SP signed-note, "Signatures").
 */
export function openNote(note: string, verifiers: readonly NoteVerifierKey[]): OpenedNote {
  if (hasForbiddenControl(note) || hasLoneSurrogate(note)) {
    throw noteError('MalformedNote', 'note has control characters or invalid UTF-16');
  }
  // The text ends at the last blank line: "\n\n" is the text's last newline plus the blank line.
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw noteError('MalformedNote', 'note has no blank line before its signatures');
  const text = note.slice(0, split + 1);
  const block = note.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) {
    throw noteError(
      'MalformedNote',
      'note must end with signature lines, each ending in a newline',
    );
  }
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_SIGNATURES) {
    throw noteError('MalformedNote', `note has more than ${MAX_SIGNATURES} signatures`);
  }
  const message = Buffer.from(text, 'utf8');
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const [i, line] of lines.entries()) {
    const signature = parseSignatureLine(line, i + 1);
    const key = `${signature.name}+${hex8(signature.keyId)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const matches = verifiers.filter(
      (v) => v.name === signature.name && v.keyId === signature.keyId,
    );
    const [verifier, ...others] = matches;
    if (verifier === undefined) {
      unverified.push(signature);
      continue;
    }
    if (others.length > 0) {
      throw noteError('MalformedKey', `more than one trusted key is ${key}`, { key });
    }
    const raw = decodeBase64(signature.base64) ?? new Uint8Array();
    const bytes = raw.subarray(4);
    const publicKey = createPublicKey({
      key: Buffer.concat([SPKI_ED25519_PREFIX, verifier.publicKey]),
      format: 'der',
      type: 'spki',
    });
    if (bytes.length !== ED25519_SIGNATURE_SIZE || !verify(null, message, publicKey, bytes)) {
      throw noteError('BadSignature', `the signature by ${key} does not verify`, { key });
    }
    verified.push(signature);
  }
  if (verified.length === 0) {
    const known = verifiers.map((v) => `${v.name}+${hex8(v.keyId)}`).join(', ') || 'none';
    const found = [...seen].join(', ');
    throw noteError(
      'UnknownKey',
      `note is not signed by a trusted key (signed by ${found}; trusted: ${known})`,
      {
        signedBy: [...seen],
      },
    );
  }
  return { text, verified, unverified };
}

function parseSignatureLine(line: string, lineNumber: number): NoteSignature {
  const malformed = (why: string): DomainError =>
    noteError('MalformedNote', `signature line ${lineNumber}: ${why}`);
  if (!line.startsWith(SIGNATURE_PREFIX)) throw malformed('does not start with "— "');
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space < 0) throw malformed('has no space between key name and signature');
  const name = rest.slice(0, space);
  const base64 = rest.slice(space + 1);
  if (!isValidKeyName(name)) throw malformed(`invalid key name ${JSON.stringify(name)}`);
  const raw = decodeBase64(base64);
  if (raw === undefined || raw.length < 5) {
    throw malformed('the signature is not base64 of a key ID and a signature');
  }
  return { name, keyId: Buffer.from(raw).readUInt32BE(0), base64 };
}
