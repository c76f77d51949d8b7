import type { Selectable } from 'kysely';
import { audiencesColumn, formsColumn, textListColumn } from '../../db/json-columns.ts';
import type { UserRow } from '../../db/repositories/agencies.repository.ts';
import { appellants } from '../../core/vocabulary.ts';
import type { Appellant } from '../../core/vocabulary.ts';
import type { Database } from '../../db/schema.ts';
import type { AgencyView, UserView } from '../schemas/agencies.schemas.ts';
import type {
  CaseSummaryView,
  ChargeView,
  EventView,
  PersonView,
  SentenceView,
  VerdictView,
  VictimRecordView,
} from '../schemas/cases.schemas.ts';
import type {
  AllegationView,
  CertificationView,
  TrainingView,
} from '../schemas/registers.schemas.ts';

// Rows hold only values the use-cases validated on the way in, so the narrowing casts below
// restate what the schema guaranteed; they are the single place where text becomes a union.
type Row<T extends keyof Database> = Selectable<Database[T]>;

/** The API's view of an agency row. */
export function agencyView(row: Row<'agencies'>): AgencyView {
  return {
    id: row.id,
    jurisdiction: row.jurisdiction,
    name: row.name,
    kind: row.kind,
    parentAgencyId: row.parent_agency_id,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The API's view of a user row. */
export function userView(row: UserRow): UserView {
  return {
    id: row.id,
    agencyId: row.agency_id,
    username: row.username,
    displayName: row.display_name,
    roles: [...row.roles],
    active: row.active === 1,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The API's view of a case row, without its children. */
export function caseSummaryView(row: Row<'cases'>): CaseSummaryView {
  return {
    id: row.id,
    jurisdiction: row.jurisdiction,
    reference: row.reference,
    openedOn: row.opened_on,
    openingAgencyId: row.opening_agency_id,
    origin: row.origin,
    summary: row.summary,
    registeredProvision:
      row.registered_article === null || row.registered_instrument === null
        ? null
        : {
            jurisdiction: row.jurisdiction,
            instrument: row.registered_instrument,
            article: row.registered_article,
            part: row.registered_part,
          },
    status: row.status,
    sealed: row.sealed === 1,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The API's view of a person row (no identity). */
export function personView(row: Row<'persons'>): PersonView {
  return {
    id: row.id,
    caseId: row.case_id,
    role: row.role,
    label: row.label,
    sex: row.sex,
    age: row.age_kind === null ? null : { kind: row.age_kind, years: row.age_years },
    citizenship: row.citizenship,
    publicOfficial: row.public_official,
    officialAgency: row.official_agency,
    officialPosition: row.official_position,
    version: row.version,
  };
}

/** The API's view of a victim record. */
export function victimRecordView(row: Row<'victim_records'>): VictimRecordView {
  return {
    personId: row.person_id,
    caseId: row.case_id,
    forms: row.forms === null ? null : formsColumn(row.forms),
    identifiedOn: row.identified_on,
    identifyingAgencyId: row.identifying_agency_id,
    referredToServices: row.referred_to_services,
    cooperatingAsWitness: row.cooperating_as_witness,
    version: row.version,
  };
}

/** The API's view of a charge. */
export function chargeView(row: Row<'charges'>): ChargeView {
  return {
    id: row.id,
    caseId: row.case_id,
    personId: row.person_id,
    statute: {
      jurisdiction: row.statute_jurisdiction,
      instrument: row.instrument,
      article: row.article,
      part: row.part,
    },
    form: row.form,
    chargedOn: row.charged_on,
    offenceDate: row.offence_date,
    status: row.status,
    version: row.version,
  };
}

/** The API's view of a timeline event. */
export function eventView(row: Row<'case_events'>): EventView {
  return {
    id: row.id,
    seq: row.seq,
    kind: row.kind,
    occurredOn: row.occurred_on,
    fromStatus: row.from_status,
    toStatus: row.to_status,
    personId: row.person_id,
    chargeId: row.charge_id,
    agencyId: row.agency_id,
    reasonCode: row.reason_code,
    reasonText: row.reason_text,
    appellant: appellantOf(row),
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
  };
}

/** An appeal's appellant, kept in the event's details. */
function appellantOf(row: Row<'case_events'>): Appellant | null {
  if (row.kind !== 'appeal' || row.details === null) return null;
  const details: unknown = JSON.parse(row.details);
  if (typeof details !== 'object' || details === null || !('appellant' in details)) return null;
  const value = details.appellant;
  return appellants.find((appellant) => appellant === value) ?? null;
}

/** The API's view of a verdict. */
export function verdictView(row: Row<'verdicts'>): VerdictView {
  return {
    id: row.id,
    eventId: row.event_id,
    personId: row.person_id,
    chargeId: row.charge_id,
    outcome: row.outcome,
    decidedOn: row.decided_on,
    courtAgencyId: row.court_agency_id,
    onAppeal: row.on_appeal === 1,
  };
}

/** The API's view of a sentence. */
export function sentenceView(row: Row<'sentences'>): SentenceView {
  return {
    id: row.id,
    eventId: row.event_id,
    personId: row.person_id,
    chargeId: row.charge_id,
    sentencedOn: row.sentenced_on,
    imprisonmentMonths: row.imprisonment_months,
    life: row.life === 1,
    suspended: row.suspended === 1,
    probationMonths: row.probation_months,
    houseArrestMonths: row.house_arrest_months,
    fine:
      row.fine_amount === null || row.fine_currency === null
        ? null
        : { amount: Number(row.fine_amount), currency: row.fine_currency },
    otherMeasures: row.other_measures,
    version: row.version,
  };
}

/** The API's view of a training event. */
export function trainingView(row: Row<'trainings'>): TrainingView {
  return {
    id: row.id,
    jurisdiction: row.jurisdiction,
    title: row.title,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    audiences: audiencesColumn(row.audiences),
    organisers: textListColumn('organisers', row.organisers),
    partners: textListColumn('partners', row.partners),
    trainers: textListColumn('trainers', row.trainers),
    topics: textListColumn('topics', row.topics),
    agreementReference: row.agreement_reference,
    version: row.version,
  };
}

/** The API's view of a complicity allegation. */
export function allegationView(row: Row<'complicity_allegations'>): AllegationView {
  return {
    id: row.id,
    jurisdiction: row.jurisdiction,
    receivedOn: row.received_on,
    source: row.source,
    sourceReference: row.source_reference,
    allegation: row.allegation,
    accusedAgencyId: row.accused_agency_id,
    accusedAgencyDescription: row.accused_agency_description,
    status: row.status,
    assignedAgencyId: row.assigned_agency_id,
    assignedOn: row.assigned_on,
    investigatedOn: row.investigated_on,
    outcome: row.outcome,
    concludedOn: row.concluded_on,
    resultingCaseId: row.resulting_case_id,
    version: row.version,
  };
}

/** The API's view of a period certification. */
export function certificationView(row: Row<'period_certifications'>): CertificationView {
  return {
    id: row.id,
    jurisdiction: row.jurisdiction,
    agencyId: row.agency_id,
    periodFrom: row.period_from,
    periodTo: row.period_to,
    certifiedBy: row.certified_by,
    certifiedAt: row.certified_at,
    note: row.note,
  };
}
