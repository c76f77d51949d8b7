import { z } from 'zod';
import { findingCodes } from '../../core/statutes/conformance-findings.ts';
import { provisionKinds } from '../../core/statutes/schema.ts';
import { narrativeLanguages } from '../../core/stats/messages.ts';
import { caseOrigins, sexes, traffickingForms, trainingAudiences } from '../../core/vocabulary.ts';
import { victimEstimateView } from './estimates.schemas.ts';
import { integrityReportView } from './integrity.schemas.ts';
import { jurisdictionCodeSchema } from '../../core/jurisdiction.ts';

/**
 * The annual report as the HTTP API returns it, internal (`/api/reports/annual`) and published
 * (`/api/reports/annual/public`): one set of section schemas for both, built from the figure
 * trees of `src/core/stats/report.ts` with a leaf per use (a value, the records behind it, or the
 * published face). test/report-schemas.test.ts checks that each inferred type is exactly the
 * type the use-case returns, so a field added in core without a schema here fails to compile
 * instead of being dropped from the answer. The web imports these types.
 */

/** A figure's value: a count, a share or a sum; null when it cannot be known (never zero). */
const value = z.number().nullable();
/**
 * Where the records behind a figure are: how many this reader may see, and the address that
 * lists their ids (`case:<id>`, `person:<id>`, `sentence:<id>`…) a page at a time.
 */
const records = z.object({
  count: z.number().int().describe('records behind the figure that this reader may see'),
  href: z
    .string()
    .describe('GET lists their ids, a page at a time: /api/reports/annual/records?…&figure=…'),
});
/** A published figure: a count, the one mark of a hidden count, or null (not known). */
export const publicValue = z.union([z.number(), z.literal('x'), z.null()]);

/** Figures keyed by every listed value, each present (possibly zero). */
const keyed = <const K extends readonly [string, ...string[]], L extends z.ZodType>(
  keys: K,
  leaf: L,
) => z.record(z.enum(keys), leaf);
/** Figures keyed by an open set of values (articles, citizenships). */
const open = <L extends z.ZodType>(leaf: L) => z.record(z.string(), leaf);

const investigationTree = <L extends z.ZodType>(leaf: L) =>
  z.object({
    total: leaf,
    byForm: keyed(traffickingForms, leaf),
    byArticle: open(leaf),
    byOrigin: keyed([...caseOrigins, 'not_recorded'], leaf),
    proactive: leaf,
    proactiveShare: leaf.describe('proactive over cases of known origin; null when none is known'),
    withChildVictims: leaf,
    childVictimsUnknown: leaf,
  });

const relatedTree = <L extends z.ZodType>(leaf: L) =>
  z.object({
    total: leaf,
    byArticle: open(leaf),
    withChildVictims: leaf,
    sexualExploitationOfChildren: leaf,
  });

const prosecutionTree = <L extends z.ZodType>(leaf: L) =>
  z.object({
    cases: leaf,
    defendants: leaf.describe('null when a prosecuted case has no indictment recorded'),
    defendantsKnown: leaf,
    casesWithUnknownDefendants: leaf,
    byForm: keyed(traffickingForms, leaf),
    byArticle: open(leaf),
  });

const convictionTree = <L extends z.ZodType>(leaf: L) =>
  z.object({
    persons: leaf,
    cases: leaf,
    victims: leaf,
    casesWithoutVictims: leaf,
    byArticle: open(leaf),
    byForm: keyed(traffickingForms, leaf),
    publicOfficials: leaf,
  });

const imprisonmentBands = [
  'under1y',
  'from1to3y',
  'from3to5y',
  'from5to10y',
  'from10to15y',
  'over15y',
  'life',
] as const;

const sentenceTree = <L extends z.ZodType>(leaf: L) =>
  z.object({
    convictedPersons: leaf,
    recorded: leaf,
    missing: leaf,
    imprisonment: keyed(imprisonmentBands, leaf),
    custodial: leaf,
    suspended: leaf,
    fineOnly: leaf,
    otherNonCustodial: leaf,
    outsideRange: z.object({
      belowMinimum: leaf,
      aboveMaximum: leaf,
      nonCustodialInLieu: leaf,
      unchecked: leaf,
    }),
  });

const victimTree = <L extends z.ZodType>(leaf: L) =>
  z.object({
    identified: leaf,
    identificationDateUnknown: leaf,
    bySex: keyed([...sexes, 'not_recorded'], leaf),
    byAgeBand: keyed(['child', 'adult', 'unknown'], leaf),
    byCitizenship: open(leaf),
    byForm: keyed(traffickingForms, leaf),
    referredToServices: keyed(['yes', 'no', 'unknown', 'not_recorded'], leaf),
  });

const trainingTree = <L extends z.ZodType>(leaf: L) =>
  z.object({
    events: leaf,
    participants: leaf.describe("null when some event's participants are unknown"),
    participantsKnown: leaf,
    byAudience: keyed(trainingAudiences, z.object({ events: leaf, participants: leaf })),
  });

const complicityTree = <L extends z.ZodType>(leaf: L) =>
  z.object({
    allegations: leaf,
    investigated: leaf,
    pendingUninvestigated: leaf,
    officialsProsecuted: leaf,
    officialsConvicted: leaf,
  });

/**
 * A section: this period's values, the previous period's, and where the records behind each are
 * (`records.<figure>` this period's, `records.previous.<figure>` the previous period's).
 */
const section = <S extends z.core.$ZodShape, R extends z.core.$ZodShape>(
  current: z.ZodObject<S>,
  recordsTree: z.ZodObject<R>,
) =>
  z.object({
    ...current.shape,
    previous: current,
    records: z.object({
      ...recordsTree.shape,
      previous: recordsTree.describe("where the previous period's records are"),
    }),
  });

/** A published section: this period and the previous one as published, no records. */
const publicSection = <S extends z.core.$ZodShape>(current: z.ZodObject<S>) =>
  z.object({ ...current.shape, previous: current });

const months = z.union([z.number(), z.literal('unknown')]);

const periodView = z.object({
  kind: z.enum(['calendar', 'tip', 'range']),
  from: z.string(),
  to: z.string(),
  label: z.string(),
});

const metaView = z.object({
  jurisdiction: jurisdictionCodeSchema,
  periods: z.object({
    statistics: periodView,
    previous: periodView,
    reporting: periodView.describe('training and complicity: the TIP reporting period'),
    previousReporting: periodView,
  }),
  provisions: z.record(
    z.string(),
    z.object({
      key: z.string(),
      article: z.string(),
      title: z.string(),
      kind: z.enum(provisionKinds),
      countedAs: z
        .array(
          z.object({
            from: z.string().nullable(),
            to: z.string().nullable(),
            kind: z.enum(provisionKinds),
          }),
        )
        .readonly()
        .optional(),
    }),
  ),
});

/** A pack writer's assumption a result rests on (src/core/statutes/assumptions.ts). */
export const assumptionView = z.object({
  id: z.string(),
  text: z.string(),
  texts: z.object({ ru: z.string().optional(), ky: z.string().optional() }),
});

/** A conformance finding (docs/COUNTING.md, src/core/statutes/conformance.ts). */
export const findingView = z.object({
  code: z.enum(findingCodes),
  severity: z.enum(['gap', 'note', 'ok']),
  provisionId: z.string().nullable(),
  article: z.string().nullable(),
  versionId: z.string().nullable(),
  explanation: z.string(),
  standard: z.string(),
  assumptions: z
    .array(assumptionView)
    .readonly()
    .describe('assumptions of the statute pack (not cited sources) the finding rests on'),
  assumptionNote: z.string().nullable(),
});

const lawView = z.object({
  asOf: z.string(),
  findings: z.array(findingView).readonly(),
  provisions: z
    .array(
      z.object({
        key: z.string(),
        article: z.string(),
        title: z.string(),
        titles: z.object({ ru: z.string().optional(), ky: z.string().optional() }),
        instrument: z.string(),
        instrumentTitles: z.object({ ru: z.string().optional(), ky: z.string().optional() }),
        counted: z.enum(provisionKinds),
        imprisonment: z.union([
          z.object({ minMonths: months, maxMonths: months.nullable(), life: z.boolean() }),
          z.null(),
          z.literal('unknown'),
        ]),
        nonCustodialInLieu: z.boolean(),
        otherBranches: z.boolean(),
        sources: z.array(z.string()).readonly(),
        assumptions: z.array(assumptionView).readonly(),
      }),
    )
    .readonly(),
  sources: z
    .array(
      z.object({
        id: z.string(),
        title: z.string(),
        publisher: z.string().nullable(),
        url: z.string().nullable(),
      }),
    )
    .readonly(),
});

const agencyView = z.object({ id: z.string(), name: z.string(), kind: z.string() });

const completenessView = z.object({
  agenciesNotCertified: z.array(agencyView).readonly(),
  certifyingAgencies: z.number(),
  agenciesNotCertifiedPrevious: z.array(agencyView).readonly(),
  investigationsWithUnknownForm: z.number(),
  investigationsWithoutOrigin: z.number(),
  prosecutionsWithUnknownDefendants: z.number(),
  convictionsWithoutSentence: z.number(),
  casesWithoutProvision: z
    .number()
    .describe('cases opened in the period whose principal provision is not in the pack'),
  pendingAllegations: z
    .array(
      z.object({ id: z.string(), receivedOn: z.string(), ageDays: z.number(), status: z.string() }),
    )
    .readonly(),
  records: z
    .object({
      certifyingAgencies: records,
      investigationsWithUnknownForm: records,
      investigationsWithoutOrigin: records,
      prosecutionsWithUnknownDefendants: records,
      convictionsWithoutSentence: records,
      casesWithoutProvision: records,
    })
    .describe(
      'where the records behind each count are (the listed agencies and allegations are their own)',
    ),
});

const trainingAudienceView = z.object({
  audience: z.string(),
  participants: z.number().nullable(),
});

const trainingDetailView = z.object({
  id: z.string(),
  title: z.string(),
  startsOn: z.string(),
  audiences: z.array(trainingAudienceView).readonly(),
  partners: z.array(z.string()).readonly(),
  trainers: z.array(z.string()).readonly(),
});

const publishedCount = z.number().int().nullable();
const publishedFiguresReportView = z.object({
  periodKind: z.enum(['calendar', 'tip']),
  year: z.number().int(),
  figures: z.object({
    investigations: publishedCount,
    prosecutions: publishedCount,
    defendants: publishedCount,
    convictions: publishedCount,
    victims: publishedCount,
  }),
  source: z.object({ title: z.string(), url: z.string().nullable() }),
  note: z.string().nullable(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});

/**
 * The annual report (internal): figures, previous period, where the records behind each figure
 * are (their count and address; the ids are loaded on demand), narrative.
 */
export const annualReportView = z.object({
  meta: metaView,
  law: lawView.describe('the law at the end of the statistics period'),
  investigations: section(investigationTree(value), investigationTree(records)),
  relatedInvestigations: section(relatedTree(value), relatedTree(records)),
  prosecutions: section(prosecutionTree(value), prosecutionTree(records)),
  convictions: section(convictionTree(value), convictionTree(records)),
  sentences: section(sentenceTree(value), sentenceTree(records)),
  victims: section(victimTree(value), victimTree(records)),
  training: section(trainingTree(value), trainingTree(records)),
  complicity: section(complicityTree(value), complicityTree(records)),
  completeness: completenessView.describe('what is missing or uncertain in the period'),
  details: z.object({
    trainings: z.array(trainingDetailView).readonly(),
    prisonTerms: z.array(z.object({ months: z.number(), count: z.number() })).readonly(),
    records: z
      .object({ prisonTerms: open(records) })
      .describe("where the sentences behind each prison term's count are, by its months"),
  }),
  previousPublished: publishedFiguresReportView
    .nullable()
    .describe(
      "the previous period's figures as a publication printed them, with their source (never added to the counts from records); null when none are recorded",
    ),
  narrative: z.object({
    lang: z.enum(narrativeLanguages),
    paragraphs: z.array(z.string()).readonly(),
  }),
  integrity: integrityReportView
    .nullable()
    .describe('the integrity report of the year, for readers allowed to see it; null otherwise'),
  victimEstimate: victimEstimateView.describe(
    "the period's victims across the agencies' lists: records, distinct persons, whether matched, and the estimate of victims identified and not",
  ),
});
export type AnnualReportView = z.infer<typeof annualReportView>;

/** The annual report as published: no record ids, every hidden count as "x" (docs/COUNTING.md). */
export const publicReportView = z.object({
  meta: metaView,
  law: lawView,
  disclosure: z.object({
    maxN: z.number(),
    protectZeros: z.boolean(),
    mark: z.literal('x'),
    years: z.object({ first: z.number(), last: z.number() }),
  }),
  investigations: publicSection(investigationTree(publicValue)),
  relatedInvestigations: publicSection(relatedTree(publicValue)),
  prosecutions: publicSection(prosecutionTree(publicValue)),
  convictions: publicSection(convictionTree(publicValue)),
  sentences: publicSection(sentenceTree(publicValue)),
  victims: publicSection(victimTree(publicValue)),
  training: publicSection(trainingTree(value)).describe(
    'training counts events and officials trained, not people in cases: published as counted',
  ),
  complicity: publicSection(complicityTree(publicValue)),
  completeness: z.object({
    agenciesNotCertified: z.array(z.object({ name: z.string(), kind: z.string() })).readonly(),
    investigationsWithUnknownForm: publicValue,
    investigationsWithoutOrigin: publicValue,
    prosecutionsWithUnknownDefendants: publicValue,
    convictionsWithoutSentence: publicValue,
    casesWithoutProvision: publicValue,
    pendingAllegations: publicValue,
  }),
  details: z.object({
    trainings: z
      .array(
        z.object({
          title: z.string(),
          startsOn: z.string(),
          audiences: z.array(trainingAudienceView).readonly(),
          partners: z.array(z.string()).readonly(),
        }),
      )
      .readonly(),
  }),
});
export type PublicReportView = z.infer<typeof publicReportView>;

/** A page of the ids of the records behind one figure of the internal annual report. */
export const figureRecordsView = z.object({
  figure: z.string(),
  jurisdiction: jurisdictionCodeSchema,
  period: z.object({ from: z.string(), to: z.string() }),
  total: z
    .number()
    .int()
    .describe("records behind the figure this reader may see (sealed cases' records left out)"),
  offset: z.number().int(),
  limit: z.number().int(),
  ids: z
    .array(z.string())
    .readonly()
    .describe(
      '`case:<id>`, `person:<id>`, `sentence:<id>`, `training:<id>`, `allegation:<id>`, sorted',
    ),
  next: z.string().nullable().describe('the next page, or null on the last'),
});
export type FigureRecordsView = z.infer<typeof figureRecordsView>;
