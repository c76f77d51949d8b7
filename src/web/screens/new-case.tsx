import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { caseOpeningAgencyKinds, caseOrigins } from '../../core/vocabulary.ts';
import { api } from '../api.ts';
import { FormError, SelectField, TextArea, TextField, useSubmit } from '../components/ui.tsx';
import { useMe } from '../components/sign-in.tsx';
import { useAgencies, useJurisdictions, useLawOnDate, useDefaultJurisdiction } from '../data.ts';
import type { CaseView } from '../data.ts';
import { useI18n, useVocabulary } from '../i18n/i18n.tsx';
import { NotOffered } from './case/not-offered.tsx';

const fields = [
  'jurisdiction',
  'reference',
  'openedOn',
  'openingAgencyId',
  'origin',
  'summary',
  'registeredProvision',
];

/** Opens a case; the server's validation errors appear at their fields. */
/** The new-case form as typed. */
interface NewCaseForm {
  readonly jurisdiction: string;
  readonly reference: string;
  readonly openedOn: string;
  readonly openingAgencyId: string | null;
  readonly origin: string;
  readonly summary: string;
  readonly provision: string;
}

export function NewCase() {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const agencies = useAgencies();
  const jurisdictions = useJurisdictions();
  const { me } = useMe();
  const ownAgencyId = me.data?.agencyId ?? null;
  const own = useDefaultJurisdiction();
  const [form, setForm] = useState<NewCaseForm>({
    // '': not chosen, so the user's own agency's jurisdiction (or the only pack) is the default.
    jurisdiction: '',
    reference: '',
    openedOn: new Date().toISOString().slice(0, 10),
    // null: not chosen by the user, so the user's own agency (once known) is the default.
    openingAgencyId: null,
    origin: '',
    summary: '',
    provision: '',
  });
  const jurisdiction = form.jurisdiction !== '' ? form.jurisdiction : own;
  const law = useLawOnDate(jurisdiction, form.openedOn);
  const provisions = [
    ...new Map((law.data?.provisions ?? []).map((p) => [p.provisionId, p])).values(),
  ];
  const { errors, busy, submit } = useSubmit(fields);
  const set = (name: keyof typeof form) => (value: string) => setForm({ ...form, [name]: value });
  const chosen = provisions.find((p) => p.provisionId === form.provision);
  const openingAgencies = (agencies.data?.items ?? []).filter(
    (a) =>
      a.jurisdiction === jurisdiction && caseOpeningAgencyKinds.some((kind) => kind === a.kind),
  );
  const ownOffered = openingAgencies.some((a) => a.id === ownAgencyId);
  const openingAgencyId = form.openingAgencyId ?? (ownOffered ? (ownAgencyId ?? '') : '');
  return (
    <section aria-labelledby="new-case-title">
      <h1 id="new-case-title">{t('newCase.title')}</h1>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void submit(async () => {
            const created = await api<CaseView>('/api/cases', {
              body: {
                jurisdiction,
                reference: form.reference,
                openedOn: form.openedOn,
                openingAgencyId,
                origin: form.origin === '' ? null : form.origin,
                summary: form.summary === '' ? null : form.summary,
                registeredProvision:
                  chosen === undefined
                    ? null
                    : {
                        jurisdiction,
                        instrument: chosen.instrument,
                        article: chosen.article,
                      },
              },
            });
            await queryClient.invalidateQueries();
            await navigate(`/cases/${created.id}`);
          });
        }}
      >
        <FormError errors={errors} />
        <div className="grid">
          <SelectField
            label={t('common.jurisdiction')}
            name="jurisdiction"
            value={jurisdiction}
            onChange={set('jurisdiction')}
            error={errors.fields['jurisdiction']}
            empty={t('common.choose')}
            required
            options={(jurisdictions.data?.jurisdictions ?? []).map((j) => ({
              value: j.code,
              label: j.name,
            }))}
          />
          <TextField
            label={t('cases.reference')}
            name="reference"
            value={form.reference}
            onChange={set('reference')}
            error={errors.fields['reference']}
            required
          />
          <TextField
            label={t('cases.openedOn')}
            name="openedOn"
            type="date"
            value={form.openedOn}
            onChange={set('openedOn')}
            error={errors.fields['openedOn']}
            required
          />
          <SelectField
            label={t('newCase.openingAgency')}
            name="openingAgencyId"
            value={openingAgencyId}
            onChange={set('openingAgencyId')}
            error={errors.fields['openingAgencyId']}
            empty={t('common.choose')}
            required
            hint={
              ownAgencyId !== null && openingAgencyId !== '' && openingAgencyId !== ownAgencyId
                ? t('newCase.otherAgency')
                : t('newCase.agencyHint')
            }
            options={openingAgencies.map((a) => ({ value: a.id, label: a.name }))}
          />
          <SelectField
            label={t('cases.origin')}
            name="origin"
            value={form.origin}
            onChange={set('origin')}
            error={errors.fields['origin']}
            empty={t('common.notRecorded')}
            options={caseOrigins.map((value) => ({ value, label: vocabulary('origin', value) }))}
          />
          <SelectField
            label={t('newCase.registeredArticle')}
            name="provision"
            value={form.provision}
            onChange={set('provision')}
            error={errors.fields['registeredProvision']}
            empty={t('common.none')}
            options={provisions.map((p) => ({
              value: p.provisionId,
              label: `${t('common.articleN', { article: p.article })} — ${p.title}`,
            }))}
          />
        </div>
        <NotOffered law={law.data} asOf={form.openedOn} />
        <TextArea
          label={t('newCase.summary')}
          name="summary"
          value={form.summary}
          onChange={set('summary')}
          error={errors.fields['summary']}
        />
        <button type="submit" disabled={busy}>
          {t('newCase.submit')}
        </button>
      </form>
    </section>
  );
}
