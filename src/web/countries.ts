import { getAlpha3Codes } from 'i18n-iso-countries';
import { useMemo } from 'react';
import { useI18n } from './i18n/i18n.tsx';

/** ISO 3166-1 alpha-3 code → alpha-2 (the code Intl.DisplayNames names a country by). */
const alpha2Of: Readonly<Record<string, string>> = getAlpha3Codes();

/**
 * Citizenship as the registry stores it (alpha-3, "stateless" or "unknown") in the user's
 * language: country names come from the browser's CLDR data, so every language has them.
 */
export function useCitizenship() {
  const { t, lang } = useI18n();
  return useMemo(() => {
    const names = new Intl.DisplayNames([lang], { type: 'region', fallback: 'code' });
    const nameOf = (code: string | null): string => {
      if (code === null) return t('common.notRecorded');
      if (code === 'stateless') return t('citizenship.stateless');
      if (code === 'unknown') return t('citizenship.unknown');
      const alpha2 = alpha2Of[code];
      return alpha2 === undefined ? code : (names.of(alpha2) ?? code);
    };
    const collator = new Intl.Collator(lang);
    const options = [
      { value: 'stateless', label: t('citizenship.stateless') },
      { value: 'unknown', label: t('citizenship.unknown') },
      ...Object.keys(alpha2Of)
        .map((code) => ({ value: code, label: nameOf(code) }))
        .sort((a, b) => collator.compare(a.label, b.label)),
    ];
    return { nameOf, options };
  }, [t, lang]);
}
