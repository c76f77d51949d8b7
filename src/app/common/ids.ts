import { randomFillSync } from 'node:crypto';

/**
 * Record ids: UUIDs of version 7 (RFC 9562), whose first 48 bits are the creation time in
 * milliseconds, then a 12-bit counter (method 1 of RFC 9562 §6.2) and 62 random bits. Ids made
 * one after another sort in the order they were made, so a bulk write (an import) appends to
 * the ids' indexes instead of landing at random in them. An id tells whoever sees it when its
 * record was written, to the millisecond (docs/SECURITY.md, "What a record id reveals").
 */

let lastMs = -1;
let counter = 0;
/** `tttttttt-tttt-` of the last millisecond. */
let prefix = '';

/** `7ccc` for each value of the 12-bit counter. */
const versionAndCounter = Array.from({ length: 0x1000 }, (_, i) => (0x7000 | i).toString(16));

/** Random bytes drawn from crypto a block at a time, as hex: 16 characters (64 bits) per id. */
const randomBytes = Buffer.alloc(4096);
let randomHex = '';
let randomAt = 0;

/** The variant's hex digit (binary 10xx) with the two low bits of a random hex digit. */
const variantDigit = '89ab';

/** A new UUIDv7, later than every id this process made before (the counter orders one millisecond). */
export function timeOrderedId(): string {
  let ms = Date.now();
  if (ms <= lastMs) {
    // The same millisecond (or the clock stepped back): the counter orders them; when it runs
    // out, the id borrows the next millisecond.
    ms = lastMs;
    counter += 1;
    if (counter > 0xfff) {
      ms += 1;
      counter = 0;
    }
  } else counter = 0;
  if (ms !== lastMs) {
    const time = ms.toString(16).padStart(12, '0');
    prefix = `${time.slice(0, 8)}-${time.slice(8)}-`;
    lastMs = ms;
  }
  // The variant (binary 10) and 62 random bits, as a version 4 UUID's last 17 characters; the
  // bits are drawn 4 KiB at a time (randomUUID per id was most of an id's cost).
  if (randomAt >= randomHex.length) {
    randomFillSync(randomBytes);
    randomHex = randomBytes.toString('hex');
    randomAt = 0;
  }
  const at = randomAt;
  randomAt += 16;
  const variant = variantDigit[randomHex.charCodeAt(at) & 3] ?? '8';
  return `${prefix}${versionAndCounter[counter] ?? '7000'}-${variant}${randomHex.slice(at + 1, at + 4)}-${randomHex.slice(at + 4, at + 16)}`;
}
