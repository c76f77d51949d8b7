import countries from 'i18n-iso-countries';
import type { NarrativeLanguage } from '../../../core/stats/messages.ts';
import type { TableName } from './tables.ts';

// The words a reader of the HTML report and the XLSX workbook sees for each figure, in each
// narrative language. The JSON paths (`byForm.sex`) stay the machine-readable names in CSV and
// JSON, and the key column of the XLSX; a document shows words. A figure without words here is refused (`figureLabel` throws), so a figure added
// to the report cannot reach the HTML as a path.

/** A text in each narrative language. */
export type Words = Readonly<Record<NarrativeLanguage, string>>;

/** The words every document form of the report shares (the HTML page and the XLSX cover). */
export const documentWords = {
  title: { en: 'Annual law-enforcement report', ru: 'Ежегодный отчёт о правоприменении' },
  narrative: { en: 'Narrative', ru: 'Текст отчёта' },
} as const satisfies Readonly<Record<string, Words>>;

const sections: Readonly<Record<TableName, Words>> = {
  investigations: { en: 'Trafficking investigations', ru: 'Расследования торговли людьми' },
  relatedInvestigations: {
    en: 'Investigations under related articles',
    ru: 'Расследования по смежным статьям',
  },
  prosecutions: { en: 'Prosecutions', ru: 'Уголовное преследование' },
  convictions: { en: 'Convictions', ru: 'Осуждения' },
  sentences: { en: 'Sentences', ru: 'Наказания' },
  victims: { en: 'Identified victims', ru: 'Выявленные потерпевшие' },
  training: { en: 'Training of officials', ru: 'Обучение должностных лиц' },
  complicity: { en: 'Official complicity', ru: 'Причастность должностных лиц' },
};

/** Figures with a fixed path, by section. */
const fixed: Readonly<Partial<Record<TableName, Readonly<Record<string, Words>>>>> = {
  investigations: {
    total: { en: 'Investigations (cases)', ru: 'Расследования (дела)' },
    proactive: {
      en: 'Begun on the authorities’ own initiative',
      ru: 'Начаты по инициативе органов власти',
    },
    proactiveShare: {
      en: 'Share begun on the authorities’ own initiative',
      ru: 'Доля начатых по инициативе органов власти',
    },
    withChildVictims: { en: 'With child victims', ru: 'С потерпевшими-детьми' },
    childVictimsUnknown: {
      en: 'Whether a victim was a child is not known',
      ru: 'Неизвестно, был ли потерпевший ребёнком',
    },
  },
  relatedInvestigations: {
    total: { en: 'Investigations (cases)', ru: 'Расследования (дела)' },
    withChildVictims: { en: 'With child victims', ru: 'С потерпевшими-детьми' },
    sexualExploitationOfChildren: {
      en: 'Sexual exploitation of children',
      ru: 'Сексуальная эксплуатация детей',
    },
  },
  prosecutions: {
    cases: { en: 'Prosecutions (cases)', ru: 'Уголовное преследование (дела)' },
    defendants: { en: 'Defendants', ru: 'Обвиняемые' },
    defendantsKnown: {
      en: 'Cases whose defendants are recorded',
      ru: 'Дела, по которым обвиняемые зарегистрированы',
    },
    casesWithUnknownDefendants: {
      en: 'Cases whose defendants are not recorded',
      ru: 'Дела, по которым обвиняемые не зарегистрированы',
    },
  },
  convictions: {
    persons: { en: 'Convicted persons', ru: 'Осуждённые лица' },
    cases: { en: 'Cases with a conviction', ru: 'Дела с обвинительным приговором' },
    victims: { en: 'Victims in those cases', ru: 'Потерпевшие по этим делам' },
    casesWithoutVictims: {
      en: 'Cases with no victim recorded',
      ru: 'Дела без зарегистрированных потерпевших',
    },
    publicOfficials: { en: 'Public officials convicted', ru: 'Осуждённые должностные лица' },
  },
  sentences: {
    convictedPersons: { en: 'Convicted persons', ru: 'Осуждённые лица' },
    recorded: { en: 'Sentences recorded', ru: 'Зарегистрированные наказания' },
    missing: {
      en: 'Convictions without a sentence recorded',
      ru: 'Осуждения без наказания в записи',
    },
    custodial: { en: 'Imprisonment', ru: 'Лишение свободы' },
    suspended: { en: 'Suspended sentences', ru: 'Условное осуждение' },
    fineOnly: { en: 'Fine only', ru: 'Только штраф' },
    otherNonCustodial: {
      en: 'Other non-custodial sentences',
      ru: 'Иные наказания без лишения свободы',
    },
  },
  victims: {
    identified: { en: 'Identified victims', ru: 'Выявленные потерпевшие' },
    identificationDateUnknown: {
      en: 'Date of identification not known',
      ru: 'Дата выявления неизвестна',
    },
  },
  training: {
    events: { en: 'Training events', ru: 'Учебные мероприятия' },
    participants: { en: 'Participants', ru: 'Участники' },
    participantsKnown: {
      en: 'Events whose participants were counted',
      ru: 'Мероприятия с известным числом участников',
    },
  },
  complicity: {
    allegations: { en: 'Allegations received', ru: 'Полученные сообщения' },
    investigated: { en: 'Allegations investigated', ru: 'Расследованные сообщения' },
    pendingUninvestigated: {
      en: 'Allegations not yet investigated',
      ru: 'Ещё не расследованные сообщения',
    },
    officialsProsecuted: {
      en: 'Officials prosecuted',
      ru: 'Должностные лица, привлечённые к уголовной ответственности',
    },
    officialsConvicted: { en: 'Officials convicted', ru: 'Осуждённые должностные лица' },
  },
};

/** The group a breakdown's key belongs to, and the words of each of its values. */
const groups: Readonly<Record<string, { title: Words; values: Readonly<Record<string, Words>> }>> =
    {
      byForm: {
        title: { en: 'By form of exploitation', ru: 'По форме эксплуатации' },
        values: {
          sex: { en: 'sex trafficking', ru: 'сексуальная эксплуатация' },
          labour: { en: 'labor trafficking', ru: 'трудовая эксплуатация' },
          both: { en: 'both sex and labor trafficking', ru: 'сексуальная и трудовая эксплуатация' },
          other: { en: 'other forms', ru: 'другие формы' },
          unknown: { en: 'not known', ru: 'неизвестно' },
        },
      },
      byOrigin: {
        title: { en: 'By how the case began', ru: 'По поводу возбуждения дела' },
        values: {
          victim_complaint: { en: 'a victim’s complaint', ru: 'заявление потерпевшего' },
          proactive_police: { en: 'proactive police work', ru: 'инициатива полиции' },
          ngo_referral: { en: 'an NGO referral', ru: 'обращение НКО' },
          hotline: { en: 'a hotline call', ru: 'звонок на горячую линию' },
          labour_inspection: { en: 'a labour inspection', ru: 'трудовая инспекция' },
          foreign_request: { en: 'a foreign request', ru: 'запрос иностранного государства' },
          other: { en: 'another source', ru: 'другой источник' },
          unknown: { en: 'not known', ru: 'неизвестно' },
          not_recorded: { en: 'not recorded', ru: 'не зарегистрировано' },
        },
      },
      bySex: {
        title: { en: 'By sex', ru: 'По полу' },
        values: {
          female: { en: 'female', ru: 'женский' },
          male: { en: 'male', ru: 'мужской' },
          other: { en: 'other', ru: 'другой' },
          unknown: { en: 'not known', ru: 'неизвестно' },
          not_recorded: { en: 'not recorded', ru: 'не зарегистрировано' },
        },
      },
      byAgeBand: {
        title: { en: 'By age', ru: 'По возрасту' },
        values: {
          child: { en: 'children', ru: 'дети' },
          adult: { en: 'adults', ru: 'взрослые' },
          unknown: { en: 'not known', ru: 'неизвестно' },
        },
      },
      referredToServices: {
        title: { en: 'Referred to services', ru: 'Направлены за помощью' },
        values: {
          yes: { en: 'yes', ru: 'да' },
          no: { en: 'no', ru: 'нет' },
          unknown: { en: 'not known', ru: 'неизвестно' },
          not_recorded: { en: 'not recorded', ru: 'не зарегистрировано' },
        },
      },
      imprisonment: {
        title: { en: 'Prison terms', ru: 'Сроки лишения свободы' },
        values: {
          under1y: { en: 'under one year', ru: 'менее одного года' },
          from1to3y: { en: 'one to three years', ru: 'от одного до трёх лет' },
          from3to5y: { en: 'three to five years', ru: 'от трёх до пяти лет' },
          from5to10y: { en: 'five to 10 years', ru: 'от пяти до 10 лет' },
          from10to15y: { en: '10 to 15 years', ru: 'от 10 до 15 лет' },
          over15y: { en: '15 years or more', ru: '15 лет и более' },
          life: { en: 'life', ru: 'пожизненно' },
        },
      },
      outsideRange: {
        title: { en: 'Against the statutory range', ru: 'По отношению к санкции статьи' },
        values: {
          belowMinimum: { en: 'below the minimum', ru: 'ниже минимума' },
          aboveMaximum: { en: 'above the maximum', ru: 'выше максимума' },
          nonCustodialInLieu: {
            en: 'a non-custodial penalty in place of prison',
            ru: 'наказание без лишения свободы вместо лишения свободы',
          },
          unchecked: {
            en: 'not checked (range not known)',
            ru: 'не проверено (санкция неизвестна)',
          },
        },
      },
    },
  audiences: Readonly<Record<string, Words>> = {
    police: { en: 'police officers', ru: 'сотрудники полиции' },
    prosecutors: { en: 'prosecutors', ru: 'прокуроры' },
    judges: { en: 'judges', ru: 'судьи' },
    others: { en: 'other officials', ru: 'другие должностные лица' },
  };

const alpha2Of: Readonly<Record<string, string>> = countries.getAlpha3Codes();

const agencyKindWords: Readonly<Record<string, Words>> = {
  police: { en: 'police', ru: 'полиция' },
  prosecutor: { en: 'prosecutor', ru: 'прокуратура' },
  court: { en: 'court', ru: 'суд' },
  ngo: { en: 'NGO', ru: 'НКО' },
  international_organisation: { en: 'international organisation', ru: 'международная организация' },
  ministry: { en: 'ministry', ru: 'министерство' },
  other: { en: 'other', ru: 'другое' },
};

/** An agency's kind in words; a kind this table does not know is shown as recorded. */
export function agencyKindLabel(kind: string, lang: NarrativeLanguage): string {
  return agencyKindWords[kind]?.[lang] ?? kind;
}

/** What the labels need of the report: the provisions' articles by key. */
export interface LabelContext {
  readonly provisions: Readonly<Record<string, { readonly article: string } | undefined>>;
}

/** The section's title in words. */
export function sectionLabel(name: TableName, lang: NarrativeLanguage): string {
  return sections[name][lang];
}

function citizenship(code: string, lang: NarrativeLanguage): string {
  const words: Readonly<Record<string, Words>> = {
    stateless: { en: 'stateless', ru: 'лица без гражданства' },
    unknown: { en: 'not known', ru: 'неизвестно' },
    not_recorded: { en: 'not recorded', ru: 'не зарегистрировано' },
  };
  const known = words[code];
  if (known !== undefined) return known[lang];
  const alpha2 = alpha2Of[code];
  const name =
    alpha2 === undefined
      ? undefined
      : new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' }).of(alpha2);
  return name ?? code;
}

/**
 * A figure of a section in words ("By form of exploitation: sex trafficking"), never its JSON
 * path. Throws on a figure this table does not know, so none reaches a reader as a path.
 */
export function figureLabel(
  section: TableName,
  path: string,
  lang: NarrativeLanguage,
  context: LabelContext,
): string {
  const own = fixed[section]?.[path];
  if (own !== undefined) return own[lang];
  const [head = '', ...rest] = path.split('.');
  const tail = rest.join('.');
  const group = groups[head];
  const value = group?.values[tail];
  if (group !== undefined && value !== undefined) return `${group.title[lang]}: ${value[lang]}`;
  if (head === 'byArticle') {
    const article = context.provisions[tail]?.article ?? tail.split(':').at(-1) ?? tail;
    return lang === 'en' ? `Under article ${article}` : `По статье ${article}`;
  }
  if (head === 'byCitizenship')
    return `${lang === 'en' ? 'By citizenship' : 'По гражданству'}: ${citizenship(tail, lang)}`;
  if (head === 'byAudience') {
    const [audience = '', measure = ''] = rest;
    const who = audiences[audience];
    const what = fixed.training?.[measure];
    if (who !== undefined && what !== undefined) return `${what[lang]}: ${who[lang]}`;
  }
  throw new Error(`the report's figure ${section}.${path} has no label in words`);
}
