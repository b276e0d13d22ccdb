import path from 'node:path';
import { env, parseEnv, z } from '@accords/config';

/** Every variable the gateway reads, parsed once; all problems are reported together. */
export function loadGatewayConfig(source: NodeJS.ProcessEnv = process.env) {
  const config = parseEnv(
    {
      PORT: env.port(4000),
      HOST: z.string().default('127.0.0.1'),
      NODE_ENV: env.nodeEnv(),
      LOG_LEVEL: env.logLevel(),
      SUPERGRAPH_PATH: z.string().default(path.join(__dirname, '..', 'supergraph.graphql')),
      SUBGRAPH_TIMEOUT_MS: env.ms(10_000),
    },
    source,
  );
  // SUBGRAPH_<NAME>_URL overrides the routing URL composed into the supergraph for subgraph <name>.
  const subgraphUrls: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    const m = /^SUBGRAPH_([A-Z0-9_]+)_URL$/.exec(key);
    if (m && value) subgraphUrls[m[1].toLowerCase()] = value;
  }
  return { ...config, subgraphUrls };
}
