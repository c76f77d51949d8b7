import { DomainError } from '../../errors.ts';
import type { AnnualReport, TrainingSection } from '../report.ts';
import { hiddenMark, publicShare, publicValue, shares } from './system.ts';
import type {
  CompletenessCount,
  FigurePath,
  ProtectedPublication,
  ProtectedSection,
} from './system.ts';

/** A published figure: a count or the suppression mark; null stays "not known", never zero. */
export type PublicValue = number | typeof hiddenMark | null;

/** A tree of report values with every count replaced by its published face. */
export type PublicValues<T> = {
  readonly [K in keyof T]: T[K] extends number | null ? PublicValue : PublicValues<T[K]>;
};

/** A report section as published: this period and the previous one, without the records. */
export type PublicSection<S extends { readonly previous: unknown }> = PublicValues<
  Omit<S, 'previous' | 'records'>
> & { readonly previous: PublicValues<S['previous']> };

/** The annual report as it may leave the registry: no record ids, small counts suppressed. */
export interface PublicReport {
  readonly meta: AnnualReport['meta'];
  readonly law: AnnualReport['law'];
  readonly disclosure: {
    readonly maxN: number;
    readonly protectZeros: boolean;
    /** The one mark of every hidden count, whether small or hidden to protect a small one. */
    readonly mark: typeof hiddenMark;
    /** The publication years: only these calendar and TIP years are published. */
    readonly years: { readonly first: number; readonly last: number };
  };
  readonly investigations: PublicSection<AnnualReport['investigations']>;
  readonly relatedInvestigations: PublicSection<AnnualReport['relatedInvestigations']>;
  readonly prosecutions: PublicSection<AnnualReport['prosecutions']>;
  readonly convictions: PublicSection<AnnualReport['convictions']>;
  readonly sentences: PublicSection<AnnualReport['sentences']>;
  readonly victims: PublicSection<AnnualReport['victims']>;
  /** Training counts events and officials trained, not people in cases: published as counted. */
  readonly training: Omit<TrainingSection, 'records'>;
  readonly complicity: PublicSection<AnnualReport['complicity']>;
  readonly completeness: {
    readonly agenciesNotCertified: readonly { readonly name: string; readonly kind: string }[];
    readonly investigationsWithUnknownForm: PublicValue;
    readonly investigationsWithoutOrigin: PublicValue;
    readonly prosecutionsWithUnknownDefendants: PublicValue;
    readonly convictionsWithoutSentence: PublicValue;
    readonly casesWithoutProvision: PublicValue;
    readonly pendingAllegations: PublicValue;
  };
  readonly details: {
    readonly trainings: readonly {
      readonly title: string;
      readonly startsOn: string;
      readonly audiences: AnnualReport['details']['trainings'][number]['audiences'];
      readonly partners: readonly string[];
    }[];
  };
}

const isNode = (value: unknown): value is Readonly<Record<string, unknown>> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A tree of the report with each number or null replaced by `face(path)`. */
function rebuild<T>(
  tree: T,
  prefix: FigurePath,
  face: (path: FigurePath) => PublicValue,
): PublicValues<T> {
  // assertion: the walk below is PublicValues<T> by construction (each number or null becomes
  // its face, every other leaf and key is kept), which the compiler cannot follow through recursion
  return rebuildNode(tree, prefix, face) as PublicValues<T>;
}

function rebuildNode(
  tree: unknown,
  prefix: FigurePath,
  face: (path: FigurePath) => PublicValue,
): unknown {
  if (tree === null || typeof tree === 'number') return face(prefix);
  if (!isNode(tree)) return tree;
  return Object.fromEntries(
    Object.entries(tree).map(([key, child]) => [key, rebuildNode(child, [...prefix, key], face)]),
  );
}

/**
 * The public face of an annual report of a publication period: record ids and identifying details
 * removed, and every count shown as the protected publication of the jurisdiction has it (the
 * same cell whichever report, file or year shows it), hidden ones as one mark.
 */
export function publishAnnualReport(
  report: AnnualReport,
  publication: ProtectedPublication,
): PublicReport {
  const statistics = report.meta.periods.statistics;
  if (statistics.kind === 'range')
    throw new DomainError(
      'ValidationFailed',
      `period: only calendar and TIP years are published; ${statistics.label} is neither`,
      { issues: [{ path: 'period', message: 'must be a calendar or TIP year' }] },
    );
  const kind = statistics.kind;
  const year = Number(statistics.from.slice(0, 4));
  if (year < publication.years.first || year > publication.years.last)
    throw new DomainError(
      'ValidationFailed',
      `year: ${year} is not a publication year (${publication.years.first}–${publication.years.last})`,
      { issues: [{ path: 'year', message: 'must be a publication year' }] },
    );
  const where = new Map(
    publication
      .figuresOf(kind, year)
      .map((f) => [`${f.block}\u0000${f.path.join('\u0000')}`, f] as const),
  );
  const face =
    (block: 'current' | 'previous', values: unknown) =>
    (path: FigurePath): PublicValue => {
      const share = shares.find((s) => s.path.join('/') === path.join('/'));
      const f = where.get(`${block}\u0000${path.join('\u0000')}`);
      if (f === undefined) return null;
      if (share !== undefined) {
        const value = path
          .slice(1)
          .reduce<unknown>((node, key) => (isNode(node) ? node[key] : undefined), values);
        return publicShare(publication, f.period, share, typeof value === 'number' ? value : null);
      }
      return publicValue(publication, f.period, f.figure);
    };
  const section = <N extends ProtectedSection>(name: N): PublicSection<AnnualReport[N]> => {
    const { previous, records: _records, ...current } = report[name];
    // The rebuilt tree has the section's shape with each number or null replaced by its face.
    return {
      ...rebuild(current, [name], face('current', current)),
      previous: rebuild(previous, [name], face('previous', previous)),
    };
  };
  const c = report.completeness;
  const completenessFace = face('current', {});
  const count = (name: CompletenessCount) => completenessFace(['completeness', name]);
  const completeness: Omit<PublicReport['completeness'], 'agenciesNotCertified'> = {
    investigationsWithUnknownForm: count('investigationsWithUnknownForm'),
    investigationsWithoutOrigin: count('investigationsWithoutOrigin'),
    prosecutionsWithUnknownDefendants: count('prosecutionsWithUnknownDefendants'),
    convictionsWithoutSentence: count('convictionsWithoutSentence'),
    casesWithoutProvision: count('casesWithoutProvision'),
    pendingAllegations: count('pendingAllegations'),
  };
  const { records: _trainingRecords, ...training } = report.training;
  return {
    meta: report.meta,
    law: report.law,
    disclosure: {
      maxN: publication.rule.maxN,
      protectZeros: publication.rule.protectZeros,
      mark: hiddenMark,
      years: publication.years,
    },
    investigations: section('investigations'),
    relatedInvestigations: section('relatedInvestigations'),
    prosecutions: section('prosecutions'),
    convictions: section('convictions'),
    sentences: section('sentences'),
    victims: section('victims'),
    training,
    complicity: section('complicity'),
    completeness: {
      ...completeness,
      agenciesNotCertified: c.agenciesNotCertified.map((a) => ({ name: a.name, kind: a.kind })),
    },
    details: {
      trainings: report.details.trainings.map((t) => ({
        title: t.title,
        startsOn: t.startsOn,
        audiences: t.audiences,
        partners: t.partners,
      })),
    },
  };
}
