import { createHash } from 'node:crypto';
import fs from 'node:fs';
import type { ApolloServerOptions, ApolloServerPlugin, BaseContext } from '@apollo/server';
import { InMemoryLRUCache, type KeyValueCache } from '@apollo/utils.keyvaluecache';
import type Redis from 'ioredis';
import { ConfigError, z } from '@accords/config';
import { accordsError } from '@accords/errors';
import type { Logger } from '@accords/logger';
import { RedisKeyValueCache } from '../../redis';

/**
 * - `off`: only query text; a request carrying a hash gets PERSISTED_QUERY_NOT_SUPPORTED (APQ clients then stop hashing).
 * - `apq`: automatic persisted queries: a known hash runs; an unknown one gets PERSISTED_QUERY_NOT_FOUND and the client
 *   sends hash + text, which registers it (bounded LRU cache in this process, or Redis shared by every replica with
 *   a TTL when `shared` is given). Any valid query text also runs.
 * - `allowlist`: only the operations of a persisted-query manifest run, by id or by a text whose hash is listed.
 */
export type PersistedQueryMode = 'off' | 'apq' | 'allowlist';

/** Apollo's persisted-query manifest format (what `npm run persisted:manifest` writes from the example operations). */
export const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string(),
      type: z.enum(['query', 'mutation', 'subscription']),
      body: z.string().min(1),
    }),
  ),
});

export type PersistedQueryManifest = z.infer<typeof manifestSchema>;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Reads and validates a manifest file; every problem is reported at start-up, not at the first request. */
export function readManifest(file: string): PersistedQueryManifest {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([`PERSISTED_QUERIES_MANIFEST: cannot read ${file} as JSON (${(error as Error).message})`]);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `PERSISTED_QUERIES_MANIFEST ${file}: ${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  return parsed.data;
}

export interface PersistedQueriesOptions {
  mode: PersistedQueryMode;
  /** Required in allow-list mode. */
  manifest?: PersistedQueryManifest;
  /** Bound of the in-process APQ cache (sum of query text lengths). */
  cacheBytes?: number;
  /** APQ registrations kept in Redis, so a hash registered through one replica is found by every other. */
  shared?: { redis: Redis; prefix?: string; ttlSeconds?: number; logger?: Logger };
}

export const DEFAULT_APQ_CACHE_BYTES = 8 * 1024 * 1024;

/** How long a registered query stays in Redis after its registration (a day; an expired hash is registered again). */
export const DEFAULT_APQ_TTL_SECONDS = 86_400;

/** Apollo Server prefixes every persisted-query key with this. */
const APQ_PREFIX = 'apq:';

/** The manifest as Apollo's persisted-query store: listed ids resolve to their text, nothing is ever registered. */
function manifestStore(byId: Map<string, string>): KeyValueCache<string> {
  return {
    async get(key) {
      return byId.get(key.startsWith(APQ_PREFIX) ? key.slice(APQ_PREFIX.length) : key);
    },
    async set() {
      /* allow-list mode: clients cannot add operations */
    },
    async delete() {
      return false;
    },
  };
}

/** Refuses, before execution, every operation whose id or text hash is not in the manifest. */
function allowListPlugin(allowed: Set<string>): ApolloServerPlugin<BaseContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ queryHash, operationName }) {
          if (allowed.has(queryHash)) return;
          throw accordsError(
            'PERSISTED_QUERY_NOT_IN_LIST',
            `Operation ${operationName ? `"${operationName}" ` : ''}is not in this gateway's persisted-query list; only operations shipped in its manifest run.`,
            { http: { status: 400 } },
          );
        },
      };
    },
  };
}

/** The Apollo Server settings and plugins for a persisted-query mode. */
export function persistedQueries(options: PersistedQueriesOptions): { apollo: ApolloServerOptions<BaseContext>['persistedQueries']; plugins: ApolloServerPlugin<BaseContext>[] } {
  if (options.mode === 'off') return { apollo: false, plugins: [] };
  if (options.mode === 'apq') {
    const cache = options.shared
      ? new RedisKeyValueCache(options.shared.redis, { prefix: options.shared.prefix ?? 'accords:gateway:', defaultTtlSeconds: options.shared.ttlSeconds ?? DEFAULT_APQ_TTL_SECONDS, logger: options.shared.logger })
      : new InMemoryLRUCache<string>({ maxSize: options.cacheBytes ?? DEFAULT_APQ_CACHE_BYTES });
    return { apollo: { cache }, plugins: [] };
  }
  if (!options.manifest) throw new ConfigError(['PERSISTED_QUERIES=allowlist needs PERSISTED_QUERIES_MANIFEST (the path of a persisted-query manifest)']);
  const byId = new Map(options.manifest.operations.map((op) => [op.id, op.body]));
  // A hash-only request is looked up by id; a request with text runs when the text's SHA-256 is listed.
  const allowed = new Set([...byId.keys(), ...options.manifest.operations.map((op) => sha256(op.body))]);
  return { apollo: { cache: manifestStore(byId) }, plugins: [allowListPlugin(allowed)] };
}
