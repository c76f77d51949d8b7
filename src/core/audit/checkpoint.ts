/**
 * Checkpoints: signed tree heads in the C2SP tlog-checkpoint format
 * (https://c2sp.org/tlog-checkpoint), a signed note (`note.ts`) whose text is
 *
 *     <origin>\n
 *     <tree size, decimal, no leading zeroes>\n
 *     <base64 RFC 6962 root hash>\n
 *     [<extension line>\n]…
 *
 * Partners keep the checkpoints we sign; with a consistency proof they can check later that the
 * log only grew. The log's key name should equal the origin (spec, "Signatures"), so by default
 * verification requires the origin to be the verifier key's name.
 */
import { DomainError } from '../errors.ts';
import { HASH_SIZE } from './hash.ts';
import type { Hash } from './hash.ts';
import {
  decodeBase64,
  encodeBase64,
  hasForbiddenControl,
  openNote,
  parseVerifierKey,
  signNote,
} from './note.ts';
import type { NoteSignature, NoteSigner, NoteVerifierKey } from './note.ts';

/** Why a checkpoint text was refused, in `details.problem` (note problems are passed through). */
export type CheckpointProblem = 'BadOrigin' | 'BadSize' | 'BadRootHash' | 'BadExtension';

/** A tree head: the log `origin` had `size` leaves with root `rootHash`. */
export interface Checkpoint {
  readonly origin: string;
  readonly size: bigint;
  readonly rootHash: Hash;
  /** Opaque extension lines; the spec discourages them, so we never write any ourselves. */
  readonly extensions: readonly string[];
}

/** What a caller provides to write a checkpoint: extensions are optional. */
export type CheckpointFields = Omit<Checkpoint, 'extensions'> & {
  readonly extensions?: readonly string[];
};

/** A checkpoint whose signature has been verified, with the signatures found. */
export interface VerifiedCheckpoint extends Checkpoint {
  readonly verified: readonly NoteSignature[];
  readonly unverified: readonly NoteSignature[];
}

function checkpointError(
  problem: CheckpointProblem,
  message: string,
  details: Record<string, unknown> = {},
): DomainError {
  const code = problem === 'BadOrigin' ? 'IntegrityViolation' : 'ValidationFailed';
  return new DomainError(code, message, { details: { ...details, problem } });
}

const isBadLine = (line: string): boolean =>
  line.length === 0 || line.includes('\n') || hasForbiddenControl(line);

/** The note text of a checkpoint (what gets signed), ending in a newline. */
export function formatCheckpoint(checkpoint: CheckpointFields): string {
  const { origin, size, rootHash, extensions = [] } = checkpoint;
  if (isBadLine(origin)) {
    throw checkpointError(
      'BadOrigin',
      'the origin must be one non-empty line without control characters',
    );
  }
  if (size < 0n) throw checkpointError('BadSize', `tree size ${size} is negative`);
  if (rootHash.length !== HASH_SIZE) {
    throw checkpointError(
      'BadRootHash',
      `root hash is ${rootHash.length} bytes, expected ${HASH_SIZE}`,
    );
  }
  const bad = extensions.findIndex(isBadLine);
  if (bad >= 0)
    throw checkpointError(
      'BadExtension',
      `extension line ${bad + 1} is empty or has control characters`,
    );
  return [origin, size.toString(), encodeBase64(rootHash), ...extensions]
    .map((l) => `${l}\n`)
    .join('');
}

/** Parse checkpoint note text (already verified, or being checked for shape only). */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) {
    throw checkpointError('BadOrigin', 'checkpoint text must end with a newline');
  }
  const [origin = '', sizeLine, rootLine, ...extensions] = text.slice(0, -1).split('\n');
  if (isBadLine(origin)) throw checkpointError('BadOrigin', 'the origin line is empty');
  if (sizeLine === undefined || !/^(?:0|[1-9][0-9]*)$/.test(sizeLine)) {
    throw checkpointError(
      'BadSize',
      `size line ${JSON.stringify(sizeLine ?? '')} is not a decimal number without leading zeroes`,
    );
  }
  const size = BigInt(sizeLine);
  // Sizes travel as SQL bigint and Go uint64: refuse what neither can hold.
  if (size >= 1n << 64n)
    throw checkpointError('BadSize', `size ${sizeLine} does not fit in 64 bits`);
  const rootHash = rootLine === undefined ? undefined : decodeBase64(rootLine);
  if (rootHash === undefined || rootHash.length !== HASH_SIZE) {
    throw checkpointError(
      'BadRootHash',
      `root hash line ${JSON.stringify(rootLine ?? '')} is not base64 of ${HASH_SIZE} bytes`,
    );
  }
  const bad = extensions.findIndex(isBadLine);
  if (bad >= 0) throw checkpointError('BadExtension', `extension line ${bad + 1} is empty`);
  return { origin, size, rootHash, extensions };
}

/** Sign a checkpoint: the full signed note text, ready to publish. */
export function signCheckpoint(checkpoint: CheckpointFields, signer: NoteSigner): string {
  return signNote(formatCheckpoint(checkpoint), [signer]);
}

/**
 * Verify a signed checkpoint against one trusted key (a verifier key string or parsed key) and
 * return its contents. The origin must equal `expectedOrigin`, by default the key's name.
 */
export function verifyCheckpoint(
  signedNote: string,
  verifierKey: string | NoteVerifierKey,
  options: { readonly expectedOrigin?: string } = {},
): VerifiedCheckpoint {
  const key = typeof verifierKey === 'string' ? parseVerifierKey(verifierKey) : verifierKey;
  const note = openNote(signedNote, [key]);
  const checkpoint = parseCheckpoint(note.text);
  const expectedOrigin = options.expectedOrigin ?? key.name;
  if (checkpoint.origin !== expectedOrigin) {
    throw checkpointError(
      'BadOrigin',
      `checkpoint origin ${JSON.stringify(checkpoint.origin)} is not the expected ${JSON.stringify(expectedOrigin)}`,
      { origin: checkpoint.origin, expectedOrigin },
    );
  }
  return { ...checkpoint, verified: note.verified, unverified: note.unverified };
}
