/**
 * Every narrative message, in every language, rendered with 0, 1, 2, 5 and 21 for each number
 * and every option of each select (including "unknown"): it formats, leaves no placeholder, and
 * reads as Russian an editor would sign (no «с ни одним делом», numerals agree with nouns).
 */
import { describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import { parse, TYPE } from '@formatjs/icu-messageformat-parser';
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { catalogues, narrativeLanguages } from './messages.ts';
import { numberInWords } from './narrative.ts';

type Kind = { kind: 'number' } | { kind: 'select'; options: string[] } | { kind: 'text' };

function argumentsOf(elements: readonly MessageFormatElement[], out: Map<string, Kind>): void {
  for (const el of elements) {
    if (el.type === TYPE.plural) {
      out.set(el.value, { kind: 'number' });
      for (const option of Object.values(el.options)) argumentsOf(option.value, out);
    } else if (el.type === TYPE.select) {
      const known = out.get(el.value);
      const options = Object.keys(el.options).filter((o) => o !== 'other');
      out.set(el.value, {
        kind: 'select',
        options: [...new Set([...(known?.kind === 'select' ? known.options : []), ...options])],
      });
      for (const option of Object.values(el.options)) argumentsOf(option.value, out);
    } else if (el.type === TYPE.argument || el.type === TYPE.number) {
      if (!out.has(el.value)) out.set(el.value, { kind: 'text' });
    }
  }
}

const numbers = [0, 1, 2, 5, 21];

describe.each(narrativeLanguages)('the %s narrative messages', (lang) => {
  const catalogue = catalogues[lang];
  it.each(Object.keys(catalogue))('%s renders with 0, 1, 2, 5, 21 and unknown', (key) => {
    const template = catalogue[key as keyof typeof catalogue];
    const args = new Map<string, Kind>();
    argumentsOf(parse(template), args);
    // Words forms (`nw`) follow their number; the rest are texts or selects.
    const numeric = [...args].filter(([, k]) => k.kind === 'number').map(([name]) => name);
    const selects = [...args].filter(([, k]) => k.kind === 'select');
    const selectValues = selects.map(([name, k]) => ({
      name,
      values: [...(k.kind === 'select' ? k.options : []), 'unknown', 'other'],
    }));
    for (const n of numbers) {
      for (const variant of selectValues.length === 0 ? [null] : selectValues) {
        for (const value of variant === null ? [null] : variant.values) {
          const values: Record<string, string | number> = {};
          for (const [name, k] of args) if (k.kind === 'text') values[name] = `‹${name}›`;
          for (const s of selectValues) values[s.name] = s.values[0] ?? 'other';
          if (variant !== null && value !== null) values[variant.name] = value;
          for (const name of numeric) {
            values[name] = n;
            values[`${name}w`] = lang === 'en' ? numberInWords(n) : String(n);
          }
          const text = new IntlMessageFormat(template, lang).format(values) as string;
          expect(text, `${key} with ${JSON.stringify(values)}`).not.toMatch(/[{}]|undefined|NaN/);
          expect(text).not.toMatch(/ {2}| ,| \./);
          if (lang === 'ru') {
            expect(text).not.toMatch(/с ни одн/);
            // "1 делу, в которых" and kin: a singular numeral takes a singular relative clause.
            expect(text).not.toMatch(/(^|[^\d])1 [а-яё]+, в которых/);
            expect(text).not.toMatch(/(^|[^\d])21 [а-яё]+, в которых/);
            expect(text).not.toMatch(
              /(^|[^\d])(1|21) (расследований|дел|лиц|осуждённых)(?![а-яё])/,
            );
            expect(text).not.toMatch(/(^|[^\d1])5 (расследования|дела|лица)(?![а-яё])/);
          }
          if (lang === 'en') {
            expect(text).not.toMatch(/\bone [a-z]+s\b(?<!\bone (?:was|has|is|years|months)\b)/);
          }
        }
      }
    }
  });
});

describe('Russian terms of imprisonment', () => {
  const say = (key: 'term' | 'termGen', years: number, months: number) =>
    new IntlMessageFormat(catalogues.ru[key], 'ru').format({ years, months }) as string;
  it('take the genitive after «от» and «до», the accusative after «на»', () => {
    expect(say('termGen', 2, 6)).toBe('2 лет и 6 месяцев');
    expect(say('termGen', 1, 1)).toBe('1 года и 1 месяца');
    expect(say('termGen', 21, 0)).toBe('21 года');
    expect(say('termGen', 5, 0)).toBe('5 лет');
    expect(say('term', 2, 6)).toBe('2 года и 6 месяцев');
    expect(say('term', 21, 0)).toBe('21 год');
  });
});

describe('Russian counts in words where the English writes them', () => {
  const say = (key: keyof typeof catalogues.ru, values: Record<string, string | number>) =>
    new IntlMessageFormat(catalogues.ru[key], 'ru').format(values) as string;
  it('agree in case with the phrase: genitive, dative, accusative, nominative', () => {
    expect(say('origins', { n: 9, parts: '‹›' })).toBe('Из девяти расследований: ‹›.');
    expect(say('origins', { n: 1, parts: '‹›' })).toBe('Из одного расследования: ‹›.');
    expect(say('origins', { n: 21, parts: '‹›' })).toBe('Из 21 расследования: ‹›.');
    expect(say('originUnknown', { n: 6 })).toBe('повод для шести расследований неизвестен');
    expect(say('originProactive', { n: 3 })).toBe('три начаты по инициативе полиции');
    expect(say('originProactive', { n: 1 })).toBe('одно начато по инициативе полиции');
    expect(say('originProactive', { n: 0 })).toBe('ни одно не начато по инициативе полиции');
    const prosecuted = say('prosecutions', {
      n: 5,
      articles: 'статье 124',
      split: ' ',
      defendants: '‹›',
      period: '2016 году',
    });
    expect(prosecuted).toContain('по пяти делам по статье 124');
    const convicted = say('convictions', {
      c: 1,
      victims: 'none',
      v: 0,
      n: 2,
      articles: 'статье 124',
      period: '2016 году',
    });
    expect(convicted).toBe('По одному делу суды осудили два лица по статье 124 в 2016 году');
    expect(
      say('convictions', { c: 5, victims: 'none', v: 0, n: 10, articles: '‹›', period: '‹›' }),
    ).toBe('По пяти делам суды осудили десять лиц по ‹› в ‹›');
  });
});
