import type { Migration } from 'kysely';
import * as initialRegistry from './2026-11-29T0500_initial_registry.ts';
import * as screenings from './2026-11-29T0700_screenings.ts';
import * as approvalsAndSeals from './2026-11-29T1100_approvals_and_seals.ts';
import * as encryptedIdentity from './2026-11-29T1200_encrypted_identity.ts';
import * as caseTeam from './2026-11-29T1210_case_team.ts';
import * as authentication from './2026-11-29T1300_authentication.ts';
import * as reportIndexes from './2026-11-29T1400_report_indexes.ts';
import * as sessionsLogged from './2026-11-30T1500_sessions_logged.ts';
import * as victimLinks from './2026-11-30T1510_victim_links.ts';
import * as importKeys from './2026-11-30T2010_import_keys.ts';
import * as publishedFigures from './2026-12-01T0000_published_figures.ts';
import * as auditFrontier from './2026-12-01T0420_audit_frontier.ts';
import * as caseKeys from './2026-12-01T0500_case_keys.ts';
import * as importKeysCaseIdx from './2026-12-01T0530_import_keys_case_idx.ts';
import * as caseStats from './2026-12-01T0940_case_stats.ts';
import * as auditNodesInLog from './2026-12-01T1230_audit_nodes_in_log.ts';
import * as caseStatsPackedIds from './2026-12-01T1245_case_stats_packed_ids.ts';
import * as importKeysLean from './2026-12-01T1800_import_keys_lean.ts';
import * as casesSealedIdx from './2026-12-01T1830_cases_sealed_idx.ts';
import * as caseStatsByStatement from './2026-12-01T2300_case_stats_by_statement.ts';

/**
 * Every migration, by its timestamped name. Listed statically (not read from the directory)
 * so that the set is checked by the compiler and works the same under tsx, Vitest and bundlers.
 * Append new migrations; never edit or reorder a landed one.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '2026-11-29T0500_initial_registry': initialRegistry,
  '2026-11-29T0700_screenings': screenings,
  '2026-11-29T1100_approvals_and_seals': approvalsAndSeals,
  '2026-11-29T1200_encrypted_identity': encryptedIdentity,
  '2026-11-29T1210_case_team': caseTeam,
  '2026-11-29T1300_authentication': authentication,
  '2026-11-29T1400_report_indexes': reportIndexes,
  '2026-11-30T1500_sessions_logged': sessionsLogged,
  '2026-11-30T1510_victim_links': victimLinks,
  '2026-11-30T2010_import_keys': importKeys,
  '2026-12-01T0000_published_figures': publishedFigures,
  '2026-12-01T0420_audit_frontier': auditFrontier,
  '2026-12-01T0500_case_keys': caseKeys,
  '2026-12-01T0530_import_keys_case_idx': importKeysCaseIdx,
  '2026-12-01T0940_case_stats': caseStats,
  '2026-12-01T1230_audit_nodes_in_log': auditNodesInLog,
  '2026-12-01T1245_case_stats_packed_ids': caseStatsPackedIds,
  '2026-12-01T1800_import_keys_lean': importKeysLean,
  '2026-12-01T1830_cases_sealed_idx': casesSealedIdx,
  '2026-12-01T2300_case_stats_by_statement': caseStatsByStatement,
};
