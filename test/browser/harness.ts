import { execFileSync } from 'node:child_process';
import type { Role } from '../../src/core/vocabulary.ts';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { IntlMessageFormat } from 'intl-messageformat';
import { createUser, findActor } from '../../src/app/agencies/agencies.ts';
import { setPassword } from '../../src/app/auth/passwords.ts';
import { issueOneTimePassword } from '../../src/app/auth/bootstrap.ts';
import { createAppContext, systemActor } from '../../src/app/common/context.ts';
import { testConfig } from '../engines.ts';
import type { AppContext } from '../../src/app/common/context.ts';
import { createDb, migrateOrThrow } from '../../src/db/create-db.ts';
import type { AuthMode } from '../../src/http/auth.ts';
import { buildServer } from '../../src/http/server.ts';
import { en } from '../../src/web/i18n/en.ts';
import type { MessageKey } from '../../src/web/i18n/en.ts';
import { ru } from '../../src/web/i18n/ru.ts';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const webDist = join(repoRoot, 'dist/web');
export const chromiumPath = process.env['PALERMO_CHROMIUM'] ?? '/usr/bin/chromium';

/** Builds the UI into dist/web unless a build is there (`npm test` builds it first). */
export function ensureWebBuild(): void {
  if (existsSync(join(webDist, 'index.html'))) return;
  execFileSync(
    process.execPath,
    [
      join(repoRoot, 'node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'src/web/vite.config.ts',
    ],
    { cwd: repoRoot, stdio: 'inherit' },
  );
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningServer {
  readonly url: string;
  readonly dataDir: string;
  /** The server's application context (null for a server given by PALERMO_UI_TEST_URL). */
  readonly ctx: AppContext | null;
  stop(): Promise<void>;
}

/**
 * Starts the HTTP server (API and the built UI) on a free port with a new SQLite database in a
 * temporary folder. By default it runs in development authentication mode: the UI's tests name
 * their user with the X-Palermo-User header, or act as the development actor with every role.
 * With `auth: 'required'` it behaves as `bin/palermo serve` does (test/browser/sign-in.test.ts);
 * `now` replaces the server's clock; `env` adds configuration (e.g. PALERMO_JURISDICTIONS_DIR).
 */
export async function startServer(
  options: { auth?: AuthMode; now?: () => Date; env?: NodeJS.ProcessEnv } = {},
): Promise<RunningServer> {
  const auth = options.auth ?? 'development';
  // An already running, empty server (for trying the tests against a server started by hand).
  const given = process.env['PALERMO_UI_TEST_URL'];
  if (auth === 'development' && given !== undefined && given !== '') {
    return { url: given, dataDir: '', ctx: null, stop: () => Promise.resolve() };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'palermo-ui-'));
  const handle = createDb(join(dataDir, 'palermo.db'));
  await migrateOrThrow(handle.db);
  const ctx = createAppContext(
    handle.db,
    handle.engine,
    testConfig({ ...options.env, PALERMO_DATA_DIR: dataDir }),
    options.now === undefined ? {} : { now: options.now },
  );
  const app = await buildServer({ ctx, auth, logLevel: 'warn' });
  const port = await freePort();
  await app.listen({ port, host: '127.0.0.1' });
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    ctx,
    stop: async () => {
      await app.close();
      await handle.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A browser of a test: its context, its first page, and how to close it. */
export interface RunningBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  close(): Promise<void>;
}

/**
 * Debian's Chromium, headless, with a fresh profile (Playwright refuses --user-data-dir in
 * launch()), and its first page, which waits up to 60 s for an element or a navigation.
 */
export async function launchBrowser(): Promise<RunningBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'palermo-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
    timeout: 120_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(60_000);
  page.setDefaultNavigationTimeout(60_000);
  return {
    context,
    page,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The password every user of a browser test has chosen (after their one-time password). */
export const testPassword = 'a long passphrase for the test';

/** A user a browser test signs in as: made through the use-cases, with a chosen password. */
export interface SignInUser {
  readonly username: string;
  readonly displayName: string;
  readonly agencyId: string;
  readonly roles: readonly Role[];
}

/**
 * Creates users as an administrator would (createUser, then a one-time password each replaces
 * with `password`), so that the test signs in through the real sign-in with their own roles.
 */
export async function createUsersWithPasswords(
  ctx: AppContext,
  users: readonly SignInUser[],
  password = testPassword,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const user of users) {
    const created = await createUser(ctx, systemActor, { ...user, roles: [...user.roles] });
    const oneTime = await issueOneTimePassword(ctx, created.id);
    const self = await findActor(ctx, created.id);
    if (self === null) throw new Error(`user ${user.username} not found`);
    await setPassword(ctx, self.actor, created.id, { password, currentPassword: oneTime });
    ids.set(user.username, created.id);
  }
  return ids;
}

export type TestLanguage = 'en' | 'ru';
const testCatalogues: Record<TestLanguage, Record<MessageKey, string>> = { en, ru };

/** The UI's message in a language, formatted as the page formats it. */
export function messageIn(
  lang: TestLanguage,
  key: MessageKey,
  values: Record<string, string | number> = {},
): string {
  return String(new IntlMessageFormat(testCatalogues[lang][key], lang).format(values));
}

/**
 * The next person at the browser signs in through the real sign-in form, in their language
 * (the previous session's cookie is cleared first); ends when the header names them.
 */
export async function signInWithLanguage(
  page: Page,
  url: string,
  username: string,
  lang: TestLanguage,
  password = testPassword,
): Promise<void> {
  await page.context().clearCookies();
  await page.goto(`${url}/`);
  await page.evaluate(`localStorage.setItem('palermo.lang', '${lang}')`);
  await page.reload();
  const form = page.locator('form[aria-labelledby="sign-in-title"]');
  await form.getByLabel(messageIn(lang, 'signIn.username'), { exact: true }).fill(username);
  await form.getByLabel(messageIn(lang, 'signIn.password'), { exact: true }).fill(password);
  await form.getByRole('button', { name: messageIn(lang, 'signIn.submit') }).click();
  await page.getByText(messageIn(lang, 'signIn.as', { user: username })).waitFor();
}

/** Chooses, in the select labelled `label`, the first option whose text matches. */
export async function selectOption(
  scope: Locator,
  label: string,
  optionText: string | RegExp,
): Promise<void> {
  const control = scope.getByLabel(label, { exact: true });
  const option = control.locator('option', { hasText: optionText }).first();
  await option.waitFor({ state: 'attached' });
  await control.selectOption((await option.getAttribute('value')) ?? '');
}

/** The error message tied to a labelled field (aria-describedby), once the field is invalid. */
export async function fieldErrorOf(page: Page, scope: Locator, label: string): Promise<string> {
  const input = scope.getByLabel(label, { exact: true });
  await input.and(page.locator('[aria-invalid="true"]')).waitFor();
  const ids = (await input.getAttribute('aria-describedby')) ?? '';
  const errorId = ids.split(' ').find((id) => id.endsWith('-error')) ?? '';
  return page.locator(`[id="${errorId}"]`).innerText();
}
