import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { parse, TYPE } from '@formatjs/icu-messageformat-parser';
import type { MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { permissions } from '../../src/core/access/policy.ts';
import { approvalActions } from '../../src/app/schemas/approvals.schemas.ts';
import { teamBases } from '../../src/app/schemas/case-team.schemas.ts';
import {
  agencyKinds,
  appellants,
  caseOrigins,
  closeReasons,
  dropReasons,
  complicitySources,
  complicityStatuses,
  exploitationForms,
  personRoles,
  roles,
  sexes,
  trainingAudiences,
  traffickingForms,
  triStates,
  verdictOutcomes,
} from '../../src/core/vocabulary.ts';
import { caseStatuses, eventKinds } from '../../src/core/case/lifecycle.ts';
import { en } from '../../src/web/i18n/en.ts';
import { ky } from '../../src/web/i18n/ky.ts';
import { ru } from '../../src/web/i18n/ru.ts';

const catalogues = { en, ru, ky } as Record<string, Record<string, string>>;
const webDir = new URL('../../src/web', import.meta.url).pathname;

interface AstElement {
  type: number;
  value?: string;
  options?: Record<string, { value: AstElement[] }>;
  children?: AstElement[];
}

/** The argument names a message uses (plural, select and plain arguments, nested too). */
function argumentsOf(elements: readonly AstElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type >= 1 && element.type <= 6 && element.value !== undefined) {
      into.add(element.value);
    }
    for (const option of Object.values(element.options ?? {})) argumentsOf(option.value, into);
    if (element.children !== undefined) argumentsOf(element.children, into);
  }
  return into;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !dir.endsWith('i18n') ? [path] : [];
  });
}

describe('UI message catalogues', () => {
  const keys = Object.keys(en).sort();

  it.each(['ru', 'ky'])('%s has exactly the English keys', (lang) => {
    const other = Object.keys(catalogues[lang] ?? {}).sort();
    expect(keys.filter((key) => !other.includes(key))).toEqual([]);
    expect(other.filter((key) => !keys.includes(key))).toEqual([]);
  });

  it.each(['en', 'ru', 'ky'])(
    'every %s message parses and uses the same arguments as English',
    (lang) => {
      const catalogue = catalogues[lang] ?? {};
      for (const key of keys) {
        const message = catalogue[key] ?? '';
        expect(message.trim(), `${lang} ${key} is empty`).not.toBe('');
        const format = new IntlMessageFormat(message, lang);
        const english = new IntlMessageFormat(en[key as keyof typeof en], 'en');
        const used = argumentsOf(format.getAst());
        const expected = argumentsOf(english.getAst());
        expect([...used].sort(), `${lang} ${key}`).toEqual([...expected].sort());
        const values = Object.fromEntries([...used].map((name) => [name, 3]));
        expect(String(format.format(values))).not.toContain('{');
      }
    },
  );

  it('applies Russian plural rules', () => {
    const cases = (count: number) =>
      String(new IntlMessageFormat(ru['cases.found'], 'ru').format({ count }));
    expect(cases(1)).toBe('Найдено 1 дело.');
    expect(cases(3)).toBe('Найдено 3 дела.');
    expect(cases(5)).toBe('Найдено 5 дел.');
    expect(cases(21)).toBe('Найдено 21 дело.');
    expect(cases(0)).toBe('Дел не найдено.');
  });

  it('has every key the UI source names', () => {
    const prefixes = [...new Set(keys.map((key) => key.split('.')[0]))].join('|');
    const literal = new RegExp(`['\`]((?:${prefixes})\\.[A-Za-z0-9_.]+)['\`]`, 'g');
    const missing: string[] = [];
    for (const file of sourceFiles(webDir)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(literal)) {
        const key = match[1] ?? '';
        // Permission names ('case.read') and approval actions ('charge.drop') share prefixes with
        // message keys and are not messages.
        if (
          !(key in en) &&
          !(permissions as readonly string[]).includes(key) &&
          !(approvalActions as readonly string[]).includes(key)
        )
          missing.push(`${file.slice(webDir.length)}: ${key}`);
      }
      // Keys built from a template (`case.role.${role}`) are checked through the vocabularies below.
    }
    expect(missing).toEqual([]);
  });

  it('labels every value of the controlled vocabularies', () => {
    const groups: Record<string, readonly string[]> = {
      status: caseStatuses,
      event: eventKinds,
      origin: caseOrigins,
      form: traffickingForms,
      role: personRoles,
      'case.role': personRoles,
      sex: sexes,
      tri: triStates,
      exploitation: exploitationForms,
      reason: [...closeReasons, ...dropReasons],
      outcome: verdictOutcomes,
      audience: trainingAudiences,
      source: complicitySources,
      allegationStatus: complicityStatuses,
      userRole: roles,
      agencyKind: agencyKinds,
      appellant: appellants,
      teamBasis: teamBases,
    };
    const missing = Object.entries(groups).flatMap(([group, values]) =>
      values.map((value) => `${group}.${value}`).filter((key) => !(key in en)),
    );
    expect(missing).toEqual([]);
  });
});

/**
 * Issue 13, part 4: every UI message in every language rendered with 0, 1, 2, 5 and 21 for each
 * count and with every option of each select (and "unknown"): it formats, leaves no placeholder,
 * and the numerals agree with their nouns (Russian: «1 дело», «5 дел»; Kyrgyz: a noun after a
 * numeral takes no plural suffix, «5 иш», never «5 иштер»).
 */
describe('UI messages with 0, 1, 2, 5, 21 and unknown', () => {
  type Kind = 'number' | 'text' | { options: string[] };
  function kindsOf(elements: readonly MessageFormatElement[], out: Map<string, Kind>): void {
    for (const el of elements) {
      if (el.type === TYPE.plural) {
        out.set(el.value, 'number');
        for (const option of Object.values(el.options)) kindsOf(option.value, out);
      } else if (el.type === TYPE.select) {
        const known = out.get(el.value);
        const options = Object.keys(el.options).filter((o) => o !== 'other');
        out.set(el.value, {
          options: [...new Set([...(typeof known === 'object' ? known.options : []), ...options])],
        });
        for (const option of Object.values(el.options)) kindsOf(option.value, out);
      } else if (el.type === TYPE.number) {
        if (!out.has(el.value)) out.set(el.value, 'number');
      } else if (el.type === TYPE.argument) {
        if (!out.has(el.value)) out.set(el.value, 'text');
      } else if (el.type === TYPE.tag) {
        kindsOf(el.children, out);
      }
    }
  }
  const counts = [0, 1, 2, 5, 21];

  it.each(['en', 'ru', 'ky'])('every %s message', (lang) => {
    const catalogue = catalogues[lang] ?? {};
    const problems: string[] = [];
    for (const [key, message] of Object.entries(catalogue)) {
      const kinds = new Map<string, Kind>();
      kindsOf(parse(message), kinds);
      const selects = [...kinds].filter(
        (entry): entry is [string, { options: string[] }] => typeof entry[1] === 'object',
      );
      const variants = [
        null,
        ...selects.flatMap(([name, k]) =>
          [...k.options, 'unknown', 'other'].map((value) => [name, value] as const),
        ),
      ];
      for (const n of counts)
        for (const variant of variants) {
          const values: Record<string, string | number> = {};
          for (const [name, kind] of kinds)
            values[name] =
              kind === 'number' ? n : kind === 'text' ? `‹${name}›` : (kind.options[0] ?? 'other');
          if (variant !== null) values[variant[0]] = variant[1];
          let text: string;
          try {
            text = String(new IntlMessageFormat(message, lang).format(values));
          } catch (error) {
            problems.push(`${key} ${JSON.stringify(values)}: ${String(error)}`);
            continue;
          }
          const where = `${key} with ${JSON.stringify(values)}: ${text}`;
          if (/[{}]|undefined|NaN/.test(text)) problems.push(`placeholder left: ${where}`);
          if (lang === 'ru') {
            if (
              /(^|[^\d])(1|21) (дел|лиц|записей|расследований|лет|дней|минут)(?![а-яё])/.test(text)
            )
              problems.push(`singular numeral, plural noun: ${where}`);
            if (/(^|[^\d1])5 (дела|лица|записи|расследования|года|дня|минуты)(?![а-яё])/.test(text))
              problems.push(`five with a few-form noun: ${where}`);
          }
          if (
            lang === 'ky' &&
            /(?<![\d.,])\d+ [а-яөүңё]+(лар|лер|лор|лөр|дар|дер|дор|дөр|тар|тер|тор|төр)(?![а-яөүңё])/i.test(
              text,
            )
          )
            problems.push(`plural suffix after a numeral: ${where}`);
        }
    }
    expect(problems).toEqual([]);
  });
});
