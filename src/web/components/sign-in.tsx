import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import {
  ApiError,
  api,
  onPasswordChangeRequired,
  onUnauthenticated,
  setCsrfToken,
} from '../api.ts';
import type { Permission } from '../../core/access/policy.ts';
import type { Role } from '../../core/vocabulary.ts';
import type { Translate } from '../i18n/i18n.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { LocalizedError } from '../errors.ts';
import { Field, FormError, useSubmit } from './ui.tsx';

/** The signed-in user as /api/auth/me and /api/auth/login describe it. */
export interface Me {
  id: string;
  username: string;
  agencyId?: string | null;
  roles?: Role[];
  permissions?: Permission[];
  csrfToken: string | null;
  mustChangePassword?: boolean;
}

/**
 * What the current user may do, by permission, as the server says (/api/auth/me); undefined
 * while that is not known yet. Screens and navigation offer only what this allows, so no
 * screen calls an endpoint its user may not call.
 */
export function usePermissions(): {
  readonly me: Me | null | undefined;
  readonly can: ((...any: Permission[]) => boolean) | undefined;
  readonly roles: readonly Role[];
} {
  const { me } = useMe();
  const data = me.data;
  if (data === undefined || data === null || data.permissions === undefined) {
    return { me: data, can: undefined, roles: [] };
  }
  const granted = new Set(data.permissions);
  return {
    me: data,
    can: (...any) => any.length === 0 || any.some((permission) => granted.has(permission)),
    roles: data.roles ?? [],
  };
}

/** The server's minimum password length (src/app/auth/passwords.ts `passwordSchema`). */
export const minPasswordLength = 12;

/** The signed-in user (null: signed out; undefined: not known yet). */
export function useMe() {
  const me = useQuery({
    queryKey: ['me'],
    retry: false,
    staleTime: Infinity,
    queryFn: async () => {
      try {
        const answer = await api<Me>('/api/auth/me');
        setCsrfToken(answer.csrfToken);
        return answer;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
  });
  return { me };
}

/** Drops every cached answer except the session itself. */
function forgetData(queryClient: QueryClient): void {
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'me' });
}

/** Signs in, remembers the session and refetches what the previous user may have seen. */
async function signIn(
  queryClient: QueryClient,
  credentials: { username: string; password: string },
): Promise<Me> {
  const me = await api<Me>('/api/auth/login', { body: credentials });
  setCsrfToken(me.csrfToken);
  forgetData(queryClient);
  queryClient.setQueryData(['me'], me);
  return me;
}

/** The server's refusals in the reader's language (the server speaks English). */
function signInFailure(error: unknown, t: Translate): unknown {
  if (!(error instanceof ApiError)) return error;
  if (error.status === 401) {
    return new LocalizedError(error.status, error.code, t('signIn.refused'), []);
  }
  if (error.status === 429) {
    const minutes = /wait (\d+) minute/.exec(error.message)?.[1];
    if (minutes !== undefined) {
      return new LocalizedError(
        error.status,
        error.code,
        t('signIn.tooManyAttempts', { minutes: Number(minutes) }),
        [],
      );
    }
  }
  return error;
}

/** A labelled password input with its error at the field. */
function PasswordField({
  label,
  value,
  onChange,
  error,
  hint,
  autoComplete,
  name,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  hint?: string;
  autoComplete: 'current-password' | 'new-password';
  name: string;
}) {
  return (
    <Field label={label} error={error} {...(hint !== undefined ? { hint } : {})}>
      {(props) => (
        <input
          {...props}
          name={name}
          type="password"
          autoComplete={autoComplete}
          value={value}
          onChange={(event) => onChange(event.target.value)}
        />
      )}
    </Field>
  );
}

function SignInForm() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ username: '', password: '' });
  const { errors, busy, submit } = useSubmit(['username', 'password']);
  return (
    <main id="main" tabIndex={-1} className="sign-in">
      <form
        noValidate
        aria-labelledby="sign-in-title"
        onSubmit={(event) => {
          event.preventDefault();
          void submit(async () => {
            try {
              await signIn(queryClient, form);
            } catch (error) {
              setForm((current) => ({ ...current, password: '' }));
              throw signInFailure(error, t);
            }
          });
        }}
      >
        <h1 id="sign-in-title">{t('signIn.title')}</h1>
        <FormError errors={errors} />
        <Field label={t('signIn.username')} error={errors.fields['username']}>
          {(props) => (
            <input
              {...props}
              name="username"
              type="text"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={form.username}
              onChange={(event) => setForm({ ...form, username: event.target.value })}
            />
          )}
        </Field>
        <PasswordField
          label={t('signIn.password')}
          name="password"
          autoComplete="current-password"
          value={form.password}
          onChange={(password) => setForm({ ...form, password })}
          error={errors.fields['password']}
        />
        <button type="submit" disabled={busy}>
          {t('signIn.submit')}
        </button>
      </form>
    </main>
  );
}

/** The server's field messages in the reader's language where they are known. */
function passwordFieldMessage(
  field: string,
  message: string | undefined,
  t: Translate,
): string | undefined {
  if (message === undefined) return undefined;
  if (field === 'currentPassword' && message === 'is wrong') return t('changePassword.wrong');
  if (field === 'password' && message.startsWith('must be at least')) {
    return t('changePassword.tooShort', { min: minPasswordLength });
  }
  // The server's strength estimator (zxcvbn) refused it, or it is the one-time password again.
  if (field === 'password' && message.startsWith('is too easy to guess')) {
    return t('changePassword.weak');
  }
  if (field === 'password' && message.startsWith('must differ from the current')) {
    return t('changePassword.same');
  }
  return message;
}

/**
 * The first screen after signing in with a one-time password: the server allows nothing else
 * until it is replaced. Changing it ends every session of the user, so the form signs in again
 * with the new password.
 */
function ChangePasswordForm({ me }: { me: Me }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ currentPassword: '', password: '', repeat: '' });
  const { errors, busy, submit } = useSubmit(['currentPassword', 'password', 'repeat']);
  const fieldError = (field: 'currentPassword' | 'password' | 'repeat') =>
    passwordFieldMessage(field, errors.fields[field], t);
  return (
    <main id="main" tabIndex={-1} className="sign-in">
      <form
        noValidate
        aria-labelledby="change-password-title"
        onSubmit={(event) => {
          event.preventDefault();
          void submit(async () => {
            const issues = [
              ...(form.currentPassword === ''
                ? [{ path: 'currentPassword', message: t('changePassword.currentMissing') }]
                : []),
              ...(form.password.length < minPasswordLength
                ? [
                    {
                      path: 'password',
                      message: t('changePassword.tooShort', { min: minPasswordLength }),
                    },
                  ]
                : form.password === form.currentPassword
                  ? [{ path: 'password', message: t('changePassword.same') }]
                  : []),
              ...(form.repeat !== form.password
                ? [{ path: 'repeat', message: t('changePassword.mismatch') }]
                : []),
            ];
            if (issues.length > 0) {
              throw new LocalizedError(400, 'ValidationFailed', t('common.fixFields'), issues);
            }
            await api(`/api/users/${me.id}/password`, {
              body: { currentPassword: form.currentPassword, password: form.password },
            });
            // The change ended every session of this user, this one too: sign in anew.
            setCsrfToken(null);
            try {
              await signIn(queryClient, { username: me.username, password: form.password });
            } catch {
              queryClient.setQueryData(['me'], null);
            }
          });
        }}
      >
        <h1 id="change-password-title">{t('changePassword.title')}</h1>
        <p>{t('changePassword.intro', { user: me.username })}</p>
        <FormError errors={errors} />
        <PasswordField
          label={t('changePassword.current')}
          name="currentPassword"
          autoComplete="current-password"
          value={form.currentPassword}
          onChange={(currentPassword) => setForm({ ...form, currentPassword })}
          error={fieldError('currentPassword')}
        />
        <PasswordField
          label={t('changePassword.new')}
          name="password"
          autoComplete="new-password"
          hint={t('changePassword.rule', { min: minPasswordLength })}
          value={form.password}
          onChange={(password) => setForm({ ...form, password })}
          error={fieldError('password')}
        />
        <PasswordField
          label={t('changePassword.repeat')}
          name="repeat"
          autoComplete="new-password"
          value={form.repeat}
          onChange={(repeat) => setForm({ ...form, repeat })}
          error={fieldError('repeat')}
        />
        <button type="submit" disabled={busy}>
          {t('changePassword.submit')}
        </button>
      </form>
    </main>
  );
}

/**
 * Shows the sign-in form where the server requires signing in and nobody is signed in, and
 * the change-password form while the session's one-time password must be replaced; a server in
 * development header mode answers /api/auth/me without a session and goes straight to the app.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { me } = useMe();
  useEffect(() => {
    const stopUnauthenticated = onUnauthenticated(() => {
      void queryClient.invalidateQueries({ queryKey: ['me'] });
    });
    const stopPasswordChange = onPasswordChangeRequired(() => {
      const current = queryClient.getQueryData<Me | null>(['me']);
      if (current !== undefined && current !== null) {
        queryClient.setQueryData(['me'], { ...current, mustChangePassword: true });
      }
      void queryClient.invalidateQueries({ queryKey: ['me'] });
    });
    return () => {
      stopUnauthenticated();
      stopPasswordChange();
    };
  }, [queryClient]);
  if (me.isLoading) return <p aria-busy="true">{t('common.loading')}</p>;
  if (me.data === null) return <SignInForm />;
  if (me.data?.mustChangePassword === true) return <ChangePasswordForm me={me.data} />;
  return <>{children}</>;
}

/** "Signed in as …" with a sign-out button, where the server has sessions. */
export function SignedIn() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { me } = useMe();
  if (me.data === undefined || me.data === null || me.data.csrfToken === null) return null;
  return (
    <div className="picker">
      <span>{t('signIn.as', { user: me.data.username })}</span>
      <button
        type="button"
        className="secondary small"
        onClick={() => {
          void api('/api/auth/logout', { body: {} })
            .catch(() => undefined)
            .then(() => {
              setCsrfToken(null);
              queryClient.setQueryData(['me'], null);
              forgetData(queryClient);
            });
        }}
      >
        {t('signIn.signOut')}
      </button>
    </div>
  );
}
