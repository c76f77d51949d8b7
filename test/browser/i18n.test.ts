import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
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
