/**
 * The registry's controlled vocabularies. Each list is the single source for validation,
 * the database check and the OpenAPI enums. "unknown" in a list means "asked, not known";
 * a field that has not been recorded yet is `null`, which is a different answer.
 */
export const agencyKinds = [
  'police',
  'prosecutor',
  'court',
  'ngo',
  'international_organisation',
  'ministry',
  'other',
] as const;
export type AgencyKind = (typeof agencyKinds)[number];

/** The agencies that open cases: the police, prosecutors and other law-enforcement bodies. */
export const caseOpeningAgencyKinds = ['police', 'prosecutor', 'other'] as const;

export const roles = [
  'investigator',
  'prosecutor',
  'judge',
  'supervisor',
  'analyst',
  'ngo_liaison',
  'auditor',
  'administrator',
] as const;
export type Role = (typeof roles)[number];

export const caseOrigins = [
  'victim_complaint',
  'proactive_police',
  'ngo_referral',
  'hotline',
  'labour_inspection',
  'foreign_request',
  'other',
  'unknown',
] as const;
export type CaseOrigin = (typeof caseOrigins)[number];

/** Origins in which the authorities acted on their own initiative (the "proactive share"). */
export const proactiveOrigins: readonly CaseOrigin[] = ['proactive_police', 'labour_inspection'];

export const personRoles = ['suspect', 'victim', 'witness'] as const;
export type PersonRole = (typeof personRoles)[number];

export const sexes = ['female', 'male', 'other', 'unknown'] as const;
export type Sex = (typeof sexes)[number];

/** How an age at the offence is known: exactly, as an estimate, or not at all. */
export const ageKinds = ['exact', 'estimated', 'unknown'] as const;
export type AgeKind = (typeof ageKinds)[number];

/** A yes/no question whose answer may also be "unknown" (asked, not known). */
export const triStates = ['yes', 'no', 'unknown'] as const;
export type TriState = (typeof triStates)[number];

export const exploitationForms = [
  'sexual',
  'forced_labour',
  'forced_begging',
  'forced_criminality',
  'forced_marriage',
  'organ_removal',
  'servitude',
  'other',
  'unknown',
] as const;
export type ExploitationForm = (typeof exploitationForms)[number];

/** The form of a charge or a case as the TIP report splits it. */
export const traffickingForms = ['sex', 'labour', 'both', 'other', 'unknown'] as const;
export type TraffickingForm = (typeof traffickingForms)[number];

export const closeReasons = [
  'no_crime_established',
  'insufficient_evidence',
  'suspect_not_identified',
  'victim_withdrew',
  'victim_compensated',
  'statute_of_limitations',
  'other',
] as const;
export type CloseReason = (typeof closeReasons)[number];

/** Why a charge is dropped. */
export const dropReasons = [
  'insufficient_evidence',
  'victim_withdrew',
  'victim_compensated',
  'requalified',
  'statute_of_limitations',
  'other',
] as const;

/** Why a case is unsealed. */
export const unsealReasons = [
  'operation_concluded',
  'court_order',
  'seal_no_longer_needed',
  'other',
] as const;

/** Why a record is deleted: deletion is for mistakes and legal erasure, never for closing a case. */
/** Why a verdict's outcome is corrected (four eyes: a different supervisor approves). */
export const verdictCorrectionReasons = [
  'entered_in_error',
  'court_record_differs',
  'other',
] as const;

export const deleteReasons = [
  'entered_in_error',
  'duplicate',
  'legal_erasure',
  'retention_expired',
  'other',
] as const;

export const verdictOutcomes = ['convicted', 'acquitted', 'dismissed'] as const;
export type VerdictOutcome = (typeof verdictOutcomes)[number];

/** Who brought an appeal; "unknown" when asked and not known (null: not recorded). */
export const appellants = ['defence', 'prosecution', 'victim', 'unknown'] as const;
export type Appellant = (typeof appellants)[number];

export const trainingAudiences = ['police', 'prosecutors', 'judges', 'others'] as const;
export type TrainingAudience = (typeof trainingAudiences)[number];

export const complicityStatuses = ['received', 'assigned', 'investigated', 'concluded'] as const;
export type ComplicityStatus = (typeof complicityStatuses)[number];

export const complicitySources = [
  'ngo',
  'international_organisation',
  'un_special_procedure',
  'media',
  'victim',
  'whistleblower',
  'internal',
  'other',
] as const;
export type ComplicitySource = (typeof complicitySources)[number];

/** Whether a value is one of a vocabulary's values: narrows it without a type assertion. */
export function isOneOf<T extends string>(list: readonly T[], value: string | null): value is T {
  return list.some((item) => item === value);
}
