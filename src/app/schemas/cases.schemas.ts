import { z } from 'zod';
import { caseStatuses, eventKinds } from '../../core/case/lifecycle.ts';
import {
  ageKinds,
  appellants,
  caseOrigins,
  closeReasons,
  exploitationForms,
  personRoles,
  sexes,
  traffickingForms,
  triStates,
  verdictOutcomes,
} from '../../core/vocabulary.ts';
import {
  entityId,
  expectedVersion,
  isoDate,
  jurisdictionCode,
  longText,
  pageQuery,
  shortText,
  triState,
  wholeNumber,
} from './common.ts';
import { jurisdictionCodeSchema } from '../../core/jurisdiction.ts';

// Invisible characters (format characters: zero-width spaces and joiners, the bidirectional
// controls, soft hyphens) and control characters, which would let two references look alike.
const invisible = /[\p{Cf}\p{Cc}]/u;

/**
 * A case reference as stored: Unicode NFKC (full-width digits, ligatures and compatibility
 * forms folded to their plain characters), trimmed, with no invisible or bidirectional-control
 * character, so that two references that look the same are the same text.
 */
export const caseReference = z
  .string()
  .transform((text) => text.normalize('NFKC').trim())
  .pipe(
    z
      .string()
      .min(1)
      .max(100)
      .refine(
        (text) => !invisible.test(text),
        'must not contain invisible or bidirectional-control characters',
      ),
  );

/** A reference to a statute provision, e.g. KG, criminal-code-1997, 124, part 2. */
export const statuteReference = z.object({
  jurisdiction: jurisdictionCode,
  instrument: z.string().trim().min(1).max(100),
  article: z.string().trim().min(1).max(30),
  part: z.string().trim().min(1).max(30).nullable().optional(),
});
export type StatuteReference = z.infer<typeof statuteReference>;
/** A statute reference as the registry returns it (the code already upper case). */
export const statuteReferenceView = statuteReference.extend({
  jurisdiction: jurisdictionCodeSchema,
});

export const createCaseInput = z.object({
  jurisdiction: jurisdictionCode,
  reference: caseReference,
  openedOn: isoDate,
  openingAgencyId: entityId,
  /** How the case began; null while not recorded, "unknown" when asked and not known. */
  origin: z.enum(caseOrigins).nullable().optional(),
  summary: longText.nullable().optional(),
  /** The article under which the case was registered, where the procedure registers one. */
  registeredProvision: statuteReference.nullable().optional(),
});
export type CreateCaseInput = z.infer<typeof createCaseInput>;

/**
 * Why a recorded fact is corrected, kept with the change in the record's history. The browser
 * always asks for one; the API and the importer may leave it out.
 */
export const correctionReason = z.string().trim().min(1).max(2000);

export const updateCaseInput = z.object({
  version: expectedVersion,
  reason: correctionReason.optional(),
  /** Moves the case to another case-opening agency (its team changes with it). */
  openingAgencyId: entityId.optional(),
  reference: caseReference.optional(),
  openedOn: isoDate.optional(),
  origin: z.enum(caseOrigins).nullable().optional(),
  summary: longText.nullable().optional(),
  registeredProvision: statuteReference.nullable().optional(),
});
export type UpdateCaseInput = z.infer<typeof updateCaseInput>;

/** Age at the offence: exact, estimated, or explicitly unknown; null when not recorded. */
export const ageInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('exact'), years: z.number().int().min(0).max(120) }),
  z.object({ kind: z.literal('estimated'), years: z.number().int().min(0).max(120) }),
  z.object({ kind: z.literal('unknown') }),
]);
export type AgeInput = z.infer<typeof ageInput>;

/** ISO 3166-1 alpha-3 citizenship, "stateless", or "unknown". */
export const citizenship = z
  .string()
  .regex(
    /^([A-Z]{3}|stateless|unknown)$/,
    'must be an ISO 3166-1 alpha-3 code, "stateless" or "unknown"',
  );

export const createPersonInput = z.object({
  role: z.enum(personRoles),
  /** A non-identifying label used in the case file ("V1", "Suspect A"). */
  label: z.string().trim().min(1).max(60).nullable().optional(),
  sex: z.enum(sexes).nullable().optional(),
  age: ageInput.nullable().optional(),
  citizenship: citizenship.nullable().optional(),
  publicOfficial: triState.nullable().optional(),
  officialAgency: shortText.nullable().optional(),
  officialPosition: shortText.nullable().optional(),
});
export type CreatePersonInput = z.infer<typeof createPersonInput>;

export const updatePersonInput = createPersonInput.omit({ role: true }).extend({
  version: expectedVersion,
  reason: correctionReason.optional(),
  role: z.enum(personRoles).optional(),
});
export type UpdatePersonInput = z.infer<typeof updatePersonInput>;

/** How to reach a victim or witness: each list may be empty; `other` is free text (messengers…). */
export const identityContactsInput = z.object({
  phones: z.array(z.string().trim().min(3).max(40)).max(20).optional(),
  emails: z.array(z.email().max(254)).max(20).optional(),
  other: z.string().trim().max(1000).nullable().optional(),
});
export type IdentityContactsInput = z.infer<typeof identityContactsInput>;

/** An identity as recorded: the whole record is replaced each time and stored encrypted. */
export const identityInput = z.object({
  /** Required when replacing an identity that exists; omitted when recording the first one. */
  version: expectedVersion.optional(),
  fullName: z.string().trim().min(1).max(300).nullable().optional(),
  aliases: z.string().max(1000).nullable().optional(),
  birthDate: isoDate.nullable().optional(),
  birthPlace: z.string().trim().max(300).nullable().optional(),
  /** e.g. "passport", "national id", "birth certificate". */
  documentType: z.string().trim().max(100).nullable().optional(),
  documentNumber: z.string().max(100).nullable().optional(),
  documentIssuer: z.string().trim().max(300).nullable().optional(),
  contacts: identityContactsInput.nullable().optional(),
  address: z.string().max(1000).nullable().optional(),
});
export type IdentityInput = z.infer<typeof identityInput>;

export const victimRecordInput = z.object({
  version: expectedVersion.optional(),
  /** Why a recorded victim record is corrected: required with a version, kept in its history. */
  reason: correctionReason.optional(),
  /** Forms of exploitation; null while not recorded; ["unknown"] when asked and not known. */
  forms: z
    .array(z.enum(exploitationForms))
    .min(1)
    .refine((forms) => new Set(forms).size === forms.length, 'must not repeat a form')
    .refine(
      (forms) => !forms.includes('unknown') || forms.length === 1,
      '"unknown" cannot be combined with a known form',
    )
    .nullable()
    .optional(),
  identifiedOn: isoDate.nullable().optional(),
  identifyingAgencyId: entityId.nullable().optional(),
  referredToServices: triState.nullable().optional(),
  cooperatingAsWitness: triState.nullable().optional(),
});
export type VictimRecordInput = z.infer<typeof victimRecordInput>;

export const createChargeInput = z.object({
  personId: entityId,
  statute: statuteReference,
  form: z.enum(traffickingForms).nullable().optional(),
  chargedOn: isoDate,
  offenceDate: isoDate.nullable().optional(),
});
export type CreateChargeInput = z.infer<typeof createChargeInput>;

export const updateChargeInput = z.object({
  version: expectedVersion,
  reason: correctionReason.optional(),
  statute: statuteReference.optional(),
  form: z.enum(traffickingForms).nullable().optional(),
  offenceDate: isoDate.nullable().optional(),
});
export type UpdateChargeInput = z.infer<typeof updateChargeInput>;

const eventBase = { caseVersion: expectedVersion, occurredOn: isoDate };
const months = z.number().int().min(0).max(1200);

/** A lifecycle event; `caseVersion` is the case version the client last read. */
export const caseEventInput = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('suspend'),
    ...eventBase,
    reasonCode: z.enum(closeReasons),
    reasonText: longText.min(1),
  }),
  z.object({ kind: z.literal('resume'), ...eventBase, reasonText: longText.nullable().optional() }),
  z.object({
    kind: z.literal('close'),
    ...eventBase,
    reasonCode: z.enum(closeReasons),
    reasonText: longText.min(1),
  }),
  z.object({ kind: z.literal('reopen'), ...eventBase, reasonText: longText.min(1) }),
  z.object({ kind: z.literal('refer'), ...eventBase, agencyId: entityId.nullable().optional() }),
  z.object({
    kind: z.literal('indict'),
    ...eventBase,
    personId: entityId,
    agencyId: entityId.nullable().optional(),
  }),
  z.object({
    kind: z.literal('verdict'),
    ...eventBase,
    personId: entityId,
    chargeId: entityId,
    outcome: z.enum(verdictOutcomes),
    courtAgencyId: entityId.nullable().optional(),
  }),
  z.object({
    kind: z.literal('sentence'),
    ...eventBase,
    personId: entityId,
    chargeId: entityId.nullable().optional(),
    imprisonmentMonths: months.nullable().optional(),
    life: z.boolean().default(false),
    suspended: z.boolean().default(false),
    probationMonths: months.nullable().optional(),
    houseArrestMonths: months.nullable().optional(),
    fine: z
      .object({
        amount: z.number().positive(),
        currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
      })
      .nullable()
      .optional(),
    otherMeasures: z.string().max(1000).nullable().optional(),
  }),
  z.object({
    kind: z.literal('appeal'),
    ...eventBase,
    personId: entityId.nullable().optional(),
    /** Who appealed (null: not recorded). */
    appellant: z.enum(appellants).nullable().optional(),
    /** The court that hears the appeal. */
    courtAgencyId: entityId.nullable().optional(),
    reasonText: longText.nullable().optional(),
  }),
  z.object({ kind: z.literal('final'), ...eventBase }),
]);
export type CaseEventInput = z.infer<typeof caseEventInput>;

/**
 * A correction of a recorded event: its date and its explanation. `caseVersion` is the case
 * version the client last read (the correction moves the case's version on).
 */
export const correctEventInput = z.object({
  caseVersion: expectedVersion,
  reason: correctionReason,
  occurredOn: isoDate.optional(),
  reasonText: longText.trim().min(1).nullable().optional(),
});
export type CorrectEventInput = z.infer<typeof correctEventInput>;

/**
 * A correction of a sentence: the measures replace the recorded ones (the first stays in the
 * record's history). A second sentence for one conviction is refused; this is how it is fixed.
 */
export const correctSentenceInput = z.object({
  version: expectedVersion,
  reason: correctionReason,
  imprisonmentMonths: months.nullable(),
  life: z.boolean(),
  suspended: z.boolean(),
  probationMonths: months.nullable().optional(),
  houseArrestMonths: months.nullable().optional(),
  fine: z
    .object({
      amount: z.number().positive(),
      currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
    })
    .nullable()
    .optional(),
  otherMeasures: z.string().max(1000).nullable().optional(),
});
export type CorrectSentenceInput = z.infer<typeof correctSentenceInput>;

export const listCasesQuery = pageQuery.extend({
  jurisdiction: jurisdictionCode.optional(),
  status: z.enum(caseStatuses).optional(),
  origin: z.enum(caseOrigins).optional(),
  agencyId: entityId.optional(),
  year: wholeNumber(1900, 2200).optional(),
  article: z.string().min(1).max(30).optional(),
  form: z.enum(traffickingForms).optional(),
  reference: z
    .string()
    .min(1)
    .max(100)
    .transform((text) => text.normalize('NFKC'))
    .optional(),
});
export type ListCasesQuery = z.infer<typeof listCasesQuery>;

export const caseSummaryView = z.object({
  id: z.string(),
  jurisdiction: jurisdictionCodeSchema,
  reference: z.string(),
  openedOn: z.string(),
  openingAgencyId: z.string(),
  origin: z.enum(caseOrigins).nullable(),
  summary: z.string().nullable(),
  registeredProvision: statuteReferenceView.nullable(),
  status: z.enum(caseStatuses),
  sealed: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CaseSummaryView = z.infer<typeof caseSummaryView>;

export const personView = z.object({
  id: z.string(),
  caseId: z.string(),
  role: z.enum(personRoles),
  label: z.string().nullable(),
  sex: z.enum(sexes).nullable(),
  age: z.object({ kind: z.enum(ageKinds), years: z.number().int().nullable() }).nullable(),
  citizenship: z.string().nullable(),
  publicOfficial: z.enum(triStates).nullable(),
  officialAgency: z.string().nullable(),
  officialPosition: z.string().nullable(),
  version: z.number().int(),
});
export type PersonView = z.infer<typeof personView>;

export const identityContactsView = z.object({
  phones: z.array(z.string()),
  emails: z.array(z.string()),
  other: z.string().nullable(),
});

/**
 * A decrypted identity. A shredded one has every field null and says when and why it was
 * shredded: that is an answer, not a decryption failure.
 */
export const identityView = z.object({
  personId: z.string(),
  fullName: z.string().nullable(),
  aliases: z.string().nullable(),
  birthDate: z.string().nullable(),
  birthPlace: z.string().nullable(),
  documentType: z.string().nullable(),
  documentNumber: z.string().nullable(),
  documentIssuer: z.string().nullable(),
  contacts: identityContactsView.nullable(),
  address: z.string().nullable(),
  version: z.number().int(),
  shredded: z.object({ on: z.string(), reason: z.string() }).nullable(),
});
export type IdentityView = z.infer<typeof identityView>;

export const victimRecordView = z.object({
  personId: z.string(),
  caseId: z.string(),
  forms: z.array(z.enum(exploitationForms)).nullable(),
  identifiedOn: z.string().nullable(),
  identifyingAgencyId: z.string().nullable(),
  referredToServices: z.enum(triStates).nullable(),
  cooperatingAsWitness: z.enum(triStates).nullable(),
  version: z.number().int(),
});
export type VictimRecordView = z.infer<typeof victimRecordView>;

export const chargeView = z.object({
  id: z.string(),
  caseId: z.string(),
  personId: z.string(),
  statute: statuteReferenceView,
  form: z.enum(traffickingForms).nullable(),
  chargedOn: z.string(),
  offenceDate: z.string().nullable(),
  status: z.enum(['active', 'dropped']),
  version: z.number().int(),
});
export type ChargeView = z.infer<typeof chargeView>;

export const eventView = z.object({
  id: z.string(),
  seq: z.number().int(),
  kind: z.enum(eventKinds),
  occurredOn: z.string(),
  fromStatus: z.enum(caseStatuses),
  toStatus: z.enum(caseStatuses),
  personId: z.string().nullable(),
  chargeId: z.string().nullable(),
  agencyId: z.string().nullable(),
  reasonCode: z.string().nullable(),
  reasonText: z.string().nullable(),
  /** An appeal's appellant (null otherwise, or when not recorded). */
  appellant: z.enum(appellants).nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type EventView = z.infer<typeof eventView>;

export const verdictView = z.object({
  id: z.string(),
  eventId: z.string(),
  personId: z.string(),
  chargeId: z.string(),
  outcome: z.enum(verdictOutcomes),
  decidedOn: z.string(),
  courtAgencyId: z.string().nullable(),
  onAppeal: z.boolean(),
});
export type VerdictView = z.infer<typeof verdictView>;

export const sentenceView = z.object({
  id: z.string(),
  eventId: z.string(),
  personId: z.string(),
  chargeId: z.string().nullable(),
  sentencedOn: z.string(),
  imprisonmentMonths: z.number().int().nullable(),
  life: z.boolean(),
  suspended: z.boolean(),
  probationMonths: z.number().int().nullable(),
  houseArrestMonths: z.number().int().nullable(),
  fine: z.object({ amount: z.number(), currency: z.string() }).nullable(),
  otherMeasures: z.string().nullable(),
  version: z.number().int(),
});
export type SentenceView = z.infer<typeof sentenceView>;

export const caseView = caseSummaryView.extend({
  allowedEvents: z.array(z.enum(eventKinds)),
  persons: z.array(personView),
  victims: z.array(victimRecordView),
  charges: z.array(chargeView),
  events: z.array(eventView),
  verdicts: z.array(verdictView),
  sentences: z.array(sentenceView),
});
export type CaseView = z.infer<typeof caseView>;
