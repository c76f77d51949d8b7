/**
 * The loaded packs, and the look-up the case registry uses to validate a charge.
 */
import { DomainError } from '../errors.ts';
import { versionInForce } from './logic.ts';
import type { LoadedProvision, Pack, ProvisionVersion } from './schema.ts';
import type { ScreeningSet } from './screening.ts';

/** Every pack the system knows, by jurisdiction code, with the shared screening sets. */
export interface PackRegistry {
  readonly packs: ReadonlyMap<string, Pack>;
  readonly screening: ReadonlyMap<string, ScreeningSet>;
}

/** Builds a registry from validated packs and screening sets; refuses duplicate codes. */
export function createRegistry(
  packs: readonly Pack[],
  screening: readonly ScreeningSet[] = [],
): PackRegistry {
  const byCode = new Map<string, Pack>();
  for (const pack of packs) {
    if (byCode.has(pack.code))
      throw new DomainError('PackInvalid', `two packs for jurisdiction "${pack.code}"`);
    byCode.set(pack.code, pack);
  }
  const sets = new Map(screening.map((s) => [s.id, s] as const));
  for (const pack of packs) {
    for (const id of pack.screening) {
      if (!sets.has(id))
        throw new DomainError(
          'PackInvalid',
          `pack ${pack.code} names unknown screening set "${id}"`,
        );
    }
  }
  return { packs: byCode, screening: sets };
}

/** The pack for a jurisdiction code, or NotFound. */
export function getPack(registry: PackRegistry, code: string): Pack {
  const pack = registry.packs.get(code.toLowerCase());
  if (pack === undefined) {
    throw new DomainError('NotFound', `no statute pack for jurisdiction "${code}"`, {
      details: { known: [...registry.packs.keys()] },
    });
  }
  return pack;
}

/**
 * The provision a charge refers to. `article` is the article number ("124"), the provision id
 * ("cc1997-124") or "instrument:article" ("children-code:15") when a number is ambiguous.
 * A charge under an article the pack does not have is refused with `UnknownProvision`.
 */
export function findProvision(pack: Pack, article: string, part?: string | null): LoadedProvision {
  const wanted = article.trim();
  const [instrument, number] = wanted.includes(':') ? wanted.split(':', 2) : [undefined, wanted];
  const matches = pack.provisions.filter(
    (p) =>
      p.id === wanted ||
      (p.article === number && (instrument === undefined || p.instrument === instrument)),
  );
  const known = pack.provisions.map((p) => `${p.instrument}:${p.article}`).join(', ');
  if (matches.length === 0) {
    throw new DomainError(
      'UnknownProvision',
      `the ${pack.code} pack has no article "${article}" (known: ${known})`,
      {
        details: { jurisdiction: pack.code, article },
      },
    );
  }
  const [only] = matches;
  if (matches.length > 1 || only === undefined) {
    throw new DomainError(
      'UnknownProvision',
      `article "${article}" is ambiguous in the ${pack.code} pack; write instrument:article (${matches
        .map((p) => `${p.instrument}:${p.article}`)
        .join(', ')})`,
      { details: { jurisdiction: pack.code, article } },
    );
  }
  if (
    part !== undefined &&
    part !== null &&
    only.parts !== undefined &&
    !only.parts.includes(part)
  ) {
    throw new DomainError(
      'UnknownProvision',
      `article ${only.article} of ${pack.code} has no part "${part}" (parts: ${only.parts.join(', ')})`,
      { details: { jurisdiction: pack.code, article, part } },
    );
  }
  return only;
}

/** The version of a charged provision in force on the offence date, or UnknownProvision. */
export function provisionVersionOn(
  provision: LoadedProvision,
  offenceDate: string,
): ProvisionVersion {
  const version = versionInForce(provision, offenceDate);
  if (version === undefined) {
    throw new DomainError(
      'UnknownProvision',
      `no version of article ${provision.article} (${provision.id}) is known to be in force on ${offenceDate}`,
      { details: { provision: provision.id, offenceDate } },
    );
  }
  return version;
}
