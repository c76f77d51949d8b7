/**
 * Reading statute packs from disk. A pack is a directory `jurisdictions/<code>/` holding a
 * `pack.yaml` and further `*.yaml` provision files; `jurisdictions/screening/*.yaml` holds the
 * shared screening sets. Subdirectories of a pack (its golden tests) are not part of it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { DomainError } from '../../core/errors.ts';
import { parsePack, type PackFile } from '../../core/statutes/parse-pack.ts';
import { createRegistry, type PackRegistry } from '../../core/statutes/registry.ts';
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

/** Reads every pack and screening set under `dir` into a registry; any invalid file refuses the load. */
export function loadPacks(dir: string): PackRegistry {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    throw new DomainError('NotFound', `statute packs directory not found: ${dir}`);
  }
  const packs: Pack[] = [];
  const screening: ScreeningSet[] = [];
  for (const entry of entries) {
    const path = join(dir, entry);
    if (!statSync(path).isDirectory()) continue;
    if (entry === 'screening') {
      for (const file of yamlFiles(path)) {
        screening.push(parseScreeningSet(relative(dir, file), readFileSync(file, 'utf8')));
      }
      continue;
    }
    if (yamlFiles(path).some((f) => f.endsWith('pack.yaml'))) packs.push(loadPack(path, dir));
  }
  return createRegistry(packs, screening);
}
