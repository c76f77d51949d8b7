import { useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { isGuardedRole } from '../../core/access/policy.ts';
import { agencyKinds, roles } from '../../core/vocabulary.ts';
import { api, ApiError } from '../api.ts';
import {
  CheckboxGroup,
  FormError,
  QueryState,
  SelectField,
  TextField,
  useSubmit,
} from '../components/ui.tsx';
import {
  useAgencies,
  useAgencyName,
  useJurisdictions,
  useDefaultJurisdiction,
  useUsers,
} from '../data.ts';
import type { UserView } from '../data.ts';
import { LocalizedError } from '../errors.ts';
import { useI18n, useVocabulary } from '../i18n/i18n.tsx';

/** What the last change of a user did: applied at once, or waiting for a second administrator. */
type Outcome = { readonly kind: 'applied' | 'pending'; readonly text: string };

/**
 * Runs a change of a user; a 409 (another administrator changed the user since the list was
 * read) reloads the list and says so plainly at the top of the form.
 */
function useUserChange(fieldNames: readonly string[]) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const form = useSubmit(fieldNames);
  async function run<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        await queryClient.invalidateQueries({ queryKey: ['users'] });
        throw new LocalizedError(409, error.code, t('admin.stale'), []);
      }
      throw error;
    } finally {
      await queryClient.invalidateQueries({ queryKey: ['users'] });
    }
  }
  return { ...form, run };
}

interface UserChangeAnswer {
  readonly result?: 'applied' | 'pending';
}

/** Changing one user: roles and agency, access, and a new password, each in a form of its own. */
function UserEditor({
  user,
  onOutcome,
  onClose,
}: {
  user: UserView;
  onOutcome: (outcome: Outcome | null) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const agencies = useAgencies();
  const [roleSet, setRoleSet] = useState<string[]>([...user.roles]);
  const [agencyId, setAgencyId] = useState(user.agencyId);
  const [password, setPassword] = useState('');
  const rolesForm = useUserChange(['roles', 'agencyId']);
  const accessForm = useUserChange(['active']);
  const passwordForm = useUserChange(['password']);
  const guarded = user.roles.some(isGuardedRole);
  const titleId = useId();
  return (
    <section className="panel" aria-labelledby={titleId} data-testid="user-editor">
      <h3 id={titleId}>{t('admin.changeUser', { user: user.username })}</h3>
      <form
        noValidate
        aria-labelledby={`${titleId}-roles`}
        onSubmit={(event) => {
          event.preventDefault();
          onOutcome(null);
          if (roleSet.length === 0) {
            rolesForm.refuse({ roles: t('admin.oneRole') });
            return;
          }
          void rolesForm.submit(() =>
            rolesForm.run(async () => {
              const answer = await api<UserChangeAnswer>(`/api/users/${user.id}`, {
                method: 'PATCH',
                body: { version: user.version, roles: roleSet, agencyId },
              });
              onOutcome(
                answer.result === 'pending'
                  ? { kind: 'pending', text: t('admin.changePending', { user: user.username }) }
                  : { kind: 'applied', text: t('admin.changeApplied', { user: user.username }) },
              );
            }),
          );
        }}
      >
        <h4 id={`${titleId}-roles`}>{t('admin.rolesAndAgency')}</h4>
        <FormError errors={rolesForm.errors} />
        <SelectField
          label={t('cases.agency')}
          value={agencyId}
          onChange={setAgencyId}
          error={rolesForm.errors.fields['agencyId']}
          options={(agencies.data?.items ?? []).map((a) => ({ value: a.id, label: a.name }))}
        />
        <CheckboxGroup
          legend={t('admin.roles')}
          values={roleSet}
          onChange={setRoleSet}
          options={roles.map((value) => ({ value, label: vocabulary('userRole', value) }))}
          error={rolesForm.errors.fields['roles']}
        />
        <p className="hint">{t('admin.guardedHint')}</p>
        <button type="submit" disabled={rolesForm.busy}>
          {t('admin.saveRoles')}
        </button>
      </form>

      <form
        noValidate
        aria-labelledby={`${titleId}-access`}
        onSubmit={(event) => {
          event.preventDefault();
          onOutcome(null);
          void accessForm.submit(() =>
            accessForm.run(async () => {
              await api(`/api/users/${user.id}`, {
                method: 'PATCH',
                body: { version: user.version, active: !user.active },
              });
              onOutcome({
                kind: 'applied',
                text: t(user.active ? 'admin.deactivated' : 'admin.reactivated', {
                  user: user.username,
                }),
              });
            }),
          );
        }}
      >
        <h4 id={`${titleId}-access`}>{t('admin.access')}</h4>
        <FormError errors={accessForm.errors} />
        <p>
          {t('admin.stateNow', {
            state: user.active ? t('admin.active') : t('admin.inactive'),
          })}
        </p>
        <button type="submit" className="secondary" disabled={accessForm.busy}>
          {user.active ? t('admin.deactivate') : t('admin.activate')}
        </button>
      </form>

      <form
        noValidate
        aria-labelledby={`${titleId}-password`}
        onSubmit={(event) => {
          event.preventDefault();
          onOutcome(null);
          if (!guarded && password.length === 0) {
            passwordForm.refuse({ password: t('issue.required') });
            return;
          }
          void passwordForm.submit(() =>
            passwordForm.run(async () => {
              // For a user whose roles open identities or approvals no password is sent: the
              // approving administrator receives a fresh one-time password.
              const answer = await api<UserChangeAnswer | undefined>(
                `/api/users/${user.id}/password`,
                { body: guarded ? {} : { password } },
              );
              setPassword('');
              onOutcome(
                answer?.result === 'pending'
                  ? { kind: 'pending', text: t('admin.passwordPending', { user: user.username }) }
                  : { kind: 'applied', text: t('admin.passwordSet', { user: user.username }) },
              );
            }),
          );
        }}
      >
        <h4 id={`${titleId}-password`}>{t('admin.resetPassword')}</h4>
        <FormError errors={passwordForm.errors} />
        {guarded ? (
          <p className="hint">{t('admin.passwordGuarded')}</p>
        ) : (
          <TextField
            label={t('admin.newPassword')}
            name="new-password"
            hint={t('admin.newPasswordHint')}
            value={password}
            onChange={setPassword}
            error={passwordForm.errors.fields['password']}
          />
        )}
        <button type="submit" className="secondary" disabled={passwordForm.busy}>
          {guarded ? t('admin.askPassword') : t('admin.setPassword')}
        </button>
      </form>
      <button type="button" className="secondary small" onClick={onClose}>
        {t('admin.closeEditor')}
      </button>
    </section>
  );
}

function UserRow({ user, onManage }: { user: UserView; onManage: () => void }) {
  const { t } = useI18n();
  const vocabulary = useVocabulary();
  const agencyName = useAgencyName();
  return (
    <tr data-user={user.username}>
      <td>{user.username}</td>
      <td>{user.displayName}</td>
      <td>{agencyName(user.agencyId)}</td>
      <td>{user.roles.map((role) => vocabulary('userRole', role)).join(', ')}</td>
      <td>{user.active ? t('admin.active') : t('admin.inactive')}</td>
      <td>
        <button
          type="button"
          className="secondary small"
          aria-label={t('admin.manageUser', { user: user.username })}
          onClick={onManage}
        >
          {t('admin.manage')}
        </button>
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
  const jurisdictions = useJurisdictions();
  const own = useDefaultJurisdiction();
  // jurisdiction '': not chosen, so the administrator's own (or the only pack) is the default.
  const [agency, setAgency] = useState({ jurisdiction: '', name: '', kind: 'police' });
  const agencyJurisdiction = agency.jurisdiction !== '' ? agency.jurisdiction : own;
  const agencyForm = useSubmit(['jurisdiction', 'name', 'kind', 'parentAgencyId']);
  const emptyUser: { agencyId: string; username: string; displayName: string; roles: string[] } = {
    agencyId: '',
    username: '',
    displayName: '',
    roles: [],
  };
  const [user, setUser] = useState(emptyUser);
  const userForm = useSubmit(['agencyId', 'username', 'displayName', 'roles']);
  const [notice, setNotice] = useState<string | null>(null);
  const [managed, setManaged] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const managedUser = (users.data?.items ?? []).find((item) => item.id === managed);
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
            await api('/api/agencies', { body: { ...agency, jurisdiction: agencyJurisdiction } });
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
          <SelectField
            label={t('common.jurisdiction')}
            value={agencyJurisdiction}
            onChange={(jurisdiction) => setAgency({ ...agency, jurisdiction })}
            error={agencyForm.errors.fields['jurisdiction']}
            empty={t('common.choose')}
            options={(jurisdictions.data?.jurisdictions ?? []).map((j) => ({
              value: j.code,
              label: j.name,
            }))}
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
              <UserRow
                key={item.id}
                user={item}
                onManage={() => {
                  setManaged(item.id);
                  setOutcome(null);
                }}
              />
            ))}
          </tbody>
        </table>
      </div>
      {outcome !== null && (
        <p className="notice" role="status" data-testid="user-outcome" data-outcome={outcome.kind}>
          {outcome.text}
          {outcome.kind === 'pending' && (
            <>
              {' '}
              <Link to="/approvals">{t('admin.openApprovals')}</Link>
            </>
          )}
        </p>
      )}
      {managedUser !== undefined && (
        <UserEditor
          key={managedUser.id}
          user={managedUser}
          onOutcome={setOutcome}
          onClose={() => setManaged(null)}
        />
      )}
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
