import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import { ApiError, api, onUnauthenticated, setCsrfToken, useFeatures } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { FormError, TextField, useSubmit } from './ui.tsx';

interface Me {
  username: string;
  csrfToken: string | null;
  mustChangePassword?: boolean;
}

/** The signed-in user where the server has sign-in (null: signed out; undefined: no sign-in). */
export function useMe() {
  const features = useFeatures();
  const hasAuth = features?.has('get', '/api/auth/me') ?? false;
  const me = useQuery({
    queryKey: ['me'],
    enabled: hasAuth,
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
  return { features, hasAuth, me };
}

function SignInForm() {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ username: '', password: '' });
  const { errors, busy, submit } = useSubmit(['username', 'password']);
  return (
    <main id="main" className="sign-in">
      <h1>{t('signIn.title')}</h1>
      <form
        noValidate
        aria-labelledby="sign-in-title"
        onSubmit={(event) => {
          event.preventDefault();
          void submit(async () => {
            const me = await api<Me>('/api/auth/login', { body: form });
            setCsrfToken(me.csrfToken);
            queryClient.setQueryData(['me'], me);
            await queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'me' });
          });
        }}
      >
        <h2 id="sign-in-title" className="visually-hidden">
          {t('signIn.title')}
        </h2>
        <FormError errors={errors} />
        <TextField
          label={t('signIn.username')}
          value={form.username}
          onChange={(username) => setForm({ ...form, username })}
          error={errors.fields['username']}
        />
        <Field
          password
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

function Field({
  value,
  onChange,
  error,
}: {
  password: true;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  const { t } = useI18n();
  return (
    <div className={error === undefined ? 'field' : 'field field-invalid'}>
      <label htmlFor="sign-in-password">{t('signIn.password')}</label>
      <input
        id="sign-in-password"
        type="password"
        autoComplete="current-password"
        value={value}
        aria-invalid={error !== undefined}
        onChange={(event) => onChange(event.target.value)}
      />
      {error !== undefined && (
        <span className="field-error" role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/**
 * Shows the sign-in form where the server requires signing in and nobody is signed in; servers
 * without sign-in (or in development header mode) go straight to the app.
 */
export function AuthGate({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { features, hasAuth, me } = useMe();
  useEffect(
    () =>
      onUnauthenticated(() => {
        if (hasAuth) void queryClient.invalidateQueries({ queryKey: ['me'] });
      }),
    [hasAuth, queryClient],
  );
  if (features === undefined || (hasAuth && me.isLoading)) {
    return <p aria-busy="true">{t('common.loading')}</p>;
  }
  if (hasAuth && me.data === null) return <SignInForm />;
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
            });
        }}
      >
        {t('signIn.signOut')}
      </button>
    </div>
  );
}
