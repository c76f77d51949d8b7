import type { Actor, AppContext } from '../src/app/common/context.ts';
import type { Role } from '../src/core/vocabulary.ts';
import { createAgency, createUser } from '../src/app/agencies/agencies.ts';
import { openCase } from '../src/app/cases/cases.ts';
import { addPerson } from '../src/app/persons/persons.ts';

/** An actor with every role, for tests that are not about access control. */
export const testActor: Actor = {
  id: 'test-actor',
  username: 'test-actor',
  agencyId: null,
  roles: [
    'investigator',
    'prosecutor',
    'judge',
    'supervisor',
    'analyst',
    'ngo_liaison',
    'auditor',
    'administrator',
  ],
};

let counter = 0;
/** A unique suffix for names and references within a test run. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A police unit, a prosecutor's office and a court in KG. */
export async function makeAgencies(ctx: AppContext) {
  const police = await createAgency(ctx, testActor, {
    jurisdiction: 'KG',
    name: unique('MVD anti-trafficking unit'),
    kind: 'police',
  });
  const prosecutor = await createAgency(ctx, testActor, {
    jurisdiction: 'KG',
    name: unique('Prosecutor General'),
    kind: 'prosecutor',
  });
  const court = await createAgency(ctx, testActor, {
    jurisdiction: 'KG',
    name: unique('Bishkek city court'),
    kind: 'court',
  });
  return { police, prosecutor, court };
}

/** A user in an agency. */
export function makeUser(ctx: AppContext, agencyId: string, roles: Role[] = ['investigator']) {
  return createUser(ctx, testActor, {
    agencyId,
    username: unique('user'),
    displayName: 'Test User',
    roles,
  });
}

/** An open case with a suspect and a victim. */
export async function makeCase(
  ctx: AppContext,
  openingAgencyId: string,
  overrides: Record<string, unknown> = {},
) {
  const opened = await openCase(ctx, testActor, {
    jurisdiction: 'KG',
    reference: unique('KG-2016'),
    openedOn: '2016-03-01',
    openingAgencyId,
    origin: 'victim_complaint',
    summary: 'Synthetic test case',
    ...overrides,
  });
  const suspect = await addPerson(ctx, testActor, opened.id, {
    role: 'suspect',
    label: 'S1',
    sex: 'male',
    age: { kind: 'exact', years: 41 },
    citizenship: 'KGZ',
  });
  const victim = await addPerson(ctx, testActor, opened.id, {
    role: 'victim',
    label: 'V1',
    sex: 'female',
    age: { kind: 'estimated', years: 16 },
    citizenship: 'KGZ',
  });
  return { caseId: opened.id, suspect, victim, version: opened.version };
}
