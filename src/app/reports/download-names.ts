import type { PackRegistry } from '../../core/statutes/registry.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/** The languages a download is named in (the web's languages). */
export const downloadLanguages = ['en', 'ru', 'ky'] as const;
export type DownloadLanguage = (typeof downloadLanguages)[number];

/** What is downloaded; each names its file in words in every download language. */
export type DownloadKind =
  'annualReport' | 'publishedReport' | 'glotip' | 'htcds' | 'ctdc' | 'importRejects';

// The web saves a download under the name the server sends (src/web/api.ts `download`), so a file
// saved from the browser and one fetched from the API or written by the CLI carry the same name.
const titles: Readonly<Record<DownloadKind, Readonly<Record<DownloadLanguage, string>>>> = {
  annualReport: {
    en: 'Trafficking report {jurisdiction} {period}',
    ru: 'Отчёт о торговле людьми {jurisdiction} {period}',
    ky: 'Адам сатуу боюнча отчёт {jurisdiction} {period}',
  },
  publishedReport: {
    en: 'Published trafficking report {jurisdiction} {period}',
    ru: 'Опубликованный отчёт о торговле людьми {jurisdiction} {period}',
    ky: 'Жарыяланган адам сатуу боюнча отчёт {jurisdiction} {period}',
  },
  glotip: {
    en: 'UNODC GLOTIP {jurisdiction} {period}',
    ru: 'UNODC GLOTIP {jurisdiction} {period}',
    ky: 'UNODC GLOTIP {jurisdiction} {period}',
  },
  htcds: {
    en: 'HTCDS cases {jurisdiction}',
    ru: 'Дела HTCDS {jurisdiction}',
    ky: 'HTCDS иштери {jurisdiction}',
  },
  ctdc: {
    en: 'CTDC victims {jurisdiction}',
    ru: 'Жертвы CTDC {jurisdiction}',
    ky: 'CTDC жабырлануучулары {jurisdiction}',
  },
  importRejects: {
    en: 'Rejected import rows',
    ru: 'Отклонённые строки импорта',
    ky: 'Импорттун четке кагылган саптары',
  },
};

/** The first download language a request asks for (`lang`, then Accept-Language); else English. */
export function downloadLanguage(
  explicit: string | undefined,
  acceptLanguage: string | undefined,
): DownloadLanguage {
  const wanted = [
    explicit ?? '',
    ...(acceptLanguage ?? '')
      .split(',')
      .map((part) => part.split(';')[0]!.trim().toLowerCase().slice(0, 2)),
  ];
  const first = wanted.find((tag): tag is DownloadLanguage =>
    downloadLanguages.some((lang) => lang === tag),
  );
  return first ?? 'en';
}

/**
 * A jurisdiction's name in a language: the pack's own (English) name, or the country's name as
 * the ICU data gives it in Russian or Kyrgyz; the code as stored when no pack has it.
 */
export function jurisdictionName(
  registry: PackRegistry,
  code: JurisdictionCode,
  lang: DownloadLanguage,
): string {
  const pack = registry.packs.get(code);
  if (pack === undefined) return code;
  if (lang === 'en') return pack.name;
  const local = new Intl.DisplayNames([lang], { type: 'region', fallback: 'none' }).of(
    pack.ids.alpha2,
  );
  return local ?? pack.name;
}

/**
 * A download's file name as a person would choose it: the title in words with its values, without
 * the characters file systems refuse (as the web's fileName does).
 */
export function downloadName(
  kind: DownloadKind,
  lang: DownloadLanguage,
  values: Readonly<Record<string, string>>,
  extension: string,
): string {
  const title = titles[kind][lang].replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
  const words = title
    // eslint-disable-next-line no-control-regex
    .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `${words}.${extension}`;
}

/**
 * The Content-Disposition of a named download: the name in UTF-8 (RFC 6266 / 5987 `filename*`)
 * and, for clients that read only `filename`, an ASCII stand-in.
 */
export function contentDisposition(type: 'attachment' | 'inline', name: string): string {
  const ascii = name
    .replace(/[–—]/g, '-')
    .replace(/[^\x20-\x7e]/g, '_')
    .replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** A report period in a file name, in no language's words: 2016, 2016–2017 (TIP), or from – to. */
export function periodInName(period: {
  readonly kind: string;
  readonly from: string;
  readonly to: string;
  readonly label: string;
}): string {
  if (period.kind === 'calendar') return period.label;
  if (period.kind === 'tip') return `${period.from.slice(0, 4)}–${period.to.slice(0, 4)}`;
  return `${period.from} – ${period.to}`;
}
