import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useState } from 'react';
import type { ComponentType, ReactNode } from 'react';
import { NavLink, Route, Routes } from 'react-router';
import { actingUser, setActingUser } from './api.ts';
import type { Permission } from '../core/access/policy.ts';
import { AuthGate, SignedIn, useMe, usePermissions } from './components/sign-in.tsx';
import { useUsers } from './data.ts';
import type { MessageKey } from './i18n/en.ts';
import { languages, useI18n } from './i18n/i18n.tsx';
import { isOneOf } from '../core/vocabulary.ts';
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

const Home = screen(() => import('./screens/home.tsx'), 'Home');
const CaseList = screen(() => import('./screens/case-list.tsx'), 'CaseList');
const CasePage = screen(() => import('./screens/case-page.tsx'), 'CasePage');
const NewCase = screen(() => import('./screens/new-case.tsx'), 'NewCase');
const LawExplorer = screen(() => import('./screens/law.tsx'), 'LawExplorer');
const Reports = screen(() => import('./screens/reports.tsx'), 'Reports');
const Records = screen(() => import('./screens/records.tsx'), 'Records');
const Trainings = screen(() => import('./screens/trainings.tsx'), 'Trainings');
const Complicity = screen(() => import('./screens/complicity.tsx'), 'Complicity');
const Approvals = screen(() => import('./screens/approvals.tsx'), 'Approvals');
const VictimMatches = screen(() => import('./screens/victim-matches.tsx'), 'VictimMatches');
const ImportRecords = screen(() => import('./screens/import.tsx'), 'ImportRecords');
const AuditLog = screen(() => import('./screens/audit.tsx'), 'AuditLog');
const Admin = screen(() => import('./screens/admin.tsx'), 'Admin');
const PublishedFigures = screen(
  () => import('./screens/published-figures.tsx'),
  'PublishedFigures',
);
const PublishedReport = screen(() => import('./screens/published-report.tsx'), 'PublishedReport');

const guard = (path: string, element: ReactNode) => <Allowed path={path}>{element}</Allowed>;

/**
 * The screens, each with the permissions of which it needs one (none: every signed-in user).
 * Navigation lists only the screens the user may use, and a screen the user may not use says
 * so instead of calling endpoints that would refuse them.
 */
const navigation: readonly { to: string; label: MessageKey; needs: readonly Permission[] }[] = [
  { to: '/', label: 'nav.dashboard', needs: [] },
  { to: '/cases', label: 'nav.cases', needs: ['case.read'] },
  { to: '/cases/new', label: 'nav.newCase', needs: ['case.write'] },
  { to: '/law', label: 'nav.law', needs: ['law.read'] },
  { to: '/reports', label: 'nav.reports', needs: ['report.read'] },
  { to: '/reports/published', label: 'nav.publishedReport', needs: ['report.public'] },
  { to: '/published-figures', label: 'nav.publishedFigures', needs: ['certification.write'] },
  { to: '/trainings', label: 'nav.trainings', needs: ['training.read'] },
  {
    to: '/complicity',
    label: 'nav.complicity',
    needs: ['complicity.read', 'complicity.report'],
  },
  { to: '/approvals', label: 'nav.approvals', needs: ['case.read', 'audit.read'] },
  { to: '/victims', label: 'nav.victimMatches', needs: ['victims.match'] },
  { to: '/import', label: 'nav.import', needs: ['records.import'] },
  { to: '/audit', label: 'nav.audit', needs: ['audit.read', 'integrity.read'] },
  { to: '/admin', label: 'nav.admin', needs: ['user.manage', 'agency.manage'] },
];

/** The permissions a route needs (any one of them), by the navigation entry it belongs to. */
function needsOf(path: string): readonly Permission[] {
  return navigation.find((item) => item.to === path)?.needs ?? [];
}

/** The screen, or a plain statement that the user's roles do not include it. */
function Allowed({ path, children }: { path: string; children: ReactNode }) {
  const { t } = useI18n();
  const { can } = usePermissions();
  if (can !== undefined && !can(...needsOf(path))) {
    return (
      <section aria-labelledby="not-allowed-title">
        <h1 id="not-allowed-title">{t('shell.notAllowedTitle')}</h1>
        <p>{t('shell.notAllowed')}</p>
      </section>
    );
  }
  return <>{children}</>;
}

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
        onChange={(event) => {
          const chosen = event.target.value;
          if (isOneOf(languages, chosen)) setLang(chosen);
        }}
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
  const { me } = useMe();
  const { can } = usePermissions();
  // With sessions, the user is who signed in; the "working as" header is for servers without.
  // A server in development header mode answers /api/auth/me without a session (no CSRF token);
  // one that requires sign-in answers 401 (null) until somebody signs in.
  const signedIn = me.data !== undefined && me.data !== null && me.data.csrfToken !== null;
  const headerMode = me.data !== undefined && me.data !== null;
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
              {navigation
                .filter((item) => can === undefined || can(...item.needs))
                .map((item) => (
                  <li key={item.to}>
                    <NavLink
                      to={item.to}
                      end={item.to === '/' || item.to === '/cases' || item.to === '/reports'}
                    >
                      {t(item.label)}
                    </NavLink>
                  </li>
                ))}
            </ul>
          </nav>
          <main id="main" tabIndex={-1}>
            <Suspense fallback={<p aria-busy="true">{t('common.loading')}</p>}>
              <Routes>
                <Route path="/" element={<Home />} />
                <Route path="/cases" element={guard('/cases', <CaseList />)} />
                <Route path="/cases/new" element={guard('/cases/new', <NewCase />)} />
                <Route path="/cases/:id" element={guard('/cases', <CasePage />)} />
                <Route path="/law" element={guard('/law', <LawExplorer />)} />
                <Route path="/reports" element={guard('/reports', <Reports />)} />
                <Route path="/reports/records" element={guard('/reports', <Records />)} />
                <Route
                  path="/reports/published"
                  element={guard('/reports/published', <PublishedReport />)}
                />
                <Route
                  path="/published-figures"
                  element={guard('/published-figures', <PublishedFigures />)}
                />
                <Route path="/trainings" element={guard('/trainings', <Trainings />)} />
                <Route path="/complicity" element={guard('/complicity', <Complicity />)} />
                <Route path="/approvals" element={guard('/approvals', <Approvals />)} />
                <Route path="/victims" element={guard('/victims', <VictimMatches />)} />
                <Route path="/import" element={guard('/import', <ImportRecords />)} />
                <Route path="/audit" element={guard('/audit', <AuditLog />)} />
                <Route path="/admin" element={guard('/admin', <Admin />)} />
                <Route path="*" element={<p>{t('shell.notFound')}</p>} />
              </Routes>
            </Suspense>
          </main>
        </div>
      </AuthGate>
    </>
  );
}
