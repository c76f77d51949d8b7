/**
 * Recognising the same victim in the records of different agencies, without showing anyone an
 * identity. Identities are normalised here (names into one Latin transliteration, dates and
 * document numbers into one spelling); the app layer turns each normalised field into a keyed
 * digest and compares digests only.
 */

/** Cyrillic letters (Russian and Kyrgyz) in a simple, lossy transliteration used only for matching. */
const cyrillic: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  ң: 'n',
  о: 'o',
  ө: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ү: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
};

/** Latin spellings of the same sounds, folded to the forms the Cyrillic table produces. */
const latinFolds: readonly (readonly [RegExp, string])[] = [
  [/yu/g, 'iu'],
  [/ya/g, 'ia'],
  [/yo/g, 'e'],
  [/j/g, 'zh'],
  [/x/g, 'kh'],
  [/h/g, 'kh'],
  [/kkh/g, 'kh'],
  [/y/g, 'i'],
  [/w/g, 'v'],
];

/**
 * One spelling of a name for comparison: lower case, accents and punctuation removed, Cyrillic
 * transliterated, common Latin variants folded, the words sorted (so that "Asanova Aigul" and
 * "Айгуль Асанова" agree). Null when nothing is left.
 */
export function normaliseName(name: string | null | undefined): string | null {
  if (name == null) return null;
  const lower = name.normalize('NFKC').toLowerCase();
  let latin = '';
  for (const ch of lower) latin += cyrillic[ch] ?? ch;
  const plain = latin.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const words = plain
    .split(/[^a-z]+/)
    .filter((w) => w.length > 0)
    .map((w) => latinFolds.reduce((acc, [from, to]) => acc.replace(from, to), w))
    .map((w) => w.replace(/(.)\1+/g, '$1'));
  return words.length === 0 ? null : [...words].sort().join(' ');
}

/** A date of birth as YYYY-MM-DD, or null when it is not a complete date. */
export function normaliseBirthDate(date: string | null | undefined): string | null {
  if (date == null) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  return match === null ? null : `${match[1]}-${match[2]}-${match[3]}`;
}

/** A document number as upper-case letters and digits only; null when too short to identify anyone. */
export function normaliseDocument(number: string | null | undefined): string | null {
  if (number == null) return null;
  const plain = number
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^A-Z0-9А-ЯЁӨҮҢ]/g, '');
  return plain.length >= 5 ? plain : null;
}

/** The fields an identity is matched on, normalised. */
export interface MatchFields {
  readonly name: string | null;
  /** Each alias, normalised. */
  readonly aliases: readonly string[];
  readonly birthDate: string | null;
  readonly document: string | null;
}

/** The same fields as keyed digests (the only form the comparison sees). */
export interface MatchDigests {
  readonly names: readonly string[];
  readonly birthDate: string | null;
  readonly birthYear: string | null;
  readonly document: string | null;
}

/**
 * How strongly two records point to one person:
 * - `certain`: the same document number, or the same name and the same full date of birth;
 * - `possible`: the same name with one date of birth unknown or only the year in common, or
 *   the same date of birth and one name shared through an alias;
 * - null: nothing in common that identifies.
 */
export type MatchStrength = 'certain' | 'possible';

export interface MatchVerdict {
  readonly strength: MatchStrength;
  /** What agreed, in words a reviewer understands (never the values). */
  readonly basis: readonly ('document' | 'name' | 'alias' | 'birth date' | 'birth year')[];
}

/** Compares two records' digests. */
export function compareDigests(a: MatchDigests, b: MatchDigests): MatchVerdict | null {
  if (a.document !== null && a.document === b.document) {
    return { strength: 'certain', basis: ['document'] };
  }
  const [aMain, ...aAliases] = a.names;
  const [bMain, ...bAliases] = b.names;
  const sameName = aMain !== undefined && aMain === bMain;
  const aliasShared =
    !sameName &&
    a.names.some((n) => b.names.includes(n)) &&
    (aAliases.length > 0 || bAliases.length > 0);
  const sameBirth = a.birthDate !== null && a.birthDate === b.birthDate;
  const sameYear = a.birthYear !== null && a.birthYear === b.birthYear;
  const birthUnknown = a.birthDate === null || b.birthDate === null;
  if (sameName && sameBirth) return { strength: 'certain', basis: ['name', 'birth date'] };
  if (sameName && (birthUnknown || sameYear)) {
    return {
      strength: 'possible',
      basis: sameYear && !sameBirth ? ['name', 'birth year'] : ['name'],
    };
  }
  if (aliasShared && (sameBirth || sameYear)) {
    return { strength: 'possible', basis: ['alias', sameBirth ? 'birth date' : 'birth year'] };
  }
  return null;
}

/**
 * Groups records into persons from the links between them (union–find): each group is one
 * person however many agencies recorded them.
 */
export function groupLinked(
  ids: readonly string[],
  links: readonly (readonly [string, string])[],
): string[][] {
  const parent = new Map(ids.map((id) => [id, id]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    parent.set(id, root);
    return root;
  };
  for (const [a, b] of links) {
    if (!parent.has(a) || !parent.has(b)) continue;
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra < rb ? rb : ra, ra < rb ? ra : rb);
  }
  const groups = new Map<string, string[]>();
  for (const id of ids) {
    const root = find(id);
    groups.set(root, [...(groups.get(root) ?? []), id]);
  }
  return [...groups.values()]
    .map((g) => g.sort())
    .sort((x, y) => (x[0] ?? '').localeCompare(y[0] ?? ''));
}
