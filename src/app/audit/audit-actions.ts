/**
 * Every action the audit log records, and what its entry says about the record it names:
 *
 * - `change`: the record was written; the entry carries it as stored after the write.
 * - `delete`: the record was deleted; the entry says it is gone.
 * - `attempt`: a failed sign-in; it carries the account as stored after the attempt when
 *   the account exists (its failure count changed), nothing when the name is unknown.
 * - `note`: a read, a refusal, a sign-out, an export: it names a record without vouching
 *   for its contents, so it never becomes the state the verifier compares a row with.
 *
 * The compiler checks every action a use-case logs against this table.
 */
import { eventKinds } from '../../core/case/lifecycle.ts';
import type { EventKind } from '../../core/case/lifecycle.ts';
import { deletableTypes } from './entities.ts';
import type { DeletableType, EntityType } from './entities.ts';

/** What an entry says about the record it names. */
export type ActionKind = 'change' | 'delete' | 'attempt' | 'note';

const fixed = {
  'agency.create': 'change',
  'agency.update': 'change',
  'user.create': 'change',
  'user.update': 'change',
  'auth.login': 'change',
  'auth.login_failed': 'attempt',
  'auth.login_attempt': 'attempt',
  'auth.locked': 'attempt',
  'auth.logout': 'note',
  'auth.password_set': 'change',
  'auth.one_time_password': 'change',
  'session.open': 'change',
  'session.close': 'change',
  'token.create': 'change',
  'token.revoke': 'change',
  'case.open': 'change',
  'case.update': 'change',
  'case.seal': 'change',
  'case.unseal': 'change',
  'case.read_sealed': 'note',
  'case.read_refused': 'note',
  'case.write_refused': 'note',
  'case_access.grant': 'change',
  'case_access.revoke': 'change',
  'case_team.add': 'change',
  'case_team.remove': 'delete',
  'case_team.list': 'note',
  'case_team.add.refused': 'note',
  'case_team.remove.refused': 'note',
  'case_team.list.refused': 'note',
  'case.seal.refused': 'note',
  'case_event.record': 'change',
  'verdict.record': 'change',
  'sentence.record': 'change',
  'sentence.update': 'change',
  'verdict.update': 'change',
  'case_event.update': 'change',
  'person.add': 'change',
  'person.update': 'change',
  'identity.record': 'change',
  'identity.replace': 'change',
  'identity.seal': 'change',
  'identity.rewrap': 'change',
  'identity.shred': 'change',
  'identity.read': 'note',
  'identity.read.refused': 'note',
  'identity.record.refused': 'note',
  'identity.integrity_failed': 'note',
  'victim.record': 'change',
  'victim.update': 'change',
  'victim_link.record': 'change',
  'victim_link.decide': 'change',
  'victims.match_run': 'note',
  'screening.record': 'change',
  'charge.add': 'change',
  'charge.update': 'change',
  'charge.drop': 'change',
  'verdict.correct': 'change',
  'training.create': 'change',
  'training.update': 'change',
  'complicity.create': 'change',
  'complicity.update': 'change',
  'complicity.assign': 'change',
  'complicity.investigate': 'change',
  'complicity.conclude': 'change',
  'certification.create': 'change',
  'published_figures.create': 'change',
  'published_figures.update': 'change',
  'approval.request': 'change',
  'approval.approve': 'change',
  'approval.reject': 'change',
  'approval.self_approval_refused': 'note',
  'access.denied': 'note',
  'log.export': 'note',
  'keys.rotate': 'note',
  'import_key.record': 'change',
  'import_key.update': 'change',
  'import.run': 'note',
} as const satisfies Record<string, ActionKind>;

/** An action the log records. */
export type AuditAction = keyof typeof fixed | `case.${EventKind}` | `${DeletableType}.delete`;

const kinds = new Map<string, ActionKind>([
  ...Object.entries(fixed),
  ...eventKinds.map((kind) => [`case.${kind}`, 'change'] as const),
  ...deletableTypes.map((type) => [`${type}.delete`, 'delete'] as const),
]);

/** What an entry of `action` says about its record; undefined for an action this version never logs. */
export function actionKind(action: string): ActionKind | undefined {
  return kinds.get(action);
}

/** Names in the log's entity column that are not records: refusals and reads name them. */
export type AuditSubject =
  'permission' | 'history' | 'audit_log' | 'master_key' | 'report' | 'jurisdiction';

/** What an entry names: a record, or one of the subjects above. */
export type AuditEntityType = EntityType | AuditSubject;
