import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { BrowserContext } from 'playwright-core';

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
  stop(): Promise<void>;
}

/**
 * Starts `bin/palermo serve` on a free port with a new SQLite database in a temporary folder
 * (without the demo data). Where the server requires sign-in, the development
 * header mode is asked for, as the UI's tests name their user.
 */
export async function startServer(timeoutMs = 180_000): Promise<RunningServer> {
  // An already running, empty server (for trying the tests against a server started by hand).
  const given = process.env['PALERMO_UI_TEST_URL'];
  if (given !== undefined && given !== '') {
    return { url: given, dataDir: '', stop: () => Promise.resolve() };
  }
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'palermo-ui-'));
  const help = execFileSync(join(repoRoot, 'bin/palermo'), ['serve', '--help'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  const args = ['serve', '--port', String(port), '--host', '127.0.0.1'];
  if (help.includes('--insecure-dev-auth')) args.push('--insecure-dev-auth');
  // An empty database (no demo): the tests create what they count, through the UI.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PALERMO_DATA_DIR: dataDir,
    PALERMO_LOG_LEVEL: 'warn',
    PALERMO_DEMO: 'off',
  };
  // The UI tests use their own SQLite file, whatever database the shell points at.
  delete env['PALERMO_DATABASE_URL'];
  const child: ChildProcess = spawn(join(repoRoot, 'bin/palermo'), args, {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  for (;;) {
    if (exited) throw new Error('the server exited before it answered');
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server did not answer within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    dataDir,
    stop: async () => {
      if (!exited) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await gone;
        clearTimeout(timer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Debian's Chromium, headless, with a fresh profile (Playwright refuses --user-data-dir in launch()). */
export async function launchBrowser(): Promise<{
  context: BrowserContext;
  close(): Promise<void>;
}> {
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
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
