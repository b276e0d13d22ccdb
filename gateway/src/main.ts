import cluster from 'node:cluster';
import fs from 'node:fs';
import path from 'node:path';
import { createLogger } from '@accords/logger';
import { clockFromEnv } from '@accords/config';
import { createAgencyTokenVerifier } from '@accords/auth';
import { internalSecretFor } from '@accords/subgraph-kit/service';
import { loadGatewayConfig } from './config';
import { serveGateway } from './server';
import { readManifest } from './plugins/persisted-queries';
import { runPrimary } from './cluster';

async function main() {
  const config = loadGatewayConfig();
  const base = createLogger({ service: 'gateway', level: config.LOG_LEVEL });
  // Under node:cluster each worker's lines carry its process id, so one worker's requests can be told apart.
  const logger = cluster.isWorker ? base.child({ worker: process.pid }) : base;
  // GATEWAY_WORKERS > 1: this process only forks and supervises the workers, each of which runs the code below.
  if (config.workers > 1 && cluster.isPrimary) {
    runPrimary({ workers: config.workers, logger });
    return;
  }
  if (config.workers > 1 && !config.REDIS_URL) logger.warn({ workers: config.workers }, 'Several workers without REDIS_URL: rate-limit budgets and APQ registrations are per process (RATE_LIMIT_SCOPE=process)');
  // The gateway starts from the composed file even when a subgraph is down: requests needing it fail, others work.
  const supergraphSdl = fs.readFileSync(config.SUPERGRAPH_PATH, 'utf8');
  // Development uses the keys `npm run token` creates; production names its identity provider's JWKS.
  const devJwks = path.join(__dirname, '..', '..', 'infra', 'dev-keys', 'jwks.json');
  const jwksPath = config.AUTH_JWKS_PATH ?? (config.NODE_ENV !== 'production' && fs.existsSync(devJwks) ? devJwks : undefined);
  const verifyToken =
    jwksPath || config.AUTH_JWKS_URL
      ? createAgencyTokenVerifier({ issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, jwksPath, jwksUrl: config.AUTH_JWKS_URL })
      : undefined;
  if (!verifyToken) logger.warn('No JWKS configured: every request is anonymous (run `npm run token` for development keys)');
  const manifest = config.PERSISTED_QUERIES === 'allowlist' && config.PERSISTED_QUERIES_MANIFEST ? readManifest(config.PERSISTED_QUERIES_MANIFEST) : undefined;
  if (manifest) logger.info({ operations: manifest.operations.length }, 'Allow-list mode: only the persisted-query manifest runs');
  const server = await serveGateway({
    supergraphSdl,
    // Hot registration: a new supergraph file is taken without a restart once it validates and its subgraphs answer.
    supergraphPath: config.SUPERGRAPH_PATH,
    subgraphUrls: config.subgraphUrls,
    development: config.NODE_ENV === 'development',
    subgraphTimeoutMs: config.SUBGRAPH_TIMEOUT_MS,
    subgraphTimeouts: config.subgraphTimeouts,
    subgraphRetries: config.SUBGRAPH_RETRIES,
    subgraphBreaker: { failureThreshold: config.SUBGRAPH_BREAKER_FAILURES, cooldownMs: config.SUBGRAPH_BREAKER_COOLDOWN_MS },
    verifyToken,
    corsOrigins: config.CORS_ORIGINS,
    internalSecret: internalSecretFor(config.NODE_ENV, config.INTERNAL_IDENTITY_SECRET),
    limits: { maxDepth: config.MAX_QUERY_DEPTH, maxAliases: config.MAX_ALIASES, maxRootFields: config.MAX_ROOT_FIELDS },
    rateLimits: config.rateLimits,
    trustedProxy: config.TRUSTED_PROXY,
    persistedQueries: { mode: config.PERSISTED_QUERIES, manifest, cacheBytes: config.PERSISTED_QUERIES_CACHE_MB * 1024 * 1024 },
    clock: clockFromEnv({ ACCORDS_FIXED_NOW: config.ACCORDS_FIXED_NOW }),
    subgraphConnections: config.GATEWAY_SUBGRAPH_CONNECTIONS,
    directRoute: config.GATEWAY_DIRECT_ROUTE === 'on',
    fetchSharing: {
      deduplicate: config.GATEWAY_DEDUPLICATE === 'on',
      entityCache: { ttlMs: config.GATEWAY_ENTITY_CACHE_TTL_MS, maxEntriesPerSubgraph: config.GATEWAY_ENTITY_CACHE_ENTRIES },
      redisUrl: config.REDIS_URL,
    },
    // Rate-limit budgets (unless RATE_LIMIT_SCOPE=process) and APQ registrations shared by every replica and worker.
    sharedState: config.REDIS_URL ? { redisUrl: config.REDIS_URL, prefix: config.REDIS_KEY_PREFIX, rateLimitsPerProcess: config.RATE_LIMIT_SCOPE === 'process' } : undefined,
    reportConcurrency: config.REPORT_CONCURRENCY,
    logger,
    port: config.PORT,
    host: config.HOST,
  });
  let stopping = false;
  const shutdown = (signal: string) => {
    // Ctrl-C reaches every worker directly and the primary forwards SIGTERM too: drain once.
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'Shutting down: draining in-flight requests');
    server.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
