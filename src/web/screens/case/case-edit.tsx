import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { caseOpeningAgencyKinds, caseOrigins } from '../../../core/vocabulary.ts';
import { api, ApiError } from '../../api.ts';
import {
  FormError,
  QueryState,
  SelectField,
  TextArea,
  TextField,
  useSubmit,
} from '../../components/ui.tsx';
import { usePermissions } from '../../components/sign-in.tsx';
import { useAgencies, useAgencyName, useLawOnDate } from '../../data.ts';
import type { CaseView } from '../../data.ts';
import type { CaseTeamView } from '../../../app/schemas/case-team.schemas.ts';
import { useI18n, useVocabulary } from '../../i18n/i18n.tsx';
import { NotOffered } from './not-offered.tsx';
import { orNull, useRefresh } from './shared.ts';

const caseFields = [
  'reference',
  'openedOn',
  'origin',
  'summary',
  'openingAgencyId',
  'registeredProvision',
  'reason',
];

/**
 * Corrects the case itself: its reference, opening date, origin, summary, and the agency it
 * belongs to (one that opens cases in its jurisdiction), with a reason kept in its history. The
 * version read guards it: a change by someone else meanwhile is refused and the case reloaded.
 */
export function CaseEditForm({ caseView, onDone }: { caseView: CaseView; onDone: () => void }) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const refresh = useRefresh(caseView.id);
  const agencies = useAgencies();
  const [form, setForm] = useState({
    reference: caseView.reference,
    openedOn: caseView.openedOn,
    origin: caseView.origin ?? '',
    summary: caseView.summary ?? '',
    openingAgencyId: caseView.openingAgencyId,
    provision: '',
    reason: '',
  });
  // The registration article: among those in force on the opening date, the recorded one first.
  const law = useLawOnDate(caseView.jurisdiction, form.openedOn);
  const provisions = [
    ...new Map((law.data?.provisions ?? []).map((p) => [p.provisionId, p])).values(),
  ];
  const registered = caseView.registeredProvision;
  const recorded = provisions.find(
    (p) =>
      registered !== null &&
      p.instrument === registered.instrument &&
      p.article === registered.article,
  );
  const provision = form.provision === '' ? (recorded?.provisionId ?? '') : form.provision;
  const chosen = provisions.find((p) => p.provisionId === provision);
  const registration =
    form.provision === ''
      ? {}
      : {
          registeredProvision:
            form.provision === 'none' || chosen === undefined
              ? null
              : {
                  jurisdiction: caseView.jurisdiction,
                  instrument: chosen.instrument,
                  article: chosen.article,
                },
        };
  const { errors, busy, submit, refuse } = useSubmit(caseFields);
  const set = (name: keyof typeof form) => (value: string) => setForm({ ...form, [name]: value });
  const opening = (agencies.data?.items ?? []).filter(
    (a) =>
      a.jurisdiction === caseView.jurisdiction &&
      (a.id === caseView.openingAgencyId || caseOpeningAgencyKinds.some((k) => k === a.kind)),
  );
  return (
    <form
      noValidate
      aria-labelledby="case-edit-title"
      className="panel no-print"
      onSubmit={(event) => {
        event.preventDefault();
        if (form.reason.trim() === '') {
          refuse({ reason: t('correction.reasonRequired') });
          return;
        }
        void submit(async () => {
          try {
            await api(`/api/cases/${caseView.id}`, {
              method: 'PATCH',
              body: {
                version: caseView.version,
                reason: form.reason.trim(),
                ...(form.reference === caseView.reference ? {} : { reference: form.reference }),
                ...(form.openedOn === caseView.openedOn ? {} : { openedOn: form.openedOn }),
                origin: orNull(form.origin),
                summary: orNull(form.summary.trim()),
                ...(form.openingAgencyId === caseView.openingAgencyId
                  ? {}
                  : { openingAgencyId: form.openingAgencyId }),
                ...registration,
              },
            });
          } catch (error) {
            if (error instanceof ApiError && error.code === 'VersionConflict') await refresh();
            throw error;
          }
          await refresh();
          onDone();
        });
      }}
    >
      <h2 id="case-edit-title">{t('caseEdit.title')}</h2>
      <FormError errors={errors} />
      <div className="grid">
        <TextField
          label={t('cases.reference')}
          required
          value={form.reference}
          onChange={set('reference')}
          error={errors.fields['reference']}
        />
        <TextField
          label={t('cases.openedOn')}
          type="date"
          required
          value={form.openedOn}
          onChange={set('openedOn')}
          error={errors.fields['openedOn']}
        />
        <SelectField
          label={t('newCase.openingAgency')}
          required
          hint={t('caseEdit.agencyHint')}
          value={form.openingAgencyId}
          onChange={set('openingAgencyId')}
          error={errors.fields['openingAgencyId']}
          options={opening.map((a) => ({ value: a.id, label: a.name }))}
        />
        <SelectField
          label={t('cases.origin')}
          value={form.origin}
          onChange={set('origin')}
          error={errors.fields['origin']}
          empty={t('common.notRecorded')}
          options={caseOrigins.map((value) => ({ value, label: vocabulary('origin', value) }))}
        />
      </div>
      <SelectField
        label={t('newCase.registeredArticle')}
        value={provision === '' ? 'none' : provision}
        onChange={set('provision')}
        error={errors.fields['registeredProvision']}
        options={[
          { value: 'none', label: t('common.none') },
          ...provisions.map((p) => ({
            value: p.provisionId,
            label: `${t('common.articleN', { article: p.article })} — ${p.title}`,
          })),
        ]}
      />
      <NotOffered law={law.data} asOf={form.openedOn} />
      <TextArea
        label={t('newCase.summary')}
        value={form.summary}
        onChange={set('summary')}
        error={errors.fields['summary']}
      />
      <TextArea
        label={t('correction.reason')}
        hint={t('correction.reasonHint')}
        required
        value={form.reason}
        onChange={set('reason')}
        error={errors.fields['reason']}
      />
      <div className="actions">
        <button type="submit" disabled={busy}>
          {t('correction.save')}
        </button>
        <button type="button" className="secondary" onClick={onDone}>
          {t('identity.cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * The case's team: who may read its victims' identities and change it (the opening agency, the
 * jurisdiction's supervisors, users added by hand), why each is on it, and for those who may
 * manage it, adding a user by user name and removing one added by hand.
 */
export function CaseTeam({ caseView }: { caseView: CaseView }) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const agencyName = useAgencyName();
  const { can } = usePermissions();
  const [username, setUsername] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const team = useQuery({
    queryKey: ['case-team', caseView.id],
    queryFn: () => api<CaseTeamView>(`/api/cases/${caseView.id}/team`),
    retry: false,
  });
  const { errors, busy, submit, refuse } = useSubmit(['username', 'userId']);
  const manage = can === undefined || can('case.team', 'case.write');
  if (team.data === undefined) {
    return <QueryState loading={team.isLoading} error={team.error} />;
  }
  return (
    <div data-testid="case-team">
      <table>
        <thead>
          <tr>
            <th scope="col">{t('team.member')}</th>
            <th scope="col">{t('team.agency')}</th>
            <th scope="col">{t('team.why')}</th>
            {manage && <th scope="col">{t('common.actions')}</th>}
          </tr>
        </thead>
        <tbody>
          {team.data.members.map((member) => (
            <tr key={member.userId}>
              <td>
                {member.displayName} <span className="muted">({member.username})</span>
              </td>
              <td>{agencyName(member.agencyId)}</td>
              <td>{member.bases.map((basis) => vocabulary('teamBasis', basis)).join(', ')}</td>
              {manage && (
                <td>
                  {member.bases.includes('added') && (
                    <button
                      type="button"
                      className="secondary no-print"
                      disabled={busy}
                      onClick={() => {
                        setNotice(null);
                        void submit(async () => {
                          await api(`/api/cases/${caseView.id}/team/${member.userId}`, {
                            method: 'DELETE',
                          });
                          await team.refetch();
                          setNotice(t('team.removed', { name: member.displayName }));
                        });
                      }}
                    >
                      {t('team.remove', { name: member.displayName })}
                    </button>
                  )}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {notice !== null && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {manage && (
        <form
          noValidate
          aria-labelledby="team-add-title"
          className="no-print"
          onSubmit={(event) => {
            event.preventDefault();
            setNotice(null);
            if (username.trim() === '') {
              refuse({ username: t('issue.required') });
              return;
            }
            void submit(async () => {
              await api(`/api/cases/${caseView.id}/team`, {
                body: { username: username.trim() },
              });
              await team.refetch();
              setNotice(t('team.added', { name: username.trim() }));
              setUsername('');
            });
          }}
        >
          <h3 id="team-add-title">{t('team.add')}</h3>
          <FormError errors={errors} />
          <TextField
            label={t('team.username')}
            hint={t('team.usernameHint')}
            required
            value={username}
            onChange={setUsername}
            error={errors.fields['username'] ?? errors.fields['userId']}
          />
          <button type="submit" disabled={busy}>
            {t('team.add')}
          </button>
        </form>
      )}
    </div>
  );
}
