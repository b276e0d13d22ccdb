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
      MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(12),
      MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(50),
      MAX_ROOT_FIELDS: z.coerce.number().int().min(1).max(200).default(20),
      AUTH_ISSUER: z.string().default('accords-dev'),
      AUTH_AUDIENCE: z.string().default('accords'),
      AUTH_JWKS_PATH: z.string().optional(),
      AUTH_JWKS_URL: z.string().url().optional(),
      INTERNAL_IDENTITY_SECRET: z.string().min(32).optional(),
      CORS_ORIGINS: env.list([]),
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
