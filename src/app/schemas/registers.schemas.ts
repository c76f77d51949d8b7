import { z } from 'zod';
import { complicitySources, complicityStatuses, trainingAudiences } from '../../core/vocabulary.ts';
import {
  entityId,
  expectedVersion,
  isoDate,
  jurisdictionCode,
  longText,
  pageQuery,
  shortText,
  wholeNumber,
} from './common.ts';
import { jurisdictionCodeSchema } from '../../core/jurisdiction.ts';

const names = z.array(shortText).max(100);

/** Who attended: an audience and how many (null when the number is unknown). */
export const trainingAudience = z.object({
  audience: z.enum(trainingAudiences),
  participants: z.number().int().min(0).max(100_000).nullable(),
});

const trainingFields = {
  jurisdiction: jurisdictionCode,
  title: shortText,
  startsOn: isoDate,
  endsOn: isoDate,
  audiences: z.array(trainingAudience).min(1, 'name at least one audience'),
  organisers: names.default([]),
  partners: names.default([]),
  trainers: names.default([]),
  topics: names.default([]),
  agreementReference: shortText.nullable().optional(),
};

function endsAfterStart(value: {
  startsOn?: string | undefined;
  endsOn?: string | undefined;
}): boolean {
  return (
    value.startsOn === undefined || value.endsOn === undefined || value.endsOn >= value.startsOn
  );
}
const endsAfterStartIssue = { message: 'must not be before startsOn', path: ['endsOn'] };

export const createTrainingInput = z
  .object(trainingFields)
  .refine(endsAfterStart, endsAfterStartIssue);
export type CreateTrainingInput = z.infer<typeof createTrainingInput>;

export const updateTrainingInput = z
  .object({
    version: expectedVersion,
    title: trainingFields.title.optional(),
    startsOn: isoDate.optional(),
    endsOn: isoDate.optional(),
    audiences: trainingFields.audiences.optional(),
    organisers: names.optional(),
    partners: names.optional(),
    trainers: names.optional(),
    topics: names.optional(),
    agreementReference: shortText.nullable().optional(),
  })
  .refine(endsAfterStart, endsAfterStartIssue);
export type UpdateTrainingInput = z.infer<typeof updateTrainingInput>;

export const trainingView = z.object({
  id: z.string(),
  jurisdiction: jurisdictionCodeSchema,
  title: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  audiences: z.array(trainingAudience),
  organisers: z.array(z.string()),
  partners: z.array(z.string()),
  trainers: z.array(z.string()),
  topics: z.array(z.string()),
  agreementReference: z.string().nullable(),
  version: z.number().int(),
});
export type TrainingView = z.infer<typeof trainingView>;

export const listTrainingsQuery = pageQuery.extend({
  jurisdiction: jurisdictionCode.optional(),
  year: wholeNumber(1900, 2200).optional(),
  audience: z.enum(trainingAudiences).optional(),
});
export type ListTrainingsQuery = z.infer<typeof listTrainingsQuery>;

export const createAllegationInput = z.object({
  jurisdiction: jurisdictionCode,
  receivedOn: isoDate,
  source: z.enum(complicitySources),
  sourceReference: shortText.nullable().optional(),
  allegation: longText.min(1),
  accusedAgencyId: entityId.nullable().optional(),
  accusedAgencyDescription: shortText.nullable().optional(),
  resultingCaseId: entityId.nullable().optional(),
});
export type CreateAllegationInput = z.infer<typeof createAllegationInput>;

export const updateAllegationInput = z.object({
  version: expectedVersion,
  sourceReference: shortText.nullable().optional(),
  allegation: longText.min(1).optional(),
  accusedAgencyId: entityId.nullable().optional(),
  accusedAgencyDescription: shortText.nullable().optional(),
  resultingCaseId: entityId.nullable().optional(),
});
export type UpdateAllegationInput = z.infer<typeof updateAllegationInput>;

/** A step of the complicity workflow: received → assigned → investigated → concluded. */
export const allegationStepInput = z.discriminatedUnion('step', [
  z.object({
    step: z.literal('assign'),
    version: expectedVersion,
    on: isoDate,
    agencyId: entityId,
  }),
  z.object({
    step: z.literal('investigate'),
    version: expectedVersion,
    on: isoDate,
    resultingCaseId: entityId.nullable().optional(),
  }),
  z.object({
    step: z.literal('conclude'),
    version: expectedVersion,
    on: isoDate,
    outcome: longText.min(1),
  }),
]);
export type AllegationStepInput = z.infer<typeof allegationStepInput>;

export const allegationView = z.object({
  id: z.string(),
  jurisdiction: jurisdictionCodeSchema,
  receivedOn: z.string(),
  source: z.enum(complicitySources),
  sourceReference: z.string().nullable(),
  allegation: z.string(),
  accusedAgencyId: z.string().nullable(),
  accusedAgencyDescription: z.string().nullable(),
  status: z.enum(complicityStatuses),
  assignedAgencyId: z.string().nullable(),
  assignedOn: z.string().nullable(),
  investigatedOn: z.string().nullable(),
  outcome: z.string().nullable(),
  concludedOn: z.string().nullable(),
  resultingCaseId: z.string().nullable(),
  version: z.number().int(),
});
export type AllegationView = z.infer<typeof allegationView>;

export const listAllegationsQuery = pageQuery.extend({
  jurisdiction: jurisdictionCode.optional(),
  status: z.enum(complicityStatuses).optional(),
});
export type ListAllegationsQuery = z.infer<typeof listAllegationsQuery>;

export const certifyPeriodInput = z
  .object({
    agencyId: entityId,
    periodFrom: isoDate,
    periodTo: isoDate,
    note: longText.nullable().optional(),
  })
  .refine((value) => value.periodTo >= value.periodFrom, {
    message: 'must not be before periodFrom',
    path: ['periodTo'],
  });
export type CertifyPeriodInput = z.infer<typeof certifyPeriodInput>;

export const certificationView = z.object({
  id: z.string(),
  jurisdiction: jurisdictionCodeSchema,
  agencyId: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  certifiedBy: z.string(),
  certifiedAt: z.string(),
  note: z.string().nullable(),
});
export type CertificationView = z.infer<typeof certificationView>;

export const listCertificationsQuery = pageQuery.extend({
  agencyId: entityId.optional(),
  jurisdiction: jurisdictionCode.optional(),
});
export type ListCertificationsQuery = z.infer<typeof listCertificationsQuery>;

export const historyEntryView = z.object({
  index: z.number().int(),
  at: z.string(),
  actorId: z.string(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  caseId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});
export type HistoryEntryView = z.infer<typeof historyEntryView>;
