import { clockFromEnv, env, parseEnv, z } from '@accords/config';
import { createLogger } from '@accords/logger';
import { openSubgraph, type SubgraphModule } from './subgraph';
import { internalSecretFor } from './secret';
import { serveSubgraph } from './http';
import { httpPeers } from './peers';

/**
 * The entry point of every subgraph process: read configuration, open the database (migrate, seed), listen, and on
 * SIGTERM/SIGINT drain in-flight requests before exiting.
 */
export async function runSubgraphProcess<L>(module: SubgraphModule<L>, defaultPort: number): Promise<void> {
  const config = parseEnv({
    PORT: env.port(defaultPort),
    HOST: z.string().default('127.0.0.1'),
    NODE_ENV: env.nodeEnv(),
    LOG_LEVEL: env.logLevel(),
    DATABASE_URL: z.string().default(`sqljs:data/${module.name}.sqlite`),
    SEED: z.enum(['none', 'reference', 'demo']).default('reference'),
    INTERNAL_IDENTITY_SECRET: z.string().min(32).optional(),
    PEER_TIMEOUT_MS: env.ms(5_000),
    ACCORDS_FIXED_NOW: z.string().optional(),
    ...Object.fromEntries((module.peers ?? []).map((peer) => [peerUrlVariable(peer), z.string().url()])),
  });
  const internalSecret = internalSecretFor(config.NODE_ENV, config.INTERNAL_IDENTITY_SECRET);
  const logger = createLogger({ service: module.name, level: config.LOG_LEVEL });
  const peerUrls = Object.fromEntries((module.peers ?? []).map((peer) => [peer, String((config as Record<string, unknown>)[peerUrlVariable(peer)])]));
  const peers = httpPeers(peerUrls, { internalSecret, timeoutMs: config.PEER_TIMEOUT_MS, logger });
  // ACCORDS_FIXED_NOW stops the clock (tests, reproductions); unset, as in production, it is the system clock.
  const clock = clockFromEnv({ ACCORDS_FIXED_NOW: config.ACCORDS_FIXED_NOW });
  if (config.ACCORDS_FIXED_NOW) logger.warn({ now: clock.now().toISOString() }, 'The clock is fixed (ACCORDS_FIXED_NOW): every rule reads this instant as now');
  const runtime = await openSubgraph(module, { databaseUrl: config.DATABASE_URL, seed: config.SEED, logger, peers, clock });
  const server = await serveSubgraph(runtime, { port: config.PORT, host: config.HOST, development: config.NODE_ENV === 'development', logger, internalSecret });
  const background = module.background?.(runtime.database.dataSource, { logger });
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'Shutting down: draining in-flight requests');
    Promise.resolve(background?.stop()).then(() => server.stop()).then(
      () => process.exit(0),
      (error) => {
        logger.error({ err: error }, 'Shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

/** PEER_LOCALITIES_URL for the peer "localities". */
export const peerUrlVariable = (peer: string) => `PEER_${peer.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_URL`;

