import { versionAssumptions, type AssumptionView } from '../statutes/assumptions.ts';
import { versionInForce } from '../statutes/logic.ts';
import { branchRange, hull } from '../statutes/penalty.ts';
import type { ImprisonmentRange } from '../statutes/penalty.ts';
import type {
  LocalTitles,
  Pack,
  PenaltyBranch,
  ProvisionKind,
  SourceRef,
  TitleLanguage,
} from '../statutes/schema.ts';

/** A provision in force as a reader of the report needs it: what it is and its penalty. */
export interface LawProvision {
  readonly key: string;
  readonly article: string;
  readonly title: string;
  /** The title in the report's other languages, where the pack gives it (else the English). */
  readonly titles: Readonly<Partial<Record<TitleLanguage, string>>>;
  readonly instrument: string;
  /** The instrument's title in the other languages, where the pack gives it. */
  readonly instrumentTitles: Readonly<Partial<Record<TitleLanguage, string>>>;
  /** How the statistics count cases under it on the date (see docs/COUNTING.md). */
  readonly counted: ProvisionKind;
  /**
   * The imprisonment of the basic offence (the branches that apply without any condition):
   * 'unknown' when the sources do not give it, null when it imposes none.
   */
  readonly imprisonment: ImprisonmentRange | null | 'unknown';
  /** Whether a fine or another sanction may replace imprisonment in the basic offence. */
  readonly nonCustodialInLieu: boolean;
  /** Whether other branches (aggravating circumstances, child victims) prescribe other penalties. */
  readonly otherBranches: boolean;
  /** The ids of the sources the version and its penalties cite. */
  readonly sources: readonly string[];
  /** The pack writer's assumptions what is said here rests on (version, elements, basic penalty). */
  readonly assumptions: readonly AssumptionView[];
}

/** The law on a date, for the report: the provisions in force and the sources behind them. */
export interface LawSummary {
  readonly provisions: readonly LawProvision[];
  readonly sources: readonly {
    readonly id: string;
    readonly title: string;
    readonly publisher: string | null;
    readonly url: string | null;
  }[];
}

function refIds(refs: SourceRef | readonly SourceRef[] | undefined): string[] {
  if (refs === undefined) return [];
  const list: readonly SourceRef[] = [refs].flat();
  return list.map((r) => (typeof r === 'string' ? r : r.ref));
}

/** The texts of a pack's titles in other languages, by language. */
function titleTexts(titles: LocalTitles | undefined): Partial<Record<TitleLanguage, string>> {
  const out: Partial<Record<TitleLanguage, string>> = {};
  if (titles?.ru !== undefined) out.ru = titles.ru.text;
  if (titles?.ky !== undefined) out.ky = titles.ky.text;
  return out;
}

function basicBranches(penalties: 'unknown' | readonly PenaltyBranch[]): readonly PenaltyBranch[] {
  if (penalties === 'unknown') return [];
  return penalties.filter((b) => b.when === undefined);
}

/** The trafficking and related provisions in force on a date, with their basic penalties. */
export function summariseLaw(pack: Pack, asOf: string): LawSummary {
  const provisions: LawProvision[] = [];
  for (const provision of pack.provisions) {
    if (provision.kind === 'comparator') continue;
    const version = versionInForce(provision, asOf);
    if (version === undefined) continue;
    const basic = basicBranches(version.penalties);
    const instrument = pack.instruments.find((i) => i.id === provision.instrument);
    const imprisonment =
      version.penalties === 'unknown' || basic.length === 0
        ? 'unknown'
        : hull(basic.map(branchRange));
    provisions.push({
      key: `${provision.instrument}:${provision.article}`,
      article: provision.article,
      title: provision.title,
      titles: titleTexts(provision.titles),
      instrument: instrument?.title ?? '',
      instrumentTitles: titleTexts(instrument?.titles),
      counted: version.counting?.as ?? provision.kind,
      imprisonment,
      nonCustodialInLieu: basic.some(
        (b) =>
          b.sanctions !== 'unknown' &&
          b.sanctions.some((s) => s.kind !== 'imprisonment' && s.inLieuOfImprisonment),
      ),
      otherBranches: version.penalties !== 'unknown' && version.penalties.length > basic.length,
      assumptions: versionAssumptions(
        pack,
        provision,
        version,
        basic.map((b) => b.id),
      ),
      sources: [
        ...new Set([
          ...refIds(version.source),
          ...(version.penalties === 'unknown'
            ? []
            : version.penalties.flatMap((b) => refIds(b.source))),
        ]),
      ],
    });
  }
  const used = [...new Set(provisions.flatMap((p) => p.sources))];
  return {
    provisions,
    sources: used.flatMap((id) => {
      const source = pack.sources[id];
      return source === undefined
        ? []
        : [
            {
              id,
              title: source.title,
              publisher: source.publisher ?? null,
              url: source.url ?? null,
            },
          ];
    }),
  };
}
