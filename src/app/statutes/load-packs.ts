/**
 * Reading statute packs from disk. A pack is a directory `jurisdictions/<code>/` holding a
 * `pack.yaml` and further `*.yaml` provision files; `jurisdictions/screening/*.yaml` holds the
 * shared screening sets. Subdirectories of a pack (its golden tests) are not part of it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DomainError } from '../../core/errors.ts';
import { jurisdictionCodeInput, type JurisdictionCode } from '../../core/jurisdiction.ts';
import { parsePack, type PackError, type PackFile } from '../../core/statutes/parse-pack.ts';
import {
  createRegistry,
  type InvalidPack,
  type PackProblem,
  type PackRegistry,
} from '../../core/statutes/registry.ts';
import { parseScreeningSet, type ScreeningSet } from '../../core/statutes/screening.ts';
import type { Pack } from '../../core/statutes/schema.ts';

const yamlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort()
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());

/** Reads and validates one pack directory. */
export function loadPack(packDir: string, root: string = join(packDir, '..')): Pack {
  const files: PackFile[] = yamlFiles(packDir).map((path) => ({
    name: relative(root, path),
    text: readFileSync(path, 'utf8'),
  }));
  return parsePack(files);
}

const isPackError = (e: unknown): e is PackError =>
  typeof e === 'object' && e !== null && 'file' in e && 'line' in e && 'reason' in e;

/** The file:line problems a `PackInvalid` error carries (or its message, for any other error). */
function problemsOf(name: string, error: unknown): PackProblem[] {
  if (!(error instanceof DomainError) || error.code !== 'PackInvalid') throw error;
  const listed: unknown = error.details['errors'];
  if (Array.isArray(listed) && listed.length > 0 && listed.every(isPackError)) {
    return listed.map((e) => ({
      file: e.file,
      line: e.line,
      column: e.column,
      reason: e.path ? `${e.reason} (at ${e.path})` : e.reason,
    }));
  }
  if (error.issues.length > 0) {
    return error.issues.map((issue) => {
      const [file = name, line = '1'] = issue.path.split(':');
      return { file, line: Number(line) || 1, column: 1, reason: issue.message };
    });
  }
  return [{ file: name, line: 1, column: 1, reason: error.message }];
}

/** The jurisdiction a pack directory (`kg`) is for, when its name is a code; a path otherwise. */
function codeOfDirectory(entry: string): JurisdictionCode | null {
  const parsed = jurisdictionCodeInput.safeParse(entry);
  return parsed.success ? parsed.data : null;
}

/**
 * Reads every pack and screening set under `dir` into a registry. An invalid pack or set is
 * reported in `registry.invalid` with its file:line problems; the others load.
 */
export function loadPacks(dir: string): PackRegistry {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    throw new DomainError('NotFound', `statute packs directory not found: ${dir}`);
  }
  const packs: Pack[] = [];
  const screening: ScreeningSet[] = [];
  const invalid: InvalidPack[] = [];
  for (const entry of entries) {
    const path = join(dir, entry);
    if (!statSync(path).isDirectory()) continue;
    if (entry === 'screening') {
      for (const file of yamlFiles(path)) {
        const name = relative(dir, file);
        try {
          screening.push(parseScreeningSet(name, readFileSync(file, 'utf8')));
        } catch (error) {
          invalid.push({ name, code: null, errors: problemsOf(name, error) });
        }
      }
      continue;
    }
    if (!yamlFiles(path).some((f) => f.endsWith('pack.yaml'))) continue;
    try {
      packs.push(loadPack(path, dir));
    } catch (error) {
      invalid.push({
        name: entry,
        code: codeOfDirectory(entry),
        errors: problemsOf(`${entry}/pack.yaml`, error),
      });
    }
  }
  return createRegistry(packs, screening, invalid);
}
