/**
 * The JSON list columns (lists are JSON text so the same SQL runs on SQLite and PostgreSQL),
 * parsed in one place and checked against their vocabularies: a row a hand in the database
 * changed into something else is refused here with the column's name, not carried on as a
 * union it is not.
 */
import { z } from 'zod';
import { exploitationForms, roles, trainingAudiences } from '../../core/vocabulary.ts';
import { DomainError } from '../../core/errors.ts';

const textList = z.array(z.string());
const roleList = z.array(z.enum(roles));
const formList = z.array(z.enum(exploitationForms));
const audienceList = z.array(
  z.object({ audience: z.enum(trainingAudiences), participants: z.number().int().nullable() }),
);

function parsed<T>(schema: z.ZodType<T>, column: string, text: string): T {
  const result = schema.safeParse(JSON.parse(text));
  if (result.success) return result.data;
  throw new DomainError(
    'IntegrityViolation',
    `the stored ${column} is not a list the system writes: ${result.error.issues[0]?.message ?? 'invalid'}`,
  );
}

/** `users.roles`. */
export const rolesColumn = (text: string) => parsed(roleList, 'roles', text);
/** `victim_records.forms`. */
export const formsColumn = (text: string) => parsed(formList, 'forms of exploitation', text);
/** `trainings.audiences`. */
export const audiencesColumn = (text: string) => parsed(audienceList, 'audiences', text);
/** Lists of free text: a training's organisers, partners, trainers and topics. */
export const textListColumn = (column: string, text: string) => parsed(textList, column, text);
