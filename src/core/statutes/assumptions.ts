/**
 * What a result rests on besides its cited sources: the pack writer's assumptions (pack.yaml
 * `assumptions:`), collected from the instrument, the version, its element lists and its
 * penalty branches, so that every evaluation and finding derived from one can say so.
 */
import type { LoadedProvision, Pack, ProvisionVersion, TitleLanguage } from './schema.ts';

/** An assumption as results carry it: its id, its English text and its other languages. */
export interface AssumptionView {
  readonly id: string;
  readonly text: string;
  readonly texts: Readonly<Partial<Record<TitleLanguage, string>>>;
}

/** Which of a version's penalty branches the result rests on: all, or those named. */
export type BranchScope = 'all' | readonly string[];

/** The assumptions behind a version (its instrument, dates, elements and the given branches). */
export function versionAssumptions(
  pack: Pack,
  provision: LoadedProvision,
  version: ProvisionVersion,
  branches: BranchScope = 'all',
): AssumptionView[] {
  const e = version.elements;
  const ids = [
    ...(pack.instruments.find((i) => i.id === provision.instrument)?.assumptions ?? []),
    ...(version.assumptions ?? []),
    ...(e.acts?.assumptions ?? []),
    ...(e.means?.assumptions ?? []),
    ...(e.purposes?.assumptions ?? []),
    ...(e.circumstances?.assumptions ?? []),
    ...(version.penalties === 'unknown'
      ? []
      : version.penalties
          .filter((b) => branches === 'all' || branches.includes(b.id))
          .flatMap((b) => b.assumptions ?? [])),
  ];
  return viewsOf(pack, ids);
}

/** The views of assumption ids, once each, in the order first named. */
export function viewsOf(pack: Pack, ids: readonly string[]): AssumptionView[] {
  return [...new Set(ids)].flatMap((id) => {
    const a = pack.assumptions[id];
    if (a === undefined) return [];
    const texts: Partial<Record<TitleLanguage, string>> = {};
    if (a.texts?.ru !== undefined) texts.ru = a.texts.ru.text;
    if (a.texts?.ky !== undefined) texts.ky = a.texts.ky.text;
    return [{ id: a.id, text: a.text, texts }];
  });
}

/** Merges lists of assumptions, once each by id. */
export function mergeAssumptions(
  ...lists: readonly (readonly AssumptionView[])[]
): AssumptionView[] {
  const seen = new Map<string, AssumptionView>();
  for (const a of lists.flat()) if (!seen.has(a.id)) seen.set(a.id, a);
  return [...seen.values()];
}

/** "Rests on an assumption of the pack, not a cited source: …" for English text outputs. */
export function assumptionSentence(assumptions: readonly AssumptionView[]): string {
  if (assumptions.length === 0) return '';
  const texts = assumptions.map((a) => `${a.text.replace(/\.$/, '')} (${a.id})`).join('; ');
  return assumptions.length === 1
    ? `This rests on an assumption of the statute pack, not on a cited source: ${texts}.`
    : `This rests on assumptions of the statute pack, not on cited sources: ${texts}.`;
}
