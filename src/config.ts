import { fileURLToPath } from 'node:url';
import { z } from 'zod';

/** The statute packs shipped with the sources: `jurisdictions/` at the repository root. */
export const shippedJurisdictionsDir = fileURLToPath(new URL('../jurisdictions/', import.meta.url));

/**
 * The environment, read once, validated and frozen. Every variable Palermo reads is here,
 * with its meaning; an invalid value stops the process with the variable's name.
 *
 * - PALERMO_DATABASE_URL   postgres://… for PostgreSQL, or a SQLite file path (default ./data/palermo.db)
 * - PALERMO_DATA_DIR       where the SQLite file and keys live (default ./data)
 * - PALERMO_PORT, PALERMO_HOST   where the server listens (default 8080, 0.0.0.0)
 * - PALERMO_DEV_ACTOR      the CLI's user when `--as` is not given (the server ignores it: it requires sign-in)
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
 * - PALERMO_TOKEN_MAX_DAYS  the longest an API token may live, in days (default 365): a token's
 *                          expiry must be in the future and at most this far ahead
 * - PALERMO_KEY_FILE       the identity master key: 32 random bytes as one line of base64; it
 *                          wraps the per-record keys that encrypt victim and witness identity
 *                          (docs/SECURITY.md, "Keys"). Default <PALERMO_DATA_DIR>/identity.key,
 *                          created on first use with mode 0600; a file readable by group or
 *                          others is refused. Back it up apart from the database: without it
 *                          no identity can be read.
 * - PALERMO_KEY            the identity master key itself (base64 of 32 bytes), for deployments
 *                          that inject secrets through the environment; set it or
 *                          PALERMO_KEY_FILE, not both
 * - PALERMO_RETENTION_FILE  YAML retention rules by case outcome (years an identity is kept
 *                          before it is crypto-shredded), over the defaults in
 *                          src/app/crypto/retention.ts; see docs/SECURITY.md, "Retention"
 * - PALERMO_JURISDICTIONS_DIR  the statute packs directory (default `jurisdictions/` at the
 *                          repository root); loaded on first use, once per process
 * - PALERMO_EARLIEST_YEAR  event dates (a case opened, an event, a charge, an identification, a
 *                          training, an allegation) before 1 January of this year are refused
 *                          as typing errors (default 1950)
 * - PALERMO_TRUST_PROXY    "on" behind a TLS-terminating reverse proxy: X-Forwarded-Proto/-For
 *                          are trusted, so cookies get `Secure` and HSTS is sent when the proxy
 *                          says https (default off: never trust those headers from the open
 *                          network); or a comma-separated list of the proxies' addresses
 * - PALERMO_TLS_CERT_FILE, PALERMO_TLS_KEY_FILE  PEM certificate chain and private key: `serve`
 *                          speaks HTTPS itself (set both, or neither)
 * - PALERMO_TOKEN          an auditor's API token for `palermo log verify --full` when --token is
 *                          not given (never logged)
 *
 * `readConfig` is called in one place, the CLI's composition root (`src/cli/runtime.ts`), which
 * passes the result down in the AppContext; ESLint refuses `process.env` and `readConfig`
 * anywhere else in src/.
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
  PALERMO_TOKEN_MAX_DAYS: z.coerce.number().int().min(1).max(3660).default(365),
  PALERMO_KEY_FILE: z.string().min(1).optional(),
  // The refinement never quotes the value: it is a secret.
  PALERMO_KEY: z
    .string()
    .refine(
      (value) => /^[A-Za-z0-9+/]{43}=$/.test(value.trim()),
      'must be 32 bytes in base64 (44 characters ending in "=")',
    )
    .optional(),
  PALERMO_RETENTION_FILE: z.string().min(1).optional(),
  PALERMO_EARLIEST_YEAR: z
    .string()
    .regex(/^\d{4}$/, 'must be a year of four digits')
    .transform(Number)
    .pipe(z.number().int().min(1000).max(2100))
    .default(1950),
  PALERMO_TRUST_PROXY: z
    .string()
    .regex(/^(on|off|[0-9a-fA-F.:/]+(,[0-9a-fA-F.:/]+)*)$/, 'must be on, off or proxy addresses')
    .default('off'),
  PALERMO_TLS_CERT_FILE: z.string().min(1).optional(),
  PALERMO_TLS_KEY_FILE: z.string().min(1).optional(),
  // Empty means unset, as it always has for these two.
  PALERMO_JURISDICTIONS_DIR: z
    .string()
    .optional()
    .transform((value) => (value === '' ? undefined : value)),
  PALERMO_TOKEN: z
    .string()
    .optional()
    .transform((value) => (value === '' ? undefined : value)),
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
  /** The longest an API token may live, in days. */
  readonly tokenMaxDays: number;
  /** The identity master key file (used when `masterKey` is null). */
  readonly masterKeyFile: string;
  /** The identity master key from PALERMO_KEY (base64), or null to use `masterKeyFile`. */
  readonly masterKey: string | null;
  /** Retention rules (YAML) over the defaults, or null for the defaults. */
  readonly retentionFile: string | null;
  /** The statute packs directory. */
  readonly jurisdictionsDir: string;
  /** An API token for the CLI's remote verification, or null. */
  readonly apiToken: string | null;
  /** Event dates before 1 January of this year are refused. */
  readonly earliestYear: number;
  /** Trust X-Forwarded-* headers: from any proxy (true), from these addresses, or never (false). */
  readonly trustProxy: boolean | string;
  /** HTTPS served directly: PEM certificate and key files, or null for plain HTTP. */
  readonly tls: { readonly certFile: string; readonly keyFile: string } | null;
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
  if (values.PALERMO_KEY !== undefined && values.PALERMO_KEY_FILE !== undefined) {
    // Two sources would leave it unclear which key wraps new records.
    throw new Error('invalid configuration: PALERMO_KEY and PALERMO_KEY_FILE: set one, not both');
  }
  if (
    (values.PALERMO_TLS_CERT_FILE === undefined) !==
    (values.PALERMO_TLS_KEY_FILE === undefined)
  ) {
    throw new Error(
      'invalid configuration: PALERMO_TLS_CERT_FILE and PALERMO_TLS_KEY_FILE: set both, or neither',
    );
  }
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
    tokenMaxDays: values.PALERMO_TOKEN_MAX_DAYS,
    masterKeyFile: values.PALERMO_KEY_FILE ?? `${values.PALERMO_DATA_DIR}/identity.key`,
    masterKey: values.PALERMO_KEY?.trim() ?? null,
    retentionFile: values.PALERMO_RETENTION_FILE ?? null,
    jurisdictionsDir: values.PALERMO_JURISDICTIONS_DIR ?? shippedJurisdictionsDir,
    apiToken: values.PALERMO_TOKEN ?? null,
    earliestYear: values.PALERMO_EARLIEST_YEAR,
    trustProxy:
      values.PALERMO_TRUST_PROXY === 'on'
        ? true
        : values.PALERMO_TRUST_PROXY === 'off'
          ? false
          : values.PALERMO_TRUST_PROXY,
    tls:
      values.PALERMO_TLS_CERT_FILE !== undefined && values.PALERMO_TLS_KEY_FILE !== undefined
        ? { certFile: values.PALERMO_TLS_CERT_FILE, keyFile: values.PALERMO_TLS_KEY_FILE }
        : null,
  });
}
