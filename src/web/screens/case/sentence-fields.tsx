import { useQuery } from '@tanstack/react-query';
import { api } from '../../api.ts';
import { TextField } from '../../components/ui.tsx';
import type { FormErrors } from '../../components/ui.tsx';
import type { ChargeView } from '../../data.ts';
import { useI18n, useVocabulary } from '../../i18n/i18n.tsx';
import { checkBody, rangeLabel } from './sentence-check.tsx';
import type { SentenceCheck } from './sentence-check.tsx';
import { DurationField } from './duration-field.tsx';
import { sentenceOf } from './event-rules.ts';
import type { EventFormState } from './event-rules.ts';

/** The statute's range for the chosen charge and where the sentence entered falls, live. */
export function useSentenceCheck(charge: ChargeView | undefined, form: EventFormState) {
  const sentence = sentenceOf(form);
  const valid = !Object.values(sentence).some((value) => Number.isNaN(value));
  const body =
    charge === undefined || !valid
      ? null
      : checkBody(charge, {
          ...sentence,
          fine: sentence.fine !== null && sentence.fine.amount > 0 ? sentence.fine : null,
        });
  return useQuery({
    queryKey: ['sentence-check-draft', body],
    enabled: body !== null,
    staleTime: Infinity,
    retry: false,
    queryFn: () =>
      api<SentenceCheck>(
        `/api/jurisdictions/${charge?.statute.jurisdiction ?? ''}/sentence-check`,
        { body },
      ),
  });
}

/** The sentence's durations, each entered in years and months. */
const durations = [
  { name: 'imprisonment', legend: 'event.imprisonment' },
  { name: 'probation', legend: 'event.probation' },
  { name: 'houseArrest', legend: 'event.houseArrest' },
] as const;

/**
 * The sentence's measures (durations in years and months, suspended, life, fine, other measures)
 * with the statute's range of the chosen charge and where the sentence entered falls, live.
 */
export function SentenceFields({
  form,
  charge,
  check,
  outside,
  errors,
  set,
  toggle,
}: {
  form: EventFormState;
  charge: ChargeView | undefined;
  check: ReturnType<typeof useSentenceCheck>;
  outside: boolean;
  errors: FormErrors;
  set: (name: keyof EventFormState) => (value: string) => void;
  toggle: (name: 'suspended' | 'life') => (checked: boolean) => void;
}) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  return (
    <div className="sentence-entry">
      <p className="hint" data-testid="statute-range" aria-live="polite">
        {charge === undefined
          ? t('event.chooseChargeForRange')
          : check.data === undefined
            ? check.error === null
              ? '…'
              : t('range.unavailable')
            : t('event.statuteRange', {
                article: charge.statute.article,
                range: rangeLabel(check.data.range, t),
              })}
      </p>
      <div className="grid">
        {durations.map(({ name, legend }) => (
          <DurationField
            key={name}
            legend={t(legend)}
            name={name}
            years={form[`${name}Years`]}
            months={form[`${name}Months`]}
            onYears={set(`${name}Years`)}
            onMonths={set(`${name}Months`)}
            error={errors.fields[`${name}Months`]}
          />
        ))}
        <label className="checkbox">
          <input
            type="checkbox"
            name="suspended"
            checked={form.suspended}
            onChange={(event) => toggle('suspended')(event.target.checked)}
          />
          {t('sentence.suspended')}
        </label>
        <label className="checkbox">
          <input
            type="checkbox"
            name="life"
            checked={form.life}
            onChange={(event) => toggle('life')(event.target.checked)}
          />
          {t('sentence.life')}
        </label>
        <TextField
          label={t('sentence.fineAmount')}
          name="fineAmount"
          type="number"
          value={form.fineAmount}
          onChange={set('fineAmount')}
          error={errors.fields['fine']}
        />
        <TextField
          label={t('sentence.fineCurrency')}
          name="fineCurrency"
          hint={t('event.currencyHint')}
          value={form.fineCurrency}
          onChange={set('fineCurrency')}
        />
        <TextField
          label={t('sentence.otherMeasures')}
          name="otherMeasures"
          value={form.otherMeasures}
          onChange={set('otherMeasures')}
          error={errors.fields['otherMeasures']}
        />
      </div>
      {check.data !== undefined && charge !== undefined && (
        <p
          className={outside ? 'check-warn' : 'check-ok'}
          data-testid="sentence-check"
          data-verdict={check.data.verdict}
          aria-live="polite"
        >
          {vocabulary('sentenceVerdict', check.data.verdict)}
        </p>
      )}
    </div>
  );
}
