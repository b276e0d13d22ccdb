import http from 'node:http';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { accordsError, formatError } from '@accords/errors';
import { DEVELOPMENT_INTERNAL_SECRET, type Identity } from '@accords/auth';
import { ConfigError, systemClock, type Clock } from '@accords/config';
import { jsonErrorHandler, jsonNotFound, requestIdOf, requestLogPlugin, ServiceMetrics, unexpectedErrorPlugin } from '@accords/subgraph-kit/service';
import { Counter, Histogram } from 'prom-client';
import type { Logger } from '@accords/logger';
import { AccordsDataSource } from './datasource';
import type { CircuitBreakerOptions } from './circuit-breaker';
import type { GatewayContext } from './context';
import { graphiqlLandingPage } from './plugins/graphiql';
import { queryLimitRules, DEFAULT_LIMITS, type QueryLimits } from './plugins/limits';
import { corsAllowList } from './plugins/cors';
import { createRateLimiter, DEFAULT_RATE_LIMITS, type RateLimits, type TrustedProxy } from './plugins/rate-limit';
import { persistedQueries, type PersistedQueriesOptions } from './plugins/persisted-queries';
import { SupergraphWatch, type WarmOperation } from './supergraph-watch';
import { downloadRoutes } from './downloads';
import { FetchSharing, type FetchSharingOptions } from './fetch-sharing';
import { operationSharingPlugin } from './operation-sharing';
import { CONTEXT_OF_REQUEST, DirectRoutes, directRouteServer, preReadOrJson } from './direct-route';
import { SubgraphConnections } from './subgraph-http';
import { DEFAULT_REDIS_PREFIX, redisReady, sharedStateConnection } from './redis';

export interface GatewayOptions {
  /** The supergraph to serve (ignored when `supergraphPath` is set). */
  supergraphSdl?: string;
  /**
   * Serve this supergraph file and switch to a new one without a restart once it validates, its subgraphs answer a
   * health probe and the persisted operations' plans are computed (see supergraph-watch.ts).
   */
  supergraphPath?: string;
  /** Polling fallback for the file watch (default 1000 ms). */
  supergraphPollMs?: number;
  /** Operations whose plans are warmed before a switch (default: the persisted-query manifest, when there is one). */
  warmOperations?: readonly WarmOperation[];
  /** Routing URL per subgraph name, overriding the URLs composed into the supergraph. */
  subgraphUrls?: Record<string, string>;
  development: boolean;
  subgraphTimeoutMs?: number;
  /** Fetch timeout per subgraph name, overriding `subgraphTimeoutMs` (e.g. a longer one for the subgraph computing KPIs). */
  subgraphTimeouts?: Record<string, number>;
  /** Extra attempts for a query whose subgraph could not be reached (never for a mutation). */
  subgraphRetries?: number;
  /** Per-subgraph circuit breaker (default: open after 5 consecutive failures, probe again after 5 s). */
  subgraphBreaker?: CircuitBreakerOptions;
  logger: Logger;
  /** Tests plug in-process subgraphs here. */
  buildService?: (definition: { name: string; url?: string }) => GraphQLDataSource;
  limits?: QueryLimits;
  /** Secret shared with every subgraph for the forwarded identity. */
  internalSecret?: string;
  /** Verifies agency tokens; absent, every request is anonymous (development without an identity provider). */
  verifyToken?: (token: string) => Promise<Identity>;
  /** Automatic persisted queries (the default), none, or an allow-list from a manifest. */
  persistedQueries?: PersistedQueriesOptions;
  /** The clock request contexts carry (default: the system clock; ACCORDS_FIXED_NOW in config). */
  clock?: Clock;
  /** Kept-alive connections per subgraph (default 64). */
  subgraphConnections?: number;
  /** De-duplication of identical in-flight queries, the reference-entity cache, Redis invalidation (fetch-sharing.ts). */
  fetchSharing?: Omit<FetchSharingOptions, 'logger' | 'registry'>;
  /** Single-subgraph queries answered by their one fetch without the request pipeline (direct-route.ts; default on). */
  directRoute?: boolean;
  /**
   * State every replica and worker shares through Redis (REDIS_URL): the APQ registrations and, unless
   * `rateLimitsPerProcess`, the rate-limit budgets. Absent: both live in this process's memory.
   */
  sharedState?: { redisUrl: string; prefix?: string; rateLimitsPerProcess?: boolean };
}

export interface ServeOptions extends GatewayOptions {
  port: number;
  host?: string;
  bodyLimit?: string;
  corsOrigins?: string[];
  /** Budgets per user, per anonymous address and for anonymous mutations (defaults: DEFAULT_RATE_LIMITS). */
  rateLimits?: RateLimits;
  /** Which proxies' X-Forwarded-For to believe for the client address; off by default. */
  trustedProxy?: TrustedProxy;
  /** Operations of a term report run side by side (REPORT_CONCURRENCY). */
  reportConcurrency?: number;
}

/** Builds the gateway and its Apollo Server, with no side effects (no listening, no process handlers). */
export function createGateway(options: GatewayOptions): ApolloServer<GatewayContext> & { gateway: ApolloGateway; metrics: ServiceMetrics; supergraphWatch?: SupergraphWatch; fetchSharing: FetchSharing; operationSharing: { readonly followers: number }; directRoutes: DirectRoutes; sharedRedis?: ReturnType<typeof sharedStateConnection> } {
  const metrics = new ServiceMetrics('gateway');
  const fetchDuration = new Histogram({
    name: 'accords_subgraph_fetch_duration_seconds',
    help: 'Latency of the gateway fetches to each subgraph',
    labelNames: ['subgraph'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metrics.registry],
  });
  // @apollo/gateway 2.14 otherwise probes cloud metadata addresses (169.254.169.254, ...) and sends usage metrics to
  // Apollo's servers from every process; Accords calls no vendor cloud, and this variable is the library's only switch.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  const warm = options.warmOperations ?? options.persistedQueries?.manifest?.operations.map((op) => ({ query: op.body, operationName: op.name })) ?? [];
  const supergraphWatch = options.supergraphPath
    ? new SupergraphWatch({ path: options.supergraphPath, logger: options.logger, pollIntervalMs: options.supergraphPollMs, warmOperations: () => warm })
    : undefined;
  if (!supergraphWatch && !options.supergraphSdl) throw new Error('The gateway needs supergraphSdl or supergraphPath');
  const fetchSharing = new FetchSharing({ ...options.fetchSharing, logger: options.logger, registry: metrics.registry });
  const connections = new SubgraphConnections(options.subgraphConnections ?? 64);
  const directRoutes = new DirectRoutes(options.directRoute ?? true, metrics.registry);
  const gateway = new ApolloGateway({
    // Learns which query texts plan to exactly one fetch of the client's own operation (direct-route.ts).
    experimental_didResolveQueryPlan: (resolved) => directRoutes.learn(resolved),
    supergraphSdl: supergraphWatch ? supergraphWatch.manager : options.supergraphSdl,
    buildService:
      options.buildService ??
      (({ name, url }) => {
        // A new supergraph may change what a subgraph answers to the same query text: start its cache afresh.
        fetchSharing.invalidate(name, 'supergraph loaded', false);
        return new AccordsDataSource({
          name,
          url: options.subgraphUrls?.[name] ?? url ?? '',
          timeoutMs: options.subgraphTimeouts?.[name] ?? options.subgraphTimeoutMs ?? 10_000,
          retries: options.subgraphRetries ?? 2,
          breaker: options.subgraphBreaker,
          internalSecret: options.internalSecret ?? DEVELOPMENT_INTERNAL_SECRET,
          fetchDuration,
          connections,
          sharing: fetchSharing,
        });
      }),
  });
  // The development secret is a constant in the source: only development may fall back to it.
  if (!options.internalSecret && !options.development && !options.buildService) {
    throw new ConfigError(['INTERNAL_IDENTITY_SECRET: required outside development (the gateway signs forwarded identities with it)']);
  }
  const sharedPrefix = options.sharedState?.prefix ?? DEFAULT_REDIS_PREFIX;
  const sharedRedis = options.sharedState ? sharedStateConnection(options.sharedState.redisUrl, options.logger) : undefined;
  const persistedOptions = options.persistedQueries ?? { mode: 'apq' as const };
  const persisted = persistedQueries(sharedRedis ? { ...persistedOptions, shared: { redis: sharedRedis, prefix: sharedPrefix, logger: options.logger } } : persistedOptions);
  const operationSharing = operationSharingPlugin({ enabled: fetchSharing.deduplicate, changes: () => fetchSharing.changes, registry: metrics.registry });
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    includeStacktraceInErrorResponses: options.development,
    formatError: (formatted, error) => formatError(formatted, error, { development: options.development }),
    validationRules: queryLimitRules(options.limits ?? DEFAULT_LIMITS),
    persistedQueries: persisted.apollo,
    // The process entry points own SIGTERM/SIGINT (drain, then exit 0); Apollo's own handler would re-raise the signal.
    stopOnTerminationSignals: false,
    plugins: [graphiqlLandingPage({ endpoint: '/graphql' }), requestLogPlugin<GatewayContext>(), unexpectedErrorPlugin<GatewayContext>('gateway'), metrics.plugin(), ...persisted.plugins, operationSharing],
  });
  // Subgraph connections and the Redis connections close when the server stops.
  const closeShared = async () => {
    await sharedRedis?.quit().catch(() => sharedRedis.disconnect());
  };
  apollo.addPlugin({ serverWillStart: async () => ({ serverWillStop: async () => { await fetchSharing.close(); connections.destroy(); await closeShared(); } }) });
  supergraphWatch?.attach(gateway);
  // A new supergraph may plan any query differently: routes are learned again.
  gateway.onSchemaLoadOrUpdate(() => directRoutes.clear());
  return Object.assign(apollo, { gateway, metrics, supergraphWatch, fetchSharing, operationSharing, directRoutes, sharedRedis });
}

/** A bad token is refused outright (401), never silently downgraded to anonymous. */
async function identityOf(header: string | undefined, verify: GatewayOptions['verifyToken'], logger: Logger, requestId: string): Promise<Identity | null> {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  if (!m) throw accordsError('UNAUTHENTICATED', 'Send the token as "Authorization: Bearer <token>".', { http: { status: 401 } });
  if (!verify) throw accordsError('UNAUTHENTICATED', 'This gateway has no identity provider configured; remove the Authorization header.', { http: { status: 401 } });
  try {
    return await verify(m[1]);
  } catch (error) {
    const e = error as { message?: string; extensions?: { code?: unknown }; originalError?: unknown };
    // An unreachable identity provider is not a bad token: 503 with the cause logged, so nobody is told to sign in again.
    if (e.extensions?.code === 'SERVICE_UNAVAILABLE') {
      logger.error({ requestId, err: e.originalError ?? error }, 'Identity provider unavailable');
      throw accordsError('SERVICE_UNAVAILABLE', e.message ?? 'The identity provider could not be reached; retry later.', { http: { status: 503 } });
    }
    throw accordsError('UNAUTHENTICATED', e.message ?? 'Invalid token', { http: { status: 401 } });
  }
}

export interface RunningGateway {
  url: string;
  port: number;
  /** The supergraph file watch, when serving from `supergraphPath`. */
  supergraphWatch?: SupergraphWatch;
  stop(): Promise<void>;
}

/** Serves the gateway: `/graphql` (GraphiQL on GET from a browser), `/exports/…` and `/reports/…` downloads, `/health`, `/ready`. */
export async function serveGateway(options: ServeOptions): Promise<RunningGateway> {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', options.trustedProxy ?? false);
  const apollo = createGateway(options);
  const cors = corsAllowList(options.corsOrigins ?? []);
  const bodyLimit = options.bodyLimit ?? '256kb';
  const { metrics } = apollo;
  const refused = new Counter({ name: 'accords_rate_limited_total', help: 'Requests refused with RATE_LIMITED, by budget', labelNames: ['budget'], registers: [metrics.registry] });
  const rateLimiter = createRateLimiter(options.rateLimits ?? DEFAULT_RATE_LIMITS, {
    onRefused: (budget) => refused.inc({ budget }),
    // With Redis the budgets are spent across every replica and worker; explicitly per-process otherwise.
    shared: apollo.sharedRedis && !options.sharedState?.rateLimitsPerProcess ? { redis: apollo.sharedRedis, prefix: `${options.sharedState?.prefix ?? DEFAULT_REDIS_PREFIX}rl:` } : undefined,
  });
  const contextOf = async (req: express.Request): Promise<GatewayContext> => {
    const requestId = requestIdOf(req.headers['x-request-id']);
    const identity = await identityOf(req.headers.authorization, options.verifyToken, options.logger, requestId);
    const clientAddress = req.ip ?? req.socket.remoteAddress;
    // Charged before the document is even parsed: a refused request costs next to nothing.
    await rateLimiter.admit({ identity, clientAddress });
    return { requestId, logger: options.logger.child({ requestId, subject: identity?.subject }), identity, clientAddress, clock: options.clock ?? systemClock };
  };
  const httpServer = http.createServer(directRouteServer({ routes: apollo.directRoutes, app, contextOf, metrics, cors, bodyLimit }));
  apollo.addPlugin(ApolloServerPluginDrainHttpServer({ httpServer }));
  apollo.addPlugin(rateLimiter.plugin);
  // Shared state from the first request when Redis answers; if it does not within 2 s, start anyway (fail-open).
  if (apollo.sharedRedis) await redisReady(apollo.sharedRedis, 2_000);
  await apollo.start();
  let stopping = false;
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok', service: 'gateway' });
  });
  app.get('/ready', (_req, res) => {
    // A refused supergraph leaves the current one serving (still ready) and says why under `supergraph.refused`.
    res.status(stopping ? 503 : 200).json({ ready: !stopping, service: 'gateway', ...(apollo.supergraphWatch ? { supergraph: apollo.supergraphWatch.status() } : {}) });
  });
  app.get('/metrics', async (_req, res) => {
    res.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/', (_req, res) => res.redirect('/graphql'));
  app.use(
    '/graphql',
    cors,
    // A body directRouteServer read already is not read again.
    preReadOrJson(express.json({ limit: bodyLimit })),
    // The direct route may have computed the context already (and charged the rate limit): the pipeline reuses it.
    expressMiddleware(apollo, { context: ({ req }) => ((req as unknown as Record<symbol, Promise<GatewayContext> | undefined>)[CONTEXT_OF_REQUEST] ?? contextOf(req)) }),
  );
  // Exports and Word reports as download URLs, run through this gateway as the caller (downloads.ts).
  app.use(['/exports', '/reports'], cors);
  app.use(downloadRoutes({ apollo, contextOf, bodyLimit, reportConcurrency: options.reportConcurrency }));
  app.use(jsonNotFound('gateway'));
  app.use(jsonErrorHandler('gateway'));
  await new Promise<void>((resolve) => httpServer.listen(options.port, options.host ?? '127.0.0.1', resolve));
  const address = httpServer.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host ?? '127.0.0.1'}:${port}/graphql`;
  options.logger.info({ url }, 'Gateway listening');
  return {
    url,
    port,
    supergraphWatch: apollo.supergraphWatch,
    async stop() {
      stopping = true;
      await apollo.stop();
    },
  };
}
