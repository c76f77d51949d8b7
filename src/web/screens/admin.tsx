import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { agencyKinds, roles } from '../../core/vocabulary.ts';
import { api } from '../api.ts';
import {
  CheckboxGroup,
  FormError,
  QueryState,
  SelectField,
  TextField,
  useSubmit,
} from '../components/ui.tsx';
import { useAgencies, useAgencyName, useUsers } from '../data.ts';
import type { UserView } from '../data.ts';
import { useI18n, useVocabulary } from '../i18n/i18n.tsx';

function UserRow({ user }: { user: UserView }) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const agencyName = useAgencyName();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  return (
    <tr>
      <td>{user.username}</td>
      <td>{user.displayName}</td>
      <td>{agencyName(user.agencyId)}</td>
      <td>{user.roles.map((role) => vocabulary('userRole', role)).join(', ')}</td>
      <td>{user.active ? t('admin.active') : t('admin.inactive')}</td>
      <td>
        <button
          type="button"
          className="secondary small"
          onClick={() => {
            setError(null);
            api(`/api/users/${user.id}`, {
              method: 'PATCH',
              body: { version: user.version, active: !user.active },
            })
              .then(() => queryClient.invalidateQueries({ queryKey: ['users'] }))
              .catch((e: unknown) => setError(e instanceof Error ? e.message : String(e)));
          }}
        >
          {user.active ? t('admin.deactivate') : t('admin.activate')}
        </button>
        {error !== null && <span className="field-error">{error}</span>}
      </td>
    </tr>
  );
}

/** Administration of agencies and users. */
export function Admin() {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const agencies = useAgencies();
  const users = useUsers();
  const queryClient = useQueryClient();
  const [agency, setAgency] = useState({ jurisdiction: 'KG', name: '', kind: 'police' });
  const agencyForm = useSubmit(['jurisdiction', 'name', 'kind', 'parentAgencyId']);
  const emptyUser = { agencyId: '', username: '', displayName: '', roles: [] as string[] };
  const [user, setUser] = useState(emptyUser);
  const userForm = useSubmit(['agencyId', 'username', 'displayName', 'roles']);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <section aria-labelledby="admin-title">
      <h1 id="admin-title">{t('admin.title')}</h1>
      <h2>{t('admin.agencies')}</h2>
      <QueryState loading={agencies.isLoading} error={agencies.error} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('admin.name')}</th>
              <th scope="col">{t('admin.kind')}</th>
              <th scope="col">{t('common.jurisdiction')}</th>
            </tr>
          </thead>
          <tbody>
            {(agencies.data?.items ?? []).map((item) => (
              <tr key={item.id}>
                <td>{item.name}</td>
                <td>{vocabulary('agencyKind', item.kind)}</td>
                <td>{item.jurisdiction}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form
        noValidate
        aria-labelledby="add-agency-title"
        onSubmit={(event) => {
          event.preventDefault();
          void agencyForm.submit(async () => {
            await api('/api/agencies', { body: agency });
            setAgency({ ...agency, name: '' });
            await queryClient.invalidateQueries({ queryKey: ['agencies'] });
          });
        }}
      >
        <h3 id="add-agency-title">{t('admin.addAgency')}</h3>
        <FormError errors={agencyForm.errors} />
        <div className="grid">
          <TextField
            label={t('admin.name')}
            value={agency.name}
            onChange={(name) => setAgency({ ...agency, name })}
            error={agencyForm.errors.fields['name']}
          />
          <SelectField
            label={t('admin.kind')}
            value={agency.kind}
            onChange={(kind) => setAgency({ ...agency, kind })}
            error={agencyForm.errors.fields['kind']}
            options={agencyKinds.map((value) => ({
              value,
              label: vocabulary('agencyKind', value),
            }))}
          />
          <TextField
            label={t('common.jurisdiction')}
            value={agency.jurisdiction}
            onChange={(jurisdiction) => setAgency({ ...agency, jurisdiction })}
            error={agencyForm.errors.fields['jurisdiction']}
          />
        </div>
        <button type="submit" disabled={agencyForm.busy}>
          {t('admin.addAgency')}
        </button>
      </form>

      <h2>{t('admin.users')}</h2>
      <QueryState loading={users.isLoading} error={users.error} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('admin.username')}</th>
              <th scope="col">{t('admin.name')}</th>
              <th scope="col">{t('cases.agency')}</th>
              <th scope="col">{t('admin.roles')}</th>
              <th scope="col">{t('admin.state')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {(users.data?.items ?? []).map((item) => (
              <UserRow key={`${item.id}-${item.version}`} user={item} />
            ))}
          </tbody>
        </table>
      </div>
      <form
        noValidate
        aria-labelledby="add-user-title"
        onSubmit={(event) => {
          event.preventDefault();
          void userForm.submit(async () => {
            setNotice(null);
            const created = await api<{ result?: string }>('/api/users', { body: user });
            // 202: guarded roles wait for a second administrator (docs/SECURITY.md).
            if (created.result === 'pending') setNotice(t('admin.rolesPending'));
            setUser(emptyUser);
            await queryClient.invalidateQueries({ queryKey: ['users'] });
          });
        }}
      >
        <h3 id="add-user-title">{t('admin.addUser')}</h3>
        <FormError errors={userForm.errors} />
        {notice !== null && <p role="status">{notice}</p>}
        <div className="grid">
          <TextField
            label={t('admin.username')}
            value={user.username}
            onChange={(username) => setUser({ ...user, username })}
            error={userForm.errors.fields['username']}
          />
          <TextField
            label={t('admin.name')}
            value={user.displayName}
            onChange={(displayName) => setUser({ ...user, displayName })}
            error={userForm.errors.fields['displayName']}
          />
          <SelectField
            label={t('cases.agency')}
            value={user.agencyId}
            onChange={(agencyId) => setUser({ ...user, agencyId })}
            error={userForm.errors.fields['agencyId']}
            empty={t('common.choose')}
            options={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
          />
        </div>
        <CheckboxGroup
          legend={t('admin.roles')}
          values={user.roles}
          onChange={(next) => setUser({ ...user, roles: next })}
          options={roles.map((value) => ({ value, label: vocabulary('userRole', value) }))}
          error={userForm.errors.fields['roles']}
        />
        <button type="submit" disabled={userForm.busy}>
          {t('admin.addUser')}
        </button>
      </form>
    </section>
  );
}
