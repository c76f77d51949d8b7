import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../app/common/context.ts';
import { palermoVersion } from '../app/system/system.ts';
import { installAuthentication, installSecurityHeaders } from './auth.ts';
import type { AuthMode } from './auth.ts';
import { authRoutes } from './routes/auth/auth.routes.ts';
import { estimatesRoutes } from './routes/estimates/estimates.routes.ts';
import { victimsRoutes } from './routes/victims/victims.routes.ts';
import { publicReportRoutes } from './routes/reports/public-report.routes.ts';
import { handleError } from './error-handler.ts';
import { registerWebUi } from './web-ui.ts';
import type { RouteDeps } from './route-deps.ts';
import { agenciesRoutes } from './routes/agencies/agencies.routes.ts';
import { casesRoutes } from './routes/cases/cases.routes.ts';
import { ephemeralLogSigner } from '../app/integrity/log-key.ts';
import type { NoteSigner } from '../core/audit/index.ts';
import { logRoutes } from './routes/log/log.routes.ts';
import { approvalsRoutes } from './routes/approvals/approvals.routes.ts';
import { integrityRoutes } from './routes/integrity/integrity.routes.ts';
import { lawImpactRoutes } from './routes/jurisdictions/impact.routes.ts';
import { jurisdictionsRoutes } from './routes/jurisdictions/jurisdictions.routes.ts';
import type { RequestListener } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { installInputHygiene } from './input-hygiene.ts';
import { registersRoutes } from './routes/registers/registers.routes.ts';
import { reportsRoutes } from './routes/reports/reports.routes.ts';
import { screeningsRoutes } from './routes/screenings/screenings.routes.ts';
import { systemRoutes } from './routes/system/system.routes.ts';
import { importsRoutes } from './routes/imports/imports.routes.ts';

export interface ServerOptions {
  readonly ctx: AppContext;
  /**
   * `required` for every real deployment (`bin/palermo serve`); `development` lets a request
   * name its user in the X-Palermo-User header, for tests of behaviour other than access.
   */
  readonly auth: AuthMode;
  readonly devActor?: string | null;
  readonly logLevel?: string;
  /** Largest accepted request body, in bytes (larger bodies get 413). */
  readonly bodyLimit?: number;
  /** Largest file accepted by the import's upload (larger files get 413); default 128 MiB. */
  readonly uploadLimit?: number;
  /** The key that signs log checkpoints; without one (tests) a key is made for this process only. */
  readonly logSigner?: NoteSigner;
  /**
   * Trust X-Forwarded-Proto/-For (behind a TLS-terminating proxy): from any peer (true), from
   * these addresses, or never (false, the default). Decides `Secure` cookies and HSTS.
   */
  readonly trustProxy?: boolean | string;
  /** Serve HTTPS directly with this PEM certificate chain and key. */
  readonly tls?: { readonly cert: string | Buffer; readonly key: string | Buffer } | null;
}

/** Builds the HTTP server (not listening yet): API under /api, docs at /api/docs. */
export async function buildServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: options.logLevel ?? 'info',
      redact: ['req.headers.cookie', 'req.headers.authorization'],
    },
    bodyLimit: options.bodyLimit ?? 1_048_576,
    trustProxy: options.trustProxy ?? false,
    ...(options.tls == null
      ? {}
      : {
          serverFactory: (handler: RequestListener) =>
            createHttpsServer({ cert: options.tls?.cert, key: options.tls?.key }, handler),
        }),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(handleError);
  installSecurityHeaders(app);
  installInputHygiene(app);

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Palermo API',
        version: palermoVersion,
        description:
          'Case registry, statutes as code and accountable statistics for anti-trafficking law enforcement.',
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  const deps: RouteDeps = {
    ctx: options.ctx,
    actorOf: installAuthentication(app, options.ctx, options.auth, options.devActor ?? null),
  };
  await app.register(
    async (api) => {
      await api.register(systemRoutes, deps);
      await api.register(authRoutes, deps);
      await api.register(publicReportRoutes, deps);
      await api.register(agenciesRoutes, deps);
      await api.register(casesRoutes, deps);
      await api.register(registersRoutes, deps);
      await api.register(screeningsRoutes, deps);
      await api.register(jurisdictionsRoutes, { statutes: options.ctx.statutes });
      await api.register(lawImpactRoutes, deps);
      await api.register(reportsRoutes, deps);
      await api.register(estimatesRoutes, deps);
      await api.register(victimsRoutes, deps);
      await api.register(approvalsRoutes, deps);
      await api.register(integrityRoutes, deps);
      await api.register(importsRoutes, {
        ...deps,
        ...(options.uploadLimit === undefined ? {} : { uploadLimit: options.uploadLimit }),
      });
      await api.register(logRoutes, {
        ...deps,
        logSigner: options.logSigner ?? ephemeralLogSigner(),
      });
      api.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
    },
    { prefix: '/api' },
  );

  await registerWebUi(app, { engine: options.ctx.engine });
  return app;
}
