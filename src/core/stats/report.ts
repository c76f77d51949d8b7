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
import type { TraffickingForm } from '../vocabulary.ts';
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
import type { Principal } from './classify.ts';
import type {
  StatsCase,
  StatsDataset,
  StatsPerson,
  StatsSentence,
  StatsVictim,
} from './dataset.ts';
import { countOf, figure, groupBy, groupByOpen, sectionOf } from './figures.ts';
import type { FigureTree, Section } from './figures.ts';
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

function classify(dataset: StatsDataset): Classified[] {
  return dataset.cases.map((row) => {
    const principal = principalOf(row, dataset.provisions);
    return {
      row,
      principal,
      counted: principal.provision === null ? null : countedKind(principal.provision, row.openedOn),
      form: formOfCase(row, principal.charge),
      ref: ref.case(row.id),
    };
  });
}

/** The record with this id in a case's short list (a handful of persons or charges). */
function byId<T extends { readonly id: string }>(list: readonly T[], id: string): T | undefined {
  for (const item of list) if (item.id === id) return item;
  return undefined;
}

const articleKey = (item: Classified) => item.principal.provision?.key ?? 'none';

function investigationTree(cases: readonly Classified[], period: Period) {
  const opened = cases.filter((c) => c.counted === 'trafficking' && within(period, c.row.openedOn));
  const ids = opened.map((c) => c.ref);
  const known = opened.filter((c) => c.row.origin !== null && c.row.origin !== 'unknown');
  const proactive = opened.filter(
    (c) => c.row.origin !== null && proactiveOrigins.includes(c.row.origin),
  );
  const child = opened.map((c) => ({ c, child: hasChildVictim(c.row) }));
  return {
    total: countOf(ids),
    byForm: groupBy(
      traffickingForms,
      opened.map((c) => ({ key: c.form, id: c.ref })),
    ),
    byArticle: groupByOpen(opened.map((c) => ({ key: articleKey(c), id: c.ref }))),
    byOrigin: groupBy(
      [...caseOrigins, 'not_recorded'] as const,
      opened.map((c) => ({ key: c.row.origin ?? ('not_recorded' as const), id: c.ref })),
    ),
    proactive: countOf(proactive.map((c) => c.ref)),
    /** Proactive cases over cases whose origin is known; null when no origin is known. */
    proactiveShare: figure(
      known.length === 0 ? null : proactive.length / known.length,
      known.map((c) => c.ref),
    ),
    withChildVictims: countOf(child.filter((x) => x.child === true).map((x) => x.c.ref)),
    childVictimsUnknown: countOf(child.filter((x) => x.child === null).map((x) => x.c.ref)),
  } satisfies FigureTree;
}

function relatedTree(cases: readonly Classified[], period: Period) {
  const opened = cases.filter((c) => c.counted === 'related' && within(period, c.row.openedOn));
  const child = opened.map((c) => ({ c, child: hasChildVictim(c.row) }));
  return {
    total: countOf(opened.map((c) => c.ref)),
    byArticle: groupByOpen(opened.map((c) => ({ key: articleKey(c), id: c.ref }))),
    withChildVictims: countOf(child.filter((x) => x.child === true).map((x) => x.c.ref)),
    /** Cases with a child victim sexually exploited: what the TIP report calls inducing minors into prostitution. */
    sexualExploitationOfChildren: countOf(
      child
        .filter((x) => x.child === true && (x.c.form === 'sex' || x.c.form === 'both'))
        .map((x) => x.c.ref),
    ),
  } satisfies FigureTree;
}

function prosecutionTree(cases: readonly Classified[], period: Period) {
  const prosecuted = cases.filter(
    (c) => c.counted === 'trafficking' && within(period, c.row.referredOn),
  );
  const unknownDefendants = prosecuted.filter((c) => c.row.indictments.length === 0);
  const defendants: string[] = [];
  for (const c of prosecuted) {
    const seen = new Set<string>();
    for (const i of c.row.indictments)
      if (!seen.has(i.personId)) {
        seen.add(i.personId);
        defendants.push(ref.person(i.personId));
      }
  }
  return {
    cases: countOf(prosecuted.map((c) => c.ref)),
    /** Persons indicted in the prosecuted cases; null when a prosecuted case has no indictment recorded. */
    defendants: figure(unknownDefendants.length > 0 ? null : new Set(defendants).size, defendants),
    defendantsKnown: countOf(defendants),
    casesWithUnknownDefendants: countOf(unknownDefendants.map((c) => c.ref)),
    byForm: groupBy(
      traffickingForms,
      prosecuted.map((c) => ({ key: c.form, id: c.ref })),
    ),
    byArticle: groupByOpen(prosecuted.map((c) => ({ key: articleKey(c), id: c.ref }))),
  } satisfies FigureTree;
}

interface Conviction {
  readonly item: Classified;
  readonly personId: string;
  /** `person:<id>`, built once: several trees list it. */
  readonly ref: string;
  readonly chargeIds: readonly string[];
  readonly articles: readonly string[];
}

/** First-instance convictions under trafficking provisions decided in the period, one per person. */
function convictionsIn(
  cases: readonly Classified[],
  period: Period,
  dataset: StatsDataset,
): Conviction[] {
  const out: Conviction[] = [];
  for (const item of cases) {
    if (item.row.verdicts.length === 0) continue;
    const byPerson = new Map<string, { chargeIds: string[]; articles: string[] }>();
    for (const verdict of item.row.verdicts) {
      if (verdict.outcome !== 'convicted' || verdict.onAppeal || !within(period, verdict.decidedOn))
        continue;
      const charge = byId(item.row.charges, verdict.chargeId);
      const provision = charge === undefined ? undefined : dataset.provisions[charge.provisionKey];
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
  }
  return out;
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

function prisonTermsOf(convictions: readonly Conviction[]) {
  const counts = new Map<number, number>();
  for (const { sentence } of latestSentences(convictions)) {
    if (sentence === null || sentence.life || sentence.suspended) continue;
    const months = sentence.imprisonmentMonths ?? 0;
    if (months > 0) counts.set(months, (counts.get(months) ?? 0) + 1);
  }
  return [...counts].sort(([a], [b]) => a - b).map(([months, count]) => ({ months, count }));
}

function victimTree(cases: readonly Classified[], period: Period) {
  // Loops, not flatMap: this runs over every case of the window for each period.
  const identified: { victim: StatsVictim; person: StatsPerson | undefined; ref: string }[] = [];
  const dateUnknown: StatsVictim[] = [];
  for (const item of cases)
    for (const victim of item.row.victims) {
      if (within(period, victim.identifiedOn))
        identified.push({
          victim,
          person: byId(item.row.persons, victim.personId),
          // Built once: six groupings list it.
          ref: ref.person(victim.personId),
        });
      else if (victim.identifiedOn === null && within(period, item.row.openedOn))
        dateUnknown.push(victim);
    }
  const id = (x: { ref: string }) => x.ref;
  return {
    identified: countOf(identified.map(id)),
    identificationDateUnknown: countOf(dateUnknown.map((victim) => ref.person(victim.personId))),
    bySex: groupBy(
      [...sexes, 'not_recorded'] as const,
      identified.map((x) => ({ key: x.person?.sex ?? ('not_recorded' as const), id: id(x) })),
    ),
    byAgeBand: groupBy(
      ['child', 'adult', 'unknown'] as const,
      identified.map((x) => ({
        key: x.person === undefined ? 'unknown' : ageBandOf(x.person),
        id: id(x),
      })),
    ),
    byCitizenship: groupByOpen(
      identified.map((x) => ({ key: x.person?.citizenship ?? 'not_recorded', id: id(x) })),
    ),
    byForm: groupBy(
      traffickingForms,
      identified.map((x) => ({
        key: formOfExploitation(x.victim.forms ?? []) ?? 'unknown',
        id: id(x),
      })),
    ),
    referredToServices: groupBy(
      ['yes', 'no', 'unknown', 'not_recorded'] as const,
      identified.map((x) => ({
        key: x.victim.referredToServices ?? ('not_recorded' as const),
        id: id(x),
      })),
    ),
  } satisfies FigureTree;
}

function sumKnown(values: readonly (number | null)[]): { known: number; complete: boolean } {
  return {
    known: values.reduce<number>((sum, v) => sum + (v ?? 0), 0),
    complete: values.every((v) => v !== null),
  };
}

function trainingTree(dataset: StatsDataset, period: Period) {
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

function complicityTree(
  dataset: StatsDataset,
  cases: readonly Classified[],
  convictions: readonly Conviction[],
  period: Period,
) {
  const received = dataset.allegations.filter((a) => within(period, a.receivedOn));
  const investigated = dataset.allegations.filter((a) => within(period, a.investigatedOn));
  const pending = dataset.allegations.filter(
    (a) => a.receivedOn <= period.to && (a.investigatedOn === null || a.investigatedOn > period.to),
  );
  const prosecutedOfficials: string[] = [];
  for (const item of cases)
    if (within(period, item.row.referredOn))
      for (const p of item.row.persons)
        if (p.role === 'suspect' && p.publicOfficial === 'yes')
          prosecutedOfficials.push(ref.person(p.id));
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
  readonly casesWithoutProvision: readonly string[];
  readonly pendingAllegations: readonly {
    readonly id: string;
    readonly receivedOn: string;
    readonly ageDays: number;
    readonly status: string;
  }[];
}

export type InvestigationSection = Section<ReturnType<typeof investigationTree>>;
export type ProsecutionSection = Section<ReturnType<typeof prosecutionTree>>;
export type ConvictionSection = Section<ReturnType<typeof convictionTree>>;
export type SentenceSection = Section<ReturnType<typeof sentenceTree>>;
export type VictimSection = Section<ReturnType<typeof victimTree>>;
export type TrainingSection = Section<ReturnType<typeof trainingTree>>;
export type ComplicitySection = Section<ReturnType<typeof complicityTree>>;
export type RelatedSection = Section<ReturnType<typeof relatedTree>>;

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
  const cases = classify(dataset);
  const { statistics, previous, reporting, previousReporting } = periods;
  const convictionsNow = convictionsIn(cases, statistics, dataset);
  const convictionsBefore = convictionsIn(cases, previous, dataset);
  const investigations = sectionOf(
    investigationTree(cases, statistics),
    investigationTree(cases, previous),
  );
  const prosecutions = sectionOf(
    prosecutionTree(cases, statistics),
    prosecutionTree(cases, previous),
  );
  const sentences = sectionOf(
    sentenceTree(convictionsNow, law.pack),
    sentenceTree(convictionsBefore, law.pack),
  );
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
    relatedInvestigations: sectionOf(relatedTree(cases, statistics), relatedTree(cases, previous)),
    prosecutions,
    convictions: sectionOf(convictionTree(convictionsNow), convictionTree(convictionsBefore)),
    sentences,
    victims: sectionOf(victimTree(cases, statistics), victimTree(cases, previous)),
    training: sectionOf(trainingTree(dataset, reporting), trainingTree(dataset, previousReporting)),
    complicity: sectionOf(
      complicityTree(dataset, cases, convictionsNow, reporting),
      complicityTree(dataset, cases, convictionsBefore, previousReporting),
    ),
    completeness: {
      agenciesNotCertified: notCertified(statistics),
      certifyingAgencies: dataset.agencies.filter((agency) =>
        ['police', 'prosecutor', 'court'].includes(agency.kind),
      ).length,
      agenciesNotCertifiedPrevious: notCertified(previous),
      investigationsWithUnknownForm: investigations.byForm.unknown ?? 0,
      investigationsWithoutOrigin:
        (investigations.byOrigin.unknown ?? 0) + (investigations.byOrigin.not_recorded ?? 0),
      prosecutionsWithUnknownDefendants: prosecutions.casesWithUnknownDefendants ?? 0,
      convictionsWithoutSentence: sentences.missing ?? 0,
      // Sorted here: the rest of the report does not depend on the order of the cases.
      casesWithoutProvision: cases
        .filter((c) => c.principal.provision === null && within(statistics, c.row.openedOn))
        .map((c) => c.ref)
        .sort(),
      pendingAllegations: pending,
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
      prisonTerms: prisonTermsOf(convictionsNow),
    },
    previousPublished,
  };
}
