// `npm run dev`: the API server (bin/palermo serve) and Vite's dev server with hot reload,
// which proxies /api to it. PALERMO_API_PORT (default 8080) and PALERMO_WEB_PORT (5173).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

const apiPort = process.env['PALERMO_API_PORT'] ?? '8080';
const webPort = Number(process.env['PALERMO_WEB_PORT'] ?? '5173');
const root = fileURLToPath(new URL('../../..', import.meta.url));
process.env['PALERMO_API_URL'] ??= `http://127.0.0.1:${apiPort}`;

const api = spawn('bin/palermo', ['serve', '--port', apiPort, '--host', '127.0.0.1'], {
  cwd: root,
  stdio: 'inherit',
});
const web = await createServer({
  configFile: fileURLToPath(new URL('../vite.config.ts', import.meta.url)),
  server: { port: webPort },
});
await web.listen();
web.printUrls();

const stop = () => {
  api.kill('SIGTERM');
  void web.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
api.once('exit', (code) => {
  console.error(`the API server stopped (${code ?? 'signal'})`);
  void web.close().then(() => process.exit(code ?? 1));
});
