import fs from 'node:fs';
import { createLogger } from '@accords/logger';
import { loadGatewayConfig } from './config';
import { serveGateway } from './server';

async function main() {
  const config = loadGatewayConfig();
  const logger = createLogger({ service: 'gateway', level: config.LOG_LEVEL });
  // The gateway starts from the composed file even when a subgraph is down: requests needing it fail, others work.
  const supergraphSdl = fs.readFileSync(config.SUPERGRAPH_PATH, 'utf8');
  const server = await serveGateway({
    supergraphSdl,
    subgraphUrls: config.subgraphUrls,
    development: config.NODE_ENV === 'development',
    subgraphTimeoutMs: config.SUBGRAPH_TIMEOUT_MS,
    limits: { maxDepth: config.MAX_QUERY_DEPTH, maxAliases: config.MAX_ALIASES, maxRootFields: config.MAX_ROOT_FIELDS },
    logger,
    port: config.PORT,
    host: config.HOST,
  });
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'Shutting down: draining in-flight requests');
    server.stop().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
