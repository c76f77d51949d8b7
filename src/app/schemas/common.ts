import { z } from 'zod';
import { jurisdictionCodeInput } from '../../core/jurisdiction.ts';
import { triStates } from '../../core/vocabulary.ts';

/** A calendar date, `YYYY-MM-DD`. */
export const isoDate = z.iso.date();
/**
 * A jurisdiction code at the HTTP edge, accepted in either case (`kg`, `Kg`, `KG`) and made the
 * system's one spelling, the `JurisdictionCode` brand (`KG`), by its one constructor.
 */
export const jurisdictionCode = jurisdictionCodeInput;
export const entityId = z.string().min(1).max(64);
/** The version the client last read; a stale one is refused with 409. */
export const expectedVersion = z.number().int().min(1);
export const triState = z.enum(triStates);
export const shortText = z.string().trim().min(1).max(300);
export const longText = z.string().max(20_000);

/**
 * A whole number, as a JSON number or as decimal digits in a query string: "0x7e0", "1e3",
 * " 16" and "16.0" are refused (a plain coercion would read them as numbers).
 */
export function wholeNumber(min: number, max: number) {
  return z
    .union([
      z.number(),
      z.string().regex(/^\d{1,16}$/, 'must be a whole number written in decimal digits'),
    ])
    .pipe(z.coerce.number<string | number>().int().min(min).max(max));
}

export const pageQuery = z.object({
  page: wholeNumber(1, Number.MAX_SAFE_INTEGER).default(1),
  pageSize: wholeNumber(1, 500).default(50),
});

/** A page of a list, with the total number of matching records. */
export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  });
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}
