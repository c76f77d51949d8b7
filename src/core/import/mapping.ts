/**
 * The import mapping: which columns of a spreadsheet become which case, person, charge and
 * event fields. A mapping is data, checked when loaded: a wrong key is refused with its path
 * ("events.2.kind: …"), so an invalid mapping never reaches the rows.
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { DomainError } from '../errors.ts';
import type { FieldIssue } from '../errors.ts';
import {
  ageKinds,
  caseOrigins,
  exploitationForms,
  personRoles,
  sexes,
  traffickingForms,
  triStates,
  verdictOutcomes,
} from '../vocabulary.ts';
import { jurisdictionCodeInput } from '../jurisdiction.ts';

/** Date layouts a column may use; a column may list several (mixed formats). */
export const dateFormats = [
  'YYYY-MM-DD',
  'DD.MM.YYYY',
  'DD/MM/YYYY',
  'MM/DD/YYYY',
  'YYYY',
] as const;
export type DateFormat = (typeof dateFormats)[number];

const columnName = z.string().min(1).max(200);

/** A condition on a cell: present, equal to a value, or a number above a bound (any item of a list). */
const condition = z.strictObject({
  column: columnName,
  equals: z.string().optional(),
  above: z.number().optional(),
});

/** Where a field's value comes from: a constant, a column, or a template of columns. */
const valueSource = z
  .strictObject({
    value: z.union([z.string(), z.number()]).optional(),
    column: columnName.optional(),
    template: z.string().min(1).optional(),
    /** Rules tried in order: the first whose condition holds gives the value. */
    first: z
      .array(z.strictObject({ when: condition, value: z.string() }))
      .min(1)
      .optional(),
    /** Source word → stored value; a word not in the map is a row error. `null` means "not recorded". */
    map: z.record(z.string(), z.string().nullable()).optional(),
    /** Date layouts tried in order; a value matching two with different dates is ambiguous. */
    format: z.union([z.enum(dateFormats), z.array(z.enum(dateFormats)).min(1)]).optional(),
    /** For case fields read from several rows: the earliest value, or the first row's. */
    aggregate: z.enum(['min', 'first']).optional(),
  })
  .refine(
    (s) => [s.value, s.column, s.template, s.first].filter((x) => x !== undefined).length === 1,
    'give exactly one of value, column, template or first',
  );
export type ValueSource = z.infer<typeof valueSource>;

const statuteTarget = z.union([
  z.literal('skip'),
  z.strictObject({
    instrument: z.string().min(1),
    article: z.string().min(1),
    part: z.string().min(1).optional(),
  }),
]);
export type StatuteTarget = z.infer<typeof statuteTarget>;

const eventSpec = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('refer'), occurredOn: valueSource }),
  z.strictObject({ kind: z.literal('indict'), occurredOn: valueSource }),
  z.strictObject({ kind: z.literal('verdict'), occurredOn: valueSource, outcome: valueSource }),
  z.strictObject({
    kind: z.literal('sentence'),
    occurredOn: valueSource,
    imprisonmentMonths: valueSource.optional(),
    probationMonths: valueSource.optional(),
  }),
  z.strictObject({ kind: z.literal('final'), occurredOn: valueSource }),
]);
export type EventSpec = z.infer<typeof eventSpec>;

/** The whole mapping file. */
export const importMapping = z.strictObject({
  /** Names the source: external keys are unique within (jurisdiction, source). */
  source: z.string().trim().min(1).max(100),
  /** Either case in the file; the system's one spelling (`US`) once read. */
  jurisdiction: jurisdictionCodeInput,
  /** The opening agency (and court, prosecutor) of every imported case, by name. */
  agency: z.string().trim().min(1),
  /** Other files joined to each row by a key: their columns are read as `<name>.<column>`. */
  join: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a lower-case identifier'),
        file: z.string().min(1),
        key: columnName,
        on: columnName,
      }),
    )
    .default([]),
  case: z.strictObject({
    /** Rows with the same value here form one case; it is the case's external key. */
    key: columnName,
    reference: valueSource,
    openedOn: valueSource,
    origin: valueSource.optional(),
    summary: valueSource.optional(),
  }),
  person: z.strictObject({
    /** One person per distinct value within a case; the person's external key. */
    key: columnName,
    role: valueSource,
    label: valueSource.optional(),
    sex: valueSource.optional(),
    ageYears: valueSource.optional(),
    citizenship: valueSource.optional(),
  }),
  /** The victim record of persons whose role is `victim`. */
  victim: z
    .strictObject({
      /** Forms of exploitation: one term, or several separated by commas (after the value map). */
      forms: valueSource.optional(),
      identifiedOn: valueSource.optional(),
      referredToServices: valueSource.optional(),
      cooperatingAsWitness: valueSource.optional(),
    })
    .optional(),
  charges: z
    .strictObject({
      /** The statute column; a cell may hold one code or a list ("['1591', '1594']"). */
      statute: columnName,
      /** Statute code → pack provision, or `skip` (not charged under the pack: counted, not imported). */
      statutes: z.record(z.string(), statuteTarget),
      chargedOn: valueSource,
      form: valueSource.optional(),
    })
    .optional(),
  /** Lifecycle events in lifecycle order; written sorted by date, then by this order. */
  events: z.array(eventSpec).default([]),
});
export type ImportMapping = z.infer<typeof importMapping>;

// The vocabularies a mapped value must belong to, by field.
export const vocabularies = {
  role: personRoles,
  sex: sexes,
  origin: caseOrigins,
  form: traffickingForms,
  outcome: verdictOutcomes,
  ageKind: ageKinds,
  exploitationForm: exploitationForms,
  triState: triStates,
} as const;

/** Parses and checks a mapping file's text; refuses it naming every wrong key. */
export function parseMapping(text: string, fileName: string): ImportMapping {
  let data: unknown;
  try {
    data = parseYaml(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DomainError('ValidationFailed', `${fileName}: not valid YAML: ${message}`, {
      issues: [{ path: fileName, message }],
    });
  }
  const result = importMapping.safeParse(data);
  if (!result.success) {
    const issues: FieldIssue[] = result.error.issues.map((issue) => ({
      path: issue.path.length > 0 ? issue.path.map(String).join('.') : '(mapping)',
      message: issue.message,
    }));
    throw new DomainError(
      'ValidationFailed',
      `${fileName}: invalid mapping: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
      { issues },
    );
  }
  return result.data;
}
