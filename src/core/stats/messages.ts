/**
 * The narrative's sentences as ICU MessageFormat, one catalogue per language. Numbers are
 * selected by plural rules; in English, `{nw}`-style arguments carry the number in words
 * (one to ten), as the TIP report writes them.
 */
export const narrativeLanguages = ['en', 'ru'] as const;
export type NarrativeLanguage = (typeof narrativeLanguages)[number];

export type MessageKey = keyof typeof en;

const en = {
  investigationsNone: 'The government did not report any trafficking investigations in {period}.',
  investigations:
    'The government initiated {n, plural, one {{nw} trafficking investigation} other {{nw} trafficking investigations}} under {articles} in {period}',
  including: ', including {parts}',
  formSex: '{n, plural, one {{nw} sex trafficking case} other {{nw} sex trafficking cases}}',
  formLabour: '{n, plural, one {{nw} labor trafficking case} other {{nw} labor trafficking cases}}',
  formChildLabour:
    '{n, plural, one {{nw} child forced labor case} other {{nw} child forced labor cases}}',
  formBoth:
    '{n, plural, one {{nw} case of both sex and labor trafficking} other {{nw} cases of both sex and labor trafficking}}',
  formOther:
    '{n, plural, one {{nw} case of another form of exploitation} other {{nw} cases of other forms of exploitation}}',
  formUnknown:
    '; it is unknown whether {n, plural, one {the remaining case was} other {the remaining {nw} cases were}} sex or labor trafficking',
  formAllUnknown:
    '; whether {n, plural, one {it was} other {they were}} sex or labor trafficking is not known',
  investigationsPrevious:
    '{prev, select, unknown {The number of trafficking investigations in {period} was not reported.} published {In comparison, {source} reported {n, plural, =0 {no trafficking investigations} one {{nw} trafficking investigation} other {{nw} trafficking investigations}} in {period} (a published figure, not counted from the registry’s records).} other {In comparison, in {period} the government conducted {n, plural, =0 {no trafficking investigations} one {{nw} trafficking investigation} other {{nw} trafficking investigations}}.}}',
  relatedNoneNow:
    'Authorities did not report additional investigations under other articles{child, select, yes { that involved inducing minors into prostitution} other {}} compared to {p, plural, one {{pw} additional investigation} other {{pw} additional investigations}} in {period}.',
  relatedNow:
    'Authorities also reported {n, plural, one {{nw} investigation} other {{nw} investigations}} under other articles ({articles}){prev, select, unknown {; the number for {period} was not reported} other {, compared with {p, plural, =0 {none} other {{pw}}} in {period}}}.',
  prosecutionsNone:
    'Prosecutors did not report initiating any trafficking prosecutions in {period}',
  prosecutions:
    'Prosecutors initiated {n, plural, one {{nw} prosecution} other {{nw} prosecutions}} under {articles}{split}involving {defendants} in {period}',
  prosecutionsSplit: '—{k, plural, one {{kw}} other {{kw}}} of the {nw} for {form}—',
  noSplit: ' ',
  defendantsUnknown: 'an unknown number of suspects',
  defendantsKnown: '{d, plural, one {{dw} defendant} other {{dw} defendants}}',
  prosecutionsPrevious:
    '{prev, select, unknown {; the number for {period} was not reported.} published {, compared with {p, plural, =0 {none} one {{pw} case} other {{pw} cases}} in {period} as reported by {source} (a published figure, not counted from the registry’s records).} other {, compared with {p, plural, =0 {none} one {{pw} case} other {{pw} cases}}{p, plural, =0 {} other { involving {defendants}}} in {period}.}}',
  convictionsNone: 'The government did not report convicting any traffickers in {period}',
  convictions:
    'In {c, plural, one {{cw} case} other {{cw} cases}}{victims, select, none {} some { involving at least {v, plural, one {{vw} victim} other {{vw} victims}} of trafficking} other { involving {v, plural, one {{vw} victim} other {{vw} victims}} of trafficking}}, the government convicted {n, plural, one {{nw} offender} other {{nw} offenders}} under {articles} in {period}',
  convictionsPrevious:
    '{prev, select, unknown {; the number for {period} was not reported.} published {, compared with {p, plural, =0 {no offenders convicted} one {{pw} offender convicted} other {{pw} offenders convicted}} in {period} as reported by {source} (a published figure, not counted from the registry’s records).} other {, compared with {p, plural, =0 {no offenders convicted} one {{pw} offender convicted} other {{pw} offenders convicted}}{q, plural, =0 {} one { in {qw} case} other { in {qw} cases}} in {period}.}}',
  sentencesNone:
    'The government did not report on sentences or whether the convicted offenders were sentenced to prison.',
  sentencesSome:
    'Sentences were recorded for {r, plural, one {{rw} of the convicted offenders} other {{rw} of the convicted offenders}}: {parts}{m, plural, =0 {} one {; {mw} convicted offender has no sentence recorded} other {; {mw} convicted offenders have no sentence recorded}}.',
  sentencePrison:
    '{n, plural, one {{nw} was sentenced to prison} other {{nw} were sentenced to prison}}{range}',
  prisonBand:
    '{n, plural, one {{nw}} other {{nw}}} {life, select, yes {for life} other {for {band}}}',
  prisonOneBand: '{life, select, yes { for life} other { for {band}}}',
  prisonBands: ' ({bands})',
  term: '{years, plural, =0 {} one {one year} other {{yearsw} years}}{years, plural, =0 {} other {{months, plural, =0 {} other { and }}}}{months, plural, =0 {} one {one month} other {{monthsw} months}}',
  /** A term after “from”/“to”/“up to” (the same words in English; the genitive in Russian). */
  termGen:
    '{years, plural, =0 {} one {one year} other {{yearsw} years}}{years, plural, =0 {} other {{months, plural, =0 {} other { and }}}}{months, plural, =0 {} one {one month} other {{monthsw} months}}',
  sentenceSuspended:
    '{n, plural, one {{nw} received a suspended sentence} other {{nw} received suspended sentences}}',
  sentenceFine: '{n, plural, one {{nw} was only fined} other {{nw} were only fined}}',
  sentenceOther:
    '{n, plural, one {{nw} received another non-custodial sentence} other {{nw} received other non-custodial sentences}}',
  sentenceBelowMinimum:
    '{n, plural, one {{nw} sentence was below the statutory minimum} other {{nw} sentences were below the statutory minimum}}.',
  origins: 'Of the {n, plural, one {{nw} investigation} other {{nw} investigations}}, {parts}.',
  originsAllUnknown:
    'The origin of {n, plural, one {the investigation is} other {the {nw} investigations is}} not recorded.',
  originComplaint:
    '{n, plural, one {{nw} began with a victim’s complaint} other {{nw} began with victims’ complaints}}',
  originProactive:
    '{n, plural, =0 {none began from proactive police work} one {{nw} began from proactive police work} other {{nw} began from proactive police work}}',
  originReferral: '{n, plural, one {{nw} from an NGO referral} other {{nw} from NGO referrals}}',
  originOther: '{n, plural, one {{nw} from another source} other {{nw} from other sources}}',
  originUnknown: 'the origin of {n, plural, one {{nw}} other {{nw}}} is not known',
  originNoneProactiveOfKnown:
    '{k, plural, one {The investigation} other {None of the {kw} investigations}} whose origin is known {k, plural, one {did not begin} other {began}} from proactive police work.',
  trainingNone:
    'The government did not report any training for police, prosecutors or judges during the reporting period ({period}).',
  training: 'During the reporting period, authorities trained {parts}.',
  trainingPart:
    '{n, plural, =-1 {an unknown number of {audience}} other {{n} {audience}}} in {month}',
  trainingPartners:
    '{partners, select, none {} other { Partners: {partners}.}}{trainers, select, none {} other { Trainers came from {trainers}.}}',
  complicityNone:
    'The government did not report the investigation, prosecution, or conviction of government employees complicit in human trafficking offenses',
  complicityPending:
    '; {n, plural, one {{nw} allegation of official complicity, received in {since}, has} other {{nw} allegations of official complicity, the oldest received in {since}, have}} never been investigated',
  complicitySome:
    'Authorities prosecuted {p, plural, =0 {no officials} one {{pw} official} other {{pw} officials}} and convicted {c, plural, =0 {none} one {{cw}} other {{cw}}} for complicity in trafficking during the reporting period',
  notCertified: 'Not certified as complete for this period: {agencies}.',
  articleOf:
    '{same, select, yes {article {article}} other {article {article} of the {instrument}}}',
  articleDatOf:
    '{same, select, yes {article {article}} other {article {article} of the {instrument}}}',
  rangeYears:
    '{min, plural, other {{minw}}} to {max, plural, other {{maxw}}} years’ imprisonment{life, select, yes { or life imprisonment} other {}}',
  rangeTerms:
    '{life, select, only {{min} to life imprisonment} yes {{min} to {max} of imprisonment or life imprisonment} other {{min} to {max} of imprisonment}}',
  rangeUpTo: '{life, select, yes {up to life imprisonment} other {up to {max} of imprisonment}}',
  lawTrafficking:
    '{known, select, yes {{article} (“{title}”) prescribes penalties of {range}{inLieu, select, yes {, or a non-custodial penalty instead} other {}}{stringent, select, yes {, which are sufficiently stringent{rape, select, yes { and commensurate with those prescribed for rape} no {, but not commensurate with those prescribed for rape} other {}}} no {, which are not sufficiently stringent} other {{rape, select, yes {, which are commensurate with those prescribed for rape} no {, which are not commensurate with those prescribed for rape} other {}}}}.} other {The penalties of {article} (“{title}”) are not in the sources the registry’s statute pack cites.}}',
  lawRelated:
    'Prosecutors may also charge traffickers under {article} (“{title}”){known, select, yes {, punishable by {range}{inLieu, select, yes { or a non-custodial penalty} other {}}{other, select, yes {, with other penalties in aggravating circumstances or for child victims} other {}}} other {, whose penalties are not in the cited sources}}.',
  law_CHILD_MEANS_REQUIRED:
    'Contrary to international law, {article} requires proof that the offender used force, fraud, coercion or other means for sex trafficking even when the victim is a child.',
  law_ACT_NOT_COVERED:
    'The law in force does not cover every act of trafficking the Palermo Protocol lists.',
  law_MEANS_NOT_COVERED:
    'The law in force does not cover trafficking by every means the Palermo Protocol lists.',
  law_PURPOSE_NOT_COVERED:
    'The law in force does not cover trafficking for every form of exploitation the Palermo Protocol lists.',
  law_CONSENT_NOT_IRRELEVANT:
    'Under {article}, a victim’s consent is not irrelevant, as the Palermo Protocol requires it to be.',
  law_BEYOND_PROTOCOL:
    '{article} also covers conduct that is not trafficking under the Palermo Protocol.',
  law_AMENDMENT_NOT_IN_FORCE:
    'An amendment to {article} has been signed but was not in force at the end of the period.',
  lawAssumptions:
    '{count, plural, one {Part of this rests on an assumption made in recording the law, not on a cited source: {list}.} other {Part of this rests on assumptions made in recording the law, not on cited sources: {list}.}}',
  and: 'and',
} as const;

/** Russian cardinals one to ten for a neuter noun in the nominative or accusative (одно, два…). */
const ruNeuterWords = [
  'одно',
  'два',
  'три',
  'четыре',
  'пять',
  'шесть',
  'семь',
  'восемь',
  'девять',
  'десять',
];

/**
 * A Russian count of a neuter noun in the nominative or accusative, in words from one to ten as
 * the English narrative writes them ("восемь расследований"), in digits above; `before` goes
 * between the number and the noun's forms when a word such as «оставшиеся» precedes it.
 */
function ruNeuter(
  arg: string,
  forms: { one: string; few: string; many: string },
  lead: { one?: string; other?: string } = {},
): string {
  const prefix = (n: number) => (n === 1 ? lead.one : lead.other) ?? '';
  const exact = ruNeuterWords
    .map((word, i) => {
      const n = i + 1;
      const noun = n === 1 ? forms.one : n <= 4 ? forms.few : forms.many;
      return `=${n} {${prefix(n)}${word} ${noun}}`;
    })
    .join(' ');
  const o = lead.one ?? '';
  const t = lead.other ?? '';
  return `{${arg}, plural, ${exact} one {${o}# ${forms.one}} few {${t}# ${forms.few}} many {${t}# ${forms.many}} other {${t}# ${forms.few}}}`;
}

/** Russian cardinals one to ten in the oblique cases (the same for neuter and masculine nouns). */
const ruCases = {
  gen: ['одного', 'двух', 'трёх', 'четырёх', 'пяти', 'шести', 'семи', 'восьми', 'девяти', 'десяти'],
  dat: ['одному', 'двум', 'трём', 'четырём', 'пяти', 'шести', 'семи', 'восьми', 'девяти', 'десяти'],
  ins: [
    'одним',
    'двумя',
    'тремя',
    'четырьмя',
    'пятью',
    'шестью',
    'семью',
    'восемью',
    'девятью',
    'десятью',
  ],
  prep: ['одном', 'двух', 'трёх', 'четырёх', 'пяти', 'шести', 'семи', 'восьми', 'девяти', 'десяти'],
} as const;

/**
 * A Russian count in words from one to ten, in the case the phrase needs, where the English
 * writes the number in words («из девяти расследований», «по пяти делам», «с одним осуждённым»);
 * `forms` is what follows one, two to four, and five to ten; `digits` are the plural branches
 * for zero and above ten (and must include `other`).
 */
function ruWords(
  arg: string,
  words: readonly string[],
  forms: { one: string; few: string; many: string },
  digits: string,
): string {
  const exact = words
    .map((word, i) => {
      const n = i + 1;
      const rest = n === 1 ? forms.one : n <= 4 ? forms.few : forms.many;
      return `=${n} {${word}${rest === '' ? '' : ` ${rest}`}}`;
    })
    .join(' ');
  return `{${arg}, plural, ${exact} ${digits}}`;
}

const ruInvestigation = { one: 'расследование', few: 'расследования', many: 'расследований' };
const ruCase = (about: string) => ({
  one: `дело ${about}`,
  few: `дела ${about}`,
  many: `дел ${about}`,
});

const ru: Record<MessageKey, string> = {
  investigationsNone: 'Правительство не сообщило о расследованиях торговли людьми в {period}.',
  investigations: `В {period} правительство возбудило ${ruNeuter('n', ruInvestigation)} по торговле людьми по {articles}`,
  including: ', в том числе {parts}',
  formSex: ruNeuter('n', ruCase('о сексуальной эксплуатации')),
  formLabour: ruNeuter('n', ruCase('о трудовой эксплуатации')),
  formChildLabour: ruNeuter('n', ruCase('о принудительном детском труде')),
  formBoth: ruNeuter('n', ruCase('о сексуальной и трудовой эксплуатации')),
  formOther: ruNeuter('n', ruCase('о других формах эксплуатации')),
  formUnknown: `; неизвестно, {n, plural, =1 {касалось ли оставшееся одно дело} one {касалось ли оставшееся # дело} few {касались ли оставшиеся # дела} many {касались ли оставшиеся # дел} other {касались ли оставшиеся # дела}} сексуальной или трудовой эксплуатации`,
  formAllUnknown:
    '; неизвестно, {n, plural, one {касалось ли оно} other {касались ли они}} сексуальной или трудовой эксплуатации',
  investigationsPrevious: `{prev, select, unknown {Число расследований в {period} не сообщалось.} published {Для сравнения, по данным источника «{source}», в {period} {n, plural, =0 {расследований не проводилось} other {было проведено ${ruNeuter('n', ruInvestigation)}}} (опубликованная цифра, а не подсчёт по записям реестра).} other {Для сравнения, в {period} {n, plural, =0 {расследований не проводилось} other {было проведено ${ruNeuter('n', ruInvestigation)}}}.}}`,
  relatedNoneNow:
    'Власти не сообщили о дополнительных расследованиях по другим статьям{child, select, yes {, связанных с вовлечением несовершеннолетних в проституцию} other {}}, тогда как в {period} {p, plural, one {было проведено # такое расследование} few {было проведено # таких расследования} many {было проведено # таких расследований} other {было проведено # такого расследования}}.',
  relatedNow:
    'Власти также сообщили о {n, plural, one {# расследовании} few {# расследованиях} many {# расследованиях} other {# расследования}} по другим статьям ({articles}){prev, select, unknown {; число таких расследований в {period} не сообщалось} other {{p, plural, =0 {, тогда как в {period} таких расследований не было} one {, по сравнению с # расследованием в {period}} few {, по сравнению с # расследованиями в {period}} many {, по сравнению с # расследованиями в {period}} other {, по сравнению с # расследования в {period}}}}}.',
  prosecutionsNone:
    'Прокуратура не сообщила о возбуждении уголовного преследования по торговле людьми в {period}',
  prosecutions: `Прокуратура возбудила уголовное преследование по ${ruWords('n', ruCases.dat, { one: 'делу', few: 'делам', many: 'делам' }, 'one {# делу} few {# делам} many {# делам} other {# делам}')} по {articles}{split}в отношении {defendants} в {period}`,
  prosecutionsSplit: ` (из них ${ruWords('k', ruNeuterWords, { one: '', few: '', many: '' }, 'other {#}')} — о {form}) `,
  noSplit: ' ',
  defendantsUnknown: 'неизвестного числа подозреваемых',
  defendantsKnown:
    '{d, plural, one {# обвиняемого} few {# обвиняемых} many {# обвиняемых} other {# обвиняемых}}',
  prosecutionsPrevious: `{prev, select, unknown {; число дел в {period} не сообщалось.} published {{p, plural, =0 {; по данным источника «{source}», в {period} таких дел не было} one {; по данным источника «{source}», в {period} было # такое дело} few {; по данным источника «{source}», в {period} было # таких дела} many {; по данным источника «{source}», в {period} было # таких дел} other {; по данным источника «{source}», в {period} было # такого дела}} (опубликованная цифра, а не подсчёт по записям реестра).} other {{p, plural, =0 {, тогда как в {period} таких дел не было} =1 {, по сравнению с одним делом в отношении {defendants} в {period}} =2 {, по сравнению с двумя делами в отношении {defendants} в {period}} =3 {, по сравнению с тремя делами в отношении {defendants} в {period}} =4 {, по сравнению с четырьмя делами в отношении {defendants} в {period}} =5 {, по сравнению с пятью делами в отношении {defendants} в {period}} =6 {, по сравнению с шестью делами в отношении {defendants} в {period}} =7 {, по сравнению с семью делами в отношении {defendants} в {period}} =8 {, по сравнению с восемью делами в отношении {defendants} в {period}} =9 {, по сравнению с девятью делами в отношении {defendants} в {period}} =10 {, по сравнению с десятью делами в отношении {defendants} в {period}} one {, по сравнению с # делом в отношении {defendants} в {period}} few {, по сравнению с # делами в отношении {defendants} в {period}} many {, по сравнению с # делами в отношении {defendants} в {period}} other {, по сравнению с # дела в отношении {defendants} в {period}}}.}}`,
  convictionsNone: 'Правительство не сообщило об осуждении торговцев людьми в {period}',
  convictions: `${ruWords(
    'c',
    ruCases.dat.map((w) => `По ${w}`),
    { one: 'делу', few: 'делам', many: 'делам' },
    'one {По # делу} few {По # делам} many {По # делам} other {По # делам}',
  )}{victims, select, none {} some {{c, plural, one {, в котором} other {, в которых}} потерпевшими признаны не менее ${ruWords('v', ruCases.gen, { one: 'человека', few: 'человек', many: 'человек' }, 'one {# человека} few {# человек} many {# человек} other {# человека}')},} other {{c, plural, one {, в котором} other {, в которых}} потерпевшими ${ruWords('v', ['признан один', 'признаны два', 'признаны три', 'признаны четыре', 'признаны пять', 'признаны шесть', 'признаны семь', 'признаны восемь', 'признаны девять', 'признаны десять'], { one: 'человек', few: 'человека', many: 'человек' }, 'one {признан # человек} few {признаны # человека} many {признаны # человек} other {признаны # человека}')},}} суды осудили ${ruWords('n', ruNeuterWords, { one: 'лицо', few: 'лица', many: 'лиц' }, 'one {# лицо} few {# лица} many {# лиц} other {# лица}')} по {articles} в {period}`,
  convictionsPrevious: `{prev, select, unknown {; число осуждённых в {period} не сообщалось.} published {{p, plural, =0 {; по данным источника «{source}», в {period} осуждённых не было} one {; по данным источника «{source}», в {period} был осуждён # человек} few {; по данным источника «{source}», в {period} были осуждены # человека} many {; по данным источника «{source}», в {period} были осуждены # человек} other {; по данным источника «{source}», в {period} были осуждены # человека}} (опубликованная цифра, а не подсчёт по записям реестра).} other {{p, plural, =0 {, тогда как в {period} осуждённых не было} =1 {, по сравнению с одним осуждённым} =2 {, по сравнению с двумя осуждёнными} =3 {, по сравнению с тремя осуждёнными} =4 {, по сравнению с четырьмя осуждёнными} =5 {, по сравнению с пятью осуждёнными} =6 {, по сравнению с шестью осуждёнными} =7 {, по сравнению с семью осуждёнными} =8 {, по сравнению с восемью осуждёнными} =9 {, по сравнению с девятью осуждёнными} =10 {, по сравнению с десятью осуждёнными} one {, по сравнению с # осуждённым} few {, по сравнению с # осуждёнными} many {, по сравнению с # осуждёнными} other {, по сравнению с # осуждённого}}{p, plural, =0 {} other {{q, plural, =0 {} =1 { по одному делу} =2 { по двум делам} =3 { по трём делам} =4 { по четырём делам} =5 { по пяти делам} =6 { по шести делам} =7 { по семи делам} =8 { по восьми делам} =9 { по девяти делам} =10 { по десяти делам} one { по # делу} few { по # делам} many { по # делам} other { по # делам}} в {period}}}.}}`,
  sentencesNone:
    'Правительство не сообщило о назначенных наказаниях и о том, были ли осуждённые приговорены к лишению свободы.',
  sentencesSome:
    'Наказания зарегистрированы для {r, plural, one {# осуждённого} few {# осуждённых} many {# осуждённых} other {# осуждённых}}: {parts}{m, plural, =0 {} one {; для # осуждённого наказание не зарегистрировано} few {; для # осуждённых наказание не зарегистрировано} many {; для # осуждённых наказание не зарегистрировано} other {; для # осуждённых наказание не зарегистрировано}}.',
  sentencePrison:
    '{n, plural, one {# приговорён к лишению свободы} few {# приговорены к лишению свободы} many {# приговорены к лишению свободы} other {# приговорены к лишению свободы}}{range}',
  prisonBand: '{life, select, yes {{n} — пожизненно} other {{n} — на срок {band}}}',
  prisonOneBand: '{life, select, yes { пожизненно} other { на срок {band}}}',
  prisonBands: ' ({bands})',
  term: '{years, plural, =0 {} one {# год} few {# года} many {# лет} other {# года}}{years, plural, =0 {} other {{months, plural, =0 {} other { и }}}}{months, plural, =0 {} one {# месяц} few {# месяца} many {# месяцев} other {# месяца}}',
  termGen:
    '{years, plural, =0 {} one {# года} few {# лет} many {# лет} other {# года}}{years, plural, =0 {} other {{months, plural, =0 {} other { и }}}}{months, plural, =0 {} one {# месяца} few {# месяцев} many {# месяцев} other {# месяца}}',
  sentenceSuspended:
    '{n, plural, one {# получил условный срок} few {# получили условные сроки} many {# получили условные сроки} other {# получили условные сроки}}',
  sentenceFine:
    '{n, plural, one {# приговорён только к штрафу} few {# приговорены только к штрафу} many {# приговорены только к штрафу} other {# приговорены только к штрафу}}',
  sentenceOther:
    '{n, plural, one {# получил иное наказание без лишения свободы} few {# получили иные наказания без лишения свободы} many {# получили иные наказания без лишения свободы} other {# получили иные наказания без лишения свободы}}',
  sentenceBelowMinimum:
    '{n, plural, one {# наказание ниже} few {# наказания ниже} many {# наказаний ниже} other {# наказания ниже}} установленного законом минимума.',
  origins: `Из ${ruWords('n', ruCases.gen, { one: 'расследования', few: 'расследований', many: 'расследований' }, 'one {# расследования} few {# расследований} many {# расследований} other {# расследования}')}: {parts}.`,
  originsAllUnknown: `Чем было вызвано начало ${ruWords('n', ruCases.gen, { one: 'расследования', few: 'расследований', many: 'расследований' }, 'one {# расследования} few {# расследований} many {# расследований} other {# расследования}')}, не зарегистрировано.`,
  originComplaint: ruWords(
    'n',
    ruNeuterWords,
    {
      one: 'начато по заявлению потерпевшего',
      few: 'начаты по заявлениям потерпевших',
      many: 'начаты по заявлениям потерпевших',
    },
    'one {# начато по заявлению потерпевшего} few {# начаты по заявлениям потерпевших} many {# начаты по заявлениям потерпевших} other {# начаты по заявлениям потерпевших}',
  ),
  originProactive: ruWords(
    'n',
    ruNeuterWords,
    {
      one: 'начато по инициативе полиции',
      few: 'начаты по инициативе полиции',
      many: 'начаты по инициативе полиции',
    },
    '=0 {ни одно не начато по инициативе полиции} one {# начато по инициативе полиции} few {# начаты по инициативе полиции} many {# начаты по инициативе полиции} other {# начаты по инициативе полиции}',
  ),
  originReferral: ruWords(
    'n',
    ruNeuterWords,
    { one: '— по обращению НКО', few: '— по обращениям НКО', many: '— по обращениям НКО' },
    'one {# — по обращению НКО} few {# — по обращениям НКО} many {# — по обращениям НКО} other {# — по обращениям НКО}',
  ),
  originOther: ruWords(
    'n',
    ruNeuterWords,
    {
      one: '— из других источников',
      few: '— из других источников',
      many: '— из других источников',
    },
    'one {# — из других источников} few {# — из других источников} many {# — из других источников} other {# — из других источников}',
  ),
  originUnknown: `повод для ${ruWords('n', ruCases.gen, { one: 'расследования', few: 'расследований', many: 'расследований' }, 'one {# расследования} few {# расследований} many {# расследований} other {# расследования}')} неизвестен`,
  originNoneProactiveOfKnown:
    'Ни одно из расследований, повод для которых известен ({k}), не начато по инициативе полиции.',
  trainingNone:
    'Правительство не сообщило об обучении сотрудников полиции, прокуроров или судей за отчётный период ({period}).',
  training: 'За отчётный период власти провели обучение: {parts}.',
  trainingPart: '{n, plural, =-1 {неизвестное число {audience}} other {{audience}: {n}}} ({month})',
  trainingPartners:
    '{partners, select, none {} other { Партнёры: {partners}.}}{trainers, select, none {} other { Тренеры: {trainers}.}}',
  complicityNone:
    'Правительство не сообщило о расследовании, уголовном преследовании или осуждении государственных служащих, причастных к торговле людьми',
  complicityPending:
    '; {n, plural, =1 {одно сообщение о причастности должностных лиц, полученное в {since}, так и не было расследовано} =2 {два сообщения о причастности должностных лиц (самое раннее — {since}) так и не были расследованы} =3 {три сообщения о причастности должностных лиц (самое раннее — {since}) так и не были расследованы} =4 {четыре сообщения о причастности должностных лиц (самое раннее — {since}) так и не были расследованы} =5 {пять сообщений о причастности должностных лиц (самое раннее — {since}) так и не были расследованы} =6 {шесть сообщений о причастности должностных лиц (самое раннее — {since}) так и не были расследованы} =7 {семь сообщений о причастности должностных лиц (самое раннее — {since}) так и не были расследованы} =8 {восемь сообщений о причастности должностных лиц (самое раннее — {since}) так и не были расследованы} =9 {девять сообщений о причастности должностных лиц (самое раннее — {since}) так и не были расследованы} =10 {десять сообщений о причастности должностных лиц (самое раннее — {since}) так и не были расследованы} one {# сообщение о причастности должностных лиц, полученное в {since}, так и не было расследовано} few {# сообщения о причастности должностных лиц (самое раннее — {since}) так и не были расследованы} many {# сообщений о причастности должностных лиц (самое раннее — {since}) так и не были расследованы} other {# сообщения о причастности должностных лиц (самое раннее — {since}) так и не были расследованы}}',
  complicitySome:
    'За отчётный период к уголовной ответственности за причастность к торговле людьми привлечено {p, plural, one {# должностное лицо} few {# должностных лица} many {# должностных лиц} other {# должностного лица}}, осуждено — {c}',
  notCertified: 'Данные за этот период не подтверждены как полные: {agencies}.',
  articleOf: '{same, select, yes {статья {article}} other {статья {article} ({instrument})}}',
  articleDatOf: '{same, select, yes {статье {article}} other {статье {article} ({instrument})}}',
  rangeYears:
    'от {min} до {max, plural, one {# года} few {# лет} many {# лет} other {# года}} лишения свободы{life, select, yes { или пожизненное лишение свободы} other {}}',
  rangeTerms:
    '{life, select, only {от {min} до пожизненного лишения свободы} yes {от {min} до {max} лишения свободы или пожизненное лишение свободы} other {от {min} до {max} лишения свободы}}',
  rangeUpTo:
    '{life, select, yes {вплоть до пожизненного лишения свободы} other {до {max} лишения свободы}}',
  lawTrafficking:
    '{known, select, yes {{article} («{title}») предусматривает наказание {range}{inLieu, select, yes { либо наказание без лишения свободы} other {}}{stringent, select, yes {; оно достаточно строгое{rape, select, yes { и соразмерно наказанию за изнасилование} no {, но несоразмерно наказанию за изнасилование} other {}}} no {; оно недостаточно строгое} other {{rape, select, yes {; оно соразмерно наказанию за изнасилование} no {; оно несоразмерно наказанию за изнасилование} other {}}}}.} other {Наказание по {articleDat} («{title}») в источниках, на которые ссылается пакет законодательства, не указано.}}',
  lawRelated:
    'Торговцам людьми может быть также предъявлено обвинение по {articleDat} («{title}»){known, select, yes {, которая предусматривает {range}{inLieu, select, yes { или наказание без лишения свободы} other {}}{other, select, yes {, а при отягчающих обстоятельствах или в отношении детей — иное наказание} other {}}} other {; наказание по ней в источниках не указано}}.',
  law_CHILD_MEANS_REQUIRED:
    'Вопреки международному праву, {article} требует доказать применение силы, обмана, принуждения или иных средств воздействия при торговле людьми в целях сексуальной эксплуатации даже тогда, когда потерпевший — ребёнок.',
  law_ACT_NOT_COVERED:
    'Действующий закон охватывает не все действия, перечисленные в Палермском протоколе.',
  law_MEANS_NOT_COVERED:
    'Действующий закон охватывает не все способы воздействия, перечисленные в Палермском протоколе.',
  law_PURPOSE_NOT_COVERED:
    'Действующий закон охватывает не все формы эксплуатации, перечисленные в Палермском протоколе.',
  law_CONSENT_NOT_IRRELEVANT:
    'Согласно {articleDat}, согласие потерпевшего не лишено значения, как того требует Палермский протокол.',
  law_BEYOND_PROTOCOL:
    '{article} охватывает также деяния, не являющиеся торговлей людьми по Палермскому протоколу.',
  law_AMENDMENT_NOT_IN_FORCE:
    'Поправка к {articleDat} подписана, но на конец периода ещё не вступила в силу.',
  lawAssumptions:
    '{count, plural, one {Часть сказанного основана на допущении, сделанном при описании закона, а не на цитируемом источнике: {list}.} other {Часть сказанного основана на допущениях, сделанных при описании закона, а не на цитируемых источниках: {list}.}}',
  and: 'и',
};

/** The message catalogues by language. */
export const catalogues: Readonly<Record<NarrativeLanguage, Readonly<Record<MessageKey, string>>>> =
  { en, ru };
