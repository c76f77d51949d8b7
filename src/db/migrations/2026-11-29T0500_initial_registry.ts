import type { Kysely } from 'kysely';

/**
 * The case registry. Portable SQL only (SQLite, PostgreSQL, and what Citus or CockroachDB
 * accept): ids are text UUIDs, dates are ISO `YYYY-MM-DD` text, timestamps ISO text, lists
 * and structured values JSON text. Every case-scoped table carries `jurisdiction` and
 * `case_id` so that it can be distributed by case. Never edit this file once landed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agencies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('parent_agency_id', 'text', (c) => c.references('agencies.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('agencies_jurisdiction_name_unique', ['jurisdiction', 'name'])
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('roles', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('opened_on', 'text', (c) => c.notNull())
    .addColumn('opening_agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('origin', 'text')
    .addColumn('summary', 'text')
    .addColumn('registered_instrument', 'text')
    .addColumn('registered_article', 'text')
    .addColumn('registered_part', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('sealed', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('cases_jurisdiction_reference_unique', ['jurisdiction', 'reference'])
    .execute();
  await db.schema
    .createIndex('cases_opened_on_idx')
    .on('cases')
    .columns(['jurisdiction', 'opened_on'])
    .execute();

  await db.schema
    .createTable('persons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('sex', 'text')
    .addColumn('age_kind', 'text')
    .addColumn('age_years', 'integer')
    .addColumn('citizenship', 'text')
    .addColumn('public_official', 'text')
    .addColumn('official_agency', 'text')
    .addColumn('official_position', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('persons_case_idx').on('persons').columns(['case_id']).execute();

  // Identity is personal data: kept apart so that it can be encrypted and access-logged.
  await db.schema
    .createTable('person_identities')
    .addColumn('person_id', 'text', (c) => c.primaryKey().references('persons.id'))
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('full_name', 'text')
    .addColumn('aliases', 'text')
    .addColumn('birth_date', 'text')
    .addColumn('document_number', 'text')
    .addColumn('contacts', 'text')
    .addColumn('address', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('victim_records')
    .addColumn('person_id', 'text', (c) => c.primaryKey().references('persons.id'))
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('forms', 'text')
    .addColumn('identified_on', 'text')
    .addColumn('identifying_agency_id', 'text', (c) => c.references('agencies.id'))
    .addColumn('referred_to_services', 'text')
    .addColumn('cooperating_as_witness', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('victim_records_case_idx')
    .on('victim_records')
    .columns(['case_id'])
    .execute();

  await db.schema
    .createTable('charges')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('statute_jurisdiction', 'text', (c) => c.notNull())
    .addColumn('instrument', 'text', (c) => c.notNull())
    .addColumn('article', 'text', (c) => c.notNull())
    .addColumn('part', 'text')
    .addColumn('form', 'text')
    .addColumn('charged_on', 'text', (c) => c.notNull())
    .addColumn('offence_date', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('charges_case_idx').on('charges').columns(['case_id']).execute();

  // The timeline: one row per lifecycle event, in order within the case.
  await db.schema
    .createTable('case_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('occurred_on', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text', (c) => c.notNull())
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.references('persons.id'))
    .addColumn('charge_id', 'text', (c) => c.references('charges.id'))
    .addColumn('agency_id', 'text', (c) => c.references('agencies.id'))
    .addColumn('reason_code', 'text')
    .addColumn('reason_text', 'text')
    .addColumn('details', 'text')
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('case_events_case_seq_unique', ['case_id', 'seq'])
    .execute();
  await db.schema
    .createIndex('case_events_kind_idx')
    .on('case_events')
    .columns(['kind', 'occurred_on'])
    .execute();

  await db.schema
    .createTable('verdicts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('case_events.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('charge_id', 'text', (c) => c.notNull().references('charges.id'))
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('decided_on', 'text', (c) => c.notNull())
    .addColumn('court_agency_id', 'text', (c) => c.references('agencies.id'))
    .addColumn('on_appeal', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('verdicts_decided_idx')
    .on('verdicts')
    .columns(['decided_on'])
    .execute();

  await db.schema
    .createTable('sentences')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
    .addColumn('event_id', 'text', (c) => c.notNull().references('case_events.id'))
    .addColumn('person_id', 'text', (c) => c.notNull().references('persons.id'))
    .addColumn('charge_id', 'text', (c) => c.references('charges.id'))
    .addColumn('sentenced_on', 'text', (c) => c.notNull())
    .addColumn('imprisonment_months', 'integer')
    .addColumn('life', 'integer', (c) => c.notNull())
    .addColumn('suspended', 'integer', (c) => c.notNull())
    .addColumn('probation_months', 'integer')
    .addColumn('house_arrest_months', 'integer')
    .addColumn('fine_amount', 'numeric')
    .addColumn('fine_currency', 'text')
    .addColumn('other_measures', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('trainings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('starts_on', 'text', (c) => c.notNull())
    .addColumn('ends_on', 'text', (c) => c.notNull())
    .addColumn('audiences', 'text', (c) => c.notNull())
    .addColumn('organisers', 'text', (c) => c.notNull())
    .addColumn('partners', 'text', (c) => c.notNull())
    .addColumn('trainers', 'text', (c) => c.notNull())
    .addColumn('topics', 'text', (c) => c.notNull())
    .addColumn('agreement_reference', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('complicity_allegations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('received_on', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_reference', 'text')
    .addColumn('allegation', 'text', (c) => c.notNull())
    .addColumn('accused_agency_id', 'text', (c) => c.references('agencies.id'))
    .addColumn('accused_agency_description', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assigned_agency_id', 'text', (c) => c.references('agencies.id'))
    .addColumn('assigned_on', 'text')
    .addColumn('investigated_on', 'text')
    .addColumn('outcome', 'text')
    .addColumn('concluded_on', 'text')
    .addColumn('resulting_case_id', 'text', (c) => c.references('cases.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('period_certifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('jurisdiction', 'text', (c) => c.notNull())
    .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('certified_by', 'text', (c) => c.notNull())
    .addColumn('certified_at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addUniqueConstraint('period_certifications_unique', ['agency_id', 'period_from', 'period_to'])
    .execute();

  // The audit log: one row per change, in the same transaction as the change. `leaf` holds the
  // exact bytes hashed into the Merkle tree (canonical JSON, UTF-8).
  await db.schema
    .createTable('audit_log')
    .addColumn('idx', 'bigint', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text')
    .addColumn('leaf', 'text', (c) => c.notNull())
    .addColumn('leaf_hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_log_entity_idx')
    .on('audit_log')
    .columns(['entity_type', 'entity_id'])
    .execute();
  await db.schema.createIndex('audit_log_case_idx').on('audit_log').columns(['case_id']).execute();

  // The log's head: one row, locked by every append so that indices are dense and ordered.
  await db.schema
    .createTable('audit_head')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('root_hash', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  // Hashes of the tree's perfect subtrees, so that appends are O(log n) and proofs need no rebuild.
  await db.schema
    .createTable('merkle_nodes')
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('idx', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('merkle_nodes_pk', ['level', 'idx'])
    .execute();
}

/** Drops everything `up` created, in reverse order of dependency. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'merkle_nodes',
    'audit_head',
    'audit_log',
    'period_certifications',
    'complicity_allegations',
    'trainings',
    'sentences',
    'verdicts',
    'case_events',
    'charges',
    'victim_records',
    'person_identities',
    'persons',
    'cases',
    'users',
    'agencies',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
