import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const apiTarget = process.env['PALERMO_API_URL'] ?? 'http://127.0.0.1:8080';

/** The web UI: built into dist/web and served by the HTTP server at `/`. */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // The dev server proxies the API to the Fastify server (`npm run dev` starts both).
    proxy: { '/api': { target: apiTarget, changeOrigin: false } },
  },
});
