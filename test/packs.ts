import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shippedJurisdictionsDir } from '../src/config.ts';

/** The fixture packs that are not shipped (test/fixtures/jurisdictions: kz). */
export const fixturePacksDir = fileURLToPath(new URL('./fixtures/jurisdictions/', import.meta.url));

/**
 * A temporary packs directory: the shipped packs (linked, or copied when `copy` names them, so a
 * test may edit them) plus the fixture packs named in `fixtures`. `cleanup` removes it.
 */
export function packsDir(
  options: {
    fixtures?: readonly string[];
    copy?: readonly string[];
    omit?: readonly string[];
  } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'palermo-packs-'));
  for (const entry of readdirSync(shippedJurisdictionsDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || options.omit?.includes(entry.name)) continue;
    const from = join(shippedJurisdictionsDir, entry.name);
    if (options.copy?.includes(entry.name))
      cpSync(from, join(dir, entry.name), { recursive: true });
    else symlinkSync(from, join(dir, entry.name));
  }
  for (const name of options.fixtures ?? []) {
    cpSync(join(fixturePacksDir, name), join(dir, name), { recursive: true });
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
