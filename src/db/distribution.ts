/**
 * Where each table would live on a Citus cluster (docs/SCALING.md), written once: the schema
 * test (`distribution.test.ts`) reads the migrated database's catalog on both engines and fails
 * when a table is missing here, or when a key of a case table leaves out the case. The compiler
 * requires an entry for every table of `Database`.
 *
 * Nothing here runs on Citus: Citus is not installed where the tests run, so `citusSetupSql`
 * is the plan on paper, not a tested script.
 */
import type { Database } from './schema.ts';

/** How one table is placed. */
export type Placement =
  /** Sharded by the case, co-located with `cases`: every key includes `column`. */
  | { readonly kind: 'distributed'; readonly column: 'id' | 'case_id' }
  /** Copied to every node: small, read by case queries, written rarely. */
  | { readonly kind: 'reference'; readonly why: string }
  /** A plain table on the coordinator only. */
  | { readonly kind: 'coordinator'; readonly why: string };

const onCase = { kind: 'distributed', column: 'case_id' } as const;
const reference = (why: string): Placement => ({ kind: 'reference', why });
const coordinator = (why: string): Placement => ({ kind: 'coordinator', why });

/** Every table of the registry (the migrator's own bookkeeping stays on the coordinator too). */
export const placements: { readonly [T in keyof Database]: Placement } = {
  cases: { kind: 'distributed', column: 'id' },
  persons: onCase,
  person_identities: onCase,
  victim_records: onCase,
  charges: onCase,
  case_events: onCase,
  verdicts: onCase,
  sentences: onCase,
  screenings: onCase,
  case_team: onCase,
  case_seal_access: onCase,
  case_stats: onCase,
  agencies: reference('read with every case (names, kinds), written rarely'),
  users: reference('who may read what, checked on every request'),
  sessions: reference('looked up by every request of a browser'),
  api_tokens: reference('looked up by every request with a token'),
  period_certifications: reference('a few rows per agency and year'),
  trainings: reference('jurisdiction-scoped and small'),
  complicity_allegations: reference('jurisdiction-scoped and small'),
  approval_requests: reference(
    'jurisdiction-scoped; a request outlives the case it deletes, so case_id is optional',
  ),
  published_figures: reference('a few rows per jurisdiction and year'),
  victim_links: reference('links persons of two cases, which no single shard holds together'),
  import_keys: coordinator(
    "one key per imported record; a case's unique within its jurisdiction and source, looked up alone",
  ),
  audit_log: coordinator('one append-only chain, serialised on its head (docs/INTEGRITY.md)'),
  audit_head: coordinator('the chain’s head, locked by every append'),
  merkle_nodes: coordinator(
    'the chain’s tree as kept before December 2026 (now in audit_log rows)',
  ),
};

/**
 * The constraints that span cases, which Citus cannot enforce (a unique key without the
 * distribution column, a reference into sharded tables from a table that is not co-located).
 * They hold on one machine; a Citus deployment drops them first (`citusSetupSql`) and relies on
 * the application's checks, which run in the same transaction as the write. The schema test
 * fails on any such constraint not listed here, and on a listed one that is gone.
 */
export const crossShardConstraints: readonly {
  readonly table: keyof Database;
  readonly kind: 'unique' | 'foreign';
  readonly columns: readonly string[];
  /** The constraint's name on PostgreSQL, to drop it on Citus. */
  readonly name: string;
  /** What keeps the rule once the constraint is dropped. */
  readonly onCitus: string;
}[] = [
  {
    table: 'cases',
    kind: 'unique',
    columns: ['jurisdiction', 'reference'],
    name: 'cases_jurisdiction_reference_unique',
    onCitus:
      'openCase and updateCase look the reference up first; two clerks registering the same reference at the same moment on two shards would both succeed (not tested)',
  },
  {
    table: 'import_keys',
    kind: 'foreign',
    columns: ['case_id'],
    name: 'import_keys_case_id_fkey',
    onCitus: 'the import writes the case and its key in one transaction',
  },
  {
    table: 'complicity_allegations',
    kind: 'foreign',
    columns: ['resulting_case_id'],
    name: 'complicity_allegations_resulting_case_id_fkey',
    onCitus: 'deleting a case is refused while an allegation names it (referencesToCase)',
  },
];

/**
 * The statements that would turn a migrated PostgreSQL database into a Citus one, in an order
 * Citus accepts (reference tables first, then `cases`, then tables referring to others after
 * them). On paper: never run here.
 */
export function citusSetupSql(): string[] {
  const drops = crossShardConstraints.map(
    (c) => `alter table ${c.table} drop constraint ${c.name};`,
  );
  const references = Object.entries(placements)
    .filter(([, p]) => p.kind === 'reference')
    .map(([table]) => `select create_reference_table('${table}');`);
  const order: (keyof Database)[] = [
    'cases',
    'persons',
    'person_identities',
    'victim_records',
    'charges',
    'case_events',
    'verdicts',
    'sentences',
    'screenings',
    'case_team',
    'case_seal_access',
    'case_stats',
  ];
  const distributed = order.map((table) => {
    const placement = placements[table];
    if (placement.kind !== 'distributed') throw new Error(`${table} is not distributed`);
    return table === 'cases'
      ? `select create_distributed_table('cases', 'id');`
      : `select create_distributed_table('${table}', '${placement.column}', colocate_with => 'cases');`;
  });
  return [...drops, ...references, ...distributed];
}
