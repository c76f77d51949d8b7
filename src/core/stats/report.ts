import { versionInForce } from '../statutes/logic.ts';
import { findProvision } from '../statutes/registry.ts';
import { checkSentence } from '../statutes/sentence.ts';
import type { SentenceVerdict } from '../statutes/sentence.ts';
import type { LoadedProvision, Pack, ProvisionKind, ProvisionVersion } from '../statutes/schema.ts';
import type { Finding } from '../statutes/conformance-findings.ts';
import { isDomainError } from '../errors.ts';
import { keyedBy } from '../keyed.ts';
import {
  caseOrigins,
  proactiveOrigins,
  sexes,
  traffickingForms,
  trainingAudiences,
} from '../vocabulary.ts';
import type { CaseOrigin, Sex, TraffickingForm, TriState } from '../vocabulary.ts';
import {
  ageBandOf,
  countedKind,
  formOfCase,
  formOfExploitation,
  hasChildVictim,
  principalOf,
  victimPersons,
  youngestVictimAge,
} from './classify.ts';
import type { AgeBand, Principal } from './classify.ts';
import type { StatsCase, StatsDataset, StatsSentence } from './dataset.ts';
import {
  countOf,
  countOfAll,
  figure,
  groupBy,
  groupByOpen,
  recordsOf,
  sectionOf,
} from './figures.ts';
import type { Figure, FigureTree, RecordsOf, Section } from './figures.ts';
import { summariseLaw } from './law.ts';
import type { PublishedFigures } from './published.ts';
import type { LawSummary } from './law.ts';
import { ageInDays, within } from './period.ts';
import type { Period, ReportPeriods } from './period.ts';
import type { JurisdictionCode } from '../jurisdiction.ts';

/** Record ids in drill-downs are prefixed by their kind: `case:…`, `person:…`, `training:…`. */
const ref = {
  case: (id: string) => `case:${id}`,
  person: (id: string) => `person:${id}`,
  sentence: (id: string) => `sentence:${id}`,
  training: (id: string) => `training:${id}`,
  allegation: (id: string) => `allegation:${id}`,
  agency: (id: string) => `agency:${id}`,
};

interface Classified {
  readonly row: StatsCase;
  readonly principal: Principal;
  /** How the case is counted: its principal provision's counted kind when it opened; null without one. */
  readonly counted: ProvisionKind | null;
  readonly form: TraffickingForm;
  /** `case:<id>`, built once: every tree lists it. */
  readonly ref: string;
}

function classify(row: StatsCase, provisions: StatsDataset['provisions']): Classified {
  const principal = principalOf(row, provisions);
  return {
    row,
    principal,
    counted: principal.provision === null ? null : countedKind(principal.provision, row.openedOn),
    form: formOfCase(row, principal.charge),
    ref: ref.case(row.id),
  };
}

/** The record with this id in a case's short list (a handful of persons or charges). */
function byId<T extends { readonly id: string }>(list: readonly T[], id: string): T | undefined {
  for (const item of list) if (item.id === id) return item;
  return undefined;
}

const articleKey = (item: Classified) => item.principal.provision?.key ?? 'none';

/**
 * Record ids gathered by key while the cases are read, one case at a time: what `groupBy` and
 * `groupByOpen` count once every case is in.
 */
class Buckets<K extends string> {
  private readonly lists = new Map<K, string[]>();

  add(key: K, id: string): void {
    const list = this.lists.get(key);
    if (list === undefined) this.lists.set(key, [id]);
    else list.push(id);
  }

  /** Every listed key (possibly empty); keys not listed are left out, as `groupBy` does. */
  closed<L extends K>(keys: readonly L[]): Record<L, Figure> {
    return groupBy(keys, this.items(keys));
  }

  /** Every key met, sorted, as `groupByOpen` does. */
  open(): Record<string, Figure> {
    return groupByOpen(this.items([...this.lists.keys()]));
  }

  private *items<L extends K>(keys: readonly L[]): Generator<{ key: L; id: string }> {
    for (const key of keys) for (const id of this.lists.get(key) ?? []) yield { key, id };
  }
}

/**
 * Each section is counted by a tally that is given the cases one at a time (`add`) and keeps
 * only the record ids its figures list, not the cases, so that a report over a million cases
 * need not hold them all (a cold report reads them from their summaries one by one). `tree`
 * gives the figures once every case was added; the order of the cases does not matter.
 */

function investigationTally(period: Period) {
  const ids: string[] = [];
  const byForm = new Buckets<TraffickingForm>();
  const byArticle = new Buckets<string>();
  const byOrigin = new Buckets<CaseOrigin | 'not_recorded'>();
  const known: string[] = [];
  const proactive: string[] = [];
  const child: string[] = [];
  const childUnknown: string[] = [];
  return {
    add(c: Classified) {
      if (c.counted !== 'trafficking' || !within(period, c.row.openedOn)) return;
      ids.push(c.ref);
      byForm.add(c.form, c.ref);
      byArticle.add(articleKey(c), c.ref);
      byOrigin.add(c.row.origin ?? 'not_recorded', c.ref);
      if (c.row.origin !== null && c.row.origin !== 'unknown') known.push(c.ref);
      if (c.row.origin !== null && proactiveOrigins.includes(c.row.origin)) proactive.push(c.ref);
      const hasChild = hasChildVictim(c.row);
      if (hasChild === true) child.push(c.ref);
      else if (hasChild === null) childUnknown.push(c.ref);
    },
    tree() {
      return {
        total: countOf(ids),
        byForm: byForm.closed(traffickingForms),
        byArticle: byArticle.open(),
        byOrigin: byOrigin.closed([...caseOrigins, 'not_recorded'] as const),
        proactive: countOf(proactive),
        /** Proactive cases over cases whose origin is known; null when no origin is known. */
        proactiveShare: figure(known.length === 0 ? null : proactive.length / known.length, known),
        withChildVictims: countOf(child),
        childVictimsUnknown: countOf(childUnknown),
      } satisfies FigureTree;
    },
  };
}

function relatedTally(period: Period) {
  const ids: string[] = [];
  const byArticle = new Buckets<string>();
  const child: string[] = [];
  const sexualChild: string[] = [];
  return {
    add(c: Classified) {
      if (c.counted !== 'related' || !within(period, c.row.openedOn)) return;
      ids.push(c.ref);
      byArticle.add(articleKey(c), c.ref);
      if (hasChildVictim(c.row) === true) {
        child.push(c.ref);
        if (c.form === 'sex' || c.form === 'both') sexualChild.push(c.ref);
      }
    },
    tree() {
      return {
        total: countOf(ids),
        byArticle: byArticle.open(),
        withChildVictims: countOf(child),
        /** Cases with a child victim sexually exploited: what the TIP report calls inducing minors into prostitution. */
        sexualExploitationOfChildren: countOf(sexualChild),
      } satisfies FigureTree;
    },
  };
}

function prosecutionTally(period: Period) {
  const ids: string[] = [];
  const unknownDefendants: string[] = [];
  const defendants: string[] = [];
  const byForm = new Buckets<TraffickingForm>();
  const byArticle = new Buckets<string>();
  return {
    add(c: Classified) {
      if (c.counted !== 'trafficking' || !within(period, c.row.referredOn)) return;
      ids.push(c.ref);
      if (c.row.indictments.length === 0) unknownDefendants.push(c.ref);
      const seen = new Set<string>();
      for (const i of c.row.indictments)
        if (!seen.has(i.personId)) {
          seen.add(i.personId);
          defendants.push(ref.person(i.personId));
        }
      byForm.add(c.form, c.ref);
      byArticle.add(articleKey(c), c.ref);
    },
    tree() {
      return {
        cases: countOf(ids),
        /** Persons indicted in the prosecuted cases; null when a prosecuted case has no indictment recorded. */
        defendants: figure(
          unknownDefendants.length > 0 ? null : new Set(defendants).size,
          defendants,
        ),
        defendantsKnown: countOf(defendants),
        casesWithUnknownDefendants: countOf(unknownDefendants),
        byForm: byForm.closed(traffickingForms),
        byArticle: byArticle.open(),
      } satisfies FigureTree;
    },
  };
}

interface Conviction {
  readonly item: Classified;
  readonly personId: string;
  /** `person:<id>`, built once: several trees list it. */
  readonly ref: string;
  readonly chargeIds: readonly string[];
  readonly articles: readonly string[];
}

/**
 * First-instance convictions under trafficking provisions decided in the period, one per
 * person, gathered case by case (the cases with one are kept: the conviction and sentence
 * trees read their persons, charges and sentences).
 */
function convictionsIn(period: Period, provisions: StatsDataset['provisions']) {
  const out: Conviction[] = [];
  return {
    add(item: Classified) {
      if (item.row.verdicts.length === 0) return;
      const byPerson = new Map<string, { chargeIds: string[]; articles: string[] }>();
      for (const verdict of item.row.verdicts) {
        if (
          verdict.outcome !== 'convicted' ||
          verdict.onAppeal ||
          !within(period, verdict.decidedOn)
        )
          continue;
        const charge = byId(item.row.charges, verdict.chargeId);
        const provision = charge === undefined ? undefined : provisions[charge.provisionKey];
        if (provision === undefined || countedKind(provision, item.row.openedOn) !== 'trafficking')
          continue;
        const entry = byPerson.get(verdict.personId) ?? { chargeIds: [], articles: [] };
        entry.chargeIds.push(verdict.chargeId);
        entry.articles.push(provision.key);
        byPerson.set(verdict.personId, entry);
      }
      for (const [personId, entry] of byPerson)
        out.push({
          item,
          personId,
          ref: ref.person(personId),
          chargeIds: entry.chargeIds,
          articles: [...new Set(entry.articles)],
        });
    },
    convictions: (): readonly Conviction[] => out,
  };
}

function convictionTree(convictions: readonly Conviction[]) {
  const caseItems = [...new Map(convictions.map((c) => [c.item.row.id, c.item])).values()];
  const victims = caseItems.flatMap((item) =>
    victimPersons(item.row).map((person) => ref.person(person.id)),
  );
  const officials = convictions.filter(
    (c) => byId(c.item.row.persons, c.personId)?.publicOfficial === 'yes',
  );
  return {
    persons: countOf(convictions.map((c) => c.ref)),
    cases: countOf(caseItems.map((item) => item.ref)),
    victims: countOf(victims),
    /** Cases with convictions in which no victim is recorded: `victims` is then a lower bound. */
    casesWithoutVictims: countOf(
      caseItems.filter((item) => victimPersons(item.row).length === 0).map((item) => item.ref),
    ),
    byArticle: groupByOpen(
      convictions.flatMap((c) => c.articles.map((key) => ({ key, id: c.ref }))),
    ),
    byForm: groupBy(
      traffickingForms,
      convictions.map((c) => ({ key: c.item.form, id: c.ref })),
    ),
    publicOfficials: countOf(officials.map((c) => c.ref)),
  } satisfies FigureTree;
}

const imprisonmentBands = [
  'under1y',
  'from1to3y',
  'from3to5y',
  'from5to10y',
  'from10to15y',
  'over15y',
  'life',
] as const;
type ImprisonmentBand = (typeof imprisonmentBands)[number];

function bandOf(sentence: StatsSentence): ImprisonmentBand | null {
  if (sentence.life) return 'life';
  const months = sentence.imprisonmentMonths;
  if (months === null || months === 0) return null;
  if (months < 12) return 'under1y';
  if (months < 36) return 'from1to3y';
  if (months < 60) return 'from3to5y';
  if (months < 120) return 'from5to10y';
  if (months < 180) return 'from10to15y';
  return 'over15y';
}

type RangeCheck = SentenceVerdict | 'no_provision';

/** The version of a provision in force on a date, or null when the pack cannot say. */
type VersionOn = (provisionKey: string, on: string) => ProvisionVersion | null;

/**
 * The version in force on a date of each provision the pack has: `provisionVersionOn` without its
 * explanation of why there is none (a date the sources leave open, or outside the pack's
 * coverage), which it builds as an error; the report needs only that there is none, for every
 * convicted person's offence date.
 */
function versionsOf(pack: Pack): VersionOn {
  const provisions = new Map<string, LoadedProvision | null>();
  return (provisionKey, on) => {
    let provision = provisions.get(provisionKey);
    if (provision === undefined) {
      try {
        provision = findProvision(pack, provisionKey);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        provision = null;
      }
      provisions.set(provisionKey, provision);
    }
    return provision === null ? null : (versionInForce(provision, on) ?? null);
  };
}

function rangeCheck(
  versionOn: VersionOn | null,
  conviction: Conviction,
  sentence: StatsSentence,
): RangeCheck {
  if (versionOn === null) return 'no_provision';
  const chargeId = sentence.chargeId ?? conviction.chargeIds[0];
  const charge = chargeId === undefined ? undefined : byId(conviction.item.row.charges, chargeId);
  if (charge === undefined) return 'no_provision';
  const offenceDate = charge.offenceDate ?? conviction.item.row.openedOn;
  const version = versionOn(charge.provisionKey, offenceDate);
  if (version === null) return 'no_provision';
  const facts = {
    offenceDate,
    acts: null,
    means: null,
    purposes: null,
    victimAge: youngestVictimAge(conviction.item.row),
    aggravating: null,
  };
  try {
    return checkSentence(sentence, version, facts).verdict;
  } catch (error) {
    // A pack whose penalty branches contradict each other for these facts.
    if (isDomainError(error)) return 'no_provision';
    throw error;
  }
}

function sentenceTree(convictions: readonly Conviction[], pack: Pack | null) {
  const latest = latestSentences(convictions);
  const recorded = latest.filter(
    (x): x is { conviction: Conviction; sentence: StatsSentence } => x.sentence !== null,
  );
  const missing = latest.filter((x) => x.sentence === null);
  const custodial = recorded.filter(
    (x) => (x.sentence.life || (x.sentence.imprisonmentMonths ?? 0) > 0) && !x.sentence.suspended,
  );
  const nonCustodial = recorded.filter(
    (x) => !x.sentence.life && (x.sentence.imprisonmentMonths ?? 0) === 0,
  );
  const versionOn = pack === null ? null : versionsOf(pack);
  const checks = recorded.map((x) => ({
    x,
    check: rangeCheck(versionOn, x.conviction, x.sentence),
  }));
  const id = (x: { sentence: StatsSentence }) => ref.sentence(x.sentence.id);
  return {
    convictedPersons: countOf(latest.map((x) => x.conviction.ref)),
    recorded: countOf(recorded.map(id)),
    missing: countOf(missing.map((x) => x.conviction.ref)),
    imprisonment: groupBy(
      imprisonmentBands,
      recorded.flatMap((x) => {
        const band = bandOf(x.sentence);
        return band === null || x.sentence.suspended ? [] : [{ key: band, id: id(x) }];
      }),
    ),
    custodial: countOf(custodial.map(id)),
    suspended: countOf(recorded.filter((x) => x.sentence.suspended).map(id)),
    fineOnly: countOf(
      nonCustodial
        .filter(
          (x) =>
            x.sentence.fineAmount !== null &&
            x.sentence.probationMonths === null &&
            x.sentence.houseArrestMonths === null &&
            x.sentence.otherMeasures === null,
        )
        .map(id),
    ),
    otherNonCustodial: countOf(
      nonCustodial
        .filter(
          (x) =>
            x.sentence.probationMonths !== null ||
            x.sentence.houseArrestMonths !== null ||
            x.sentence.otherMeasures !== null,
        )
        .map(id),
    ),
    outsideRange: {
      belowMinimum: countOf(checks.filter((c) => c.check === 'below_minimum').map((c) => id(c.x))),
      aboveMaximum: countOf(checks.filter((c) => c.check === 'above_maximum').map((c) => id(c.x))),
      nonCustodialInLieu: countOf(
        checks.filter((c) => c.check === 'non_custodial_in_lieu').map((c) => id(c.x)),
      ),
      unchecked: countOf(
        checks
          .filter((c) => c.check === 'undetermined' || c.check === 'no_provision')
          .map((c) => id(c.x)),
      ),
    },
  } satisfies FigureTree;
}

/** The latest sentence of each convicted person, as `sentenceTree` counts it. */
function latestSentences(convictions: readonly Conviction[]) {
  return convictions.map((conviction) => {
    const own = conviction.item.row.sentences
      .filter((s) => s.personId === conviction.personId)
      .sort((a, b) => a.sentencedOn.localeCompare(b.sentencedOn));
    return { conviction, sentence: own.at(-1) ?? null };
  });
}

/** The prison terms, with how many sentences each, and the sentences behind each term (by months). */
function prisonTermsOf(convictions: readonly Conviction[]) {
  const terms = new Map<number, string[]>();
  for (const { sentence } of latestSentences(convictions)) {
    if (sentence === null || sentence.life || sentence.suspended) continue;
    const months = sentence.imprisonmentMonths ?? 0;
    if (months <= 0) continue;
    const ids = terms.get(months);
    if (ids === undefined) terms.set(months, [ref.sentence(sentence.id)]);
    else ids.push(ref.sentence(sentence.id));
  }
  const sorted = [...terms].sort(([a], [b]) => a - b);
  return {
    terms: sorted.map(([months, ids]) => ({ months, count: ids.length })),
    records: recordsOf({
      prisonTerms: Object.fromEntries(sorted.map(([months, ids]) => [months, countOf(ids)])),
    }),
  };
}

function victimTally(period: Period) {
  const identified: string[] = [];
  const dateUnknown: string[] = [];
  const bySex = new Buckets<Sex | 'not_recorded'>();
  const byAgeBand = new Buckets<AgeBand>();
  const byCitizenship = new Buckets<string>();
  const byForm = new Buckets<TraffickingForm>();
  const referred = new Buckets<TriState | 'not_recorded'>();
  return {
    add(item: Classified) {
      for (const victim of item.row.victims) {
        if (within(period, victim.identifiedOn)) {
          const person = byId(item.row.persons, victim.personId);
          // Built once: six groupings list it.
          const id = ref.person(victim.personId);
          identified.push(id);
          bySex.add(person?.sex ?? 'not_recorded', id);
          byAgeBand.add(person === undefined ? 'unknown' : ageBandOf(person), id);
          byCitizenship.add(person?.citizenship ?? 'not_recorded', id);
          byForm.add(formOfExploitation(victim.forms ?? []) ?? 'unknown', id);
          referred.add(victim.referredToServices ?? 'not_recorded', id);
        } else if (victim.identifiedOn === null && within(period, item.row.openedOn))
          dateUnknown.push(ref.person(victim.personId));
      }
    },
    tree() {
      return {
        identified: countOf(identified),
        identificationDateUnknown: countOf(dateUnknown),
        bySex: bySex.closed([...sexes, 'not_recorded'] as const),
        byAgeBand: byAgeBand.closed(['child', 'adult', 'unknown'] as const),
        byCitizenship: byCitizenship.open(),
        byForm: byForm.closed(traffickingForms),
        referredToServices: referred.closed(['yes', 'no', 'unknown', 'not_recorded'] as const),
      } satisfies FigureTree;
    },
  };
}

function sumKnown(values: readonly (number | null)[]): { known: number; complete: boolean } {
  return {
    known: values.reduce<number>((sum, v) => sum + (v ?? 0), 0),
    complete: values.every((v) => v !== null),
  };
}

function trainingTree(dataset: Pick<StatsDataset, 'trainings'>, period: Period) {
  const events = dataset.trainings.filter((t) => within(period, t.startsOn));
  const all = sumKnown(events.flatMap((t) => t.audiences.map((a) => a.participants)));
  const ids = events.map((t) => ref.training(t.id));
  const byAudience = keyedBy(trainingAudiences, (audience) => {
    const withAudience = events.filter((t) => t.audiences.some((a) => a.audience === audience));
    const sum = sumKnown(
      withAudience.flatMap((t) =>
        t.audiences.filter((a) => a.audience === audience).map((a) => a.participants),
      ),
    );
    const audienceIds = withAudience.map((t) => ref.training(t.id));
    return {
      events: countOf(audienceIds),
      participants: figure(sum.complete ? sum.known : null, audienceIds),
    };
  });
  return {
    events: countOf(ids),
    /** Participants across events; null when some event's participants are unknown (see participantsKnown). */
    participants: figure(all.complete ? all.known : null, ids),
    participantsKnown: figure(all.known, ids),
    byAudience,
  } satisfies FigureTree;
}

/** The public officials among the suspects of the cases referred in the period. */
function prosecutedOfficialsIn(period: Period) {
  const out: string[] = [];
  return {
    add(item: Classified) {
      if (within(period, item.row.referredOn))
        for (const p of item.row.persons)
          if (p.role === 'suspect' && p.publicOfficial === 'yes') out.push(ref.person(p.id));
    },
    officials: (): readonly string[] => out,
  };
}

function complicityTree(
  allegations: StatsDataset['allegations'],
  prosecutedOfficials: readonly string[],
  convictions: readonly Conviction[],
  period: Period,
) {
  const received = allegations.filter((a) => within(period, a.receivedOn));
  const investigated = allegations.filter((a) => within(period, a.investigatedOn));
  const pending = allegations.filter(
    (a) => a.receivedOn <= period.to && (a.investigatedOn === null || a.investigatedOn > period.to),
  );
  const convictedOfficials = convictions
    .filter((c) => byId(c.item.row.persons, c.personId)?.publicOfficial === 'yes')
    .map((c) => c.ref);
  return {
    allegations: countOf(received.map((a) => ref.allegation(a.id))),
    investigated: countOf(investigated.map((a) => ref.allegation(a.id))),
    pendingUninvestigated: countOf(pending.map((a) => ref.allegation(a.id))),
    officialsProsecuted: countOf(prosecutedOfficials),
    officialsConvicted: countOf(convictedOfficials),
  } satisfies FigureTree;
}

/** What is missing or uncertain in the data of the period: the holes a reader must see. */
export interface Completeness {
  readonly agenciesNotCertified: readonly {
    readonly id: string;
    readonly name: string;
    readonly kind: string;
  }[];
  /** Police units, prosecutors and courts in the data: the agencies whose certification counts. */
  readonly certifyingAgencies: number;
  /** The same for the previous period: a zero there is "not reported" unless it was certified. */
  readonly agenciesNotCertifiedPrevious: readonly {
    readonly id: string;
    readonly name: string;
    readonly kind: string;
  }[];
  readonly investigationsWithUnknownForm: number;
  readonly investigationsWithoutOrigin: number;
  readonly prosecutionsWithUnknownDefendants: number;
  readonly convictionsWithoutSentence: number;
  /** Cases opened in the statistics period whose principal provision is not in the pack. */
  readonly casesWithoutProvision: number;
  readonly pendingAllegations: readonly {
    readonly id: string;
    readonly receivedOn: string;
    readonly ageDays: number;
    readonly status: string;
  }[];
  /**
   * The records behind each count above (the agencies and allegations listed above are their
   * own records): `case:…` for the cases, `person:…` for convicted persons without a sentence,
   * `agency:…` for the certifying agencies.
   */
  readonly records: RecordsOf<CompletenessTree>;
}

/** The figures behind the completeness counts (a type, not an interface: it is a FigureTree). */
type CompletenessTree = {
  readonly certifyingAgencies: Figure;
  readonly investigationsWithUnknownForm: Figure;
  readonly investigationsWithoutOrigin: Figure;
  readonly prosecutionsWithUnknownDefendants: Figure;
  readonly convictionsWithoutSentence: Figure;
  readonly casesWithoutProvision: Figure;
};

type TreeOf<T extends (period: Period) => { tree(): FigureTree }> = ReturnType<
  ReturnType<T>['tree']
>;

export type InvestigationSection = Section<TreeOf<typeof investigationTally>>;
export type ProsecutionSection = Section<TreeOf<typeof prosecutionTally>>;
export type ConvictionSection = Section<ReturnType<typeof convictionTree>>;
export type SentenceSection = Section<ReturnType<typeof sentenceTree>>;
export type VictimSection = Section<TreeOf<typeof victimTally>>;
export type TrainingSection = Section<ReturnType<typeof trainingTree>>;
export type ComplicitySection = Section<ReturnType<typeof complicityTree>>;
export type RelatedSection = Section<TreeOf<typeof relatedTally>>;

/** The annual law-enforcement report: JSON is its canonical shape (see docs/COUNTING.md). */
export interface AnnualReport {
  readonly meta: {
    readonly jurisdiction: JurisdictionCode;
    readonly periods: ReportPeriods;
    readonly provisions: StatsDataset['provisions'];
  };
  /** The law at the end of the statistics period: conformance findings and the provisions in force. */
  readonly law: {
    readonly asOf: string;
    readonly findings: readonly Finding[];
    readonly provisions: LawSummary['provisions'];
    readonly sources: LawSummary['sources'];
  };
  readonly investigations: InvestigationSection;
  readonly relatedInvestigations: RelatedSection;
  readonly prosecutions: ProsecutionSection;
  readonly convictions: ConvictionSection;
  readonly sentences: SentenceSection;
  readonly victims: VictimSection;
  readonly training: TrainingSection;
  readonly complicity: ComplicitySection;
  readonly completeness: Completeness;
  /**
   * What the narrative names beyond figures: the training events of the reporting period, and
   * the prison terms (in months, not suspended, not life) of the sentences counted in
   * `sentences.custodial`, with how many received each.
   */
  readonly details: {
    readonly trainings: readonly TrainingDetail[];
    readonly prisonTerms: readonly { readonly months: number; readonly count: number }[];
    /** The sentences behind each prison term's count, by its months (`records.prisonTerms.<months>`). */
    readonly records: RecordsOf<{ readonly prisonTerms: Readonly<Record<string, Figure>> }>;
  };
  /**
   * The previous period's figures as a publication printed them (recorded with their source,
   * see published.ts), or null. Shown beside the counts from records, never added to them.
   */
  readonly previousPublished: PublishedFigures | null;
}

/** A training event as the narrative describes it. */
export interface TrainingDetail {
  readonly id: string;
  readonly title: string;
  readonly startsOn: string;
  readonly audiences: readonly {
    readonly audience: string;
    readonly participants: number | null;
  }[];
  readonly partners: readonly string[];
  readonly trainers: readonly string[];
}

/** What a counter needs before the cases: the jurisdiction and the provisions they are counted under. */
export type ReportScope = Pick<StatsDataset, 'jurisdiction' | 'provisions'>;
/** What a report reads besides the cases: the registers. */
export type ReportRegisters = Pick<
  StatsDataset,
  'trainings' | 'allegations' | 'agencies' | 'certifications'
>;

/** The counting of an annual report, given its cases one at a time. */
export interface ReportCounter {
  /** Counts one case (each case once, in any order); the counter keeps ids, not the case. */
  add(row: StatsCase): void;
  /** The report, once every case of the window was added. */
  finish(registers: ReportRegisters, previousPublished?: PublishedFigures | null): AnnualReport;
}

/**
 * The counting of `computeAnnualReport` for cases given one at a time, so that a caller reading
 * them from storage need not hold them all: each case is classified and counted as it is
 * added, and only the record ids behind the figures are kept (and the cases with a conviction
 * in either period, which the conviction and sentence trees read again).
 */
export function reportCounter(
  scope: ReportScope,
  periods: ReportPeriods,
  law: { readonly pack: Pack | null; readonly findings: readonly Finding[] },
): ReportCounter {
  const { statistics, previous, reporting, previousReporting } = periods;
  const provisions = scope.provisions;
  const tallies = {
    investigations: [investigationTally(statistics), investigationTally(previous)],
    related: [relatedTally(statistics), relatedTally(previous)],
    prosecutions: [prosecutionTally(statistics), prosecutionTally(previous)],
    victims: [victimTally(statistics), victimTally(previous)],
  } as const;
  const convictionsNow = convictionsIn(statistics, provisions);
  const convictionsBefore = convictionsIn(previous, provisions);
  const officialsNow = prosecutedOfficialsIn(reporting);
  const officialsBefore = prosecutedOfficialsIn(previousReporting);
  const withoutProvision: string[] = [];
  const everyTally = [
    ...Object.values(tallies).flat(),
    convictionsNow,
    convictionsBefore,
    officialsNow,
    officialsBefore,
  ];
  return {
    add(row) {
      const item = classify(row, provisions);
      for (const tally of everyTally) tally.add(item);
      if (item.principal.provision === null && within(statistics, row.openedOn))
        withoutProvision.push(item.ref);
    },
    finish(registers, previousPublished = null) {
      const [invNow, invBefore] = tallies.investigations;
      const [relNow, relBefore] = tallies.related;
      const [prosNow, prosBefore] = tallies.prosecutions;
      const [vicNow, vicBefore] = tallies.victims;
      const investigations = invNow.tree();
      const prosecutions = prosNow.tree();
      return reportOf(
        { ...scope, ...registers },
        periods,
        law,
        {
          investigations: sectionOf(investigations, invBefore.tree()),
          related: sectionOf(relNow.tree(), relBefore.tree()),
          prosecutions: sectionOf(prosecutions, prosBefore.tree()),
          victims: sectionOf(vicNow.tree(), vicBefore.tree()),
          convictionsNow: convictionsNow.convictions(),
          convictionsBefore: convictionsBefore.convictions(),
          officialsNow: officialsNow.officials(),
          officialsBefore: officialsBefore.officials(),
          completeness: {
            investigationsWithUnknownForm: investigations.byForm.unknown,
            investigationsWithoutOrigin: countOfAll([
              investigations.byOrigin.unknown,
              investigations.byOrigin.not_recorded,
            ]),
            prosecutionsWithUnknownDefendants: prosecutions.casesWithUnknownDefendants,
            casesWithoutProvision: countOf(withoutProvision),
          },
          // Each case is added once.
          withoutProvision: withoutProvision.length,
        },
        previousPublished,
      );
    },
  };
}

/**
 * Computes every indicator of the annual report for the statistics period and the one before,
 * with the records behind each figure. Pure: the dataset, the pack and the findings come in.
 */
export function computeAnnualReport(
  dataset: StatsDataset,
  periods: ReportPeriods,
  law: { readonly pack: Pack | null; readonly findings: readonly Finding[] },
  previousPublished: PublishedFigures | null = null,
): AnnualReport {
  const counter = reportCounter(dataset, periods, law);
  for (const row of dataset.cases) counter.add(row);
  return counter.finish(dataset, previousPublished);
}

/** The report from the sections counted case by case, and the registers. */
function reportOf(
  dataset: ReportScope & ReportRegisters,
  periods: ReportPeriods,
  law: { readonly pack: Pack | null; readonly findings: readonly Finding[] },
  counted: {
    readonly investigations: InvestigationSection;
    readonly related: RelatedSection;
    readonly prosecutions: ProsecutionSection;
    readonly victims: VictimSection;
    readonly convictionsNow: readonly Conviction[];
    readonly convictionsBefore: readonly Conviction[];
    readonly officialsNow: readonly string[];
    readonly officialsBefore: readonly string[];
    /** The completeness figures counted with the cases. */
    readonly completeness: Pick<
      CompletenessTree,
      | 'investigationsWithUnknownForm'
      | 'investigationsWithoutOrigin'
      | 'prosecutionsWithUnknownDefendants'
      | 'casesWithoutProvision'
    >;
    readonly withoutProvision: number;
  },
  previousPublished: PublishedFigures | null,
): AnnualReport {
  const { statistics, previous, reporting, previousReporting } = periods;
  const { investigations, prosecutions, convictionsNow, convictionsBefore } = counted;
  const sentencesNow = sentenceTree(convictionsNow, law.pack);
  const prisonTerms = prisonTermsOf(convictionsNow);
  const sentences = sectionOf(sentencesNow, sentenceTree(convictionsBefore, law.pack));
  const certifying = dataset.agencies.filter((agency) =>
    ['police', 'prosecutor', 'court'].includes(agency.kind),
  );
  const completenessTree: CompletenessTree = {
    ...counted.completeness,
    certifyingAgencies: countOf(certifying.map((agency) => ref.agency(agency.id))),
    convictionsWithoutSentence: sentencesNow.missing,
  };
  const notCertified = (period: Period) =>
    dataset.agencies
      .filter(
        (agency) =>
          ['police', 'prosecutor', 'court'].includes(agency.kind) &&
          !dataset.certifications.some(
            (c) => c.agencyId === agency.id && c.from <= period.from && c.to >= period.to,
          ),
      )
      .map((agency) => ({ id: agency.id, name: agency.name, kind: agency.kind }));
  const pending = dataset.allegations
    .filter(
      (a) =>
        a.receivedOn <= reporting.to &&
        (a.investigatedOn === null || a.investigatedOn > reporting.to),
    )
    .map((a) => ({
      id: a.id,
      receivedOn: a.receivedOn,
      ageDays: ageInDays(a.receivedOn, reporting.to),
      status: a.status,
    }))
    .sort((a, b) => a.receivedOn.localeCompare(b.receivedOn));
  return {
    meta: { jurisdiction: dataset.jurisdiction, periods, provisions: dataset.provisions },
    law: {
      asOf: statistics.to,
      findings: law.findings,
      ...(law.pack === null
        ? { provisions: [], sources: [] }
        : summariseLaw(law.pack, statistics.to)),
    },
    investigations,
    relatedInvestigations: counted.related,
    prosecutions,
    convictions: sectionOf(convictionTree(convictionsNow), convictionTree(convictionsBefore)),
    sentences,
    victims: counted.victims,
    training: sectionOf(trainingTree(dataset, reporting), trainingTree(dataset, previousReporting)),
    complicity: sectionOf(
      complicityTree(dataset.allegations, counted.officialsNow, convictionsNow, reporting),
      complicityTree(
        dataset.allegations,
        counted.officialsBefore,
        convictionsBefore,
        previousReporting,
      ),
    ),
    completeness: {
      agenciesNotCertified: notCertified(statistics),
      certifyingAgencies: certifying.length,
      agenciesNotCertifiedPrevious: notCertified(previous),
      investigationsWithUnknownForm: investigations.byForm.unknown ?? 0,
      investigationsWithoutOrigin:
        (investigations.byOrigin.unknown ?? 0) + (investigations.byOrigin.not_recorded ?? 0),
      prosecutionsWithUnknownDefendants: prosecutions.casesWithUnknownDefendants ?? 0,
      convictionsWithoutSentence: sentences.missing ?? 0,
      casesWithoutProvision: counted.withoutProvision,
      pendingAllegations: pending,
      records: recordsOf(completenessTree),
    },
    details: {
      trainings: dataset.trainings
        .filter((t) => within(reporting, t.startsOn))
        .sort((a, b) => a.startsOn.localeCompare(b.startsOn))
        .map((t) => ({
          id: t.id,
          title: t.title,
          startsOn: t.startsOn,
          audiences: t.audiences,
          partners: t.partners,
          trainers: t.trainers,
        })),
      prisonTerms: prisonTerms.terms,
      records: prisonTerms.records,
    },
    previousPublished,
  };
}
