import http from 'node:http';
import { randomUUID } from 'node:crypto';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginInlineTraceDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { formatError } from '@accords/errors';
import { IDENTITY_HEADER, verifyInternalIdentity } from '@accords/auth';
import type { Logger } from '@accords/logger';
import type { BaseContext, SubgraphRuntime } from './subgraph';
import { ServiceMetrics } from './metrics';
import { requestLogPlugin } from './request-log';
import { unexpectedErrorPlugin } from './error-log';
import { jsonErrorHandler, jsonNotFound } from './http-errors';
import { inputHygienePlugin } from './input-hygiene';

export interface ServeOptions {
  port: number;
  host?: string;
  development: boolean;
  logger: Logger;
  /** Largest accepted request body. */
  bodyLimit?: string;
  /** Secret shared with the gateway to verify the forwarded identity. */
  internalSecret: string;
}

export interface RunningServer {
  url: string;
  port: number;
  /** Drains in-flight requests; closes the database too unless told not to. */
  stop(closeDatabase?: boolean): Promise<void>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Reuses the caller's request id (the gateway sets one per client request) or makes one. */
export function requestIdOf(header: string | string[] | undefined): string {
  const value = Array.isArray(header) ? header[0] : header;
  return value && REQUEST_ID.test(value) ? value : randomUUID();
}

/**
 * Serves a subgraph over HTTP: `/graphql`, `/health` (alive) and `/ready` (migrated and the database answers).
 * `stop()` stops taking connections, lets in-flight requests finish, then closes the database.
 */
/**
 * The Apollo Server of a subgraph: error formatting, no landing page (it would load from a CDN), no inline tracing
 * (only Apollo's cloud reads it). Tests run it in-process; `serveSubgraph` puts it behind HTTP.
 */
export function createSubgraphApollo<L>(runtime: SubgraphRuntime<L>, options: { development: boolean }): ApolloServer<BaseContext<L>> {
  return new ApolloServer<BaseContext<L>>({
    schema: runtime.schema,
    includeStacktraceInErrorResponses: options.development,
    formatError: (formatted, error) => formatError(formatted, error, { development: options.development, service: runtime.module.name }),
    // The process entry point owns SIGTERM/SIGINT (drain, close the database, exit 0); Apollo's would re-raise the signal.
    stopOnTerminationSignals: false,
    plugins: [ApolloServerPluginLandingPageDisabled(), ApolloServerPluginInlineTraceDisabled(), requestLogPlugin<BaseContext<L>>(), unexpectedErrorPlugin<BaseContext<L>>(runtime.module.name), inputHygienePlugin<BaseContext<L>>()],
  });
}

export async function serveSubgraph<L>(runtime: SubgraphRuntime<L>, options: ServeOptions): Promise<RunningServer> {
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const apollo = createSubgraphApollo(runtime, options);
  const metrics = new ServiceMetrics(runtime.module.name);
  metrics.gauge('accords_db_statements_total', 'SQL statements sent since start', () => runtime.database.counter.total);
  for (const g of runtime.module.gauges?.(runtime.database.dataSource) ?? []) metrics.gauge(g.name, g.help, g.read);
  apollo.addPlugin(ApolloServerPluginDrainHttpServer({ httpServer }));
  apollo.addPlugin(metrics.plugin());
  await apollo.start();
  let shuttingDown = false;
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: runtime.module.name });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/ready', async (_req, res) => {
    const ready = !shuttingDown && (await runtime.ready());
    res.status(ready ? 200 : 503).json({ ready, service: runtime.module.name });
  });
  app.use(
    '/graphql',
    express.json({ limit: options.bodyLimit ?? '1mb' }),
    expressMiddleware(apollo, {
      // Never trust a header alone: the identity must carry the gateway's signature, or the request is refused.
      context: async ({ req }) => {
        const forwarded = req.headers[IDENTITY_HEADER];
        const identity = typeof forwarded === 'string' ? await verifyInternalIdentity(forwarded, options.internalSecret) : null;
        return runtime.context(requestIdOf(req.headers['x-request-id']), identity);
      },
    }),
  );
  app.use(jsonNotFound(runtime.module.name));
  app.use(jsonErrorHandler(runtime.module.name));
  await new Promise<void>((resolve) => httpServer.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}/graphql`;
  options.logger.info({ url }, 'Subgraph listening');
  return {
    url,
    port,
    async stop(closeDatabase = true) {
      shuttingDown = true;
      await apollo.stop();
      if (closeDatabase) await runtime.close();
    },
  };
}
