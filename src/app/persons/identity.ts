import type { InputOf } from '../common/validate.ts';
import { DomainError, isDomainError } from '../../core/errors.ts';
import {
  findIdentity,
  findPerson,
  insertIdentity,
} from '../../db/repositories/cases.repository.ts';
import { updateVersioned } from '../../db/repositories/versioned.ts';
import { appendAudit, digestOf } from '../audit/audit.ts';
import { authorize } from '../access/access.ts';
import { assertCaseAccess, refuseSealedWrite } from '../access/seal-guard.ts';
import type { Actor, AppContext } from '../common/context.ts';
import { inTransaction } from '../common/context.ts';
import { identityInput } from '../schemas/cases.schemas.ts';
import type { IdentityView } from '../schemas/cases.schemas.ts';
import {
  assertVersion,
  invalidField,
  notFound,
  parseInput,
  staleVersion,
} from '../common/validate.ts';
import { logRefusal, notOnTeam, refusable, teamBasesOf } from '../cases/case-team.ts';
import { openRow, payloadOf, sealPayload } from '../crypto/identity-record.ts';
import { requireCase, requirePerson } from './persons.ts';

/**
 * Records or replaces a person's identity, encrypted under a fresh data key bound to the row
 * (person, jurisdiction, version). Only the case's team may; a refusal is logged. The log
 * keeps a digest of the ciphertext, never the personal data nor a digest of it (a digest of
 * a name could be confirmed by guessing).
 */
export async function recordIdentity(
  ctx: AppContext,
  actor: Actor,
  personId: string,
  raw: InputOf<typeof identityInput>,
): Promise<IdentityView> {
  await authorize(ctx, actor, 'identity.write', {
    action: 'record an identity',
    entityType: 'identity',
    entityId: personId,
  });
  await refuseSealedWrite(
    ctx,
    actor,
    (await findPerson(ctx.db, personId))?.case_id,
    'record an identity',
  );
  const input = parseInput(identityInput, raw);
  return refusable<IdentityView>(ctx, async (trx) => {
    const person = await requirePerson(trx, personId);
    const caseRow = await requireCase(trx, person.case_id);
    await assertCaseAccess(trx, actor, caseRow);
    if ((await teamBasesOf(trx, actor.id, caseRow)).length === 0) {
      await logRefusal(trx, ctx, actor, 'identity.record', {
        entityType: 'identity',
        entityId: personId,
        caseId: person.case_id,
      });
      return { refused: notOnTeam(actor, caseRow, 'record identities') };
    }
    const before = await findIdentity(trx, personId);
    const at = ctx.now().toISOString();
    const payload = payloadOf(input);
    const binding = { personId, jurisdiction: person.jurisdiction };
    let version: number;
    if (before === undefined) {
      if (input.version !== undefined)
        throw invalidField('version', 'there is no identity to replace yet: omit the version');
      version = 1;
      await insertIdentity(trx, {
        person_id: personId,
        jurisdiction: person.jurisdiction,
        case_id: person.case_id,
        ...sealPayload(ctx.keyring, { ...binding, version }, payload),
        shredded_at: null,
        shred_reason: null,
        version,
        created_at: at,
        updated_at: at,
      });
    } else {
      if (before.shredded_at !== null)
        throw new DomainError(
          'Conflict',
          `the identity of person ${personId} was shredded on ${before.shredded_at} and cannot be recorded again`,
        );
      if (input.version === undefined)
        throw invalidField('version', 'is required to replace an identity');
      assertVersion('identity', personId, before.version, input.version);
      version = input.version + 1;
      if (
        !(await updateVersioned(
          trx,
          'person_identities',
          { column: 'person_id', value: personId },
          input.version,
          {
            ...sealPayload(ctx.keyring, { ...binding, version }, payload),
            updated_at: at,
          },
        ))
      ) {
        throw staleVersion('identity', personId, input.version);
      }
    }
    const stored = (await findIdentity(trx, personId))!;
    await appendAudit(trx, ctx, actor, {
      action: before === undefined ? 'identity.record' : 'identity.replace',
      entityType: 'identity',
      entityId: personId,
      caseId: person.case_id,
      before:
        before === undefined
          ? null
          : { digest: digestOf(before.identity_ciphertext), version: before.version },
      after: { digest: digestOf(stored.identity_ciphertext), version, keyId: stored.key_id },
    });
    return { ok: openRow(ctx.keyring, stored) };
  });
}

/**
 * A person's identity, decrypted, for the case's team only; every read and every refusal is
 * logged. A shredded identity reads as shredded (when and why), not as an error.
 */
export async function getIdentity(
  ctx: AppContext,
  actor: Actor,
  personId: string,
): Promise<IdentityView> {
  await authorize(ctx, actor, 'identity.read', {
    action: 'read an identity',
    entityType: 'identity',
    entityId: personId,
  });
  try {
    return await readIdentity(ctx, actor, personId);
  } catch (error) {
    if (isDomainError(error, 'IntegrityViolation')) {
      // The failed check leaves a trace: an entry naming the identity (never its content).
      const person = await findPerson(ctx.db, personId);
      await inTransaction(ctx, (trx) =>
        appendAudit(trx, ctx, actor, {
          action: 'identity.integrity_failed',
          entityType: 'identity',
          entityId: personId,
          caseId: person?.case_id ?? null,
          before: null,
          after: { check: 'failed', details: { ...error.details } },
        }),
      );
    }
    throw error;
  }
}

function readIdentity(ctx: AppContext, actor: Actor, personId: string): Promise<IdentityView> {
  return refusable<IdentityView>(ctx, async (trx) => {
    const person = await requirePerson(trx, personId);
    const caseRow = await requireCase(trx, person.case_id);
    await assertCaseAccess(trx, actor, caseRow);
    if ((await teamBasesOf(trx, actor.id, caseRow)).length === 0) {
      await logRefusal(trx, ctx, actor, 'identity.read', {
        entityType: 'identity',
        entityId: personId,
        caseId: person.case_id,
      });
      return { refused: notOnTeam(actor, caseRow, 'read identities') };
    }
    const row = await findIdentity(trx, personId);
    if (row === undefined) throw notFound('identity of person', personId);
    // A failed integrity check throws before the entry: nothing was disclosed to log.
    const view = openRow(ctx.keyring, row);
    await appendAudit(trx, ctx, actor, {
      action: 'identity.read',
      entityType: 'identity',
      entityId: personId,
      caseId: person.case_id,
      before: null,
      after: null,
    });
    return { ok: view };
  });
}
