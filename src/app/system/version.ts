import { readFileSync } from 'node:fs';

/** The version in package.json (a module of its own: `palermo --version` loads nothing else). */
export const palermoVersion: string = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;
