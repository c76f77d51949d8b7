import { z } from 'zod';

/**
 * The environment, read once, validated and frozen. Every variable Palermo reads is here,
 * with its meaning; an invalid value stops the process with the variable's name.
 *
 * - PALERMO_DATABASE_URL   postgres://… for PostgreSQL, or a SQLite file path (default ./data/palermo.db)
 * - PALERMO_DATA_DIR       where the SQLite file and keys live (default ./data)
 * - PALERMO_PORT, PALERMO_HOST   where the server listens (default 8080, 0.0.0.0)
 * - PALERMO_DEV_ACTOR      username acting for requests that name none, until authentication exists
 * - PALERMO_LOG_LEVEL      pino level (default info)
 * - PALERMO_DEMO           "off" to start on an empty database without loading the demo data
 * - PALERMO_LOG_KEY_FILE   the audit log's Ed25519 signing key (Go note format, `PRIVATE+KEY+…`);
 *                          default <PALERMO_DATA_DIR>/log-signing.key, created on first start
 *                          with mode 0600, its public key written beside it as log-signing.pub
 * - PALERMO_LOG_ORIGIN     the log's name in its checkpoints, used only when the key is created
 *                          (default "palermo-audit-log"; give each deployment its own, e.g.
 *                          "registry.mvd.kg/audit")
 * - PALERMO_IDLE_DAYS      a case without any event for this many days counts as idle in the
 *                          integrity report (default 180)
 */
const schema = z.object({
  PALERMO_DATABASE_URL: z.string().min(1).optional(),
  PALERMO_DATA_DIR: z.string().min(1).default('./data'),
  PALERMO_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  PALERMO_HOST: z.string().min(1).default('0.0.0.0'),
  PALERMO_DEV_ACTOR: z.string().min(1).optional(),
  PALERMO_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  PALERMO_DEMO: z.enum(['on', 'off']).default('on'),
  PALERMO_LOG_KEY_FILE: z.string().min(1).optional(),
  PALERMO_LOG_ORIGIN: z
    .string()
    .regex(/^[^\s+]+$/, 'must be one word without spaces or "+"')
    .default('palermo-audit-log'),
  PALERMO_IDLE_DAYS: z.coerce.number().int().min(1).max(36500).default(180),
});

export interface Config {
  readonly databaseUrl: string;
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly devActor: string | null;
  readonly logLevel: string;
  readonly loadDemo: boolean;
  readonly logKeyFile: string;
  readonly logOrigin: string;
  readonly idleDays: number;
}

/** Reads and validates the environment; throws naming every bad variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`invalid configuration: ${problems.join('; ')}`);
  }
  const values = parsed.data;
  return Object.freeze({
    databaseUrl: values.PALERMO_DATABASE_URL ?? `${values.PALERMO_DATA_DIR}/palermo.db`,
    dataDir: values.PALERMO_DATA_DIR,
    port: values.PALERMO_PORT,
    host: values.PALERMO_HOST,
    devActor: values.PALERMO_DEV_ACTOR ?? null,
    logLevel: values.PALERMO_LOG_LEVEL,
    loadDemo: values.PALERMO_DEMO === 'on',
    logKeyFile: values.PALERMO_LOG_KEY_FILE ?? `${values.PALERMO_DATA_DIR}/log-signing.key`,
    logOrigin: values.PALERMO_LOG_ORIGIN,
    idleDays: values.PALERMO_IDLE_DAYS,
  });
}
