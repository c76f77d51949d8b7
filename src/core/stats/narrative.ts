import { IntlMessageFormat } from 'intl-messageformat';
import { mergeAssumptions } from '../statutes/assumptions.ts';
import type { Finding } from '../statutes/conformance-findings.ts';
import { catalogues } from './messages.ts';
import type { MessageKey, NarrativeLanguage } from './messages.ts';
import type { LawProvision } from './law.ts';
import type { AnnualReport } from './report.ts';
import type { Period } from './period.ts';
import type { PublishedFigureName } from './published.ts';

const englishWords = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
];

/** A count as the TIP report writes it in English: one to ten in words, larger numbers in digits. */
export function numberInWords(value: number): string {
  return Number.isInteger(value) && value >= 0 && value <= 10
    ? (englishWords[value] ?? String(value))
    : String(value);
}

type Args = Record<string, string | number>;

class Writer {
  readonly lang: NarrativeLanguage;
  constructor(lang: NarrativeLanguage) {
    this.lang = lang;
  }

  /** Formats a message; every numeric argument `x` also gets `xw`, its English words form. */
  say(key: MessageKey, args: Args = {}): string {
    const withWords: Args = { ...args };
    for (const [name, value] of Object.entries(args)) {
      if (typeof value === 'number')
        withWords[`${name}w`] = this.lang === 'en' ? numberInWords(value) : String(value);
    }
    const text = new IntlMessageFormat(catalogues[this.lang][key], this.lang).format(withWords);
    if (typeof text !== 'string') throw new Error(`message ${key} did not format to text`);
    return text;
  }

  /** "a, b and c" in the narrative's language. */
  list(items: readonly string[]): string {
    return new Intl.ListFormat(this.lang === 'en' ? 'en' : 'ru', {
      style: 'long',
      type: 'conjunction',
    }).format(items);
  }

  /** The period as the narrative names it ("2016", "April 2016 – March 2017"). */
  period(period: Period): string {
    if (period.kind === 'calendar')
      return this.lang === 'en' ? period.label : `${period.label} году`;
    if (period.kind === 'tip') {
      const start = Number(period.from.slice(0, 4));
      return this.lang === 'en'
        ? `April ${start} – March ${start + 1}`
        : `период с апреля ${start} по март ${start + 1} года`;
    }
    return this.lang === 'en'
      ? `${period.from} – ${period.to}`
      : `период ${period.from} – ${period.to}`;
  }

  month(date: string): string {
    return new Intl.DateTimeFormat(this.lang === 'en' ? 'en-GB' : 'ru-RU', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date(`${date}T00:00:00Z`));
  }
}

function articlesText(w: Writer, keys: readonly string[], report: AnnualReport): string {
  const names = keys.map(
    (key) => report.meta.provisions[key]?.article ?? key.split(':').at(-1) ?? key,
  );
  if (w.lang === 'en')
    return names.length === 1 ? `article ${names[0] ?? ''}` : `articles ${w.list(names)}`;
  return names.length === 1 ? `статье ${names[0] ?? ''}` : `статьям ${w.list(names)}`;
}

function nonZeroEntries(record: Readonly<Record<string, number | null>>): [string, number][] {
  return Object.entries(record).flatMap(([key, value]): [string, number][] =>
    value !== null && value > 0 ? [[key, value]] : [],
  );
}

/** The codes of the findings that the law paragraph states, each in its own words. */
const gapCodes = [
  'CHILD_MEANS_REQUIRED',
  'ACT_NOT_COVERED',
  'MEANS_NOT_COVERED',
  'PURPOSE_NOT_COVERED',
  'CONSENT_NOT_IRRELEVANT',
  'BEYOND_PROTOCOL',
  'AMENDMENT_NOT_IN_FORCE',
] as const;

/** "five to 20 years' imprisonment", "up to life", or null when the sources do not give it. */
function rangeText(w: Writer, range: LawProvision['imprisonment']): string | null {
  if (range === 'unknown' || range === null) return null;
  // After "from", "to" and "up to": Russian puts the term in the genitive («от 2 лет и 6 месяцев»).
  const term = (months: number) =>
    w.say('termGen', { years: Math.floor(months / 12), months: months % 12 });
  const { minMonths: min, maxMonths: max, life } = range;
  if (max === 'unknown' || (max === null && !life)) return null;
  const maxText = max === null ? null : term(max);
  if (min === 'unknown' || min === 0)
    return w.say('rangeUpTo', { max: maxText ?? '', life: max === null ? 'yes' : 'no' });
  if (max !== null && min % 12 === 0 && max % 12 === 0)
    return w.say('rangeYears', { min: min / 12, max: max / 12, life: life ? 'yes' : 'no' });
  return w.say('rangeTerms', {
    min: term(min),
    max: maxText ?? '',
    life: max === null ? 'only' : life ? 'yes' : 'no',
  });
}

function codesFor(findings: readonly Finding[], article: string): Set<string> {
  return new Set(findings.filter((f) => f.article === article).map((f) => f.code));
}

/**
 * The law paragraph: the trafficking provisions with their penalties and the standards' verdict
 * on them, the gaps the conformance check found, and the related provisions. Written from the
 * pack's structured data and the finding codes; never from a pack's notes or internal ids.
 */
function lawParagraph(w: Writer, report: AnnualReport): string {
  const { findings, provisions } = report.law;
  const sentences: string[] = [];
  const trafficking = provisions.filter((p) => p.counted === 'trafficking');
  const mainInstrument = trafficking[0]?.instrument ?? '';
  const naming = (key: 'articleOf' | 'articleDatOf', p: LawProvision) =>
    w.say(key, {
      article: p.article,
      instrument: w.lang === 'en' ? p.instrument : (p.instrumentTitles[w.lang] ?? p.instrument),
      same: p.instrument === mainInstrument || p.instrument === '' ? 'yes' : 'no',
    });
  const articleArgs = (p: LawProvision | undefined, article: string | null) =>
    p === undefined
      ? { article: article ?? '', articleDat: article ?? '' }
      : { article: naming('articleOf', p), articleDat: naming('articleDatOf', p) };
  for (const p of trafficking) {
    const codes = codesFor(findings, p.article);
    const range = rangeText(w, p.imprisonment);
    sentences.push(
      w.say('lawTrafficking', {
        ...articleArgs(p, p.article),
        title: w.lang === 'en' ? p.title : (p.titles[w.lang] ?? p.title),
        range: range ?? '',
        known: range === null ? 'no' : 'yes',
        inLieu: p.nonCustodialInLieu ? 'yes' : 'no',
        stringent: codes.has('SUFFICIENTLY_STRINGENT')
          ? 'yes'
          : codes.has('MAX_PENALTY_BELOW_FOUR_YEARS')
            ? 'no'
            : 'unknown',
        rape: codes.has('COMMENSURATE_WITH_RAPE')
          ? 'yes'
          : codes.has('NOT_COMMENSURATE_WITH_RAPE')
            ? 'no'
            : 'unknown',
      }),
    );
  }
  const byArticle = new Map(provisions.map((p) => [p.article, p]));
  for (const code of gapCodes) {
    const hits = findings.filter((f) => f.code === code);
    const articles = [...new Set(hits.map((f) => f.article))];
    for (const article of articles) {
      const provision = article === null ? undefined : byArticle.get(article);
      sentences.push(w.say(`law_${code}`, articleArgs(provision, article)));
    }
  }
  for (const p of provisions.filter((x) => x.counted === 'related')) {
    const range = rangeText(w, p.imprisonment);
    sentences.push(
      w.say('lawRelated', {
        ...articleArgs(p, p.article),
        title: w.lang === 'en' ? p.title : (p.titles[w.lang] ?? p.title),
        range: range ?? '',
        known: range === null ? 'no' : 'yes',
        inLieu: p.nonCustodialInLieu ? 'yes' : 'no',
        other: p.otherBranches ? 'yes' : 'no',
      }),
    );
  }
  const assumed = mergeAssumptions(
    ...provisions
      .filter((p) => p.counted === 'trafficking' || p.counted === 'related')
      .map((p) => p.assumptions),
    ...findings
      .filter(
        (f) =>
          gapCodes.some((code) => code === f.code) ||
          (trafficking.some((p) => p.article === f.article) && verdictCodes.includes(f.code)),
      )
      .map((f) => f.assumptions),
  );
  if (assumed.length > 0) {
    const quote = w.lang === 'en' ? (s: string) => `“${s}”` : (s: string) => `«${s}»`;
    sentences.push(
      w.say('lawAssumptions', {
        count: assumed.length,
        list: assumed
          .map((a) =>
            quote((w.lang === 'en' ? a.text : (a.texts[w.lang] ?? a.text)).replace(/\.$/, '')),
          )
          .join('; '),
      }),
    );
  }
  return sentences.map((text) => text.charAt(0).toUpperCase() + text.slice(1)).join(' ');
}

/** The findings on a trafficking provision's penalties that the paragraph states. */
const verdictCodes: readonly string[] = [
  'SUFFICIENTLY_STRINGENT',
  'MAX_PENALTY_BELOW_FOUR_YEARS',
  'COMMENSURATE_WITH_RAPE',
  'NOT_COMMENSURATE_WITH_RAPE',
];

/**
 * Whether a zero of the previous period may be written as zero: only when every police unit,
 * prosecutor and court certified that period as complete. Otherwise the data does not know
 * that nothing happened, and the narrative says the figure was not reported.
 */
function previousZeroKnown(report: AnnualReport): boolean {
  const c = report.completeness;
  return c.certifyingAgencies > 0 && c.agenciesNotCertifiedPrevious.length === 0;
}

/** `unknown` when the previous period's value is zero and that zero is not known to be true. */
function previousState(report: AnnualReport, value: number | null): 'known' | 'unknown' {
  return value === null || (value === 0 && !previousZeroKnown(report)) ? 'unknown' : 'known';
}

/**
 * The previous period's figure for the comparison: from the records when they know it; else
 * the figure a publication printed, named with its source (`published`); else `unknown`.
 */
function previousFigure(
  report: AnnualReport,
  value: number | null,
  name: PublishedFigureName,
): { prev: 'known' | 'unknown' | 'published'; n: number; source: string } {
  if (previousState(report, value) === 'known') return { prev: 'known', n: value ?? 0, source: '' };
  const published = report.previousPublished?.figures[name] ?? null;
  return published === null
    ? { prev: 'unknown', n: 0, source: '' }
    : { prev: 'published', n: published, source: report.previousPublished?.source.title ?? '' };
}

/** A previous figure with its count under another argument name (`p` instead of `n`). */
function renamed(
  figure: ReturnType<typeof previousFigure>,
  name: string,
): Record<string, string | number> {
  return { prev: figure.prev, source: figure.source, [name]: figure.n };
}

function investigationsSentence(w: Writer, report: AnnualReport): string {
  const inv = report.investigations;
  const periods = report.meta.periods;
  const current = w.period(periods.statistics);
  const previous = w.period(periods.previous);
  const parts: string[] = [];
  if (inv.total === 0 || inv.total === null) {
    parts.push(w.say('investigationsNone', { period: current }));
  } else {
    let sentence = w.say('investigations', {
      n: inv.total,
      articles: articlesText(w, Object.keys(inv.byArticle), report),
      period: current,
    });
    const split: string[] = [];
    const form = inv.byForm;
    if ((form.sex ?? 0) > 0) split.push(w.say('formSex', { n: form.sex ?? 0 }));
    if ((form.labour ?? 0) > 0) {
      const labourIds = new Set(inv.records.byForm.labour);
      const childIds = new Set(inv.records.withChildVictims);
      const allChild = [...labourIds].every((id) => childIds.has(id));
      split.push(w.say(allChild ? 'formChildLabour' : 'formLabour', { n: form.labour ?? 0 }));
    }
    if ((form.both ?? 0) > 0) split.push(w.say('formBoth', { n: form.both ?? 0 }));
    if ((form.other ?? 0) > 0) split.push(w.say('formOther', { n: form.other ?? 0 }));
    if (split.length > 0 && (split.length > 1 || (form.unknown ?? 0) > 0))
      sentence += w.say('including', { parts: w.list(split) });
    if ((form.unknown ?? 0) > 0 && split.length > 0)
      sentence += w.say('formUnknown', { n: form.unknown ?? 0 });
    if ((form.unknown ?? 0) > 0 && split.length === 0)
      sentence += w.say('formAllUnknown', { n: form.unknown ?? 0 });
    parts.push(`${sentence}.`);
  }
  parts.push(
    w.say('investigationsPrevious', {
      ...previousFigure(report, inv.previous.total, 'investigations'),
      period: previous,
    }),
  );
  return parts.join(' ');
}

function relatedSentence(w: Writer, report: AnnualReport): string | null {
  const related = report.relatedInvestigations;
  const current = related.total ?? 0;
  const before = related.previous.total ?? 0;
  if (current === 0 && before === 0) return null;
  const previous = w.period(report.meta.periods.previous);
  if (current === 0) {
    // Named as the TIP report names them only when every one of them was the sexual
    // exploitation of a child.
    const childShare =
      (related.previous.sexualExploitationOfChildren ?? 0) === before ? 'yes' : 'no';
    return w.say('relatedNoneNow', { p: before, child: childShare, period: previous });
  }
  return w.say('relatedNow', {
    n: current,
    p: before,
    prev: previousState(report, related.previous.total),
    articles: articlesText(w, Object.keys(related.byArticle), report),
    period: previous,
  });
}

function defendantsText(w: Writer, defendants: number | null): string {
  return defendants === null
    ? w.say('defendantsUnknown')
    : w.say('defendantsKnown', { d: defendants });
}

const formWordsEn = {
  sex: 'sex trafficking',
  labour: 'labor trafficking',
  both: 'both sex and labor trafficking',
  other: 'other exploitation',
  unknown: 'an unknown form',
};
const formWordsRu = {
  sex: 'сексуальной эксплуатации',
  labour: 'трудовой эксплуатации',
  both: 'сексуальной и трудовой эксплуатации',
  other: 'других формах эксплуатации',
  unknown: 'неизвестной форме',
};

function prosecutionsSentence(w: Writer, report: AnnualReport): string {
  const pros = report.prosecutions;
  const periods = report.meta.periods;
  const n = pros.cases ?? 0;
  let sentence: string;
  if (n === 0) {
    sentence = w.say('prosecutionsNone', { period: w.period(periods.statistics) });
  } else {
    // The TIP report names the minority form of a mixed set ("two of the five for labor trafficking").
    const forms = (['labour', 'sex', 'both', 'other'] as const).filter(
      (form) => (pros.byForm[form] ?? 0) > 0,
    );
    let split = w.say('noSplit');
    if (forms.length > 1) {
      const minority =
        [...forms].sort((a, b) => (pros.byForm[a] ?? 0) - (pros.byForm[b] ?? 0))[0] ?? 'labour';
      split = w.say('prosecutionsSplit', {
        k: pros.byForm[minority] ?? 0,
        n,
        form: (w.lang === 'en' ? formWordsEn : formWordsRu)[minority],
      });
    }
    sentence = w.say('prosecutions', {
      n,
      articles: articlesText(w, Object.keys(pros.byArticle), report),
      split,
      defendants: defendantsText(w, pros.defendants),
      period: w.period(periods.statistics),
    });
  }
  return (
    sentence +
    w.say('prosecutionsPrevious', {
      ...renamed(previousFigure(report, pros.previous.cases, 'prosecutions'), 'p'),
      defendants: defendantsText(w, pros.previous.defendants),
      period: w.period(periods.previous),
    })
  );
}

function convictionsSentence(w: Writer, report: AnnualReport): string {
  const conv = report.convictions;
  const periods = report.meta.periods;
  const n = conv.persons ?? 0;
  const head =
    n === 0
      ? w.say('convictionsNone', { period: w.period(periods.statistics) })
      : w.say('convictions', {
          c: conv.cases ?? 0,
          v: conv.victims ?? 0,
          // Victims are a lower bound when some case records none, unknown when none does.
          victims:
            (conv.casesWithoutVictims ?? 0) === 0
              ? 'all'
              : conv.casesWithoutVictims === conv.cases
                ? 'none'
                : 'some',
          n,
          articles: articlesText(w, Object.keys(conv.byArticle), report),
          period: w.period(periods.statistics),
        });
  return (
    head +
    w.say('convictionsPrevious', {
      ...renamed(previousFigure(report, conv.previous.persons, 'convictions'), 'p'),
      q: conv.previous.cases ?? 0,
      period: w.period(periods.previous),
    })
  );
}

const bandLabels: Record<string, [string, string]> = {
  under1y: ['under one year', 'менее года'],
  from1to3y: ['one to three years', 'от одного до трёх лет'],
  from3to5y: ['three to five years', 'от трёх до пяти лет'],
  from5to10y: ['five to 10 years', 'от пяти до 10 лет'],
  from10to15y: ['10 to 15 years', 'от 10 до 15 лет'],
  over15y: ['15 years or more', '15 лет и более'],
  life: ['life', 'пожизненно'],
};

/** At most this many distinct terms are named one by one; more are grouped in bands. */
const namedTermsLimit = 3;

/**
 * The prison terms: the recorded terms themselves ("eight years") when there are few distinct
 * ones, else the bands of the report ("five to 10 years").
 */
function yearsRange(w: Writer, report: AnnualReport): string {
  const life = report.sentences.imprisonment.life ?? 0;
  const terms = report.details.prisonTerms;
  const used: { n: number; band: string; life: string }[] =
    terms.length + (life > 0 ? 1 : 0) <= namedTermsLimit
      ? [
          ...terms.map((t) => ({
            n: t.count,
            band: w.say('term', { years: Math.floor(t.months / 12), months: t.months % 12 }),
            life: 'no',
          })),
          ...(life > 0
            ? [
                {
                  n: life,
                  band: (bandLabels.life ?? ['', ''])[w.lang === 'en' ? 0 : 1],
                  life: 'yes',
                },
              ]
            : []),
        ]
      : nonZeroEntries(report.sentences.imprisonment).map(([key, n]) => ({
          n,
          band: (bandLabels[key] ?? [key, key])[w.lang === 'en' ? 0 : 1],
          life: key === 'life' ? 'yes' : 'no',
        }));
  const only = used.length === 1 ? used[0] : undefined;
  if (only !== undefined) return w.say('prisonOneBand', only);
  return w.say('prisonBands', { bands: w.list(used.map((u) => w.say('prisonBand', u))) });
}

function sentencesSentence(w: Writer, report: AnnualReport): string | null {
  const s = report.sentences;
  if ((s.convictedPersons ?? 0) === 0) return null;
  if ((s.recorded ?? 0) === 0) return w.say('sentencesNone');
  const parts: string[] = [];
  if ((s.custodial ?? 0) > 0)
    parts.push(w.say('sentencePrison', { n: s.custodial ?? 0, range: yearsRange(w, report) }));
  if ((s.suspended ?? 0) > 0) parts.push(w.say('sentenceSuspended', { n: s.suspended ?? 0 }));
  if ((s.fineOnly ?? 0) > 0) parts.push(w.say('sentenceFine', { n: s.fineOnly ?? 0 }));
  if ((s.otherNonCustodial ?? 0) > 0)
    parts.push(w.say('sentenceOther', { n: s.otherNonCustodial ?? 0 }));
  let text = w.say('sentencesSome', {
    r: s.recorded ?? 0,
    parts: w.list(parts),
    m: s.missing ?? 0,
  });
  if ((s.outsideRange.belowMinimum ?? 0) > 0)
    text += ` ${w.say('sentenceBelowMinimum', { n: s.outsideRange.belowMinimum ?? 0 })}`;
  return text;
}

function originsSentence(w: Writer, report: AnnualReport): string | null {
  const inv = report.investigations;
  const total = inv.total ?? 0;
  if (total === 0) return null;
  const o = inv.byOrigin;
  const unknown = (o.unknown ?? 0) + (o.not_recorded ?? 0);
  if (unknown === total) return w.say('originsAllUnknown', { n: total });
  const parts: string[] = [];
  if ((o.victim_complaint ?? 0) > 0)
    parts.push(w.say('originComplaint', { n: o.victim_complaint ?? 0 }));
  // "None began from proactive police work" only when every origin is known.
  if ((inv.proactive ?? 0) > 0 || unknown === 0)
    parts.push(w.say('originProactive', { n: inv.proactive ?? 0 }));
  if ((o.ngo_referral ?? 0) > 0) parts.push(w.say('originReferral', { n: o.ngo_referral ?? 0 }));
  const other = (o.hotline ?? 0) + (o.foreign_request ?? 0) + (o.other ?? 0);
  if (other > 0) parts.push(w.say('originOther', { n: other }));
  if (unknown > 0) parts.push(w.say('originUnknown', { n: unknown }));
  let text = w.say('origins', { n: total, parts: w.list(parts) });
  if ((inv.proactive ?? 0) === 0 && unknown > 0)
    text += ` ${w.say('originNoneProactiveOfKnown', { k: total - unknown })}`;
  return text;
}

const audienceWords: Record<string, [string, string]> = {
  police: ['police officers', 'сотрудники полиции'],
  prosecutors: ['prosecutors', 'прокуроры'],
  judges: ['judges', 'судьи'],
  others: ['other officials', 'другие'],
};

function trainingSentence(w: Writer, report: AnnualReport): string {
  const trainings = report.details.trainings;
  if ((report.training.events ?? 0) === 0)
    return w.say('trainingNone', { period: w.period(report.meta.periods.reporting) });
  const parts = trainings.flatMap((t) =>
    t.audiences.map((a) =>
      w.say('trainingPart', {
        n: a.participants ?? -1,
        audience: (audienceWords[a.audience] ?? [a.audience, a.audience])[w.lang === 'en' ? 0 : 1],
        month: w.month(t.startsOn),
      }),
    ),
  );
  const partners = [...new Set(trainings.flatMap((t) => t.partners))];
  const trainers = [...new Set(trainings.flatMap((t) => t.trainers))];
  return (
    w.say('training', { parts: w.list(parts) }) +
    w.say('trainingPartners', {
      partners: partners.length === 0 ? 'none' : w.list(partners),
      trainers: trainers.length === 0 ? 'none' : w.list(trainers),
    })
  );
}

function complicitySentence(w: Writer, report: AnnualReport): string {
  const c = report.complicity;
  const pending = report.completeness.pendingAllegations;
  if ((c.officialsProsecuted ?? 0) === 0 && (c.officialsConvicted ?? 0) === 0) {
    let text = w.say('complicityNone');
    const oldest = pending[0];
    if (oldest !== undefined)
      text += w.say('complicityPending', {
        n: pending.length,
        since: oldest.receivedOn.slice(0, 4),
      });
    return `${text}.`;
  }
  return `${w.say('complicitySome', { p: c.officialsProsecuted ?? 0, c: c.officialsConvicted ?? 0 })}.`;
}

/** The narrative in paragraphs: the law, then enforcement, then training and complicity. */
export interface Narrative {
  readonly lang: NarrativeLanguage;
  readonly paragraphs: readonly string[];
}

/**
 * Writes the TIP-style prosecution paragraph from the report's figures and the statute
 * engine's findings. Every clause depends on data: change the records and the text changes.
 */
export function writeNarrative(report: AnnualReport, lang: NarrativeLanguage): Narrative {
  const w = new Writer(lang);
  const law = lawParagraph(w, report);
  const enforcement = [
    investigationsSentence(w, report),
    relatedSentence(w, report),
    prosecutionsSentence(w, report),
    convictionsSentence(w, report),
    sentencesSentence(w, report),
  ].filter((s): s is string => s !== null);
  const conduct = [
    originsSentence(w, report),
    trainingSentence(w, report),
    complicitySentence(w, report),
  ].filter((s): s is string => s !== null);
  const gaps = report.completeness.agenciesNotCertified;
  if (gaps.length > 0)
    conduct.push(w.say('notCertified', { agencies: w.list(gaps.map((a) => a.name)) }));
  return {
    lang,
    paragraphs: [law, enforcement.join(' '), conduct.join(' ')].filter((p) => p !== ''),
  };
}
