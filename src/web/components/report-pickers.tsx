import { useMemo, useState } from 'react';
import { useJurisdictions, useOwnJurisdiction, useYearRange } from '../data.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { SelectField } from './ui.tsx';

/** A report's kind of period: the calendar year, or the TIP reporting year (April to March). */
export type ReportPeriod = 'calendar' | 'tip';

/**
 * Jurisdiction and year pickers shared by the dashboard, the reports screens and the victim
 * matches: the user's own agency's jurisdiction, else the only one in use, else the first pack;
 * the newest year with records until another is chosen.
 */
export function useReportPickers() {
  const jurisdictions = useJurisdictions();
  const own = useOwnJurisdiction();
  const [year, setYear] = useState<number | null>(null);
  const [chosen, setJurisdiction] = useState<string | null>(null);
  const jurisdiction =
    chosen ?? (own === '' ? undefined : own) ?? jurisdictions.data?.jurisdictions[0]?.code ?? '';
  const years = useYearRange(jurisdiction === '' ? undefined : jurisdiction);
  const chosenYear = year ?? years.data?.last ?? null;
  const yearOptions = useMemo(() => {
    if (years.data === undefined) return [];
    const options: number[] = [];
    const current = new Date().getUTCFullYear();
    const newest = Math.max(years.data.last, current) + 1;
    const oldest = Math.min(years.data.first, current - 15) - 1;
    for (let y = newest; y >= oldest; y -= 1) options.push(y);
    return options;
  }, [years.data]);
  return {
    years,
    jurisdictions,
    year: chosenYear,
    setYear,
    jurisdiction,
    setJurisdiction,
    yearOptions,
  };
}

export type ReportPickers = ReturnType<typeof useReportPickers>;

/** The jurisdiction picker, over the statute packs. */
export function JurisdictionField({ pickers }: { pickers: ReportPickers }) {
  const { t } = useI18n();
  return (
    <SelectField
      label={t('common.jurisdiction')}
      value={pickers.jurisdiction}
      onChange={pickers.setJurisdiction}
      options={(pickers.jurisdictions.data?.jurisdictions ?? []).map((j) => ({
        value: j.code,
        label: j.name,
      }))}
    />
  );
}

/** The year picker, over the years with records and the fifteen before this one. */
export function YearField({ pickers }: { pickers: ReportPickers }) {
  const { t } = useI18n();
  return (
    <SelectField
      label={t('common.year')}
      value={pickers.year === null ? '' : String(pickers.year)}
      onChange={(value) => pickers.setYear(Number(value))}
      options={pickers.yearOptions.map((y) => ({ value: String(y), label: String(y) }))}
    />
  );
}

/** The period picker: calendar year or TIP year. */
export function PeriodField({
  period,
  setPeriod,
}: {
  period: ReportPeriod;
  setPeriod: (period: ReportPeriod) => void;
}) {
  const { t } = useI18n();
  return (
    <SelectField
      label={t('report.period')}
      value={period}
      onChange={(value) => setPeriod(value === 'tip' ? 'tip' : 'calendar')}
      options={[
        { value: 'calendar', label: t('report.calendar') },
        { value: 'tip', label: t('report.tip') },
      ]}
    />
  );
}
