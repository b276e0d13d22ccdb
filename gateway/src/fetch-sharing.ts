import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '@accords/logger';
import { EntityCache, DEFAULT_PUBLIC_ENTITY_FIELDS, type PublicEntityFields } from './entity-cache';
import { InflightFetches } from './inflight';

export interface FetchSharingOptions {
  /** Send identical in-flight subgraph queries once (default true). */
  deduplicate?: boolean;
  /** Cached public `_entities` answers; `ttlMs: 0` turns the cache off (default 60 s, 10,000 entries per subgraph). */
  entityCache?: { ttlMs?: number; maxEntriesPerSubgraph?: number; publicFields?: PublicEntityFields };
  /** Set: invalidations are published to, and received from, every replica on this Redis. */
  redisUrl?: string;
  /** Redis channel of the invalidations (default `accords:gateway:invalidate`). */
  redisChannel?: string;
  logger: Logger;
  registry?: Registry;
  now?: () => number;
}

export const DEFAULT_ENTITY_CACHE_TTL_MS = 60_000;
export const DEFAULT_ENTITY_CACHE_ENTRIES = 10_000;

/**
 * A follower's own copy of a subgraph answer: data, errors and extensions; not the leader's HTTP response object
 * (its headers were already applied to the leader's request, and it is not cloneable).
 */
export function copyAnswer<T>(value: T): T {
  if (!value || typeof value !== 'object' || !('http' in value)) return structuredClone(value);
  const { http: _http, ...rest } = value as Record<string, unknown>;
  return structuredClone(rest) as T;
}

/** What the gateway's subgraph fetches share across requests: in-flight fetches, cached reference entities. */
export class FetchSharing {
  readonly deduplicate: boolean;
  readonly cache: EntityCache;
  readonly inflight: InflightFetches<unknown>;
  private readonly generations = new Map<string, number>();
  /** Every invalidation of any subgraph, here or relayed from another replica (see `changes`). */
  private invalidations = 0;
  /** Bumped when every subgraph is invalidated at once (Redis reconnected: invalidations may have been missed). */
  private epoch = 0;
  private readonly replica = randomUUID();
  private readonly channel: string;
  private publisher?: Redis;
  private subscriber?: Redis;
  private readonly logger: Logger;
  readonly served?: Counter<'subgraph' | 'how'>;

  constructor(options: FetchSharingOptions) {
    this.logger = options.logger;
    this.deduplicate = options.deduplicate ?? true;
    this.cache = new EntityCache({
      ttlMs: options.entityCache?.ttlMs ?? DEFAULT_ENTITY_CACHE_TTL_MS,
      maxEntriesPerSubgraph: options.entityCache?.maxEntriesPerSubgraph ?? DEFAULT_ENTITY_CACHE_ENTRIES,
      publicFields: options.entityCache?.publicFields ?? DEFAULT_PUBLIC_ENTITY_FIELDS,
      now: options.now,
    });
    this.inflight = new InflightFetches<unknown>(copyAnswer);
    this.channel = options.redisChannel ?? 'accords:gateway:invalidate';
    if (options.registry) {
      this.served = new Counter({
        name: 'accords_subgraph_fetches_saved_total',
        help: 'Subgraph fetches (or entity representations) answered without asking the subgraph, by how: deduplicated or cached',
        labelNames: ['subgraph', 'how'],
        registers: [options.registry],
      });
    }
    if (options.redisUrl) this.connect(options.redisUrl);
  }

  /**
   * Bumped by every invalidation of a subgraph. It is part of the de-duplication key (a caller arriving after a
   * mutation never joins a fetch sent before it) and a fetch stores what it read only if the generation did not
   * change meanwhile (a read that raced a write never refills the cache with the old answer).
   */
  generation(subgraph: string): string {
    return `${this.epoch}.${this.generations.get(subgraph) ?? 0}`;
  }

  /**
   * Changes with every invalidation of any subgraph: the operation-level sharing key holds it (operation-sharing.ts),
   * so a client operation arriving after a mutation was answered never joins one that started before it.
   */
  get changes(): string {
    return `${this.epoch}.${this.invalidations}`;
  }

  /** Forget what this replica holds for the subgraph; `publish` tells the other replicas too (when Redis is set). */
  invalidate(subgraph: string, reason: string, publish = true): void {
    this.invalidations++;
    this.generations.set(subgraph, (this.generations.get(subgraph) ?? 0) + 1);
    this.cache.clear(subgraph);
    this.logger.debug({ subgraph, reason }, 'Subgraph answers invalidated');
    if (publish && this.publisher) {
      this.publisher.publish(this.channel, JSON.stringify({ subgraph, replica: this.replica })).catch((error: Error) => {
        this.logger.warn({ subgraph, cause: error.message }, 'Could not publish a cache invalidation: other replicas keep their entries until they expire');
      });
    }
  }

  private invalidateAll(reason: string): void {
    this.invalidations++;
    this.epoch++;
    this.cache.clear();
    this.logger.info({ reason }, 'Every subgraph answer invalidated');
  }

  private connect(url: string): void {
    const options = { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false };
    this.publisher = new Redis(url, options);
    this.subscriber = new Redis(url, { ...options, enableOfflineQueue: true });
    // One warning when Redis goes away (not one per reconnection attempt), and a line when it is back.
    const down = new Set<string>();
    const quiet = (which: string) => (error: Error) => {
      if (down.has(which)) return;
      down.add(which);
      this.logger.warn({ cause: error.message, connection: which }, 'Redis (gateway cache invalidation) unavailable');
    };
    this.publisher.on('error', quiet('publisher'));
    this.subscriber.on('error', quiet('subscriber'));
    this.publisher.on('ready', () => down.delete('publisher'));
    let connectedBefore = false;
    this.subscriber.on('ready', () => {
      // Invalidations sent while this replica was not listening are lost: start from an empty cache instead.
      if (connectedBefore) this.invalidateAll('reconnected to Redis');
      connectedBefore = true;
      down.delete('subscriber');
    });
    this.subscriber.subscribe(this.channel).catch(quiet('subscriber'));
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      try {
        const { subgraph, replica } = JSON.parse(message) as { subgraph?: unknown; replica?: unknown };
        if (typeof subgraph === 'string' && replica !== this.replica) this.invalidate(subgraph, 'invalidated by another replica', false);
      } catch {
        /* not ours */
      }
    });
  }

  /** Resolves once the Redis subscription (if any) is live; tests wait for it before publishing. */
  async ready(): Promise<void> {
    if (!this.subscriber) return;
    if (this.subscriber.status !== 'ready') await new Promise<void>((resolve) => this.subscriber!.once('ready', () => resolve()));
    await this.subscriber.subscribe(this.channel);
  }

  /** Closes the Redis connections at once (nothing to flush: a lost invalidation only empties caches on reconnect). */
  async close(): Promise<void> {
    this.publisher?.disconnect();
    this.subscriber?.disconnect();
  }
}
