import { readFileSync } from 'node:fs';
import { migrationState } from '../db/create-db.ts';
import type { AppContext } from './context.ts';

/** The version in package.json. */
export const palermoVersion: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  }
).version;

/** What the health check reports: version, engine, and which migrations are applied or pending. */
export async function systemStatus(ctx: AppContext) {
  const migrations = await migrationState(ctx.db);
  return {
    status: migrations.pending.length === 0 ? ('ok' as const) : ('migrations_pending' as const),
    version: palermoVersion,
    engine: ctx.engine,
    migrations,
    statutePacks: statutePacksStatus(ctx),
  };
}

/**
 * The statute packs as loaded: the jurisdictions in service, and every pack or screening set
 * that failed validation with its file:line problems (the others still serve). A missing packs
 * directory is reported, not thrown: the registry still answers for cases and counts.
 */
function statutePacksStatus(ctx: AppContext) {
  try {
    const registry = ctx.statutes();
    return {
      loaded: [...registry.packs.keys()].sort(),
      invalid: registry.invalid,
      problem: null,
    };
  } catch (error) {
    return {
      loaded: [],
      invalid: [],
      problem: error instanceof Error ? error.message : String(error),
    };
  }
}
