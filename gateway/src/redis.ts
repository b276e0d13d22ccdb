import Redis from 'ioredis';
import type { KeyValueCache, KeyValueCacheSetOptions } from '@apollo/utils.keyvaluecache';
import type { Logger } from '@accords/logger';

/** Key prefix of everything this gateway keeps in Redis (rate-limit counters, persisted queries). */
export const DEFAULT_REDIS_PREFIX = 'accords:gateway:';

/**
 * One Redis connection for the state replicas share. Commands fail at once while Redis is unreachable (no offline
 * queue, one attempt): a request never waits for Redis to come back; the callers fall back (see rate-limit and
 * persisted-queries). ioredis reconnects on its own; each outage and each recovery is logged once.
 */
export function sharedStateConnection(url: string, logger: Logger, purpose = 'shared rate limits and persisted queries'): Redis {
  const redis = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2_000, lazyConnect: false });
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ cause: error.message, purpose }, 'Redis unavailable: rate limits fall back to per-process counting (fail-open), persisted queries to re-registration');
  });
  redis.on('ready', () => {
    if (down) logger.info({ purpose }, 'Redis reachable again: shared state restored');
    down = false;
  });
  return redis;
}

/**
 * Apollo's `KeyValueCache` on Redis: what one replica stores every replica finds (automatic persisted queries).
 * Entries expire after the TTL Apollo passes, else `defaultTtlSeconds`. While Redis is unreachable a read is a miss
 * and a write is dropped: for APQ that only means the client sends the query text again, never an error.
 */
export class RedisKeyValueCache implements KeyValueCache<string> {
  constructor(
    private readonly redis: Redis,
    private readonly options: { prefix: string; defaultTtlSeconds: number; logger?: Logger },
  ) {}

  async get(key: string): Promise<string | undefined> {
    try {
      return (await this.redis.get(this.options.prefix + key)) ?? undefined;
    } catch (error) {
      this.options.logger?.debug({ cause: (error as Error).message }, 'Redis cache read failed: treated as a miss');
      return undefined;
    }
  }

  async set(key: string, value: string, setOptions?: KeyValueCacheSetOptions): Promise<void> {
    const ttl = setOptions?.ttl ?? this.options.defaultTtlSeconds;
    try {
      if (ttl && ttl > 0) await this.redis.set(this.options.prefix + key, value, 'EX', Math.ceil(ttl));
      else await this.redis.set(this.options.prefix + key, value);
    } catch (error) {
      this.options.logger?.debug({ cause: (error as Error).message }, 'Redis cache write failed: dropped');
    }
  }

  async delete(key: string): Promise<boolean> {
    try {
      return (await this.redis.del(this.options.prefix + key)) > 0;
    } catch {
      return false;
    }
  }
}

/** Resolves once the connection is ready, or after `timeoutMs` (then the fallbacks answer until it is): never rejects. */
export async function redisReady(redis: Redis, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return true;
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      resolve(false);
    }, timeoutMs);
    const onReady = () => {
      clearTimeout(timer);
      resolve(true);
    };
    redis.once('ready', onReady);
  });
}
