import { migrationState } from '../../db/create-db.ts';
import type { AppContext } from '../common/context.ts';
import { palermoVersion } from './version.ts';

export { palermoVersion };

/** What the health check reports: version, engine, and which migrations are applied or pending. */
export type SystemStatus = Awaited<ReturnType<typeof systemStatus>>;

const recentStatus = new WeakMap<
  AppContext,
  { readonly at: number; readonly status: Promise<SystemStatus> }
>();

/**
 * `systemStatus` read at most once per `maxAgeMs` (default one second) per context: a load
 * balancer's checks, and a burst of them, cost one read of the migration table a second, and
 * callers in the same moment share it. The answer is frozen (answered again as it is); a failed
 * read is not kept. On a monotonic clock, not `ctx.now` (a test's fixed clock would keep it).
 */
export function recentSystemStatus(ctx: AppContext, maxAgeMs = 1000): Promise<SystemStatus> {
  const now = performance.now();
  const kept = recentStatus.get(ctx);
  if (kept !== undefined && now - kept.at < maxAgeMs) return kept.status;
  const status = systemStatus(ctx).then(freezeStatus);
  recentStatus.set(ctx, { at: now, status });
  status.catch(() => {
    if (recentStatus.get(ctx)?.status === status) recentStatus.delete(ctx);
  });
  return status;
}

function freezeStatus(status: SystemStatus): SystemStatus {
  Object.freeze(status.migrations.applied);
  Object.freeze(status.migrations.pending);
  Object.freeze(status.migrations);
  Object.freeze(status.statutePacks.loaded);
  Object.freeze(status.statutePacks);
  return Object.freeze(status);
}

/** The health check's answer read now: version, engine, and which migrations are applied or pending. */
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
