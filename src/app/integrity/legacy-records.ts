/**
 * How version 1 leaves (written until the log carried its own records, November 2026) saw
 * each record: the API's views of that time, frozen here so that later changes to the views
 * cannot change how old entries are replayed. Only the fields such an entry logged can be
 * compared; a record's next change writes its full record and covers every column.
 */
import { actionKind } from '../audit/audit-actions.ts';
import type { EntityType } from '../audit/entities.ts';

type Row = Readonly<Record<string, unknown>>;
type Shape = (row: Row) => Record<string, unknown>;

function parsed(text: unknown): unknown {
  if (typeof text !== 'string') return null;
  const value: unknown = JSON.parse(text);
  return value;
}

const v1: Partial<Record<EntityType, Shape>> = {
  agency: (r) => ({
    id: r['id'],
    jurisdiction: r['jurisdiction'],
    name: r['name'],
    kind: r['kind'],
    parentAgencyId: r['parent_agency_id'],
    version: r['version'],
    createdAt: r['created_at'],
    updatedAt: r['updated_at'],
  }),
  user: (r) => ({
    id: r['id'],
    agencyId: r['agency_id'],
    username: r['username'],
    displayName: r['display_name'],
    roles: parsed(r['roles']),
    active: r['active'] === 1,
    version: r['version'],
    createdAt: r['created_at'],
    updatedAt: r['updated_at'],
  }),
  case: (r) => ({
    id: r['id'],
    jurisdiction: r['jurisdiction'],
    reference: r['reference'],
    openedOn: r['opened_on'],
    openingAgencyId: r['opening_agency_id'],
    origin: r['origin'],
    summary: r['summary'],
    registeredProvision:
      r['registered_article'] === null || r['registered_instrument'] === null
        ? null
        : {
            jurisdiction: r['jurisdiction'],
            instrument: r['registered_instrument'],
            article: r['registered_article'],
            part: r['registered_part'],
          },
    status: r['status'],
    sealed: r['sealed'] === 1,
    version: r['version'],
    createdAt: r['created_at'],
    updatedAt: r['updated_at'],
  }),
  person: (r) => ({
    id: r['id'],
    caseId: r['case_id'],
    role: r['role'],
    label: r['label'],
    sex: r['sex'],
    age: r['age_kind'] === null ? null : { kind: r['age_kind'], years: r['age_years'] },
    citizenship: r['citizenship'],
    publicOfficial: r['public_official'],
    officialAgency: r['official_agency'],
    officialPosition: r['official_position'],
    version: r['version'],
  }),
  victim_record: (r) => ({
    personId: r['person_id'],
    caseId: r['case_id'],
    forms: parsed(r['forms']),
    identifiedOn: r['identified_on'],
    identifyingAgencyId: r['identifying_agency_id'],
    referredToServices: r['referred_to_services'],
    cooperatingAsWitness: r['cooperating_as_witness'],
    version: r['version'],
  }),
  charge: (r) => ({
    id: r['id'],
    caseId: r['case_id'],
    personId: r['person_id'],
    statute: {
      jurisdiction: r['statute_jurisdiction'],
      instrument: r['instrument'],
      article: r['article'],
      part: r['part'],
    },
    form: r['form'],
    chargedOn: r['charged_on'],
    offenceDate: r['offence_date'],
    status: r['status'],
    version: r['version'],
  }),
  case_event: (r) => ({
    id: r['id'],
    seq: r['seq'],
    kind: r['kind'],
    occurredOn: r['occurred_on'],
    fromStatus: r['from_status'],
    toStatus: r['to_status'],
    personId: r['person_id'],
    chargeId: r['charge_id'],
    agencyId: r['agency_id'],
    reasonCode: r['reason_code'],
    reasonText: r['reason_text'],
    recordedBy: r['recorded_by'],
    recordedAt: r['recorded_at'],
  }),
  verdict: (r) => ({
    id: r['id'],
    eventId: r['event_id'],
    personId: r['person_id'],
    chargeId: r['charge_id'],
    outcome: r['outcome'],
    decidedOn: r['decided_on'],
    courtAgencyId: r['court_agency_id'],
    onAppeal: r['on_appeal'] === 1,
  }),
  sentence: (r) => ({
    id: r['id'],
    eventId: r['event_id'],
    personId: r['person_id'],
    chargeId: r['charge_id'],
    sentencedOn: r['sentenced_on'],
    imprisonmentMonths: r['imprisonment_months'],
    life: r['life'] === 1,
    suspended: r['suspended'] === 1,
    probationMonths: r['probation_months'],
    houseArrestMonths: r['house_arrest_months'],
    fine:
      r['fine_amount'] === null || r['fine_currency'] === null
        ? null
        : { amount: Number(r['fine_amount']), currency: r['fine_currency'] },
    otherMeasures: r['other_measures'],
  }),
  training: (r) => ({
    id: r['id'],
    jurisdiction: r['jurisdiction'],
    title: r['title'],
    startsOn: r['starts_on'],
    endsOn: r['ends_on'],
    audiences: parsed(r['audiences']),
    organisers: parsed(r['organisers']),
    partners: parsed(r['partners']),
    trainers: parsed(r['trainers']),
    topics: parsed(r['topics']),
    agreementReference: r['agreement_reference'],
    version: r['version'],
  }),
  complicity_allegation: (r) => ({
    id: r['id'],
    jurisdiction: r['jurisdiction'],
    receivedOn: r['received_on'],
    source: r['source'],
    sourceReference: r['source_reference'],
    allegation: r['allegation'],
    accusedAgencyId: r['accused_agency_id'],
    accusedAgencyDescription: r['accused_agency_description'],
    status: r['status'],
    assignedAgencyId: r['assigned_agency_id'],
    assignedOn: r['assigned_on'],
    investigatedOn: r['investigated_on'],
    outcome: r['outcome'],
    concludedOn: r['concluded_on'],
    resultingCaseId: r['resulting_case_id'],
    version: r['version'],
  }),
  period_certification: (r) => ({
    id: r['id'],
    jurisdiction: r['jurisdiction'],
    agencyId: r['agency_id'],
    periodFrom: r['period_from'],
    periodTo: r['period_to'],
    certifiedBy: r['certified_by'],
    certifiedAt: r['certified_at'],
    note: r['note'],
  }),
  screening: (r) => ({
    id: r['id'],
    jurisdiction: r['jurisdiction'],
    caseId: r['case_id'],
    personId: r['person_id'],
    setId: r['screening_set'],
    answers: parsed(r['answers']),
    screenedBy: r['screened_by'],
    screenedOn: r['screened_on'],
    status: r['status'],
    complete: r['complete'] === 1,
    reasoning: parsed(r['reasoning']),
    createdAt: r['created_at'],
  }),
  approval_request: (r) => ({
    id: r['id'],
    action: r['action'],
    caseId: r['case_id'],
    targetType: r['target_type'],
    targetId: r['target_id'],
    reasonCode: r['reason_code'],
    reasonText: r['reason_text'],
    payload: parsed(r['payload']),
    status: r['status'],
    requestedBy: r['requested_by'],
    requestedAt: r['requested_at'],
    decidedBy: r['decided_by'],
    decidedAt: r['decided_at'],
    decisionNote: r['decision_note'],
    version: r['version'],
  }),
  case_seal_access: (r) => ({
    id: r['id'],
    caseId: r['case_id'],
    userId: r['user_id'],
    grantedBy: r['granted_by'],
    grantedAt: r['granted_at'],
    revokedBy: r['revoked_by'],
    revokedAt: r['revoked_at'],
    version: r['version'],
  }),
  case_team: (r) => ({
    caseId: r['case_id'],
    userId: r['user_id'],
    addedBy: r['added_by'],
    addedAt: r['added_at'],
  }),
  api_token: (r) => ({
    name: r['name'],
    scopes: parsed(r['scopes']),
    expiresAt: r['expires_at'],
  }),
};

/**
 * Version 1 entries of these actions logged something other than the record (a sign-in's
 * address, a password change's author): they were never the record's state.
 */
const notRecords = new Set([
  'auth.login',
  'auth.login_failed',
  'auth.locked',
  'auth.password_set',
  'auth.one_time_password',
  'token.revoke',
]);

/** Whether a version 1 entry of `action` on `type` logged the record's state. */
export function legacyCarriesRecord(type: EntityType, action: string): boolean {
  const kind = actionKind(action);
  return (
    (kind === 'change' || kind === 'delete') &&
    (type === 'identity' || v1[type] !== undefined) &&
    !notRecords.has(action)
  );
}

/** The version 1 shape of a row (the fields a version 1 entry could log), with the identity digest. */
export function legacyRecordOf(
  type: EntityType,
  row: Row,
  digest: (value: unknown) => string,
): Record<string, unknown> | null {
  if (type === 'identity') {
    return { version: row['version'], digest: digest(row['identity_ciphertext']) };
  }
  const shape = v1[type];
  return shape === undefined ? null : shape(row);
}
