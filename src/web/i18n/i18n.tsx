import { isOneOf } from '../../core/vocabulary.ts';
import { IntlMessageFormat } from 'intl-messageformat';
import type { PrimitiveType } from 'intl-messageformat';
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { en } from './en.ts';
import type { MessageKey } from './en.ts';
import { ky } from './ky.ts';
import { ru } from './ru.ts';

export const languages = ['en', 'ru', 'ky'] as const;
export type Language = (typeof languages)[number];

/** Every catalogue has every key of the English one (the compiler and a test both check it). */
export const catalogues: Record<Language, Record<MessageKey, string>> = { en, ru, ky };

/** A key the English catalogue (the complete one) has. */
function isMessageKey(key: string): key is MessageKey {
  return key in en;
}

const storageKey = 'palermo.lang';

function initialLanguage(): Language {
  const stored = localStorage.getItem(storageKey);
  if (isOneOf(languages, stored)) return stored;
  const browser = navigator.language.slice(0, 2);
  return isOneOf(languages, browser) ? browser : 'en';
}

export type Translate = (key: MessageKey, values?: Record<string, PrimitiveType>) => string;

interface I18n {
  readonly lang: Language;
  readonly setLang: (lang: Language) => void;
  readonly t: Translate;
  /** A `YYYY-MM-DD` date (or an ISO timestamp) in the user's language. */
  readonly date: (value: string | null | undefined) => string;
  readonly dateTime: (value: string | null | undefined) => string;
  readonly number: (value: number | null | undefined, options?: Intl.NumberFormatOptions) => string;
}

const I18nContext = createContext<I18n | null>(null);

/** Formats one message; exported for the catalogue test. */
export function formatMessage(
  lang: Language,
  key: MessageKey,
  values: Record<string, PrimitiveType> = {},
): string {
  const format = new IntlMessageFormat(catalogues[lang][key], lang);
  return String(format.format(values));
}

/** Provides the language, its messages and locale formatting to the whole app. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(initialLanguage);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((next: Language) => {
    localStorage.setItem(storageKey, next);
    setLangState(next);
  }, []);
  const value = useMemo<I18n>(() => {
    const cache = new Map<MessageKey, IntlMessageFormat>();
    const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeZone: 'UTC' });
    const dateTimeFormat = new Intl.DateTimeFormat(lang, {
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    return {
      lang,
      setLang,
      t: (key, values = {}) => {
        let format = cache.get(key);
        if (format === undefined) {
          format = new IntlMessageFormat(catalogues[lang][key], lang);
          cache.set(key, format);
        }
        return String(format.format(values));
      },
      date: (text) => {
        if (text === null || text === undefined || text === '') return '—';
        const parsed = new Date(text.length === 10 ? `${text}T00:00:00Z` : text);
        return Number.isNaN(parsed.getTime()) ? text : dateFormat.format(parsed);
      },
      dateTime: (text) => {
        if (text === null || text === undefined || text === '') return '—';
        const parsed = new Date(text);
        return Number.isNaN(parsed.getTime()) ? text : dateTimeFormat.format(parsed);
      },
      number: (n, options) =>
        n === null || n === undefined ? '—' : new Intl.NumberFormat(lang, options).format(n),
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language, `t` and locale formatters. */
export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (value === null) throw new Error('useI18n outside I18nProvider');
  return value;
}

/** Label of a controlled-vocabulary value (`status.open`, `origin.hotline`…), the raw value if none. */
export function useVocabulary(): (group: string, value: string | null | undefined) => string {
  const { t, lang } = useI18n();
  return useCallback(
    (group, value) => {
      if (value === null || value === undefined) return t('common.notRecorded');
      const key = `${group}.${value}`;
      return isMessageKey(key) && key in catalogues[lang] ? t(key) : value;
    },
    [t, lang],
  );
}
