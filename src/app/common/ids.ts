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

/** Random bytes drawn from crypto a block at a time: 8 per id, of which 62 bits are used. */
const randomBytes = Buffer.alloc(4096);
let randomAt = randomBytes.length;

/**
 * The id being made, as Latin-1 bytes (`tttttttt-tttt-7ccc-vrrr-rrrrrrrrrrrr`): its time is
 * rewritten when the millisecond changes, its counter and random digits for each id, and it is
 * read as one flat string (an id pieced together from a dozen strings cost twice as much, most
 * of it when the pieces were joined at its first use).
 */
const id = Buffer.from('00000000-0000-7000-8000-000000000000', 'latin1');

/** The character codes of `0`-`9` and `a`-`f`. */
const hexDigits = Buffer.from('0123456789abcdef', 'latin1');

/** The character code of the hex digit of `value`'s low four bits. */
function hexDigit(value: number): number {
  return hexDigits[value & 15] ?? 48;
}

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
    id.write(time.slice(0, 8), 0, 'latin1');
    id.write(time.slice(8), 9, 'latin1');
    lastMs = ms;
  }
  // The version (7, fixed in `id`) and the counter.
  id[15] = hexDigit(counter >> 8);
  id[16] = hexDigit(counter >> 4);
  id[17] = hexDigit(counter);
  // The variant (binary 10) and 62 random bits: two bits of the first byte's high half (the
  // variant's digit, 8 to b), its low half, then seven bytes.
  if (randomAt === randomBytes.length) {
    randomFillSync(randomBytes);
    randomAt = 0;
  }
  const at = randomAt;
  randomAt += 8;
  const first = randomBytes[at] ?? 0;
  id[19] = hexDigit(8 | ((first >> 4) & 3));
  id[20] = hexDigit(first);
  for (let i = 1; i < 8; i++) {
    const byte = randomBytes[at + i] ?? 0;
    // Byte 1 is the two digits after the variant's; bytes 2 to 7 the twelve after the hyphen.
    const to = i === 1 ? 21 : 20 + 2 * i;
    id[to] = hexDigit(byte >> 4);
    id[to + 1] = hexDigit(byte);
  }
  return id.toString('latin1');
}
