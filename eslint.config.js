// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Modules that `src/core` must never import: it is the pure domain (docs/ARCHITECTURE.md). */
const forbiddenInCore = [
  { group: ['**/db/**', '**/db', '../db/*'], message: 'core/ is pure: it must not import db/.' },
  { group: ['**/http/**', '**/http'], message: 'core/ is pure: it must not import http/.' },
  { group: ['**/cli/**', '**/cli'], message: 'core/ is pure: it must not import cli/.' },
  { group: ['**/app/**', '**/app'], message: 'core/ is pure: it must not import app/.' },
  { group: ['**/config', '**/config.ts'], message: 'core/ does not read configuration.' },
];

/** Configuration is read once, by the composition root (src/config.ts, src/cli/runtime.ts). */
const configReadOnce = [
  {
    selector: "MemberExpression[object.name='process'][property.name='env']",
    message: 'Read configuration through ctx.config (src/config.ts documents every variable).',
  },
  {
    selector: "ImportSpecifier[imported.name='readConfig']",
    message: 'Only the composition root (src/cli/runtime.ts) reads the configuration.',
  },
];

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'dist/**', 'data/**', 'test-results/**', 'scratch/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: [
            '*.js',
            'bin/*.mjs',
            'bench/*.mjs',
            'src/web/vite.config.ts',
            'src/web/scripts/*.ts',
          ],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['**/*.test.ts', 'src/config.ts', 'src/cli/runtime.ts'],
    rules: { 'no-restricted-syntax': ['error', ...configReadOnce] },
  },
  {
    // The web runs in the browser: it talks to the HTTP API and may import the shared kernel
    // (core's vocabularies, errors, policy) and, as types only, app's schemas (docs/ARCHITECTURE.md).
    files: ['src/web/**/*.ts', 'src/web/**/*.tsx'],
    ignores: ['src/web/vite.config.ts', 'src/web/scripts/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/db/**', '**/http/**', '**/cli/**'],
              message: 'web/ talks to the API only.',
            },
            {
              group: ['**/app/**'],
              allowTypeImports: true,
              message: 'web/ imports app/ schemas as types only (no server code in the bundle).',
            },
            { group: ['**/config', '**/config.ts'], message: 'web/ does not read configuration.' },
          ],
        },
      ],
    },
  },
  {
    // The web's build and dev tooling run in Node, outside the server: they read their own settings.
    files: ['src/web/vite.config.ts', 'src/web/scripts/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'node:fs', message: 'core/ is pure: no file system.' },
            { name: 'fs', message: 'core/ is pure: no file system.' },
            { name: 'node:fs/promises', message: 'core/ is pure: no file system.' },
            { name: 'kysely', message: 'core/ is pure: no database.' },
            { name: 'better-sqlite3', message: 'core/ is pure: no database.' },
            { name: 'pg', message: 'core/ is pure: no database.' },
            { name: 'fastify', message: 'core/ is pure: no HTTP.' },
            { name: 'commander', message: 'core/ is pure: no CLI.' },
          ],
          patterns: forbiddenInCore,
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'core/ does not read the clock: pass `now` in.',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'core/ does not read the clock: pass `now` in.',
        },
        ...configReadOnce,
      ],
    },
  },
  {
    files: ['src/http/**/*.ts', 'src/cli/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/db/repositories/**'],
              message: 'http/ and cli/ call app/ only, never repositories.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // Fixtures share one async signature whether or not a given one awaits.
      '@typescript-eslint/require-await': 'off',
    },
  },
);
