import { useI18n } from '../../i18n/i18n.tsx';

/** Years and months inputs for one duration of a sentence. */
export function DurationField({
  legend,
  name,
  years,
  months,
  onYears,
  onMonths,
  error,
}: {
  legend: string;
  name: string;
  years: string;
  months: string;
  onYears: (value: string) => void;
  onMonths: (value: string) => void;
  error: string | undefined;
}) {
  const { t } = useI18n();
  return (
    <fieldset
      className={error === undefined ? 'field duration' : 'field duration field-invalid'}
      aria-describedby={error === undefined ? undefined : `${name}-error`}
    >
      <legend>{legend}</legend>
      <label>
        {t('event.years')}
        <input
          type="number"
          min={0}
          inputMode="numeric"
          name={`${name}Years`}
          value={years}
          aria-invalid={error !== undefined}
          onChange={(event) => onYears(event.target.value)}
        />
      </label>
      <label>
        {t('event.monthsPart')}
        <input
          type="number"
          min={0}
          inputMode="numeric"
          name={`${name}Months`}
          value={months}
          aria-invalid={error !== undefined}
          onChange={(event) => onMonths(event.target.value)}
        />
      </label>
      {error !== undefined && (
        <span className="field-error" id={`${name}-error`} role="alert">
          {error}
        </span>
      )}
    </fieldset>
  );
}
