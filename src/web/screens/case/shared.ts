import { useQueryClient } from '@tanstack/react-query';
import type { CaseView } from '../../data.ts';
import { useI18n, useVocabulary } from '../../i18n/i18n.tsx';

/** Today as YYYY-MM-DD (the default date of what happens now). */
export const today = () => new Date().toISOString().slice(0, 10);
/** An empty input as null (not recorded). */
export const orNull = (value: string) => (value === '' ? null : value);
/** A number input as a number, empty as null. */
export const numberOrNull = (value: string) => (value === '' ? null : Number(value));

/** The label of a person in the case file, never their identity. */
export function usePersonLabel(caseView: Pick<CaseView, 'persons'>): (id: string | null) => string {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  return (id) => {
    if (id === null) return '—';
    const person = caseView.persons.find((p) => p.id === id);
    if (person === undefined) return id.slice(0, 8);
    return (
      person.label ??
      `${vocabulary('role', person.role)} ${t('common.shortId', { id: person.id.slice(0, 6) })}`
    );
  };
}

/** Refetches the case and what is counted from it after a change. */
export function useRefresh(caseId: string) {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: ['case', caseId] });
    await queryClient.invalidateQueries({ queryKey: ['annual-report'] });
    await queryClient.invalidateQueries({ queryKey: ['cases'] });
  };
}
