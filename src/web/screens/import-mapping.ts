/** The import screen's mapping, apart from its rendering: suggested columns, the mapping document, the last mapping used. */
/** The fields the screen maps, each to a column of the file (or none). */
export const mappedFields = [
  'caseKey',
  'reference',
  'openedOn',
  'personKey',
  'role',
  'label',
  'sex',
  'age',
  'citizenship',
] as const;
/** One field the screen maps. */
export type MappedField = (typeof mappedFields)[number];
/** The column chosen for each field ('' for none). */
export type Choices = Record<MappedField, string>;

// Column names a field is often given, compared without case, spaces or punctuation.
const synonyms: Readonly<Record<MappedField, readonly string[]>> = {
  caseKey: [
    'case',
    'caseid',
    'caseno',
    'casenumber',
    'casenum',
    'дело',
    'номерделa',
    'номердела',
    'иш',
  ],
  reference: ['reference', 'ref', 'casereference', 'регномер', 'номер'],
  openedOn: ['opened', 'openedon', 'dateopened', 'opendate', 'date', 'датавозбуждения', 'дата'],
  personKey: ['person', 'personid', 'defendant', 'defendantid', 'id', 'лицо', 'адам'],
  role: ['role', 'roleofperson', 'статус', 'положение', 'роль'],
  label: ['label', 'alias', 'pseudonym', 'обозначение'],
  sex: ['sex', 'gender', 'пол', 'жынысы'],
  age: ['age', 'ageyears', 'возраст', 'жашы'],
  citizenship: ['citizenship', 'nationality', 'гражданство', 'жарандыгы'],
};
const normal = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');

/**
 * A column for each field: the last mapping's column when the file has it, else a column whose
 * name is a usual name of the field; else none.
 */
export function suggestColumns(headers: readonly string[], last: Partial<Choices> | null): Choices {
  const byNormal = new Map(headers.map((h) => [normal(h), h]));
  const pick = (field: MappedField): string => {
    const previous = last?.[field];
    if (previous !== undefined && headers.includes(previous)) return previous;
    for (const name of synonyms[field]) {
      const found = byNormal.get(name);
      if (found !== undefined) return found;
    }
    return '';
  };
  const caseKey = pick('caseKey');
  return {
    caseKey,
    reference: pick('reference') || caseKey,
    openedOn: pick('openedOn'),
    personKey: pick('personKey'),
    role: pick('role'),
    label: pick('label'),
    sex: pick('sex'),
    age: pick('age'),
    citizenship: pick('citizenship'),
  };
}

const quote = (text: string) => JSON.stringify(text);

/** The mapping (YAML) the choices describe. */
export function mappingOf(
  settings: { source: string; jurisdiction: string; agency: string; format: string; role: string },
  choices: Choices,
): string {
  const formats =
    settings.format === 'any' ? '[YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY]' : settings.format;
  const person: string[] = [`  key: ${quote(choices.personKey)}`];
  person.push(
    settings.role === 'column'
      ? `  role: { column: ${quote(choices.role)} }`
      : `  role: { value: ${settings.role} }`,
  );
  if (choices.label !== '') person.push(`  label: { column: ${quote(choices.label)} }`);
  if (choices.sex !== '') person.push(`  sex: { column: ${quote(choices.sex)} }`);
  if (choices.age !== '') person.push(`  ageYears: { column: ${quote(choices.age)} }`);
  if (choices.citizenship !== '')
    person.push(`  citizenship: { column: ${quote(choices.citizenship)} }`);
  return [
    `source: ${quote(settings.source)}`,
    `jurisdiction: ${settings.jurisdiction}`,
    `agency: ${quote(settings.agency)}`,
    'case:',
    `  key: ${quote(choices.caseKey)}`,
    `  reference: { column: ${quote(choices.reference || choices.caseKey)} }`,
    `  openedOn: { column: ${quote(choices.openedOn)}, format: ${formats}, aggregate: min }`,
    'person:',
    ...person,
    '',
  ].join('\n');
}

/** Where the last mapping used is kept in the browser's local storage. */
export const lastKey = 'palermo.import.last';
interface Last {
  choices: Choices;
  settings: { source: string; jurisdiction: string; agency: string; format: string; role: string };
  mapping: string;
}
function isLast(value: unknown): value is Last {
  return (
    typeof value === 'object' &&
    value !== null &&
    'choices' in value &&
    typeof value.choices === 'object' &&
    'settings' in value &&
    typeof value.settings === 'object' &&
    'mapping' in value &&
    typeof value.mapping === 'string'
  );
}
/** The last mapping used in this browser (kept in its local storage), if any. */
export function readLast(): Last | null {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(lastKey) ?? 'null');
    return isLast(value) ? value : null;
  } catch {
    return null;
  }
}
