import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError, api } from '../../api.ts';
import { FormError, QueryState, TextArea, TextField, useSubmit } from '../../components/ui.tsx';
import type { IdentityView, PersonView } from '../../data.ts';
import { useI18n } from '../../i18n/i18n.tsx';

const identityFields = [
  'fullName',
  'aliases',
  'birthDate',
  'birthPlace',
  'documentType',
  'documentNumber',
  'documentIssuer',
  'contacts',
  'address',
  'version',
];

const blank = (value: string) => (value.trim() === '' ? null : value.trim());

/** Records or corrects a person's identity (the whole record is replaced, encrypted at rest). */
function IdentityForm({
  person,
  identity,
  onDone,
}: {
  person: PersonView;
  identity: IdentityView | null;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({
    fullName: identity?.fullName ?? '',
    aliases: identity?.aliases ?? '',
    birthDate: identity?.birthDate ?? '',
    birthPlace: identity?.birthPlace ?? '',
    documentType: identity?.documentType ?? '',
    documentNumber: identity?.documentNumber ?? '',
    documentIssuer: identity?.documentIssuer ?? '',
    phones: identity?.contacts?.phones.join(', ') ?? '',
    address: identity?.address ?? '',
  });
  const { errors, busy, submit } = useSubmit(identityFields);
  const set = (name: keyof typeof form) => (value: string) => setForm({ ...form, [name]: value });
  const phones = form.phones
    .split(/[,;]/)
    .map((phone) => phone.trim())
    .filter((phone) => phone !== '');
  return (
    <form
      noValidate
      className="identity-form"
      aria-label={t('identity.formTitle')}
      onSubmit={(event) => {
        event.preventDefault();
        void submit(async () => {
          await api(`/api/persons/${person.id}/identity`, {
            method: 'PUT',
            body: {
              ...(identity === null ? {} : { version: identity.version }),
              fullName: blank(form.fullName),
              aliases: blank(form.aliases),
              birthDate: blank(form.birthDate),
              birthPlace: blank(form.birthPlace),
              documentType: blank(form.documentType),
              documentNumber: blank(form.documentNumber),
              documentIssuer: blank(form.documentIssuer),
              contacts:
                phones.length === 0 && identity?.contacts === undefined
                  ? null
                  : {
                      phones,
                      emails: identity?.contacts?.emails ?? [],
                      other: identity?.contacts?.other ?? null,
                    },
              address: blank(form.address),
            },
          });
          await queryClient.invalidateQueries({ queryKey: ['identity', person.id] });
          onDone();
        });
      }}
    >
      <h4>{identity === null ? t('identity.recordTitle') : t('identity.correctTitle')}</h4>
      <p className="hint">{t('identity.encrypted')}</p>
      <FormError errors={errors} />
      <div className="grid">
        <TextField
          label={t('identity.fullName')}
          name="fullName"
          value={form.fullName}
          onChange={set('fullName')}
          error={errors.fields['fullName']}
        />
        <TextField
          label={t('identity.aliases')}
          name="aliases"
          value={form.aliases}
          onChange={set('aliases')}
          error={errors.fields['aliases']}
        />
        <TextField
          label={t('identity.birthDate')}
          name="birthDate"
          type="date"
          value={form.birthDate}
          onChange={set('birthDate')}
          error={errors.fields['birthDate']}
        />
        <TextField
          label={t('identity.birthPlace')}
          name="birthPlace"
          value={form.birthPlace}
          onChange={set('birthPlace')}
          error={errors.fields['birthPlace']}
        />
        <TextField
          label={t('identity.documentType')}
          name="documentType"
          hint={t('identity.documentTypeHint')}
          value={form.documentType}
          onChange={set('documentType')}
          error={errors.fields['documentType']}
        />
        <TextField
          label={t('identity.document')}
          name="documentNumber"
          value={form.documentNumber}
          onChange={set('documentNumber')}
          error={errors.fields['documentNumber']}
        />
        <TextField
          label={t('identity.documentIssuer')}
          name="documentIssuer"
          value={form.documentIssuer}
          onChange={set('documentIssuer')}
          error={errors.fields['documentIssuer']}
        />
        <TextField
          label={t('identity.phones')}
          name="phones"
          hint={t('common.commaList')}
          value={form.phones}
          onChange={set('phones')}
          error={errors.fields['contacts']}
        />
      </div>
      <TextArea
        label={t('identity.address')}
        name="address"
        value={form.address}
        onChange={set('address')}
        error={errors.fields['address']}
      />
      <div className="buttons">
        <button type="submit" disabled={busy}>
          {t('identity.save')}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {t('identity.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * A person's identity, fetched only when the user asks for it (the read is logged); recorded
 * or corrected here. "None recorded" is an answer, not an error.
 */
export function Identity({ person }: { person: PersonView }) {
  const { t, date } = useI18n();
  const [shown, setShown] = useState(false);
  const [editing, setEditing] = useState(false);
  const identity = useQuery({
    queryKey: ['identity', person.id],
    enabled: shown,
    staleTime: 0,
    gcTime: 0,
    retry: false,
    queryFn: async () => {
      try {
        return await api<IdentityView>(`/api/persons/${person.id}/identity`);
      } catch (error) {
        if (error instanceof ApiError && error.code === 'NotFound') return null;
        throw error;
      }
    },
  });
  if (!shown) {
    return (
      <button type="button" className="secondary small" onClick={() => setShown(true)}>
        {t('identity.show')}
      </button>
    );
  }
  const data = identity.data;
  return (
    <div className="identity">
      <p className="hint">{t('identity.logged')}</p>
      <QueryState loading={identity.isLoading} error={identity.error} />
      {data === null && !editing && <p>{t('identity.none')}</p>}
      {data !== undefined && data !== null && !editing && data.shredded !== null && (
        <p>{t('identity.shredded', { date: date(data.shredded.on) })}</p>
      )}
      {data !== undefined && data !== null && !editing && data.shredded === null && (
        <dl>
          <dt>{t('identity.fullName')}</dt>
          <dd>{data.fullName ?? t('common.notRecorded')}</dd>
          <dt>{t('identity.aliases')}</dt>
          <dd>{data.aliases ?? t('common.notRecorded')}</dd>
          <dt>{t('identity.birthDate')}</dt>
          <dd>{data.birthDate === null ? t('common.notRecorded') : date(data.birthDate)}</dd>
          <dt>{t('identity.birthPlace')}</dt>
          <dd>{data.birthPlace ?? t('common.notRecorded')}</dd>
          <dt>{t('identity.document')}</dt>
          <dd>
            {[data.documentType, data.documentNumber, data.documentIssuer]
              .filter((part) => part !== null)
              .join(' · ') || t('common.notRecorded')}
          </dd>
          <dt>{t('identity.phones')}</dt>
          <dd>
            {data.contacts === null || data.contacts.phones.length === 0
              ? t('common.notRecorded')
              : data.contacts.phones.join(', ')}
          </dd>
          <dt>{t('identity.address')}</dt>
          <dd>{data.address ?? t('common.notRecorded')}</dd>
        </dl>
      )}
      {editing && data !== undefined && (
        <IdentityForm person={person} identity={data} onDone={() => setEditing(false)} />
      )}
      <div className="buttons">
        {!editing && data !== undefined && (data === null || data.shredded === null) && (
          <button type="button" className="small" onClick={() => setEditing(true)}>
            {data === null ? t('identity.record') : t('identity.correct')}
          </button>
        )}
        <button
          type="button"
          className="secondary small"
          onClick={() => {
            setEditing(false);
            setShown(false);
          }}
        >
          {t('identity.hide')}
        </button>
      </div>
    </div>
  );
}
