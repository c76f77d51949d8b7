import { z } from 'zod';
import { triStates } from '../../core/vocabulary.ts';

/** A calendar date, `YYYY-MM-DD`. */
export const isoDate = z.iso.date();
/** A jurisdiction code as used by the statute packs (ISO 3166-1 alpha-2, e.g. KG, US). */
export const jurisdictionCode = z
  .string()
  .regex(/^[A-Z]{2,3}$/, 'must be an upper-case country code such as KG');
export const entityId = z.string().min(1).max(64);
/** The version the client last read; a stale one is refused with 409. */
export const expectedVersion = z.number().int().min(1);
export const triState = z.enum(triStates);
export const shortText = z.string().trim().min(1).max(300);
export const longText = z.string().max(20_000);

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
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
