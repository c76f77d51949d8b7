import { DomainError } from '../core/errors.ts';
import type { AppContext } from './context.ts';

/**
 * The jurisdictions the registry is used for: those of its agencies that have a statute pack
 * installed, upper-case. The first administrator's agency, created on an empty database before
 * any jurisdiction is known, has none and so never counts (see `serve`).
 */
export async function jurisdictionsInUse(ctx: AppContext): Promise<string[]> {
  const rows = await ctx.db.selectFrom('agencies').select('jurisdiction').distinct().execute();
  const packs = ctx.statutes().packs;
  return [...new Set(rows.map((r) => r.jurisdiction.toUpperCase()))]
    .filter((code) => packs.has(code.toLowerCase()))
    .sort();
}

/** The one jurisdiction in use, or null when there are none or several. */
export async function onlyJurisdictionInUse(ctx: AppContext): Promise<string | null> {
  const inUse = await jurisdictionsInUse(ctx);
  return inUse.length === 1 ? (inUse[0] ?? null) : null;
}

/**
 * The jurisdiction a command or request is about: the one asked for (any case), else the only
 * one in use; otherwise a ValidationFailed naming the jurisdictions to choose from.
 */
export async function resolveJurisdiction(
  ctx: AppContext,
  asked: string | null | undefined,
): Promise<string> {
  if (asked !== undefined && asked !== null && asked !== '') return asked.toUpperCase();
  const inUse = await jurisdictionsInUse(ctx);
  if (inUse.length === 1 && inUse[0] !== undefined) return inUse[0];
  const installed = [...ctx.statutes().packs.keys()].map((code) => code.toUpperCase()).sort();
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
 * The jurisdiction of the first administrator's agency: the one in use; on an empty database
 * the only installed pack's; with several packs and no agency, `ZZ` (ISO 3166's code for an
 * unknown territory), which no pack uses, so that the agency never makes a jurisdiction "in use"
 * and never forces `--jurisdiction` once the real agencies exist.
 */
export async function administrationJurisdiction(ctx: AppContext): Promise<string> {
  const inUse = await onlyJurisdictionInUse(ctx);
  if (inUse !== null) return inUse;
  const installed = [...ctx.statutes().packs.keys()];
  return installed.length === 1 && installed[0] !== undefined ? installed[0].toUpperCase() : 'ZZ';
}
