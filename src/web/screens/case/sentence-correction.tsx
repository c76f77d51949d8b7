import { useId, useState } from 'react';
import { api } from '../../api.ts';
import { TextField } from '../../components/ui.tsx';
import { usePermissions } from '../../components/sign-in.tsx';
import { monthsParts } from '../../data.ts';
import type { CaseView, ChargeView, SentenceView } from '../../data.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { ChargeRange } from './sentence-check.tsx';
import { numberOrNull } from './shared.ts';
import { Correction } from './corrections.tsx';

/**
 * Corrects a sentence: the measures entered replace the recorded ones, beside the statute's
 * range (a second sentence for one conviction is refused; this is the way to fix one).
 */
export function SentenceCorrection({
  caseView,
  sentence,
  charge,
  name,
}: {
  caseView: CaseView;
  sentence: SentenceView;
  charge: ChargeView | undefined;
  name: string;
}) {
  const { t } = useI18n();
  const { can } = usePermissions();
  const initial = () => {
    const parts =
      sentence.imprisonmentMonths === null ? null : monthsParts(sentence.imprisonmentMonths);
    return {
      years: parts === null ? '' : String(parts.years),
      months: parts === null ? '' : String(parts.months),
      life: sentence.life,
      suspended: sentence.suspended,
      probation: sentence.probationMonths === null ? '' : String(sentence.probationMonths),
    };
  };
  const [form, setForm] = useState(initial);
  const lifeId = useId();
  const suspendedId = useId();
  if (can !== undefined && !can('case.adjudicate')) return null;
  const term =
    form.years === '' && form.months === ''
      ? null
      : Number(form.years === '' ? 0 : form.years) * 12 +
        Number(form.months === '' ? 0 : form.months);
  return (
    <Correction
      caseId={caseView.id}
      title={t('correction.correctSentence', { name })}
      fields={['imprisonmentMonths', 'life', 'suspended', 'probationMonths']}
      onOpen={() => setForm(initial())}
      save={(reason) =>
        api(`/api/sentences/${sentence.id}`, {
          method: 'PATCH',
          body: {
            version: sentence.version,
            reason,
            imprisonmentMonths: term,
            life: form.life,
            suspended: form.suspended,
            probationMonths: numberOrNull(form.probation),
            houseArrestMonths: sentence.houseArrestMonths,
            fine: sentence.fine,
            otherMeasures: sentence.otherMeasures,
          },
        })
      }
    >
      {(errors) => (
        <>
          {charge !== undefined && (
            <p className="hint" data-testid="correction-range">
              <ChargeRange charge={charge} />
            </p>
          )}
          <fieldset className="field">
            <legend>{t('event.imprisonment')}</legend>
            <TextField
              label={t('event.years')}
              type="number"
              value={form.years}
              onChange={(value) => setForm({ ...form, years: value })}
              error={errors['imprisonmentMonths']}
            />
            <TextField
              label={t('event.monthsPart')}
              type="number"
              value={form.months}
              onChange={(value) => setForm({ ...form, months: value })}
            />
          </fieldset>
          <label className="checkbox" htmlFor={lifeId}>
            <input
              id={lifeId}
              type="checkbox"
              checked={form.life}
              onChange={(event) => setForm({ ...form, life: event.target.checked })}
            />
            {t('sentence.life')}
          </label>
          <label className="checkbox" htmlFor={suspendedId}>
            <input
              id={suspendedId}
              type="checkbox"
              checked={form.suspended}
              onChange={(event) => setForm({ ...form, suspended: event.target.checked })}
            />
            {t('sentence.suspended')}
          </label>
          {errors['suspended'] !== undefined && (
            <span className="field-error" role="alert">
              {errors['suspended']}
            </span>
          )}
          <TextField
            label={t('sentence.probationMonths')}
            type="number"
            value={form.probation}
            onChange={(value) => setForm({ ...form, probation: value })}
            error={errors['probationMonths']}
          />
        </>
      )}
    </Correction>
  );
}
