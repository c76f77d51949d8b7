import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type {
  ScreeningListView,
  ScreeningSetListView,
} from '../../../app/schemas/screenings.schemas.ts';
import { api } from '../../api.ts';
import { FormError, SelectField, TextField, useSubmit } from '../../components/ui.tsx';
import type { CaseView, PersonView } from '../../data.ts';
import { useI18n, useVocabulary } from '../../i18n/i18n.tsx';
import { today } from './shared.ts';

const answers = ['yes', 'no', 'unknown'] as const;

/** Records a screening with one of the sets the case's pack lists: each indicator answered. */
function ScreeningForm({
  caseView,
  person,
  onDone,
}: {
  caseView: CaseView;
  person: PersonView;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const queryClient = useQueryClient();
  const formId = useId();
  const sets = useQuery({
    queryKey: ['screening-sets', caseView.jurisdiction],
    staleTime: Infinity,
    queryFn: () =>
      api<ScreeningSetListView>('/api/screening-sets', {
        query: { jurisdiction: caseView.jurisdiction },
      }),
  });
  const [setId, setSetId] = useState('');
  const [screenedOn, setScreenedOn] = useState(today());
  const [given, setGiven] = useState<Record<string, string>>({});
  const { errors, busy, submit, refuse } = useSubmit(['setId', 'screenedOn', 'answers']);
  const chosen = sets.data?.sets.find((set) => set.id === setId);
  return (
    <form
      noValidate
      className="screening-form"
      aria-label={t('screening.formTitle')}
      onSubmit={(event) => {
        event.preventDefault();
        if (chosen === undefined) {
          refuse({ setId: t('issue.choose') });
          return;
        }
        void submit(async () => {
          await api(`/api/persons/${person.id}/screenings`, {
            body: {
              setId,
              screenedOn,
              // An indicator not answered is stored as unknown, which the server says plainly.
              answers: Object.fromEntries(
                chosen.indicators.map((indicator) => [
                  indicator.id,
                  given[indicator.id] ?? 'unknown',
                ]),
              ),
            },
          });
          await queryClient.invalidateQueries({ queryKey: ['screenings', person.id] });
          onDone();
        });
      }}
    >
      <h4>{t('screening.formTitle')}</h4>
      <FormError errors={errors} />
      <div className="grid">
        <SelectField
          label={t('screening.set')}
          name="setId"
          value={setId}
          onChange={(value) => {
            setSetId(value);
            setGiven({});
          }}
          empty={t('common.choose')}
          required
          error={errors.fields['setId']}
          options={(sets.data?.sets ?? []).map((set) => ({ value: set.id, label: set.title }))}
        />
        <TextField
          label={t('screening.screenedOn')}
          name="screenedOn"
          type="date"
          required
          value={screenedOn}
          onChange={setScreenedOn}
          error={errors.fields['screenedOn']}
        />
      </div>
      {chosen !== undefined && (
        <>
          <p className="hint">
            {t('screening.source', { source: chosen.source.title })} {chosen.policy.note}
          </p>
          <ol className="indicators">
            {chosen.indicators.map((indicator) => (
              <li key={indicator.id}>
                <fieldset className="field choices">
                  <legend>{indicator.text}</legend>
                  {answers.map((answer) => (
                    <label key={answer} className="checkbox">
                      <input
                        type="radio"
                        name={`${formId}-${indicator.id}`}
                        value={answer}
                        checked={(given[indicator.id] ?? 'unknown') === answer}
                        onChange={() => setGiven({ ...given, [indicator.id]: answer })}
                      />
                      {vocabulary('answer', answer)}
                    </label>
                  ))}
                </fieldset>
              </li>
            ))}
          </ol>
        </>
      )}
      <div className="buttons">
        <button type="submit" disabled={busy}>
          {t('screening.save')}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {t('identity.cancel')}
        </button>
      </div>
    </form>
  );
}

/** A person's screenings (status, reasoning, completeness) and the form to record one. */
export function Screenings({ caseView, person }: { caseView: CaseView; person: PersonView }) {
  const { t, date } = useI18n();
  const vocabulary = useVocabulary();
  const [open, setOpen] = useState(false);
  const screenings = useQuery({
    queryKey: ['screenings', person.id],
    queryFn: () => api<ScreeningListView>(`/api/persons/${person.id}/screenings`),
  });
  const items = screenings.data?.items ?? [];
  return (
    <div className="screenings" data-testid={`screenings-${person.id}`}>
      <h4>{t('screening.title')}</h4>
      {screenings.isLoading && <p aria-busy="true">{t('common.loading')}</p>}
      {screenings.data !== undefined && items.length === 0 && (
        <p className="muted">{t('screening.none')}</p>
      )}
      {items.length > 0 && (
        <ul>
          {items.map((screening) => (
            <li key={screening.id} data-status={screening.status}>
              {date(screening.screenedOn)} ·{' '}
              <strong>{vocabulary('screeningStatus', screening.status)}</strong>
              {!screening.complete && <> · {t('screening.incomplete')}</>}
              <ul className="hint">
                {screening.reasoning.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      )}
      {open ? (
        <ScreeningForm caseView={caseView} person={person} onDone={() => setOpen(false)} />
      ) : (
        <button type="button" className="small secondary" onClick={() => setOpen(true)}>
          {t('screening.record')}
        </button>
      )}
    </div>
  );
}
