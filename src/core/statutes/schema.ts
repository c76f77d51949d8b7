/**
 * The statute pack format (`jurisdictions/<code>/*.yaml`), as Zod schemas. A pack is data:
 * everything the engine knows about a law is here, with the source it rests on. What no source
 * says is written `unknown`, which the engine carries through to its answers.
 */
import { z } from 'zod';
import { jurisdictionCodeInput, type JurisdictionCode } from '../jurisdiction.ts';

/** A calendar date, `YYYY-MM-DD`, that exists (no 2016-02-30). */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a calendar date');

const UNKNOWN = z.literal('unknown');

/**
 * A date, or a date the sources know only to a window (`notBefore`..`notAfter`, inclusive): a
 * change reported "during the reporting period" is written as that period, never as an invented day.
 */
export const DateBoundSchema = z.union([
  isoDate,
  z
    .object({ notBefore: isoDate, notAfter: isoDate })
    .strict()
    .refine((b) => b.notBefore <= b.notAfter, {
      message: 'notBefore is after notAfter',
      path: ['notAfter'],
    }),
]);
export type DateBound = z.infer<typeof DateBoundSchema>;
/** The earliest and latest day a bound allows. */
export const earliestOf = (b: DateBound): string => (typeof b === 'string' ? b : b.notBefore);
export const latestOf = (b: DateBound): string => (typeof b === 'string' ? b : b.notAfter);
const months = z.number().int('months are whole numbers').nonnegative();
const ident = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'ids are lower-case letters, digits, _ . -');
const term = z.string().regex(/^[a-z][a-z0-9_]*$/, 'vocabulary terms are snake_case');

/** A citation: the id of a source listed in the pack, with where in it the figure is. */
export const SourceRefSchema = z.union([
  ident,
  z
    .object({
      ref: ident,
      pinpoint: z.string().optional(),
      quote: z.string().optional(),
    })
    .strict(),
]);
export type SourceRef = z.infer<typeof SourceRefSchema>;
const sources = z.union([SourceRefSchema, z.array(SourceRefSchema).min(1)]);
/**
 * The ids of assumptions (pack.yaml `assumptions:`) a figure, element or date rests on: what the
 * pack writer had to assume because no cited source says it. Every finding derived from it says so.
 */
const assumptionRefs = z.array(ident).min(1).optional();

export const AgeBandSchema = z
  .object({
    min: z.number().int().nonnegative().optional(),
    max: z.number().int().nonnegative().optional(),
  })
  .strict()
  .refine((b) => b.min === undefined || b.max === undefined || b.min <= b.max, 'min is above max');
export type AgeBand = z.infer<typeof AgeBandSchema>;

/** A condition on the facts; every key present must hold (and), `anyOf` is a disjunction. */
export interface Condition {
  readonly victimAge?: AgeBand | undefined;
  readonly meansAnyOf?: readonly string[] | undefined;
  readonly purposesAnyOf?: readonly string[] | undefined;
  readonly aggravatingAnyOf?: readonly string[] | undefined;
  /** The source says "aggravating circumstances" without listing them. */
  readonly aggravatingUnspecified?: boolean | undefined;
  readonly anyOf?: readonly Condition[] | undefined;
}
export const ConditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z
    .object({
      victimAge: AgeBandSchema.optional(),
      meansAnyOf: z.array(term).min(1).optional(),
      purposesAnyOf: z.array(term).min(1).optional(),
      aggravatingAnyOf: z.array(term).min(1).optional(),
      aggravatingUnspecified: z.boolean().optional(),
      anyOf: z.array(ConditionSchema).min(2).optional(),
    })
    .strict(),
);

const ImprisonmentSchema = z
  .object({
    kind: z.literal('imprisonment'),
    minMonths: z.union([months, UNKNOWN]),
    /** `null` with `life: true`: the maximum is life imprisonment. */
    maxMonths: z.union([months, UNKNOWN, z.null()]),
    life: z.boolean().default(false),
    note: z.string().optional(),
  })
  .strict()
  .refine((s) => s.maxMonths !== null || s.life, {
    message: 'maxMonths is null only when life imprisonment is the maximum (life: true)',
    path: ['maxMonths'],
  })
  .refine(
    (s) =>
      typeof s.minMonths !== 'number' ||
      typeof s.maxMonths !== 'number' ||
      s.minMonths <= s.maxMonths,
    { message: 'minMonths is above maxMonths', path: ['minMonths'] },
  );

const inLieu = z.boolean().default(false);
const FineSchema = z
  .object({
    kind: z.literal('fine'),
    amount: z
      .union([
        UNKNOWN,
        z
          .object({
            min: z.number().nonnegative().optional(),
            max: z.number().nonnegative().optional(),
            unit: z.string(),
          })
          .strict(),
      ])
      .default('unknown'),
    inLieuOfImprisonment: inLieu,
    note: z.string().optional(),
  })
  .strict();
const termSanction = <K extends 'house_arrest' | 'correctional_labour'>(kind: K) =>
  z
    .object({
      kind: z.literal(kind),
      minMonths: z.union([months, UNKNOWN]).optional(),
      maxMonths: z.union([months, UNKNOWN]),
      inLieuOfImprisonment: inLieu,
      note: z.string().optional(),
    })
    .strict();
const OtherSanctionSchema = z
  .object({ kind: z.literal('other'), text: z.string(), inLieuOfImprisonment: inLieu })
  .strict();

export const SanctionSchema = z.discriminatedUnion('kind', [
  ImprisonmentSchema,
  FineSchema,
  termSanction('house_arrest'),
  termSanction('correctional_labour'),
  OtherSanctionSchema,
]);
export type Sanction = z.infer<typeof SanctionSchema>;
export type Imprisonment = z.infer<typeof ImprisonmentSchema>;

/** One penalty branch: when it applies, at which level (higher levels override), what it imposes. */
export const PenaltyBranchSchema = z
  .object({
    id: ident,
    part: z.string().optional(),
    level: z.number().int().nonnegative().default(0),
    when: ConditionSchema.optional(),
    sanctions: z.union([UNKNOWN, z.array(SanctionSchema).min(1)]),
    source: sources,
    assumptions: assumptionRefs,
    note: z.string().optional(),
  })
  .strict();
export type PenaltyBranch = z.infer<typeof PenaltyBranchSchema>;

const termList = z
  .object({
    anyOf: z.array(term).min(1),
    /** false: the list is what the sources establish; other terms are unknown, not excluded. */
    exhaustive: z.boolean().default(true),
    source: sources.optional(),
    assumptions: assumptionRefs,
    note: z.string().optional(),
  })
  .strict();

const requirement = z.union([z.boolean(), UNKNOWN]);
export const MeansElementSchema = termList
  .extend({
    /** May be empty: a provision may name no means, only exclude some. */
    anyOf: z.array(term),
    /** Whether means must be proved; rules are tried in order, the first that holds decides. */
    required: z
      .object({
        default: requirement,
        rules: z
          .array(z.object({ when: ConditionSchema, required: requirement }).strict())
          .default([]),
      })
      .strict(),
    /** Means whose use takes the conduct out of this provision (e.g. "without violence"). */
    excluded: z.array(term).optional(),
  })
  .strict();

const ElementsObjectSchema = z
  .object({
    acts: termList.optional(),
    means: MeansElementSchema.optional(),
    purposes: termList.optional(),
    victimAge: AgeBandSchema.optional(),
    circumstances: termList.optional(),
    /**
     * `unknown`: the sources give only the elements listed here (or none); others may exist, so
     * facts meeting the listed ones make the provision "possibly apply", never "apply".
     */
    others: UNKNOWN.optional(),
  })
  .strict()
  .refine((e) => Object.keys(e).length > 0, {
    message:
      'no elements: write `elements: unknown` when the sources give none (an empty list would apply to every case)',
  });

/** A version's elements; `elements: unknown` is `{ others: unknown }` with nothing listed. */
export const ElementsSchema = z.preprocess(
  (v) => (v === 'unknown' ? { others: 'unknown' } : v),
  ElementsObjectSchema,
);
export type Elements = z.infer<typeof ElementsSchema>;
export type TermList = z.infer<typeof termList>;
export type MeansElement = z.infer<typeof MeansElementSchema>;

/**
 * `proposed`: a draft amendment not yet signed (a bill). Like a signed amendment it is never
 * applied to a case; `law impact` shows what it would change.
 */
export const versionStatuses = ['in_force', 'signed_not_in_force', 'repealed', 'proposed'] as const;
export type VersionStatus = (typeof versionStatuses)[number];

export const ProvisionVersionSchema = z
  .object({
    id: ident,
    /**
     * `null`: in force since a date no cited source gives, which is never before its instrument
     * existed (the instrument's `adopted`) and is certain only within the pack's coverage.
     */
    validFrom: DateBoundSchema.nullable(),
    /** `null`: no end date known to the pack. */
    validTo: DateBoundSchema.nullable(),
    status: z.enum(versionStatuses),
    signedBetween: z.object({ from: isoDate, to: isoDate }).strict().optional(),
    /** For a `proposed` version: when the draft was introduced or published (the dates the sources allow). */
    proposedBetween: z.object({ from: isoDate, to: isoDate }).strict().optional(),
    /**
     * For a signed amendment: when it took effect, and as which provision of the pack (e.g. an
     * article of a new code). Without `as`, this version itself is in force from `on`.
     */
    tookEffect: z
      .object({
        on: DateBoundSchema,
        as: ident.optional(),
        source: sources,
        note: z.string().optional(),
      })
      .strict()
      .optional(),
    source: sources,
    /** Assumptions the version as a whole rests on (its dates, its status, its reading). */
    assumptions: assumptionRefs,
    summary: z.string().optional(),
    elements: ElementsSchema,
    consentIrrelevant: z.union([z.boolean(), UNKNOWN]).default('unknown'),
    penalties: z.union([UNKNOWN, z.array(PenaltyBranchSchema).min(1)]),
    /**
     * How the TIP report counted cases under this version when it differs from the provision's
     * kind (e.g. a forced-labour article the report counts as labour trafficking), with the
     * source that shows it. Absent: the provision's kind.
     */
    counting: z
      .object({ as: z.enum(['trafficking', 'related']), source: sources })
      .strict()
      .optional(),
    notes: z.string().optional(),
  })
  .strict()
  .refine(
    (v) =>
      v.validFrom === null || v.validTo === null || earliestOf(v.validFrom) <= latestOf(v.validTo),
    { message: 'validFrom is after validTo', path: ['validTo'] },
  )
  .refine((v) => v.tookEffect === undefined || v.status === 'signed_not_in_force', {
    message: 'only a signed_not_in_force version takes effect later (tookEffect)',
    path: ['tookEffect'],
  })
  .refine((v) => v.status !== 'repealed' || v.validTo !== null, {
    message: 'a repealed version needs validTo',
    path: ['validTo'],
  })
  .refine((v) => v.status !== 'signed_not_in_force' || v.signedBetween !== undefined, {
    message: 'a signed_not_in_force version needs signedBetween (the dates the sources allow)',
    path: ['status'],
  })
  .refine((v) => v.status !== 'proposed' || v.proposedBetween !== undefined, {
    message: 'a proposed version needs proposedBetween (when the draft was introduced)',
    path: ['status'],
  })
  .refine((v) => v.status === 'proposed' || v.proposedBetween === undefined, {
    message: 'only a proposed version has proposedBetween',
    path: ['proposedBetween'],
  })
  .refine(
    (v) =>
      v.status !== 'proposed' ||
      (v.validFrom === null && v.validTo === null && v.signedBetween === undefined),
    {
      message:
        'a proposed version is not law: validFrom and validTo are null and it has no signedBetween (when it is signed, change its status)',
      path: ['status'],
    },
  );
export type ProvisionVersion = z.infer<typeof ProvisionVersionSchema>;

/**
 * A title in another language than the pack's English: quoted from a cited source, or marked
 * `translation: true` when the pack writer translated the English title (then it is no
 * official title and a reader must not take it for one).
 */
export const LocalTitleSchema = z
  .object({
    text: z.string().min(1),
    source: sources.optional(),
    translation: z.literal(true).optional(),
  })
  .strict()
  .refine((t) => (t.source === undefined) !== (t.translation === undefined), {
    message: 'a title in another language needs either a source or `translation: true`',
  });
export type LocalTitle = z.infer<typeof LocalTitleSchema>;

/** The languages a report is written in besides English, for which a pack may give titles. */
export const titleLanguages = ['ru', 'ky'] as const;
export type TitleLanguage = (typeof titleLanguages)[number];

/** Titles per language (`titles: { ru: { text, source } }`); English is the `title` itself. */
export const LocalTitlesSchema = z
  .object({ ru: LocalTitleSchema.optional(), ky: LocalTitleSchema.optional() })
  .strict();
export type LocalTitles = z.infer<typeof LocalTitlesSchema>;

export const provisionKinds = ['trafficking', 'related', 'comparator'] as const;
export type ProvisionKind = (typeof provisionKinds)[number];

export const ProvisionSchema = z
  .object({
    id: ident,
    instrument: ident,
    article: z.string().min(1),
    title: z.string().min(1),
    titles: LocalTitlesSchema.optional(),
    kind: z.enum(provisionKinds),
    parts: z.array(z.string()).optional(),
    versions: z.array(ProvisionVersionSchema).min(1),
  })
  .strict();
export type Provision = z.infer<typeof ProvisionSchema>;

export const SourceSchema = z
  .object({
    title: z.string().min(1),
    url: z.string().url().optional(),
    publisher: z.string().optional(),
    date: z.string().optional(),
    note: z.string().optional(),
  })
  .strict();
export type Source = z.infer<typeof SourceSchema>;

export const InstrumentSchema = z
  .object({
    id: ident,
    title: z.string().min(1),
    titles: LocalTitlesSchema.optional(),
    /** The day it was adopted (or the window): none of its versions is in force before. */
    adopted: DateBoundSchema.optional(),
    /** The day it entered into force, when later than adoption: none of its versions applies before. */
    inForceFrom: DateBoundSchema.optional(),
    source: sources.optional(),
    assumptions: assumptionRefs,
    note: z.string().optional(),
  })
  .strict();
export type Instrument = z.infer<typeof InstrumentSchema>;

const vocabularyExtension = z
  .object({
    acts: z.array(term).optional(),
    means: z.array(term).optional(),
    purposes: z.array(term).optional(),
    aggravating: z.array(term).optional(),
  })
  .strict();

/**
 * Something the pack writer assumed because no cited source says it (distinct from `sources`):
 * referenced by id from an instrument, a version, an element list or a penalty branch, and named
 * by every result derived from it. `texts` gives it in the report's other languages.
 */
export const AssumptionSchema = z
  .object({
    id: ident,
    text: z.string().min(1),
    texts: LocalTitlesSchema.optional(),
    note: z.string().optional(),
  })
  .strict();
export type Assumption = z.infer<typeof AssumptionSchema>;

/** `pack.yaml`: the jurisdiction, its sources and instruments (and optionally provisions). */
export const PackMetaFileSchema = z
  .object({
    jurisdiction: z
      .object({
        /** The pack's jurisdiction (`kg` or `KG`), read as the system spells it: `KG`. */
        code: jurisdictionCodeInput,
        name: z.string().min(1),
        /** ISO 3166-1 codes, as exports (GLOTIP) and citizenship fields spell the country. */
        iso3166: z
          .object({
            alpha2: z.string().regex(/^[A-Z]{2}$/, 'two upper-case letters'),
            alpha3: z.string().regex(/^[A-Z]{3}$/, 'three upper-case letters'),
            /** ISO 3166-1 numeric, three digits as a string ("417"): leading zeros matter. */
            numeric: z.string().regex(/^\d{3}$/, 'three digits, quoted ("417")'),
          })
          .strict(),
        /** The country or area as UNODC names it (GLOTIP), with its UN M49 region and subregion. */
        unodc: z
          .object({
            name: z.string().min(1),
            region: z.string().min(1),
            subregion: z.string().min(1),
          })
          .strict(),
      })
      .strict(),
    /**
     * The period the pack describes. Outside it the engine says the pack does not cover the
     * date, never that the jurisdiction has no law.
     */
    coverage: z
      .object({ from: isoDate, to: isoDate, note: z.string().optional() })
      .strict()
      .refine((c) => c.from <= c.to, {
        message: 'coverage.from is after coverage.to',
        path: ['to'],
      }),
    description: z.string().optional(),
    sources: z.record(ident, SourceSchema),
    assumptions: z.array(AssumptionSchema).optional(),
    instruments: z.array(InstrumentSchema).min(1),
    vocabulary: z.object({ extend: vocabularyExtension.optional() }).strict().optional(),
    screening: z.array(ident).optional(),
    provisions: z.array(ProvisionSchema).optional(),
  })
  .strict();

/** Any other YAML file of a pack: more provisions. */
export const ProvisionsFileSchema = z
  .object({ provisions: z.array(ProvisionSchema).min(1) })
  .strict();

/** A provision as loaded, with the file it came from (for messages). */
export interface LoadedProvision extends Provision {
  readonly file: string;
  /** Bounds an unknown start: not before the instrument was adopted; certain from coverage. */
  readonly startFloor: StartFloor;
}

/** What a version with an unknown start (`validFrom: null`) is bounded by. */
export interface StartFloor {
  readonly instrumentAdopted: DateBound | null;
  readonly coverageFrom: string;
  /** The pack's whole coverage, for messages about dates outside it. */
  readonly coverageTo: string;
}

/** A jurisdiction's codes and names. */
export interface JurisdictionIds {
  readonly alpha2: string;
  readonly alpha3: string;
  readonly numeric: string;
  readonly unodcName: string;
  readonly unodcRegion: string;
  readonly unodcSubregion: string;
}

/** A pack that passed validation: the only kind the engine ever sees. */
export interface Pack {
  readonly code: JurisdictionCode;
  /** The pack's `pack.yaml` as it was named when read (`kg/pack.yaml`), for messages. */
  readonly file: string;
  readonly name: string;
  readonly ids: JurisdictionIds;
  readonly coverage: {
    readonly from: string;
    readonly to: string;
    readonly note?: string | undefined;
  };
  readonly description: string | undefined;
  readonly sources: Readonly<Record<string, Source>>;
  /** The pack writer's assumptions, by id. */
  readonly assumptions: Readonly<Record<string, Assumption>>;
  readonly instruments: readonly Instrument[];
  readonly vocabularyExtension: Readonly<
    Partial<Record<'acts' | 'means' | 'purposes' | 'aggravating', readonly string[]>>
  >;
  readonly screening: readonly string[];
  readonly provisions: readonly LoadedProvision[];
}
