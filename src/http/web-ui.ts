import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { palermoVersion } from '../app/system/system.ts';

/** Where `npm run build:web` writes the UI (dist/web at the repository root). */
export const defaultWebDir = fileURLToPath(new URL('../../dist/web', import.meta.url));

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * Serves the built web UI at `/` with a single-page-application fallback: any other GET that
 * asks for HTML gets index.html, so that deep links (/cases/…) work. Nothing under /api is
 * ever answered with the UI: an unknown API path stays a JSON 404. Without a build, `/` shows
 * a plain page that says how to build the UI.
 */
export async function registerWebUi(
  app: FastifyInstance,
  options: { webDir?: string; engine: string },
): Promise<void> {
  const webDir = options.webDir ?? defaultWebDir;
  const built = existsSync(`${webDir}/index.html`);
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '';
    const wantsHtml = (request.headers.accept ?? '').includes('text/html');
    if (
      built &&
      request.method === 'GET' &&
      wantsHtml &&
      path !== '/api' &&
      !path.startsWith('/api/')
    ) {
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply
      .code(404)
      .send({ error: 'NotFound', message: `${request.method} ${path} does not exist`, issues: [] });
  });
  if (built) {
    await app.register(fastifyStatic, {
      root: webDir,
      prefix: '/',
      index: ['index.html'],
      // Hashed asset names never change content: cache them for a year; index.html never.
      setHeaders: (response, filePath) => {
        response.setHeader(
          'cache-control',
          filePath.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
    return;
  }
  app.get('/', { schema: { hide: true } }, async (_request, reply) => {
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Palermo</title></head>
<body><h1>Palermo ${escapeHtml(palermoVersion)}</h1>
<p>Database engine: <strong>${escapeHtml(options.engine)}</strong></p>
<p>The web UI is not built: run <code>npm run build:web</code> (<code>npm start</code> does it).</p>
<p><a href="/api/docs">API documentation</a> · <a href="/api/openapi.json">OpenAPI 3.1</a> · <a href="/api/health">health</a></p>
</body></html>`;
    return reply.type('text/html; charset=utf-8').send(html);
  });
}
