/**
 * The loaded packs, and the look-up the case registry uses to validate a charge.
 */
import { DomainError } from '../errors.ts';
import type { JurisdictionCode } from '../jurisdiction.ts';
import { versionInForce, versionsPossiblyInForce } from './logic.ts';
import type { LoadedProvision, Pack, ProvisionVersion } from './schema.ts';
import type { ScreeningSet } from './screening.ts';

/** One problem of a pack that could not be loaded, where it is. */
export interface PackProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly reason: string;
}

/**
 * A pack (or shared screening set) that failed validation: reported with every problem, never
 * loaded, and never a reason to refuse the others.
 */
export interface InvalidPack {
  /** The pack's directory (`kg`) or the screening set's file (`screening/x.yaml`). */
  readonly name: string;
  /** The jurisdiction the pack was for (its directory's name read as a code); null for a screening set. */
  readonly code: JurisdictionCode | null;
  readonly errors: readonly PackProblem[];
}

/** Every pack the system knows, by jurisdiction code, with the shared screening sets. */
export interface PackRegistry {
  readonly packs: ReadonlyMap<JurisdictionCode, Pack>;
  readonly screening: ReadonlyMap<string, ScreeningSet>;
  /** Packs and screening sets that failed validation, with their file:line problems. */
  readonly invalid: readonly InvalidPack[];
}

/**
 * Builds a registry from validated packs and screening sets. A second pack for a code already
 * taken, or a pack naming a screening set that is missing or invalid, joins `invalid` (with the
 * problems found earlier); every other pack loads.
 */
export function createRegistry(
  packs: readonly Pack[],
  screening: readonly ScreeningSet[] = [],
  invalid: readonly InvalidPack[] = [],
): PackRegistry {
  const sets = new Map(screening.map((s) => [s.id, s] as const));
  const refused: InvalidPack[] = [...invalid];
  const byCode = new Map<JurisdictionCode, Pack>();
  for (const pack of packs) {
    const file = pack.file;
    const problems: PackProblem[] = [];
    if (byCode.has(pack.code))
      problems.push({
        file,
        line: 1,
        column: 1,
        reason: `a second pack for jurisdiction "${pack.code}"`,
      });
    for (const id of pack.screening) {
      if (!sets.has(id))
        problems.push({
          file,
          line: 1,
          column: 1,
          reason: `names screening set "${id}", which is ${
            invalid.some((i) => i.name.endsWith(`/${id}.yaml`)) ? 'invalid' : 'not installed'
          }`,
        });
    }
    if (problems.length > 0)
      refused.push({
        name: pack.file.split('/')[0] ?? pack.file,
        code: pack.code,
        errors: problems,
      });
    else byCode.set(pack.code, pack);
  }
  return { packs: byCode, screening: sets, invalid: refused };
}

/** The pack for a jurisdiction; NotFound, or PackInvalid naming its problems. */
export function getPack(registry: PackRegistry, code: JurisdictionCode): Pack {
  const pack = registry.packs.get(code);
  if (pack !== undefined) return pack;
  const broken = registry.invalid.find((i) => i.code === code);
  if (broken !== undefined) {
    throw new DomainError(
      'PackInvalid',
      `the statute pack for "${code}" is invalid and was not loaded (the others were):\n  ${broken.errors
        .map((e) => `${e.file}:${e.line}:${e.column}: ${e.reason}`)
        .join('\n  ')}`,
      { details: { jurisdiction: code, errors: broken.errors } },
    );
  }
  throw new DomainError('NotFound', `no statute pack for jurisdiction "${code}"`, {
    details: { known: [...registry.packs.keys()] },
  });
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
  if (version !== undefined) return version;
  const { coverageFrom, coverageTo } = provision.startFloor;
  if (offenceDate < coverageFrom || offenceDate > coverageTo) {
    throw new DomainError(
      'UnknownProvision',
      `${offenceDate} is outside the period the statute pack covers (${coverageFrom} to ${coverageTo}): it cannot say which version of article ${provision.article} (${provision.id}) was in force then`,
      {
        details: {
          provision: provision.id,
          offenceDate,
          outsideCoverage: true,
          coverage: { from: coverageFrom, to: coverageTo },
        },
      },
    );
  }
  const possible = versionsPossiblyInForce(provision, offenceDate);
  throw new DomainError(
    'UnknownProvision',
    possible.length > 0
      ? `on ${offenceDate} version ${possible.map((v) => v.id).join(' or ')} of article ${provision.article} (${provision.id}) is only possibly in force: the sources give its dates only to a window`
      : `no version of article ${provision.article} (${provision.id}) is in force on ${offenceDate}`,
    {
      details: {
        provision: provision.id,
        offenceDate,
        possiblyInForce: possible.map((v) => v.id),
      },
    },
  );
}

/**
 * Whether a charge or registration under a provision can stand on a date: a version is in force,
 * or may be (the sources leave its dates open, or the date is before the pack's coverage and the
 * version's start is unknown). Returns the reason it cannot, or null. "Unknown" never becomes "no".
 */
export function statuteUsableOn(provision: LoadedProvision, date: string): string | null {
  if (versionInForce(provision, date) !== undefined) return null;
  if (versionsPossiblyInForce(provision, date).length > 0) return null;
  try {
    provisionVersionOn(provision, date);
    return null;
  } catch (error) {
    if (error instanceof DomainError) return error.message;
    throw error;
  }
}
