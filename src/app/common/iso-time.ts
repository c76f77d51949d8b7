/** `000` to `999`. */
const threeDigits = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

let lastSecond = Number.NaN;
/** The ISO text of `lastSecond`, up to its milliseconds ("2026-12-01T21:03:50."). */
let lastPrefix = '';

/**
 * `new Date(ms).toISOString()` (and a RangeError for an invalid time as it throws), with its
 * text up to the second kept from the call before: an import stamps thousands of records a
 * second, and a Date and its toISOString per record were a third of their keys' cost.
 */
export function isoTime(ms: number): string {
  // Outside the times a Date holds (and NaN): toISOString's own RangeError.
  if (!(Math.abs(ms) <= 8.64e15)) return new Date(ms).toISOString();
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastPrefix = new Date(second * 1000).toISOString().slice(0, -4);
    lastSecond = second;
  }
  return `${lastPrefix}${threeDigits[ms - second * 1000] ?? ''}Z`;
}
