import { isDomainError } from '../../core/errors.ts';
import { findProvision, getPack, statuteUsableOn } from '../../core/statutes/registry.ts';
import type { PackRegistry } from '../../core/statutes/registry.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/** A provision as a charge or a case registration names it. */
export interface StatuteReferenceLike {
  readonly jurisdiction: JurisdictionCode;
  readonly instrument: string;
  readonly article: string;
  readonly part?: string | null | undefined;
}

/**
 * The statute check the registry uses for charges and registration articles: the provision
 * must exist in the jurisdiction's pack (as `instrument:article`, with a declared part) and a
 * version of it must be, or possibly be, in force on the date (a date the pack's sources leave
 * open is not a reason to refuse). Returns the reason it cannot be used, or null.
 */
export function statuteChecker(statutes: () => PackRegistry) {
  return (reference: StatuteReferenceLike, onDate: string): string | null => {
    try {
      const pack = getPack(statutes(), reference.jurisdiction);
      const provision = findProvision(
        pack,
        `${reference.instrument}:${reference.article}`,
        reference.part ?? null,
      );
      return statuteUsableOn(provision, onDate);
    } catch (error) {
      if (isDomainError(error)) return error.message;
      throw error;
    }
  };
}
