/**
 * Prison terms by year: how many sentences, how many with a term of imprisonment, and the
 * median and range of those terms. A sentence whose term was not recorded is counted as such,
 * never as zero months; life sentences are counted apart (they have no number of months).
 */

/** One sentence as the figure needs it. */
export interface SentenceFact {
  readonly sentencedOn: string;
  readonly imprisonmentMonths: number | null;
  readonly life: boolean;
  readonly suspended: boolean;
}

/** One year's sentences. */
export interface SentenceYear {
  readonly year: number;
  readonly sentences: number;
  /** Sentences with a term of imprisonment in months (suspended terms included, counted below). */
  readonly withTerm: number;
  readonly suspended: number;
  readonly life: number;
  /** Sentences with neither a term nor life (probation, a fine…): not a term of zero. */
  readonly withoutTerm: number;
  /** Median term in months over `withTerm`; null when there is none. */
  readonly medianMonths: number | null;
  readonly minMonths: number | null;
  readonly maxMonths: number | null;
}

/** The median of numbers (the mean of the two middle ones for an even count); null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

/** Sentences grouped by the year they were passed, oldest first. */
export function sentencesByYear(facts: readonly SentenceFact[]): SentenceYear[] {
  const byYear = new Map<number, SentenceFact[]>();
  for (const fact of facts) {
    const year = Number(fact.sentencedOn.slice(0, 4));
    byYear.set(year, [...(byYear.get(year) ?? []), fact]);
  }
  return [...byYear.entries()]
    .sort(([a], [b]) => a - b)
    .map(([year, list]) => {
      const terms = list
        .filter((s) => !s.life && s.imprisonmentMonths !== null)
        .map((s) => s.imprisonmentMonths ?? 0);
      return {
        year,
        sentences: list.length,
        withTerm: terms.length,
        suspended: list.filter((s) => s.suspended).length,
        life: list.filter((s) => s.life).length,
        withoutTerm: list.filter((s) => !s.life && s.imprisonmentMonths === null).length,
        medianMonths: median(terms),
        minMonths: terms.length === 0 ? null : Math.min(...terms),
        maxMonths: terms.length === 0 ? null : Math.max(...terms),
      };
    });
}
