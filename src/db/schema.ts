import type { Kysely, Transaction } from 'kysely';
import type { AgenciesTable } from './tables/agencies.table.ts';
import type { ApprovalRequestsTable, CaseSealAccessTable } from './tables/approvals.table.ts';
import type { ApiTokensTable, SessionsTable } from './tables/auth.table.ts';
import type { AuditHeadTable, AuditLogTable, MerkleNodesTable } from './tables/audit-log.table.ts';
import type { CaseEventsTable, SentencesTable, VerdictsTable } from './tables/case-events.table.ts';
import type { CaseStatsTable } from './tables/case-stats.table.ts';
import type { CasesTable } from './tables/cases.table.ts';
import type { ChargesTable } from './tables/charges.table.ts';
import type { CaseTeamTable, PersonIdentitiesTable, PersonsTable } from './tables/persons.table.ts';
import type {
  ComplicityAllegationsTable,
  PeriodCertificationsTable,
  TrainingsTable,
} from './tables/registers.table.ts';
import type { ImportKeysTable } from './tables/import-keys.table.ts';
import type { PublishedFiguresTable } from './tables/published-figures.table.ts';
import type { ScreeningsTable } from './tables/screenings.table.ts';
import type { UsersTable } from './tables/users.table.ts';
import type { VictimLinksTable } from './tables/victim-links.table.ts';
import type { VictimRecordsTable } from './tables/victim-records.table.ts';

/** The database as Kysely sees it: table name → row type. */
export interface Database {
  agencies: AgenciesTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  cases: CasesTable;
  persons: PersonsTable;
  person_identities: PersonIdentitiesTable;
  case_team: CaseTeamTable;
  victim_records: VictimRecordsTable;
  victim_links: VictimLinksTable;
  screenings: ScreeningsTable;
  charges: ChargesTable;
  case_events: CaseEventsTable;
  verdicts: VerdictsTable;
  sentences: SentencesTable;
  trainings: TrainingsTable;
  complicity_allegations: ComplicityAllegationsTable;
  period_certifications: PeriodCertificationsTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  merkle_nodes: MerkleNodesTable;
  approval_requests: ApprovalRequestsTable;
  case_seal_access: CaseSealAccessTable;
  import_keys: ImportKeysTable;
  published_figures: PublishedFiguresTable;
  case_stats: CaseStatsTable;
}

/** A connection or a transaction: repositories accept either as their first argument. */
export type Executor = Kysely<Database> | Transaction<Database>;
export type Db = Kysely<Database>;
