import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { QueryState } from '../../components/ui.tsx';
import { useCitizenship } from '../../countries.ts';
import { useAgencyName } from '../../data.ts';
import { useI18n, useVocabulary } from '../../i18n/i18n.tsx';
import type { MessageKey } from '../../i18n/en.ts';
import { durationLabel } from './sentence-check.tsx';

/** What the history shows of a change's fields, by the API's names. */
const fieldLabels: Readonly<Record<string, MessageKey>> = {
  occurredOn: 'event.occurredOn',
  reasonText: 'event.reasonText',
  imprisonmentMonths: 'event.imprisonment',
  life: 'sentence.life',
  suspended: 'sentence.suspended',
  probationMonths: 'sentence.probationMonths',
  sentencedOn: 'event.occurredOn',
  decidedOn: 'event.occurredOn',
  label: 'person.label',
  sex: 'person.sex',
  age: 'person.ageKind',
  citizenship: 'person.citizenship',
  form: 'charge.form',
  offenceDate: 'charge.offenceDate',
  statute: 'charge.provision',
  status: 'charge.status',
  reference: 'cases.reference',
  openingAgencyId: 'newCase.openingAgency',
  openedOn: 'cases.openedOn',
  origin: 'cases.origin',
  summary: 'newCase.summary',
  registeredProvision: 'newCase.registeredArticle',
  forms: 'victim.forms',
  identifiedOn: 'victim.identifiedOn',
  identifyingAgencyId: 'victim.identifyingAgency',
  referredToServices: 'victim.referred',
  cooperatingAsWitness: 'victim.cooperating',
};

interface HistoryEntry {
  index: number;
  at: string;
  action: string;
  before: unknown;
  after: unknown;
}

function changedFields(before: unknown, after: unknown): [string, unknown, unknown][] {
  if (typeof before !== 'object' || before === null) return [];
  if (typeof after !== 'object' || after === null) return [];
  const was = new Map(Object.entries(before));
  return Object.entries(after)
    .filter(
      ([key, value]) =>
        key in fieldLabels && JSON.stringify(was.get(key)) !== JSON.stringify(value),
    )
    .map(([key, value]) => [key, was.get(key), value]);
}

/** A field's value as the history shows it: in words, dates and durations in the UI language. */
function useHistoryValue(): (field: string, value: unknown) => string {
  const { t, date } = useI18n();
  const vocabulary = useVocabulary();
  const agencyName = useAgencyName();
  const citizenship = useCitizenship();
  const groups: Readonly<Record<string, string>> = {
    sex: 'sex',
    form: 'form',
    origin: 'origin',
    status: 'chargeStatus',
    referredToServices: 'tri',
    cooperatingAsWitness: 'tri',
  };
  return (field, value) => {
    if (value === null || value === undefined) return t('common.notRecorded');
    if (typeof value === 'boolean') return t(value ? 'answer.yes' : 'answer.no');
    if (typeof value === 'number')
      return field.endsWith('Months') ? durationLabel(value, t) : String(value);
    if (typeof value === 'string') {
      if (/(On|Date)$/.test(field)) return date(value);
      if (field === 'openingAgencyId' || field === 'identifyingAgencyId') return agencyName(value);
      if (field === 'citizenship') return citizenship.nameOf(value);
      const group = groups[field];
      if (group !== undefined) return vocabulary(group, value);
      return value.length > 80 ? `${value.slice(0, 79)}…` : value;
    }
    if (Array.isArray(value) && field === 'forms')
      return value.map((form) => vocabulary('exploitation', String(form))).join(', ');
    if (typeof value === 'object' && 'article' in value && typeof value.article === 'string')
      return t('common.articleN', { article: value.article });
    if (typeof value === 'object' && 'kind' in value) {
      const years = 'years' in value && typeof value.years === 'number' ? value.years : 0;
      if (value.kind === 'exact') return t('person.age', { years });
      if (value.kind === 'estimated') return t('person.ageAbout', { years });
      return t('person.ageUnknown');
    }
    return t('issue.invalid');
  };
}

function reasonIn(after: unknown): string | null {
  if (typeof after !== 'object' || after === null || !('correctionReason' in after)) return null;
  return typeof after.correctionReason === 'string' ? after.correctionReason : null;
}

/** A record's history: when it was recorded and each correction, with its reason. */
export function RecordHistory({ type, id, name }: { type: string; id: string; name: string }) {
  const { t, dateTime } = useI18n();
  const shown = useHistoryValue();
  const [open, setOpen] = useState(false);
  const history = useQuery({
    queryKey: ['history', type, id],
    enabled: open,
    queryFn: () => api<{ entries: HistoryEntry[] }>(`/api/history/${type}/${id}`),
  });
  if (!open) {
    return (
      <button type="button" className="link-button no-print" onClick={() => setOpen(true)}>
        {t('correction.history', { name })}
      </button>
    );
  }
  const entries = history.data?.entries;
  return (
    <div className="record-history" data-testid="record-history">
      <h4>{t('correction.historyOf', { name })}</h4>
      {entries === undefined ? (
        <QueryState loading={history.isLoading} error={history.error} />
      ) : (
        <ol>
          {entries.map((entry) => {
            const fields = changedFields(entry.before, entry.after);
            const reason = reasonIn(entry.after);
            return (
              <li key={entry.index}>
                <time dateTime={entry.at}>{dateTime(entry.at)}</time>{' '}
                <strong>
                  {entry.before === null ? t('correction.recorded') : t('correction.corrected')}
                </strong>
                {entry.before !== null &&
                  fields.map(([field, was, now]) => (
                    <span key={field} className="change">
                      {' '}
                      · {t(fieldLabels[field] ?? 'issue.invalid')}: {shown(field, was)} →{' '}
                      {shown(field, now)}
                    </span>
                  ))}
                {reason !== null && (
                  <>
                    {' '}
                    · {t('correction.because')} <q>{reason}</q>
                  </>
                )}
              </li>
            );
          })}
        </ol>
      )}
      <button type="button" className="link-button no-print" onClick={() => setOpen(false)}>
        {t('correction.hideHistory')}
      </button>
    </div>
  );
}
