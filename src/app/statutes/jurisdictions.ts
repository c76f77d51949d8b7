import { DomainError } from '../../core/errors.ts';
import type { AppContext } from '../common/context.ts';
import type { JurisdictionCode } from '../../core/jurisdiction.ts';

/**
 * The jurisdictions the registry is used for: those of its agencies that have a statute pack
 * installed. The first administrator's agency, created on an empty database before any
 * jurisdiction is known, has none and so never counts (see `serve`).
 */
export async function jurisdictionsInUse(ctx: AppContext): Promise<JurisdictionCode[]> {
  const rows = await ctx.db.selectFrom('agencies').select('jurisdiction').distinct().execute();
  const packs = ctx.statutes().packs;
  return [...new Set(rows.map((r) => r.jurisdiction))].filter((code) => packs.has(code)).sort();
}

/** The jurisdictions with an installed statute pack, in order. */
export function installedJurisdictions(ctx: AppContext): JurisdictionCode[] {
  return [...ctx.statutes().packs.keys()].sort();
}

/** The one jurisdiction in use, or null when there are none or several. */
export async function onlyJurisdictionInUse(ctx: AppContext): Promise<JurisdictionCode | null> {
  const inUse = await jurisdictionsInUse(ctx);
  return inUse.length === 1 ? (inUse[0] ?? null) : null;
}

/**
 * The jurisdiction a command or request is about: the one asked for, else the only one in use;
 * otherwise a ValidationFailed naming the jurisdictions to choose from.
 */
export async function resolveJurisdiction(
  ctx: AppContext,
  asked: JurisdictionCode | null | undefined,
): Promise<JurisdictionCode> {
  if (asked !== undefined && asked !== null) return asked;
  const inUse = await jurisdictionsInUse(ctx);
  if (inUse.length === 1 && inUse[0] !== undefined) return inUse[0];
  const installed = installedJurisdictions(ctx);
  throw new DomainError(
    'ValidationFailed',
    inUse.length === 0
      ? `jurisdiction: name one; no agency of an installed jurisdiction (${installed.join(', ') || 'none installed'}) exists yet`
      : `jurisdiction: name one of those in use (${inUse.join(', ')})`,
    {
      issues: [
        {
          path: 'jurisdiction',
          message:
            inUse.length === 0
              ? 'required while no agency of an installed jurisdiction exists'
              : 'required when the registry is used for more than one jurisdiction',
        },
      ],
    },
  );
}

/**
 * The jurisdiction of the first administrator's agency: the one the operator named (it must have
 * an installed pack), else the one in use, else the only installed pack. Null when several packs
 * are installed and none is in use: then nothing is created until an operator names one, so no
 * placeholder agency ever exists (`serve --jurisdiction`).
 */
export async function administrationJurisdiction(
  ctx: AppContext,
  asked?: JurisdictionCode | null,
): Promise<JurisdictionCode | null> {
  const installed = installedJurisdictions(ctx);
  if (asked !== undefined && asked !== null) {
    const code = asked;
    if (!installed.includes(code))
      throw new DomainError(
        'ValidationFailed',
        `jurisdiction: no statute pack is installed for ${code} (installed: ${installed.join(', ') || 'none'})`,
        { issues: [{ path: 'jurisdiction', message: 'no statute pack installed for it' }] },
      );
    return code;
  }
  const inUse = await onlyJurisdictionInUse(ctx);
  if (inUse !== null) return inUse;
  return installed.length === 1 ? (installed[0] ?? null) : null;
}
