/**
 * What the system knows about each kind of record, written once: its table and key, the
 * shape the audit log keeps of it, whether it holds personal data, whether it may be
 * deleted (with approval) and whether its history can be read. The verifier's replay, the
 * audit log's records, approvals' deletions, the deletable-types schema and the history
 * route all read this table.
 *
 * The log's record of a row is its own shape, not the API's view: every column, by its
 * column name, so that renaming or dropping a field of a view can never drop it from the
 * tamper check. The compiler requires a rule for every column of the row type; a test
 * compares the migrated database's columns with this table. A change of columns is a new
 * `shape` number: entries logged under an older shape are compared on the columns it had.
 */
import type { Database } from '../../db/schema.ts';

/** How a column enters the log's record of a row. */
export type ColumnRule =
  /** As stored (text made well-formed, numbers as numbers). */
  | 'value'
  /** A numeric column some engines return as text: as a JSON number. */
  | 'number'
  /** A secret, a hash or a ciphertext: its SHA-256, so the log holds no secret yet vouches for it. */
  | 'digest'
  /** Rewritten on every use without a log entry (when a session was last seen): not recorded. */
  | 'volatile';

/** One kind of record. */
export interface EntitySpec<T extends keyof Database = keyof Database> {
  readonly table: T;
  /** The key columns; the entity id in the log is their values joined by "/". */
  readonly key: readonly (keyof Database[T] & string)[];
  /** The version of the record shape written today. */
  readonly shape: number;
  readonly columns: { readonly [C in keyof Database[T] & string]: ColumnRule };
  /** Holds personal data: verify names its fields, never their values. */
  readonly personal: boolean;
  /** May be deleted through a four-eyes request. */
  readonly deletable: boolean;
  /** Its history can be read through the history route. */
  readonly history: boolean;
  /** How messages name it ("victim record"). */
  readonly label: string;
}

// `const R` keeps the flags' literal types, which the deletable and history unions read.
function spec<T extends keyof Database, const R extends Omit<EntitySpec<T>, 'table'>>(
  table: T,
  rest: R,
): R & { readonly table: T } {
  return { ...rest, table };
}

const flags = { personal: false, deletable: false, history: false } as const;

/** Every kind of record the log keeps, by the entity type its entries name. */
export const entities = {
  agency: spec('agencies', {
    ...flags,
    history: true,
    label: 'agency',
    key: ['id'],
    shape: 1,
    columns: {
      id: 'value',
      jurisdiction: 'value',
      name: 'value',
      kind: 'value',
      parent_agency_id: 'value',
      version: 'value',
      created_at: 'value',
      updated_at: 'value',
    },
  }),
  user: spec('users', {
    ...flags,
    history: true,
    label: 'user',
    key: ['id'],
    shape: 1,
    columns: {
      id: 'value',
      agency_id: 'value',
      username: 'value',
      display_name: 'value',
      roles: 'value',
      active: 'value',
      version: 'value',
      created_at: 'value',
      updated_at: 'value',
      password_hash: 'digest',
      failed_logins: 'value',
      locked_until: 'value',
      must_change_password: 'value',
    },
  }),
  session: spec('sessions', {
    ...flags,
    label: 'session',
    key: ['id_hash'],
    shape: 1,
    columns: {
      id_hash: 'value',
      user_id: 'value',
      csrf_token: 'digest',
      created_at: 'value',
      expires_at: 'value',
      last_seen_at: 'volatile',
      revoked_at: 'value',
    },
  }),
  api_token: spec('api_tokens', {
    ...flags,
    label: 'API token',
    key: ['id'],
    shape: 1,
    columns: {
      id: 'value',
      user_id: 'value',
      name: 'value',
      token_hash: 'digest',
      scopes: 'value',
      created_at: 'value',
      expires_at: 'value',
      last_used_at: 'volatile',
      revoked_at: 'value',
    },
  }),
  case: spec('cases', {
    ...flags,
    deletable: true,
    history: true,
    label: 'case',
    key: ['id'],
    shape: 1,
    columns: {
      id: 'value',
      jurisdiction: 'value',
      reference: 'value',
      opened_on: 'value',
      opening_agency_id: 'value',
      origin: 'value',
      summary: 'value',
      registered_instrument: 'value',
      registered_article: 'value',
      registered_part: 'value',
      status: 'value',
      sealed: 'value',
      version: 'value',
      created_at: 'value',
      updated_at: 'value',
    },
  }),
  case_team: spec('case_team', {
    ...flags,
    label: 'case team member',
    key: ['case_id', 'user_id'],
    shape: 1,
    columns: {
      case_id: 'value',
      jurisdiction: 'value',
      user_id: 'value',
      added_by: 'value',
      added_at: 'value',
    },
  }),
  case_seal_access: spec('case_seal_access', {
    ...flags,
    label: 'sealed-case access',
    key: ['id'],
    shape: 1,
    columns: {
      id: 'value',
      jurisdiction: 'value',
      case_id: 'value',
      user_id: 'value',
      granted_by: 'value',
      granted_at: 'value',
      revoked_by: 'value',
      revoked_at: 'value',
      version: 'value',
    },
  }),
  person: spec('persons', {
    ...flags,
    personal: true,
    deletable: true,
    history: true,
    label: 'person',
    key: ['id'],
    shape: 1,
    columns: {
      id: 'value',
      jurisdiction: 'value',
      case_id: 'value',
      role: 'value',
      label: 'value',
      sex: 'value',
      age_kind: 'value',
      age_years: 'value',
      citizenship: 'value',
      public_official: 'value',
      official_agency: 'value',
      official_position: 'value',
      version: 'value',
      created_at: 'value',
      updated_at: 'value',
    },
  }),
  identity: spec('person_identities', {
    ...flags,
    personal: true,
    history: true,
    label: 'identity',
    key: ['person_id'],
    shape: 1,
    columns: {
      person_id: 'value',
      jurisdiction: 'value',
      case_id: 'value',
      full_name: 'digest',
      aliases: 'digest',
      birth_date: 'digest',
      document_number: 'digest',
      contacts: 'digest',
      address: 'digest',
      identity_ciphertext: 'digest',
      identity_nonce: 'digest',
      wrapped_key: 'digest',
      key_id: 'value',
      shredded_at: 'value',
      shred_reason: 'value',
      version: 'value',
      created_at: 'value',
      updated_at: 'value',
    },
  }),
  victim_record: spec('victim_records', {
    ...flags,
    personal: true,
    deletable: true,
    history: true,
    label: 'victim record',
    key: ['person_id'],
    shape: 1,
    columns: {
      person_id: 'value',
      jurisdiction: 'value',
      case_id: 'value',
      forms: 'value',
      identified_on: 'value',
      identifying_agency_id: 'value',
      referred_to_services: 'value',
      cooperating_as_witness: 'value',
      version: 'value',
      created_at: 'value',
      updated_at: 'value',
    },
  }),
  victim_link: spec('victim_links', {
    ...flags,
    history: true,
    label: 'victim link',
    key: ['id'],
    shape: 1,
    columns: {
      id: 'value',
      jurisdiction: 'value',
      person_a: 'value',
      person_b: 'value',
      status: 'value',
      strength: 'value',
      basis: 'value',
      decided_by: 'value',
      decided_at: 'value',
      reason: 'value',
      version: 'value',
      created_at: 'value',
      updated_at: 'value',
    },
  }),
  screening: spec('screenings', {
    ...flags,
    personal: true,
    history: true,
    label: 'screening',
    key: ['id'],
    shape: 1,
    columns: {
      id: 'value',
      jurisdiction: 'value',
      case_id: 'value',
      person_id: 'value',
      screening_set: 'value',
      answers: 'value',
      screened_by: 'value',
      screened_on: 'value',
      status: 'value',
      complete: 'value',
      reasoning: 'value',
      created_at: 'value',
    },
  }),
  charge: spec('charges', {
    ...flags,
    deletable: true,
    history: true,
    label: 'charge',
    key: ['id'],
    shape: 1,
    columns: {
      id: 'value',
      jurisdiction: 'value',
      case_id: 'value',
      person_id: 'value',
      statute_jurisdiction: 'value',
      instrument: 'value',
      article: 'value',
      part: 'value',
      form: 'value',
      charged_on: 'value',
      offence_date: 'value',
      status: 'value',
      version: 'value',
      created_at: 'value',
      updated_at: 'value',
    },
  }),
  case_event: spec('case_events', {
    ...flags,
    history: true,
    label: 'case event',
    key: ['id'],
    shape: 1,
    columns: {
      id: 'value',
      jurisdiction: 'value',
      case_id: 'value',
      seq: 'value',
      kind: 'value',
      occurred_on: 'value',
      from_status: 'value',
      to_status: 'value',
      person_id: 'value',
      charge_id: 'value',
      agency_id: 'value',
      reason_code: 'value',
      reason_text: 'value',
      details: 'value',
      recorded_by: 'value',
      recorded_at: 'value',
    },
  }),
  verdict: spec('verdicts', {
    ...flags,
    history: true,
    label: 'verdict',
    key: ['id'],
    shape: 1,
    columns: {
      id: 'value',
      jurisdiction: 'value',
      case_id: 'value',
      event_id: 'value',
      person_id: 'value',
      charge_id: 'value',
      outcome: 'value',
      decided_on: 'value',
      court_agency_id: 'value',
      on_appeal: 'value',
      version: 'value',
      created_at: 'value',
      updated_at: 'value',
    },
  }),
  sentence: spec('sentences', {
    ...flags,
    history: true,
    label: 'sentence',
    key: ['id'],
    shape: 1,
    columns: {
      id: 'value',
      jurisdiction: 'value',
      case_id: 'value',
      event_id: 'value',
      person_id: 'value',
      charge_id: 'value',
      sentenced_on: 'value',
      imprisonment_months: 'value',
      life: 'value',
      suspended: 'value',
      probation_months: 'value',
      house_arrest_months: 'value',
      fine_amount: 'number',
      fine_currency: 'value',
      other_measures: 'value',
      version: 'value',
      created_at: 'value',
      updated_at: 'value',
    },
  }),
  training: spec('trainings', {
    ...flags,
    deletable: true,
    history: true,
    label: 'training',
    key: ['id'],
    shape: 1,
    columns: {
      id: 'value',
      jurisdiction: 'value',
      title: 'value',
      starts_on: 'value',
      ends_on: 'value',
      audiences: 'value',
      organisers: 'value',
      partners: 'value',
      trainers: 'value',
      topics: 'value',
      agreement_reference: 'value',
      version: 'value',
      created_at: 'value',
      updated_at: 'value',
    },
  }),
  complicity_allegation: spec('complicity_allegations', {
    ...flags,
    deletable: true,
    history: true,
    label: 'complicity allegation',
    key: ['id'],
    shape: 1,
    columns: {
      id: 'value',
      jurisdiction: 'value',
      received_on: 'value',
      source: 'value',
      source_reference: 'value',
      allegation: 'value',
      accused_agency_id: 'value',
      accused_agency_description: 'value',
      status: 'value',
      assigned_agency_id: 'value',
      assigned_on: 'value',
      investigated_on: 'value',
      outcome: 'value',
      concluded_on: 'value',
      resulting_case_id: 'value',
      version: 'value',
      created_at: 'value',
      updated_at: 'value',
    },
  }),
  period_certification: spec('period_certifications', {
    ...flags,
    history: true,
    label: 'period certification',
    key: ['id'],
    shape: 1,
    columns: {
      id: 'value',
      jurisdiction: 'value',
      agency_id: 'value',
      period_from: 'value',
      period_to: 'value',
      certified_by: 'value',
      certified_at: 'value',
      note: 'value',
    },
  }),
  approval_request: spec('approval_requests', {
    ...flags,
    label: 'approval request',
    key: ['id'],
    shape: 1,
    columns: {
      id: 'value',
      jurisdiction: 'value',
      case_id: 'value',
      action: 'value',
      target_type: 'value',
      target_id: 'value',
      reason_code: 'value',
      reason_text: 'value',
      payload: 'value',
      status: 'value',
      requested_by: 'value',
      requested_at: 'value',
      decided_by: 'value',
      decided_at: 'value',
      decision_note: 'value',
      version: 'value',
      created_at: 'value',
      updated_at: 'value',
    },
  }),
  published_figures: spec('published_figures', {
    ...flags,
    history: true,
    label: 'published figures',
    key: ['id'],
    shape: 1,
    columns: {
      id: 'value',
      jurisdiction: 'value',
      period_kind: 'value',
      year: 'number',
      investigations: 'number',
      prosecutions: 'number',
      defendants: 'number',
      convictions: 'number',
      victims: 'number',
      source_title: 'value',
      source_url: 'value',
      note: 'value',
      recorded_by: 'value',
      version: 'value',
      created_at: 'value',
      updated_at: 'value',
    },
  }),
  import_key: spec('import_keys', {
    ...flags,
    label: 'import key',
    key: ['id'],
    shape: 1,
    columns: {
      id: 'value',
      jurisdiction: 'value',
      source: 'value',
      kind: 'value',
      external_key: 'value',
      case_id: 'value',
      entity_id: 'value',
      digest: 'value',
      version: 'value',
      created_at: 'value',
      updated_at: 'value',
    },
  }),
};

/** A kind of record the log keeps. */
export type EntityType = keyof typeof entities;

/** Every entity type, in the table's order. */
// assertion: Object.keys types its answer as string[]; these are the keys of the literal above
export const entityTypes = Object.keys(entities) as EntityType[];

/**
 * Tables that hold no records of their own: the log itself, the report's per-case summaries
 * (derived from the records, rebuilt when they change), and the migrator's bookkeeping.
 */
export const unrecordedTables = {
  audit_log: 'the log: checked by recomputing its Merkle tree',
  audit_head: 'the log head: checked against the recomputed tree',
  merkle_nodes:
    'the log tree as kept before December 2026 (nodes whose log row was gone at the upgrade; the others are in audit_log.nodes): every node is recomputed from the entries',
  case_stats:
    'derived from the case records: marked stale by triggers in every writing transaction and rebuilt from the records',
  kysely_migration: 'the migrator’s own bookkeeping',
  kysely_migration_lock: 'the migrator’s own bookkeeping',
} as const;

type Flag = 'deletable' | 'history';
type Flagged<F extends Flag> = {
  [K in EntityType]: (typeof entities)[K][F] extends true ? K : never;
}[EntityType];

/** Records that can be deleted through a four-eyes request. */
export type DeletableType = Flagged<'deletable'>;
/** Records whose history can be read. */
export type HistoryType = Flagged<'history'>;

function flagged<F extends Flag>(flag: F): [Flagged<F>, ...Flagged<F>[]] {
  const found = entityTypes.filter((type): type is Flagged<F> => entities[type][flag]);
  const [first, ...rest] = found;
  if (first === undefined) throw new Error(`no entity is ${flag}`);
  return [first, ...rest];
}

/** Every deletable type (for request schemas). */
export const deletableTypes = flagged('deletable');
/** Every type whose history can be read (for the history route). */
export const historyTypes = flagged('history');

/** Whether a string names a kind of record. */
export function isEntityType(type: string): type is EntityType {
  return Object.hasOwn(entities, type);
}

/** The entity id of a row: its key columns' values joined by "/". */
export function entityIdOf(type: EntityType, row: Record<string, unknown>): string {
  return entities[type].key.map((column) => String(row[column])).join('/');
}

/** The key columns and values an entity id names. */
export function keyOf(type: EntityType, id: string): [column: string, value: string][] {
  const columns: readonly string[] = entities[type].key;
  const parts = columns.length === 1 ? [id] : id.split('/');
  return columns.map((column, i) => [column, parts[i] ?? '']);
}
