import { readFileSync } from 'node:fs';

/** The version in package.json (a module of its own: `palermo --version` loads nothing else). */
const manifest: unknown = JSON.parse(
  readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
);

export const palermoVersion: string =
  typeof manifest === 'object' &&
  manifest !== null &&
  'version' in manifest &&
  typeof manifest.version === 'string'
    ? manifest.version
    : 'unknown';
