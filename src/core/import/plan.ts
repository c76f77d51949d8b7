/**
 * From spreadsheet rows to the records of one case, by the mapping: pure, so that a dry run
 * and a real run see the same plan and tests need no database. Every cell that cannot be read
 * is a problem naming its row, column, value and reason; a case with problems has no plan.
 */
import type {
  DateFormat,
  EventSpec,
  ImportMapping,
  StatuteTarget,
  ValueSource,
} from './mapping.ts';
import { vocabularies } from './mapping.ts';

/** One row as read from the file: its line number (1 = the header) and its cells by column. */
export interface SourceRow {
  readonly line: number;
  readonly cells: Readonly<Record<string, string>>;
}

/** A row that cannot be imported, and why. */
export interface RowProblem {
  readonly row: number;
  readonly column: string;
  readonly value: string;
  readonly reason: string;
}

export interface PlannedCase {
  readonly key: string;
  readonly reference: string;
  readonly openedOn: string;
  readonly origin: string | null;
  readonly summary: string | null;
}

export interface PlannedPerson {
  readonly key: string;
  readonly line: number;
  readonly role: string;
  readonly label: string | null;
  readonly sex: string | null;
  readonly ageYears: number | null;
  /** How the age is known; absent: exact when `ageYears` is given (spreadsheet mappings). */
  readonly ageKind?: 'exact' | 'estimated' | 'unknown';
  readonly citizenship: string | null;
  /** The victim record, for a person whose role is victim when the mapping has `victim`. */
  readonly victim: PlannedVictim | null;
}

export interface PlannedVictim {
  readonly forms: readonly string[] | null;
  readonly identifiedOn: string | null;
  readonly referredToServices: string | null;
  readonly cooperatingAsWitness: string | null;
}

export interface PlannedCharge {
  readonly key: string;
  readonly personKey: string;
  readonly line: number;
  readonly statute: {
    readonly instrument: string;
    readonly article: string;
    readonly part: string | null;
  };
  readonly chargedOn: string;
  readonly form: string | null;
}

interface EventBase {
  readonly key: string;
  readonly line: number;
  readonly occurredOn: string;
  /** The event's position in the mapping's list: the order of events on one day. */
  readonly order: number;
}
export type PlannedEvent =
  | (EventBase & { readonly kind: 'refer' | 'final' })
  | (EventBase & { readonly kind: 'indict'; readonly personKey: string })
  | (EventBase & {
      readonly kind: 'verdict';
      readonly personKey: string;
      readonly chargeKey: string;
      readonly outcome: string;
    })
  | (EventBase & {
      readonly kind: 'sentence';
      readonly personKey: string;
      readonly imprisonmentMonths: number | null;
      readonly probationMonths: number | null;
    });

/** Everything one case becomes, in the order it is written. */
export interface CasePlan {
  readonly case: PlannedCase;
  readonly persons: readonly PlannedPerson[];
  readonly charges: readonly PlannedCharge[];
  readonly events: readonly PlannedEvent[];
  /** Charge codes the mapping marks `skip` (outside the pack), by code. */
  readonly skippedCharges: Readonly<Record<string, number>>;
  /** Sentences of persons with no conviction among the imported charges: counted, not imported. */
  readonly skippedSentences: number;
}

/** Columns the mapping reads that the file does not have (joined columns included). */
export function missingColumns(mapping: ImportMapping, headers: ReadonlySet<string>): RowProblem[] {
  const wanted: [path: string, column: string][] = [
    ['case.key', mapping.case.key],
    ['person.key', mapping.person.key],
  ];
  const visit = (path: string, source: ValueSource | undefined): void => {
    if (source === undefined) return;
    if (source.column !== undefined) wanted.push([`${path}.column`, source.column]);
    for (const name of templateColumns(source.template)) wanted.push([`${path}.template`, name]);
    source.first?.forEach((rule, i) => wanted.push([`${path}.first.${i}.when`, rule.when.column]));
  };
  for (const [field, source] of Object.entries(mapping.case)) {
    if (typeof source !== 'string') visit(`case.${field}`, source);
  }
  for (const [field, source] of Object.entries(mapping.person)) {
    if (typeof source !== 'string') visit(`person.${field}`, source);
  }
  for (const [field, source] of Object.entries(mapping.victim ?? {}))
    visit(`victim.${field}`, source);
  if (mapping.charges !== undefined) {
    wanted.push(['charges.statute', mapping.charges.statute]);
    visit('charges.chargedOn', mapping.charges.chargedOn);
    visit('charges.form', mapping.charges.form);
  }
  mapping.events.forEach((event, i) => {
    for (const [field, source] of Object.entries(event)) {
      if (typeof source !== 'string') visit(`events.${i}.${field}`, source);
    }
  });
  return wanted
    .filter(([, column]) => !headers.has(column))
    .map(([path, column]) => ({
      row: 1,
      column,
      value: '',
      reason: `${path}: the file has no column "${column}"`,
    }));
}

function templateColumns(template: string | undefined): string[] {
  if (template === undefined) return [];
  return [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? '');
}

/**
 * A cell as a list: "['1591', '1594']" (Python's list notation, as pandas writes it; commas
 * optional, None for a missing item) or one plain value.
 */
export function listItems(cell: string): (string | null)[] {
  const text = cell.trim();
  if (!(text.startsWith('[') && text.endsWith(']'))) return [text === '' ? null : text];
  const items: (string | null)[] = [];
  for (const m of text.slice(1, -1).matchAll(/'([^']*)'|"([^"]*)"|([^\s,]+)/g)) {
    const item = m[1] ?? m[2] ?? m[3] ?? '';
    items.push(m[3] === 'None' || item === '' ? null : item);
  }
  return items;
}

/** Parses a date in `formats` (one or a list); a value two formats read as different dates is refused. */
export function parseDate(
  raw: string,
  formats: DateFormat | readonly DateFormat[],
): { date: string } | { reason: string } {
  const text = raw.trim();
  if (typeof formats === 'string') {
    const date = readDate(text, formats);
    return date === null ? { reason: `not a date in ${formats}` } : { date };
  }
  // The first date read, and (only when another format reads a different one) all of them.
  let first: string | null = null;
  let found: Set<string> | null = null;
  for (const format of formats) {
    const date = readDate(text, format);
    if (date === null || date === first) continue;
    if (first === null) first = date;
    else (found ??= new Set([first])).add(date);
  }
  if (found !== null)
    return {
      reason: `ambiguous date: reads as ${[...found].sort().join(' or ')} (${formats.join(', ')})`,
    };
  if (first !== null) return { date: first };
  return { reason: `not a date in ${formats.join(' or ')}` };
}

/** `00` to `31`. */
const twoDigits = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));

/**
 * The number the ASCII digits of `text` from `start` to `end` write, or -1 when that is empty,
 * longer than `most` or has another character.
 */
function digitsIn(text: string, start: number, end: number, least: number, most: number): number {
  if (end - start < least || end - start > most) return -1;
  let n = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * A date written in `format`, as YYYY-MM-DD, or null. YYYY-MM-DD is four digits, a hyphen and
 * one or two digits twice; DD.MM.YYYY, DD/MM/YYYY and MM/DD/YYYY one or two digits, the
 * separator, one or two digits, the separator and four digits; YYYY four digits (`.0` after
 * them allowed, as a spreadsheet's number). The day must exist in the (proleptic Gregorian)
 * calendar, and years before 100 are refused (which a JavaScript Date took as 1900 and later).
 * Read by hand: a regular expression and a Date per cell were a tenth of an import's own CPU.
 */
function readDate(text: string, format: DateFormat): string | null {
  let year: number;
  let month: number;
  let day: number;
  const length = text.length;
  if (format === 'YYYY') {
    if (length !== 4 && !(length === 6 && text.endsWith('.0'))) return null;
    year = digitsIn(text, 0, 4, 4, 4);
    month = 12;
    // A year alone is dated 31 December: the latest day it can mean, so that an event is
    // never dated before the things the same source says preceded it within that year.
    day = 31;
  } else {
    const separator = format === 'YYYY-MM-DD' ? '-' : format === 'DD.MM.YYYY' ? '.' : '/';
    const i = text.indexOf(separator);
    const j = i < 0 ? -1 : text.indexOf(separator, i + 1);
    if (j < 0) return null;
    if (format === 'YYYY-MM-DD') {
      year = digitsIn(text, 0, i, 4, 4);
      month = digitsIn(text, i + 1, j, 1, 2);
      day = digitsIn(text, j + 1, length, 1, 2);
    } else {
      const a = digitsIn(text, 0, i, 1, 2);
      const b = digitsIn(text, i + 1, j, 1, 2);
      year = digitsIn(text, j + 1, length, 4, 4);
      month = format === 'MM/DD/YYYY' ? a : b;
      day = format === 'MM/DD/YYYY' ? b : a;
    }
  }
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
    return null;
  // Already written as it is stored: the text itself (no new string).
  if (format === 'YYYY-MM-DD' && length === 10) return text;
  return `${String(year).padStart(4, '0')}-${twoDigits[month] ?? ''}-${twoDigits[day] ?? ''}`;
}

const templateField = /\{([^}]+)\}/g;

/** A cell's value: the cell, or (a list cell) its item at `index` or the whole cell. */
function cellOf(
  raw: string,
  items: readonly (string | null)[],
  index: number | null,
): string | null {
  if (items.length <= 1) return items[0] ?? null;
  return index === null ? raw : (items[index] ?? null);
}

function cellValue(row: SourceRow, column: string, index: number | null): string | null {
  const raw = row.cells[column] ?? '';
  return cellOf(raw, listItems(raw), index);
}

/**
 * Reads a value source on one row; `index` picks an item of list cells (a charge's position).
 * Null for an empty value, and for one that cannot be read: its problem is added to `problems`.
 */
function readSource(
  source: ValueSource,
  row: SourceRow,
  index: number | null,
  path: string,
  problems: RowProblem[],
): string | null {
  let raw = '';
  let column = path;
  let value: string | null;
  if (source.value !== undefined) value = String(source.value);
  else if (source.column !== undefined) {
    column = source.column;
    raw = row.cells[column] ?? '';
    const items = listItems(raw);
    if (index === null && items.length > 1)
      return refuse(problems, row, column, raw, `${path}: a list where one value was expected`);
    value = cellOf(raw, items, index);
  } else if (source.template !== undefined) {
    value = source.template.replace(
      templateField,
      (_, name: string) => cellValue(row, name, index) ?? '',
    );
    raw = value;
  } else {
    value = null;
    for (const rule of source.first ?? []) {
      const ruleRaw = row.cells[rule.when.column] ?? '';
      const cellValue = cellOf(ruleRaw, listItems(ruleRaw), index);
      if (holds(rule.when, cellValue)) {
        value = rule.value;
        column = rule.when.column;
        raw = ruleRaw;
        break;
      }
    }
  }
  if (value !== null && value.trim() === '') value = null;
  if (source.map !== undefined && value !== null) {
    const key = value.trim();
    if (!Object.hasOwn(source.map, key))
      return refuse(
        problems,
        row,
        column,
        raw || value,
        `${path}: "${key}" is not in the mapping's value map`,
      );
    value = source.map[key] ?? null;
  }
  if (source.format !== undefined && value !== null) {
    const parsed = parseDate(value, source.format);
    if ('reason' in parsed)
      return refuse(problems, row, column, raw || value, `${path}: ${parsed.reason}`);
    value = parsed.date;
  }
  return value;
}

function holds(
  when: { equals?: string | undefined; above?: number | undefined },
  value: string | null,
): boolean {
  if (value === null) return false;
  if (when.equals !== undefined && value.trim() !== when.equals) return false;
  if (when.above !== undefined && !(Number(value) > when.above)) return false;
  return true;
}

function refuse(
  problems: RowProblem[],
  row: SourceRow,
  column: string,
  value: string,
  reason: string,
): null {
  problems.push({ row: row.line, column, value, reason });
  return null;
}

/** Collects problems while reading fields; `get` returns null after a problem. */
class Reader {
  readonly problems: RowProblem[] = [];

  read(
    source: ValueSource | undefined,
    row: SourceRow,
    index: number | null,
    path: string,
  ): string | null {
    if (source === undefined) return null;
    return readSource(source, row, index, path, this.problems);
  }

  oneOf<const T extends readonly string[]>(
    vocabulary: T,
    source: ValueSource | undefined,
    row: SourceRow,
    index: number | null,
    path: string,
  ): T[number] | null {
    const value = this.read(source, row, index, path);
    if (value === null) return null;
    const found = vocabulary.find((term) => term === value);
    if (found === undefined) {
      this.problem(
        row,
        source?.column ?? path,
        value,
        `${path}: must be one of ${vocabulary.join(', ')}`,
      );
      return null;
    }
    return found;
  }

  count(
    source: ValueSource | undefined,
    row: SourceRow,
    index: number | null,
    path: string,
  ): number | null {
    const value = this.read(source, row, index, path);
    if (value === null) return null;
    const number = Number(value.trim());
    if (!/^\d+(\.0+)?$/.test(value.trim()) || !Number.isSafeInteger(number)) {
      this.problem(row, source?.column ?? path, value, `${path}: not a whole number`);
      return null;
    }
    return number;
  }

  problem(row: SourceRow, column: string, value: string, reason: string): void {
    this.problems.push({ row: row.line, column, value, reason });
  }
}

function victimOf(
  reader: Reader,
  spec: NonNullable<ImportMapping['victim']>,
  row: SourceRow,
): PlannedVictim {
  const formsText = reader.read(spec.forms, row, null, 'victim.forms');
  let forms: string[] | null = null;
  if (formsText !== null) {
    forms = [];
    for (const term of formsText
      .split(/[,;]/)
      .map((t) => t.trim())
      .filter((t) => t !== '')) {
      const found = vocabularies.exploitationForm.find((f) => f === term);
      if (found === undefined)
        reader.problem(
          row,
          spec.forms?.column ?? 'victim.forms',
          term,
          `victim.forms: must be among ${vocabularies.exploitationForm.join(', ')}`,
        );
      else if (!forms.includes(found)) forms.push(found);
    }
  }
  return {
    forms,
    identifiedOn: reader.read(spec.identifiedOn, row, null, 'victim.identifiedOn'),
    referredToServices: reader.oneOf(
      vocabularies.triState,
      spec.referredToServices,
      row,
      null,
      'victim.referredToServices',
    ),
    cooperatingAsWitness: reader.oneOf(
      vocabularies.triState,
      spec.cooperatingAsWitness,
      row,
      null,
      'victim.cooperatingAsWitness',
    ),
  };
}

/** The records one case's rows become, or every problem found in them. */
export function planCase(
  mapping: ImportMapping,
  key: string,
  rows: readonly SourceRow[],
): { plan: CasePlan; problems: [] } | { plan: null; problems: RowProblem[] } {
  const reader = new Reader();
  const first = rows[0];
  if (first === undefined) throw new Error('planCase needs at least one row');
  const caseField = (source: ValueSource | undefined, path: string): string | null => {
    if (source === undefined) return null;
    if (source.aggregate !== 'min') return reader.read(source, first, null, path);
    const values = rows
      .map((row) => reader.read(source, row, null, path))
      .filter((v) => v !== null);
    return values.length === 0 ? null : values.reduce((a, b) => (b < a ? b : a));
  };
  const reference = caseField(mapping.case.reference, 'case.reference');
  const openedOn = caseField(mapping.case.openedOn, 'case.openedOn');
  if (reference === null) reader.problem(first, mapping.case.key, key, 'case.reference: empty');
  if (openedOn === null)
    reader.problem(first, mapping.case.key, key, 'case.openedOn: no row of the case gives a date');
  const origin = caseField(mapping.case.origin, 'case.origin');
  const planned: PlannedCase = {
    key,
    reference: reference ?? '',
    openedOn: openedOn ?? '',
    origin: origin === null ? null : (vocabularies.origin.find((o) => o === origin) ?? null),
    summary: caseField(mapping.case.summary, 'case.summary'),
  };
  if (origin !== null && planned.origin === null)
    reader.problem(
      first,
      'case.origin',
      origin,
      `case.origin: must be one of ${vocabularies.origin.join(', ')}`,
    );

  const persons: PlannedPerson[] = [];
  const charges: PlannedCharge[] = [];
  const events: PlannedEvent[] = [];
  const skippedCharges: Record<string, number> = {};
  const notImported = { sentences: 0 };
  const seen = new Map<string, SourceRow>();
  const convicted = new Set<string>();
  const order = (kind: EventSpec['kind']): number =>
    mapping.events.findIndex((e) => e.kind === kind);

  for (const row of rows) {
    const personKey = (row.cells[mapping.person.key] ?? '').trim();
    if (personKey === '') {
      reader.problem(row, mapping.person.key, '', 'person.key: empty');
      continue;
    }
    const earlier = seen.get(personKey);
    if (earlier !== undefined) {
      const same = JSON.stringify(earlier.cells) === JSON.stringify(row.cells);
      reader.problem(
        row,
        mapping.person.key,
        personKey,
        same
          ? `duplicate row: the same as row ${earlier.line}`
          : `person key ${personKey} is already on row ${earlier.line} of this case`,
      );
      continue;
    }
    seen.set(personKey, row);
    const p = mapping.person;
    const role = reader.oneOf(vocabularies.role, p.role, row, null, 'person.role');
    if (role === null)
      reader.problem(row, p.role.column ?? 'person.role', '', 'person.role: empty');
    persons.push({
      key: personKey,
      line: row.line,
      role: role ?? 'suspect',
      label: reader.read(p.label, row, null, 'person.label'),
      sex: reader.oneOf(vocabularies.sex, p.sex, row, null, 'person.sex'),
      ageYears: reader.count(p.ageYears, row, null, 'person.ageYears'),
      citizenship: reader.read(p.citizenship, row, null, 'person.citizenship'),
      victim:
        role === 'victim' && mapping.victim !== undefined
          ? victimOf(reader, mapping.victim, row)
          : null,
    });

    const personCharges: PlannedCharge[] = [];
    if (mapping.charges !== undefined) {
      const spec = mapping.charges;
      const codes = listItems(row.cells[spec.statute] ?? '');
      const used = new Set<string>();
      codes.forEach((code, index) => {
        if (code === null) return;
        if (!Object.hasOwn(spec.statutes, code)) {
          reader.problem(
            row,
            spec.statute,
            code,
            `charges.statutes: no entry for statute code "${code}"`,
          );
          return;
        }
        const target: StatuteTarget | undefined = spec.statutes[code];
        if (target === undefined || target === 'skip') {
          skippedCharges[code] = (skippedCharges[code] ?? 0) + 1;
          return;
        }
        if (used.has(code)) {
          reader.problem(row, spec.statute, code, `statute code "${code}" is listed twice`);
          return;
        }
        used.add(code);
        const at = codes.length > 1 ? index : null;
        const chargedOn = reader.read(spec.chargedOn, row, at, 'charges.chargedOn');
        if (chargedOn === null) {
          reader.problem(
            row,
            spec.chargedOn.column ?? 'charges.chargedOn',
            '',
            'charges.chargedOn: empty',
          );
          return;
        }
        const charge: PlannedCharge = {
          key: `${personKey}/${code}`,
          personKey,
          line: row.line,
          statute: {
            instrument: target.instrument,
            article: target.article,
            part: target.part ?? null,
          },
          chargedOn,
          form: reader.oneOf(vocabularies.form, spec.form, row, at, 'charges.form'),
        };
        personCharges.push(charge);
        for (const event of mapping.events) {
          if (event.kind !== 'verdict') continue;
          const occurredOn = reader.read(event.occurredOn, row, at, 'verdict.occurredOn');
          const outcome = reader.oneOf(
            vocabularies.outcome,
            event.outcome,
            row,
            at,
            'verdict.outcome',
          );
          if (occurredOn === null || outcome === null) continue;
          if (outcome === 'convicted') convicted.add(personKey);
          events.push({
            kind: 'verdict',
            key: `verdict/${charge.key}`,
            line: row.line,
            occurredOn,
            order: order('verdict'),
            personKey,
            chargeKey: charge.key,
            outcome,
          });
        }
      });
    }
    charges.push(...personCharges);

    for (const event of mapping.events) {
      if (event.kind === 'indict') {
        const occurredOn = reader.read(event.occurredOn, row, null, 'indict.occurredOn');
        if (occurredOn !== null && personCharges.length > 0)
          events.push({
            kind: 'indict',
            key: `indict/${personKey}`,
            line: row.line,
            occurredOn,
            order: order('indict'),
            personKey,
          });
      }
      if (event.kind === 'sentence') {
        const occurredOn = reader.read(event.occurredOn, row, null, 'sentence.occurredOn');
        const imprisonmentMonths = reader.count(
          event.imprisonmentMonths,
          row,
          null,
          'sentence.imprisonmentMonths',
        );
        const probationMonths = reader.count(
          event.probationMonths,
          row,
          null,
          'sentence.probationMonths',
        );
        if (occurredOn === null || (imprisonmentMonths === null && probationMonths === null))
          continue;
        if (!convicted.has(personKey)) {
          // Sentenced for charges the mapping leaves out (or with no verdict recorded): the
          // sentence belongs to no imported conviction, so it is counted, not imported.
          notImported.sentences++;
          continue;
        }
        events.push({
          kind: 'sentence',
          key: `sentence/${personKey}`,
          line: row.line,
          occurredOn,
          order: order('sentence'),
          personKey,
          imprisonmentMonths,
          probationMonths,
        });
      }
    }
  }
  for (const event of mapping.events) {
    if (event.kind !== 'refer' && event.kind !== 'final') continue;
    const occurredOn = caseField(event.occurredOn, `${event.kind}.occurredOn`);
    if (occurredOn !== null)
      events.push({
        kind: event.kind,
        key: event.kind,
        line: first.line,
        occurredOn,
        order: order(event.kind),
      });
  }
  // Court events need the referral first: one dated before it is the data's own contradiction.
  const referral = events.find((e) => e.kind === 'refer');
  if (referral !== undefined) {
    for (const event of events) {
      if (
        event.kind === 'refer' ||
        event.kind === 'final' ||
        event.occurredOn >= referral.occurredOn
      )
        continue;
      const spec = mapping.events.find((e) => e.kind === event.kind);
      reader.problems.push({
        row: event.line,
        column: spec?.occurredOn.column ?? `${event.kind}.occurredOn`,
        value: event.occurredOn,
        reason: `${event.kind}.occurredOn: ${event.occurredOn} is before the case's referral to prosecution (${referral.occurredOn})`,
      });
    }
  }
  if (reader.problems.length > 0) return { plan: null, problems: reader.problems };
  events.sort(
    (a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.order - b.order || a.line - b.line,
  );
  return {
    plan: {
      case: planned,
      persons,
      charges,
      events,
      skippedCharges,
      skippedSentences: notImported.sentences,
    },
    problems: [],
  };
}
