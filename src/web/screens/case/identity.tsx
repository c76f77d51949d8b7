import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '../../api.ts';
import { QueryState } from '../../components/ui.tsx';
import type { IdentityView, PersonView } from '../../data.ts';
import { useI18n } from '../../i18n/i18n.tsx';

/** A person's identity, fetched only when the user asks for it (the read is logged). */
export function Identity({ person }: { person: PersonView }) {
  const { t, date } = useI18n();
  const [shown, setShown] = useState(false);
  const identity = useQuery({
    queryKey: ['identity', person.id],
    enabled: shown,
    staleTime: 0,
    gcTime: 0,
    retry: false,
    queryFn: () => api<IdentityView>(`/api/persons/${person.id}/identity`),
  });
  if (!shown) {
    return (
      <button type="button" className="secondary small" onClick={() => setShown(true)}>
        {t('identity.show')}
      </button>
    );
  }
  return (
    <div className="identity">
      <p className="hint">{t('identity.logged')}</p>
      <QueryState loading={identity.isLoading} error={identity.error} />
      {identity.data !== undefined && (
        <dl>
          <dt>{t('identity.fullName')}</dt>
          <dd>{identity.data.fullName ?? '—'}</dd>
          <dt>{t('identity.birthDate')}</dt>
          <dd>{date(identity.data.birthDate)}</dd>
          <dt>{t('identity.document')}</dt>
          <dd>{identity.data.documentNumber ?? '—'}</dd>
        </dl>
      )}
      <button type="button" className="secondary small" onClick={() => setShown(false)}>
        {t('identity.hide')}
      </button>
    </div>
  );
}
