/**
 * A jurisdiction code has one spelling inside the system: ISO 3166-1 alpha-2, upper case (`KG`),
 * the spelling the database stores. Text from outside (a request, a command line option, a pack's
 * `code: kg`, an import mapping, the environment) becomes a `JurisdictionCode` through
 * `toJurisdictionCode` and nowhere else; everything inside takes the brand, so a raw string where a
 * code is expected is a compile error, and no code below the edges converts case.
 */
import { z } from 'zod';
import { DomainError } from './errors.ts';

const explanation = 'must be a country code of two letters (ISO 3166-1 alpha-2) such as KG';

/** The stored spelling, branded; also the schema of a code in a response (no conversion). */
export const jurisdictionCodeSchema = z
  .string()
  .regex(/^[A-Z]{2}$/, explanation)
  .brand<'JurisdictionCode'>();

/** An ISO 3166-1 alpha-2 code in upper case, as made by `toJurisdictionCode`. */
export type JurisdictionCode = z.infer<typeof jurisdictionCodeSchema>;

/**
 * The one constructor: trims and upper-cases `text` (`kg`, ` Kg`, `KG` are the same
 * jurisdiction) and checks it is two letters. Anything else is refused with ValidationFailed
 * naming `field`.
 */
export function toJurisdictionCode(text: string, field = 'jurisdiction'): JurisdictionCode {
  const parsed = jurisdictionCodeSchema.safeParse(text.trim().toUpperCase());
  if (parsed.success) return parsed.data;
  throw new DomainError('ValidationFailed', `${field}: "${text}" ${explanation}`, {
    issues: [{ path: field, message: explanation }],
  });
}

/** The schema of a code at an edge (HTTP, pack files, import mappings): either case in, the brand out. */
export const jurisdictionCodeInput = z
  .string()
  .trim()
  .regex(/^[A-Za-z]{2}$/, explanation)
  .transform((text) => toJurisdictionCode(text));
