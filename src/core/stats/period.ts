import { DomainError } from '../errors.ts';

/** How a report period was chosen. */
export type PeriodKind = 'calendar' | 'tip' | 'range';

/** A closed range of calendar dates, `YYYY-MM-DD` to `YYYY-MM-DD`. */
export interface Period {
  readonly kind: PeriodKind;
  readonly from: string;
  readonly to: string;
  readonly label: string;
}

/** The three periods a report needs: the statistics, the one before, and the reporting period. */
export interface ReportPeriods {
  readonly statistics: Period;
  readonly previous: Period;
  /** Training and complicity are counted over the TIP reporting period (1 April – 31 March). */
  readonly reporting: Period;
  readonly previousReporting: Period;
}

/**
 * The periods a section's figures count, this one and the one before: training and complicity
 * the TIP reporting period, every other section the statistics period (see report.ts).
 */
export function sectionPeriods<P>(
  periods: {
    readonly statistics: P;
    readonly previous: P;
    readonly reporting: P;
    readonly previousReporting: P;
  },
  section: string,
): { readonly now: P; readonly before: P } {
  return section === 'training' || section === 'complicity'
    ? { now: periods.reporting, before: periods.previousReporting }
    : { now: periods.statistics, before: periods.previous };
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

function checkDate(name: string, value: string): void {
  const parsed = new Date(`${value}T00:00:00Z`);
  if (
    !isoDate.test(value) ||
    Number.isNaN(parsed.getTime()) ||
    parsed.toISOString().slice(0, 10) !== value
  ) {
    throw new DomainError('ValidationFailed', `${name}: "${value}" is not a date (YYYY-MM-DD)`, {
      issues: [{ path: name, message: 'must be a date as YYYY-MM-DD' }],
    });
  }
}

function shiftDays(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() + days);
  return value.toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** Calendar year `year`. */
export function calendarYear(year: number): Period {
  return { kind: 'calendar', from: `${year}-01-01`, to: `${year}-12-31`, label: String(year) };
}

/** The TIP reporting year that starts on 1 April `year` and ends on 31 March `year + 1`. */
export function tipYear(year: number): Period {
  return {
    kind: 'tip',
    from: `${year}-04-01`,
    to: `${year + 1}-03-31`,
    label: `April ${year} – March ${year + 1}`,
  };
}

/** Whether `date` falls inside the period (inclusive). */
export function within(period: Period, date: string | null | undefined): date is string {
  return date != null && date >= period.from && date <= period.to;
}

/** The periods of a report: by year (calendar or TIP) or by an explicit range. */
export function reportPeriods(
  choice: { year: number; kind: 'calendar' | 'tip' } | { from: string; to: string },
): ReportPeriods {
  if ('year' in choice) {
    if (!Number.isInteger(choice.year) || choice.year < 1900 || choice.year > 2200) {
      throw new DomainError('ValidationFailed', `year: ${choice.year} is not a year`, {
        issues: [{ path: 'year', message: 'must be a year between 1900 and 2200' }],
      });
    }
    const make = choice.kind === 'calendar' ? calendarYear : tipYear;
    return {
      statistics: make(choice.year),
      previous: make(choice.year - 1),
      reporting: tipYear(choice.year),
      previousReporting: tipYear(choice.year - 1),
    };
  }
  checkDate('from', choice.from);
  checkDate('to', choice.to);
  if (choice.to < choice.from) {
    throw new DomainError('ValidationFailed', `to: ${choice.to} is before from: ${choice.from}`, {
      issues: [{ path: 'to', message: 'must not be before from' }],
    });
  }
  const length = daysBetween(choice.from, choice.to);
  const statistics: Period = {
    kind: 'range',
    from: choice.from,
    to: choice.to,
    label: `${choice.from} – ${choice.to}`,
  };
  const previousTo = shiftDays(choice.from, -1);
  const previousFrom = shiftDays(previousTo, -length);
  const previous: Period = {
    kind: 'range',
    from: previousFrom,
    to: previousTo,
    label: `${previousFrom} – ${previousTo}`,
  };
  return { statistics, previous, reporting: statistics, previousReporting: previous };
}

/** Days from `from` to `to` (both dates), for ages of pending records. */
export function ageInDays(from: string, to: string): number {
  return daysBetween(from, to);
}
