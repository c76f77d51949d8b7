import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { sealPlaintextIdentities } from '../app/crypto/keys.ts';
import { loadConfiguredKey, staticKeyring } from '../app/crypto/keyring.ts';
import { ensureAdministrator } from '../app/auth/bootstrap.ts';
import { administrationJurisdiction } from '../app/statutes/jurisdictions.ts';
import { isEmpty, issueDemoPasswords, loadDemo } from '../app/demo/demo.ts';
import { printSignIns } from './sign-in.ts';
import { loadOrCreateLogSigner } from '../app/integrity/log-key.ts';
import { logPublicKey } from '../app/integrity/log.ts';
import { createDb, migrateOrThrow } from '../db/create-db.ts';
import type { GlobalOptions } from './runtime.ts';
import { composeContext, databaseTarget, jurisdictionOption, processConfig } from './runtime.ts';

/** `serve`: migrate the database and start the HTTP server. */
export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('start the HTTP server (migrates the database first)')
    .option('--port <port>', 'port to listen on (default PALERMO_PORT or 8080)')
    .option('--host <host>', 'address to listen on (default PALERMO_HOST or 0.0.0.0)')
    .option(
      '--jurisdiction <code>',
      "the registry's jurisdiction, for the first administrator's agency on a database without one (default: the one in use, or the only installed pack)",
    )
    .action(
      async (
        options: { port?: string; host?: string; jurisdiction?: string },
        command: Command,
      ) => {
        const config = processConfig();
        const handle = createDb(databaseTarget(command.optsWithGlobals<GlobalOptions>()));
        const applied = await migrateOrThrow(handle.db);
        // The identity key is loaded now, so a missing or loose key stops the start.
        const ctx = composeContext(handle, {
          keyring: staticKeyring(loadConfiguredKey(config)),
        });
        await sealPlaintextIdentities(ctx);
        const logSigner = loadOrCreateLogSigner({
          keyFile: config.logKeyFile,
          origin: config.logOrigin,
        });
        // Loaded by `serve` only: the HTTP stack is not needed by the other commands' start.
        const { buildServer } = await import('../http/server.ts');
        const app = await buildServer({
          ctx,
          auth: 'required',
          devActor: null,
          logLevel: config.logLevel,
          logSigner,
          trustProxy: config.trustProxy,
          tls:
            config.tls === null
              ? null
              : { cert: readFileSync(config.tls.certFile), key: readFileSync(config.tls.keyFile) },
        });
        app.log.info(
          { origin: logSigner.name, publicKey: logPublicKey(logSigner) },
          'audit log signing key ready (GET /api/log/public-key)',
        );
        app.log.info(
          { engine: handle.engine, location: handle.location, migrationsApplied: applied.length },
          'database ready',
        );
        if (config.loadDemo && (await isEmpty(ctx))) {
          app.log.info(
            'the database is empty: loading the SYNTHETIC demo dataset (PALERMO_DEMO=off to skip)',
          );
          const { cases } = await loadDemo(ctx);
          app.log.info(
            { cases },
            'synthetic demo loaded: every record is invented; try GET /api/reports/annual?year=2016',
          );
        }
        const port = options.port === undefined ? config.port : Number(options.port);
        const host = options.host ?? config.host;
        // Before listening: with several packs and no agency, no placeholder agency is made; the
        // operator names the jurisdiction and the start stops with that message until they do.
        const admin = await ensureAdministrator(
          ctx,
          await administrationJurisdiction(ctx, jurisdictionOption(options.jurisdiction)),
        ).catch(async (error: unknown) => {
          await app.close();
          await handle.close();
          throw error;
        });
        const demoUsers = config.loadDemo ? await issueDemoPasswords(ctx) : [];
        await app.listen({ port, host });
        // Passwords go to the terminal once, never to the structured log.
        printSignIns(
          `${config.tls === null ? 'http' : 'https'}://localhost:${port}/`,
          admin,
          demoUsers,
        );
        const stop = () => {
          void app.close().then(() => handle.close());
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      },
    );
}
