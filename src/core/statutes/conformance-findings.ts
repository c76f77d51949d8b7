/** The findings a conformance check gives: codes, severities, the report. */
import { type AssumptionView } from './assumptions.ts';
import { type CoverageAnswer } from './timeline.ts';
import type { JurisdictionCode } from '../jurisdiction.ts';

/** Every finding a conformance check can give, by stable code. */
export const findingCodes = [
  'NO_TRAFFICKING_PROVISION',
  'ACTS_COVERED',
  'ACT_NOT_COVERED',
  'ACT_COVERAGE_UNKNOWN',
  'PURPOSE_COVERED',
  'PURPOSE_NOT_COVERED',
  'PURPOSE_COVERAGE_UNKNOWN',
  'MEANS_NOT_COVERED',
  'MEANS_COVERAGE_UNKNOWN',
  'CHILD_MEANS_NOT_REQUIRED',
  'CHILD_MEANS_REQUIRED',
  'CHILD_MEANS_UNASSESSED',
  'CONSENT_IRRELEVANT',
  'CONSENT_NOT_IRRELEVANT',
  'BEYOND_PROTOCOL',
  'SUFFICIENTLY_STRINGENT',
  'MAX_PENALTY_BELOW_FOUR_YEARS',
  'STRINGENCY_UNASSESSED',
  'NON_CUSTODIAL_ALTERNATIVE',
  'COMMENSURATE_WITH_RAPE',
  'NOT_COMMENSURATE_WITH_RAPE',
  'COMMENSURABILITY_UNASSESSED',
  'AMENDMENT_NOT_IN_FORCE',
  'AMENDMENT_POSSIBLY_IN_FORCE',
  'AMENDMENT_TOOK_EFFECT',
  'AMENDMENT_PROPOSED',
  'POSSIBLY_IN_FORCE',
  'OUTSIDE_COVERAGE',
  'RELATED_OFFENCE',
] as const;
/** A finding's stable code. */
export type FindingCode = (typeof findingCodes)[number];
/** A gap against the standard, a note, or the standard met. */
export type Severity = 'gap' | 'note' | 'ok';

/** One finding: a stable code, how serious, where, why in plain English, and on which clause. */
export interface Finding {
  readonly code: FindingCode;
  readonly severity: Severity;
  readonly provisionId: string | null;
  readonly article: string | null;
  readonly versionId: string | null;
  readonly explanation: string;
  readonly standard: string;
  /**
   * The pack writer's assumptions the finding rests on (the version's, or for a finding on the
   * law as a whole those of every trafficking provision in force), and a sentence saying so.
   */
  readonly assumptions: readonly AssumptionView[];
  readonly assumptionNote: string | null;
}

/** The findings of a pack's law in force on a date. */
export interface ConformanceReport {
  readonly jurisdiction: JurisdictionCode;
  readonly asOf: string;
  /** Whether the pack covers `asOf`; when not, the only finding is OUTSIDE_COVERAGE. */
  readonly coverage: CoverageAnswer;
  readonly findings: readonly Finding[];
}
