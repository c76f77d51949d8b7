import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import type { ComponentType, ReactNode } from 'react';
import { NavLink, Route, Routes } from 'react-router';
import { actingUser, setActingUser } from './api.ts';
import { AuthGate, SignedIn, useMe } from './components/sign-in.tsx';
import { useUsers } from './data.ts';
import type { MessageKey } from './i18n/en.ts';
import { languages, useI18n } from './i18n/i18n.tsx';
import type { Language } from './i18n/i18n.tsx';

/** A screen loaded on first visit, so the initial download stays small. */
function screen<K extends string>(
  load: () => Promise<Record<K, () => ReactNode>>,
  name: K,
): ComponentType {
  const Screen = lazy<() => ReactNode>(async () => ({ default: (await load())[name] }));
  return function LazyScreen() {
    return <Screen />;
  };
}

const Dashboard = screen(() => import('./screens/dashboard.tsx'), 'Dashboard');
const CaseList = screen(() => import('./screens/case-list.tsx'), 'CaseList');
const CasePage = screen(() => import('./screens/case-page.tsx'), 'CasePage');
const NewCase = screen(() => import('./screens/new-case.tsx'), 'NewCase');
const LawExplorer = screen(() => import('./screens/law.tsx'), 'LawExplorer');
const Reports = screen(() => import('./screens/reports.tsx'), 'Reports');
const Records = screen(() => import('./screens/records.tsx'), 'Records');
const Trainings = screen(() => import('./screens/trainings.tsx'), 'Trainings');
const Complicity = screen(() => import('./screens/complicity.tsx'), 'Complicity');
const Approvals = screen(() => import('./screens/approvals.tsx'), 'Approvals');
const AuditLog = screen(() => import('./screens/audit.tsx'), 'AuditLog');
const Admin = screen(() => import('./screens/admin.tsx'), 'Admin');

const navigation: readonly { to: string; label: MessageKey }[] = [
  { to: '/', label: 'nav.dashboard' },
  { to: '/cases', label: 'nav.cases' },
  { to: '/cases/new', label: 'nav.newCase' },
  { to: '/law', label: 'nav.law' },
  { to: '/reports', label: 'nav.reports' },
  { to: '/trainings', label: 'nav.trainings' },
  { to: '/complicity', label: 'nav.complicity' },
  { to: '/approvals', label: 'nav.approvals' },
  { to: '/audit', label: 'nav.audit' },
  { to: '/admin', label: 'nav.admin' },
];

const languageNames: Record<Language, string> = { en: 'English', ru: 'Русский', ky: 'Кыргызча' };

/** "Working as": the user whose name the UI sends in X-Palermo-User. */
function UserPicker() {
  const { t } = useI18n();
  const users = useUsers();
  const queryClient = useQueryClient();
  const [user, setUser] = useState(actingUser() ?? '');
  return (
    <div className="picker">
      <label htmlFor="acting-user">{t('shell.workingAs')}</label>
      <select
        id="acting-user"
        value={user}
        onChange={(event) => {
          setActingUser(event.target.value);
          setUser(event.target.value);
          void queryClient.invalidateQueries();
        }}
      >
        <option value="">{t('shell.devActor')}</option>
        {(users.data?.items ?? [])
          .filter((item) => item.active)
          .map((item) => (
            <option key={item.id} value={item.username}>
              {item.displayName} ({item.username})
            </option>
          ))}
      </select>
    </div>
  );
}

function LanguagePicker() {
  const { t, lang, setLang } = useI18n();
  return (
    <div className="picker">
      <label htmlFor="language">{t('shell.language')}</label>
      <select
        id="language"
        value={lang}
        onChange={(event) => setLang(event.target.value as Language)}
      >
        {languages.map((code) => (
          <option key={code} value={code} lang={code}>
            {languageNames[code]}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The shell: skip link, header with pickers, navigation, and the routed screen. */
export function App() {
  const { t } = useI18n();
  const { features, hasAuth, me } = useMe();
  // With sessions, the user is who signed in; the "working as" header is for servers without.
  // A server in development header mode answers /api/auth/me without a session (no CSRF token);
  // one that requires sign-in answers 401 (null) until somebody signs in.
  const signedIn = me.data !== undefined && me.data !== null && me.data.csrfToken !== null;
  const headerMode =
    features !== undefined && (!hasAuth || (me.data !== undefined && me.data !== null));
  return (
    <>
      <a className="skip-link" href="#main">
        {t('shell.skipToContent')}
      </a>
      <header className="app-header">
        <span className="brand">Palermo</span>
        <span className="tagline">{t('shell.tagline')}</span>
        <div className="pickers">
          {signedIn ? <SignedIn /> : headerMode ? <UserPicker /> : null}
          <LanguagePicker />
        </div>
      </header>
      <AuthGate>
        <div className="layout">
          <nav className="app-nav" aria-label={t('shell.navigation')}>
            <ul>
              {navigation.map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.to === '/' || item.to === '/cases'}>
                    {t(item.label)}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
          <main id="main" tabIndex={-1}>
            <Suspense fallback={<p aria-busy="true">{t('common.loading')}</p>}>
              <Routes>
                <Route path="/" element={<Dashboard />} />
                <Route path="/cases" element={<CaseList />} />
                <Route path="/cases/new" element={<NewCase />} />
                <Route path="/cases/:id" element={<CasePage />} />
                <Route path="/law" element={<LawExplorer />} />
                <Route path="/reports" element={<Reports />} />
                <Route path="/reports/records" element={<Records />} />
                <Route path="/trainings" element={<Trainings />} />
                <Route path="/complicity" element={<Complicity />} />
                <Route path="/approvals" element={<Approvals />} />
                <Route path="/audit" element={<AuditLog />} />
                <Route path="/admin" element={<Admin />} />
                <Route path="*" element={<p>{t('shell.notFound')}</p>} />
              </Routes>
            </Suspense>
          </main>
        </div>
      </AuthGate>
    </>
  );
}
