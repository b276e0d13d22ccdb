import os from 'node:os';
import path from 'node:path';
import { ConfigError, env, parseEnv, z } from '@accords/config';
import { parseTrustedProxy } from './plugins/rate-limit';

/** A budget per period; 0 turns it off. */
const budget = (fallback: number) => z.coerce.number().int().min(0).max(1_000_000).default(fallback);

function withProblems<T>(problems: string[], parse: () => T): T {
  let parsed: T;
  try {
    parsed = parse();
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError([...error.problems, ...problems]);
    throw error;
  }
  if (problems.length) throw new ConfigError(problems);
  return parsed;
}

/** Every variable the gateway reads, parsed once; all problems are reported together. */
export function loadGatewayConfig(source: NodeJS.ProcessEnv = process.env) {
  // Problems spanning two variables are reported with the others.
  const crossProblems =
    source.PERSISTED_QUERIES === 'allowlist' && !source.PERSISTED_QUERIES_MANIFEST
      ? ['PERSISTED_QUERIES_MANIFEST: required when PERSISTED_QUERIES=allowlist (the path of a persisted-query manifest, e.g. examples/persisted-query-manifest.json)']
      : [];
  const config = withProblems(crossProblems, () => parseEnv(
    {
      PORT: env.port(4000),
      HOST: z.string().default('127.0.0.1'),
      NODE_ENV: env.nodeEnv(),
      LOG_LEVEL: env.logLevel(),
      SUPERGRAPH_PATH: z.string().default(path.join(__dirname, '..', 'supergraph.graphql')),
      SUBGRAPH_TIMEOUT_MS: env.ms(10_000),
      SUBGRAPH_RETRIES: z.coerce.number().int().min(0).max(5).default(2),
      SUBGRAPH_BREAKER_FAILURES: z.coerce.number().int().min(0).max(1000).default(5),
      SUBGRAPH_BREAKER_COOLDOWN_MS: env.ms(5_000),
      MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(12),
      MAX_ALIASES: z.coerce.number().int().min(0).max(1000).default(50),
      MAX_ROOT_FIELDS: z.coerce.number().int().min(1).max(200).default(20),
      AUTH_ISSUER: z.string().default('accords-dev'),
      AUTH_AUDIENCE: z.string().default('accords'),
      AUTH_JWKS_PATH: z.string().optional(),
      AUTH_JWKS_URL: z.string().url().optional(),
      INTERNAL_IDENTITY_SECRET: z.string().min(32).optional(),
      CORS_ORIGINS: env.list([]),
      RATE_LIMIT_USER_PER_MINUTE: budget(600),
      RATE_LIMIT_IP_PER_MINUTE: budget(120),
      RATE_LIMIT_PUBLIC_MUTATIONS_PER_HOUR: budget(10),
      TRUSTED_PROXY: z
        .string()
        .default('off')
        .transform((raw, ctx) => {
          const parsed = parseTrustedProxy(raw);
          if ('problem' in parsed) {
            ctx.addIssue({ code: z.ZodIssueCode.custom, message: parsed.problem });
            return z.NEVER;
          }
          return parsed.value;
        }),
      PERSISTED_QUERIES: z.enum(['off', 'apq', 'allowlist']).default('apq'),
      PERSISTED_QUERIES_MANIFEST: z.string().optional(),
      PERSISTED_QUERIES_CACHE_MB: z.coerce.number().min(1).max(1024).default(8),
      // Subgraph fetches (see fetch-sharing.ts): de-duplication, kept-alive connections, the reference-entity cache.
      GATEWAY_DEDUPLICATE: z.enum(['on', 'off']).default('on'),
      // Single-subgraph queries answered by their one fetch, without the request pipeline (direct-route.ts).
      GATEWAY_DIRECT_ROUTE: z.enum(['on', 'off']).default('on'),
      GATEWAY_SUBGRAPH_CONNECTIONS: z.coerce.number().int().min(1).max(4096).default(64),
      GATEWAY_ENTITY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(86_400_000).default(60_000),
      GATEWAY_ENTITY_CACHE_ENTRIES: z.coerce.number().int().min(0).max(10_000_000).default(10_000),
      REDIS_URL: z.string().url().optional(),
      // Prefix of the gateway's shared-state keys in Redis (several deployments may share one Redis).
      REDIS_KEY_PREFIX: z.string().min(1).default('accords:gateway:'),
      // Processes serving the gateway (node:cluster, see cluster.ts): a number, or `auto` for one per CPU.
      GATEWAY_WORKERS: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(64)]).default(1),
      // `shared`: budgets counted in Redis across replicas and workers when REDIS_URL is set; `process`: each process
      // counts its own (N processes grant N times the budget), which is what allows several workers without Redis.
      RATE_LIMIT_SCOPE: z.enum(['shared', 'process']).default('shared'),
      // Operations of one term or periodic report run side by side (downloads.ts): 2 uses both cores of a 2-core
      // MySQL/MariaDB server; 1 for the embedded engine (single-threaded), which `npm start` sets.
      REPORT_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(2),
      // Stops the clock at an instant (tests, reproductions); unset in production: the system clock.
      ACCORDS_FIXED_NOW: z.string().optional(),
    },
    source,
  ));
  // SUBGRAPH_<NAME>_URL overrides the routing URL composed into the supergraph for subgraph <name>, and
  // SUBGRAPH_<NAME>_TIMEOUT_MS its fetch timeout (SUBGRAPH_TIMEOUT_MS for the others).
  const subgraphUrls: Record<string, string> = {};
  const subgraphTimeouts: Record<string, number> = {};
  const timeoutProblems: string[] = [];
  for (const [key, value] of Object.entries(source)) {
    const m = /^SUBGRAPH_([A-Z0-9_]+)_URL$/.exec(key);
    if (m && value) subgraphUrls[m[1].toLowerCase()] = value;
    const t = /^SUBGRAPH_([A-Z0-9_]+)_TIMEOUT_MS$/.exec(key);
    if (t && value !== undefined && value !== '') {
      const ms = Number(value);
      if (Number.isInteger(ms) && ms > 0) subgraphTimeouts[t[1].toLowerCase()] = ms;
      else timeoutProblems.push(`${key}: a whole number of milliseconds above 0, e.g. 120000 (got "${value}")`);
    }
  }
  if (timeoutProblems.length) throw new ConfigError(timeoutProblems);
  const workers = config.GATEWAY_WORKERS === 'auto' ? os.availableParallelism() : config.GATEWAY_WORKERS;
  const budgeted = config.RATE_LIMIT_USER_PER_MINUTE > 0 || config.RATE_LIMIT_IP_PER_MINUTE > 0 || config.RATE_LIMIT_PUBLIC_MUTATIONS_PER_HOUR > 0;
  if (workers > 1 && budgeted && !config.REDIS_URL && config.RATE_LIMIT_SCOPE !== 'process') {
    throw new ConfigError([
      `GATEWAY_WORKERS=${config.GATEWAY_WORKERS} (${workers} processes) without REDIS_URL: each process would grant the full rate-limit budget. ` +
        'Set REDIS_URL to share the budgets, or RATE_LIMIT_SCOPE=process to accept per-process budgets (or turn the budgets off with RATE_LIMIT_*=0).',
    ]);
  }
  return {
    ...config,
    workers,
    subgraphUrls,
    subgraphTimeouts,
    rateLimits: {
      userPerMinute: config.RATE_LIMIT_USER_PER_MINUTE,
      ipPerMinute: config.RATE_LIMIT_IP_PER_MINUTE,
      publicMutationsPerHour: config.RATE_LIMIT_PUBLIC_MUTATIONS_PER_HOUR,
    },
  };
}
