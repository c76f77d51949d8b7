/**
 * Starts Palermo's command line from JavaScript compiled ahead of time: src/cli/main.ts and
 * the sources it imports are bundled by esbuild into dist/cli/<build>/ (what a command imports
 * on demand, such as the HTTP server, is a chunk of its own), so a command does not transpile a
 * few hundred TypeScript files at every start. Packages written in plain JavaScript are bundled
 * too: Node resolving and compiling zod's and kysely's few hundred files one by one took a third
 * of a small command's CPU. A build
 * is named after the latest change under src/ (files and directories, so a deletion counts): a
 * fresh clone, an edit or a checkout makes a new one. It is written to a temporary directory
 * and renamed, so concurrent starts never run half a build.
 */
/* global URL, process */
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const builds = join(root, 'dist', 'cli');
const web = join(src, 'web');

/**
 * Packages left in node_modules: native addons, packages that read their own files at run time
 * (pino's worker transports under fastify, swagger-ui's assets, highs' WebAssembly), and large
 * ones a single command loads (exceljs, echarts). A package importing zod must be bundled with
 * it (fastify-type-provider-zod is): two copies of zod would not know each other's schemas.
 */
const external = [
  'better-sqlite3',
  '@node-rs/argon2',
  'pg',
  'pg-native',
  'fastify',
  '@fastify/*',
  'highs',
  'exceljs',
  'echarts',
  'echarts/*',
];

function newestSource() {
  let newest = statSync(src).mtimeMs;
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath ?? entry.path, entry.name);
    if (path === web || path.startsWith(web + sep)) continue;
    newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the CLI into `target` (a directory under dist/cli). @param {string} target */
async function build(target) {
  const { build: esbuild } = await import('esbuild');
  const temporary = `${target}.${process.pid}.tmp`;
  await esbuild({
    entryPoints: { main: join(src, 'cli', 'main.ts') },
    outdir: temporary,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external,
    // CommonJS packages in the bundle call require() for Node's own modules.
    banner: {
      js: "import { createRequire as palermoRequire } from 'node:module'; const require = palermoRequire(import.meta.url);",
    },
    logLevel: 'error',
    plugins: [
      {
        // Sources find files beside them (package.json, jurisdictions/, dist/web) from their
        // own URL: each keeps it, relative to the build so the tree may move.
        name: 'source-import-meta-url',
        setup(on) {
          on.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
            if (path.includes(`${sep}node_modules${sep}`)) return undefined;
            const text = await readFile(path, 'utf8');
            const own = relative(target, path).split(sep).join('/');
            return {
              contents: text.replaceAll(
                'import.meta.url',
                `new URL(${JSON.stringify(own)}, import.meta.url).href`,
              ),
              loader: 'ts',
            };
          });
        },
      },
    ],
  });
  try {
    renameSync(temporary, target);
  } catch (error) {
    // Another start made the same build meanwhile.
    rmSync(temporary, { recursive: true, force: true });
    if (!existsSync(target)) throw error;
  }
  // Builds of older sources, a day old or more (a process started from one has long loaded it).
  for (const name of readdirSync(builds)) {
    const path = join(builds, name);
    if (path !== target && statSync(path).mtimeMs < Date.now() - 86_400_000)
      rmSync(path, { recursive: true, force: true });
  }
}

const target = join(builds, Math.floor(newestSource()).toString(36));
if (!existsSync(join(target, 'main.mjs'))) await build(target);
await import(pathToFileURL(join(target, 'main.mjs')).href);
