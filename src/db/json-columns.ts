/**
 * The JSON columns (lists and objects are JSON text so the same SQL runs on SQLite and
 * PostgreSQL), parsed in one place, by the repositories, and checked against their
 * vocabularies: use-cases see typed values, never the text. A row a hand in the database
 * changed into something else is refused here with the column's name, not carried on as a
 * union it is not. Writing is `JSON.stringify`, through `jsonText`.
 */
import { z } from 'zod';
import { permissions } from '../core/access/policy.ts';
import type { Permission } from '../core/access/policy.ts';
import { DomainError } from '../core/errors.ts';
import { exploitationForms, roles, trainingAudiences } from '../core/vocabulary.ts';
import type { Role } from '../core/vocabulary.ts';

const textList = z.array(z.string());
const roleList = z.array(z.enum(roles));
const permissionList = z.array(z.enum(permissions));
const formList = z.array(z.enum(exploitationForms));
const audienceList = z.array(
  z.object({ audience: z.enum(trainingAudiences), participants: z.number().int().nullable() }),
);
const jsonObject = z.record(z.string(), z.unknown());

function parsed<T>(schema: z.ZodType<T>, column: string, text: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new DomainError('IntegrityViolation', `the stored ${column} is not JSON`);
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new DomainError(
    'IntegrityViolation',
    `the stored ${column} is not one the system writes: ${result.error.issues[0]?.message ?? 'invalid'}`,
  );
}

/** A value as its JSON column stores it. */
export const jsonText = (value: unknown): string => JSON.stringify(value);

/** `users.roles`. */
export const rolesColumn = (text: string) => parsed(roleList, 'roles', text);
/** `api_tokens.scopes`. */
export const scopesColumn = (text: string) => parsed(permissionList, 'scopes', text);
/** `victim_records.forms`. */
export const formsColumn = (text: string) => parsed(formList, 'forms of exploitation', text);
/** `trainings.audiences`. */
export const audiencesColumn = (text: string) => parsed(audienceList, 'audiences', text);
/** Lists of free text: a training's organisers, partners, trainers and topics. */
export const textListColumn = (column: string, text: string) => parsed(textList, column, text);
/** `approval_requests.payload`: what is done on approval, an object whose keys vary by action. */
export const payloadColumn = (text: string) => parsed(jsonObject, 'request payload', text);

/** A row read with its `roles` parsed. */
export function withRoles<R extends { readonly roles: string }>(
  row: R,
): Omit<R, 'roles'> & { readonly roles: Role[] } {
  return { ...row, roles: rolesColumn(row.roles) };
}

/** A row read with its `scopes` parsed. */
export function withScopes<R extends { readonly scopes: string }>(
  row: R,
): Omit<R, 'scopes'> & { readonly scopes: Permission[] } {
  return { ...row, scopes: scopesColumn(row.scopes) };
}
