import { isIP } from 'node:net';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { accordsError } from '@accords/errors';
import type { Identity } from '@accords/auth';
import type { GatewayContext } from '../../context';
import { TokenBuckets, type Admission } from './buckets';

export { TokenBuckets, DEFAULT_MAX_KEYS, type Admission, type BucketOptions } from './buckets';

/**
 * Budgets per caller; 0 turns one off. Counted in memory by this process, or in Redis across every replica and
 * worker when the limiter is given a Redis connection (`REDIS_URL`).
 */
export interface RateLimits {
  /** Requests a minute per signed-in user (token subject). */
  userPerMinute: number;
  /** Requests a minute per client address, for anonymous callers. */
  ipPerMinute: number;
  /** Mutations an hour per client address, for anonymous callers (public submissions), on top of `ipPerMinute`. */
  publicMutationsPerHour: number;
}

export const DEFAULT_RATE_LIMITS: RateLimits = { userPerMinute: 600, ipPerMinute: 120, publicMutationsPerHour: 10 };

export type Budget = 'user' | 'address' | 'publicMutations';

export interface Caller {
  identity: Identity | null;
  /** The client's address as the gateway sees it (see `TRUSTED_PROXY`). */
  clientAddress?: string;
}

export interface RateLimiter {
  /** Charges one request to the caller's budget: rejects with RATE_LIMITED (HTTP 429, Retry-After) when it is spent. */
  admit(caller: Caller): Promise<void>;
  /** Where the budgets are counted. */
  readonly store: 'memory' | 'redis';
  /** Charges an anonymous mutation to the public-mutation budget once the operation is known, before it runs. */
  plugin: ApolloServerPlugin<GatewayContext>;
}

/**
 * One key per address, except IPv6, where one subscriber usually holds a whole /64: its addresses share a budget.
 * IPv4 addresses mapped into IPv6 (::ffff:203.0.113.7) count as the IPv4 address.
 */
export function addressKey(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (isIP(address) !== 6) return address;
  const [head, tail = ''] = address.toLowerCase().split('::');
  const front = head ? head.split(':') : [];
  const back = tail ? tail.split(':') : [];
  const groups = address.includes('::') ? [...front, ...Array<string>(8 - front.length - back.length).fill('0'), ...back] : front;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

function refusal(budget: Budget, limit: number, retryAfterSeconds: number): GraphQLError {
  const messages: Record<Budget, string> = {
    user: `Too many requests for this user: at most ${limit} a minute.`,
    address: `Too many requests from this address: at most ${limit} a minute without signing in.`,
    publicMutations: `Too many submissions from this address: at most ${limit} an hour without signing in.`,
  };
  return accordsError('RATE_LIMITED', `${messages[budget]} Retry in ${retryAfterSeconds} s.`, {
    budget,
    limit,
    retryAfterSeconds,
    http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
  });
}

/** Budgets shared by every replica: counted in Redis under `prefix`. */
export interface SharedBudgets {
  redis: Redis;
  /** Key prefix; replicas sharing budgets use the same one (default `accords:gateway:rl:`). */
  prefix?: string;
}

/** One budget's counter: takes one request from a key. */
interface Counter {
  take(key: string): Promise<Admission>;
}

function memoryCounter(limit: number, windowMs: number, options: { now?: () => number; maxKeys?: number }): Counter {
  const buckets = new TokenBuckets({ limit, windowMs, now: options.now, maxKeys: options.maxKeys });
  return { take: async (key) => buckets.take(key) };
}

/**
 * A budget counted in Redis (`limit` requests per fixed window of `windowMs`, one counter per key with the window as
 * its expiry, so every replica charges the same counter). Fail-open: while Redis cannot be reached, the request is
 * charged to an in-memory counter of the same budget in this process instead (rate-limiter-flexible's
 * `insuranceLimiter`), so an outage neither refuses every caller nor removes the limits; each replica then grants the
 * budget on its own until Redis answers again (the connection logs the outage and the recovery).
 */
function redisCounter(limit: number, windowMs: number, shared: SharedBudgets, name: string): Counter {
  const duration = Math.round(windowMs / 1000);
  const limiter = new RateLimiterRedis({
    storeClient: shared.redis,
    keyPrefix: `${shared.prefix ?? 'accords:gateway:rl:'}${name}`,
    points: limit,
    duration,
    // A disconnected client is not waited for: the in-memory insurance answers at once.
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory({ points: limit, duration }),
  });
  return {
    async take(key) {
      try {
        await limiter.consume(key);
        return { allowed: true };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)) };
        // Neither Redis nor the insurance answered (not expected): let the request through rather than fail it.
        return { allowed: true };
      }
    },
  };
}

/**
 * Rate limits at the gateway: signed-in users are counted by token subject, anonymous callers by client address, and
 * anonymous mutations have a stricter hourly budget of their own. A refused request runs nothing: the general budget
 * is charged when the request arrives (before parsing), the mutation budget once the operation type is known.
 *
 * In memory (default) each budget is a token bucket per process; with `shared` it is a fixed-window counter in Redis
 * that every replica charges (see `redisCounter` for what happens when Redis is down).
 */
export function createRateLimiter(
  limits: RateLimits,
  options: { now?: () => number; maxKeys?: number; onRefused?: (budget: Budget) => void; shared?: SharedBudgets } = {},
): RateLimiter {
  const minute = 60_000;
  const counter = (limit: number, windowMs: number, name: string): Counter =>
    limit <= 0 ? { take: async () => ({ allowed: true }) } : options.shared ? redisCounter(limit, windowMs, options.shared, name) : memoryCounter(limit, windowMs, options);
  const users = counter(limits.userPerMinute, minute, 'user');
  const addresses = counter(limits.ipPerMinute, minute, 'address');
  const mutations = counter(limits.publicMutationsPerHour, 60 * minute, 'mutation');

  const charge = async (counter: Counter, key: string, budget: Budget, limit: number) => {
    const admission = await counter.take(key);
    if (admission.allowed) return;
    options.onRefused?.(budget);
    throw refusal(budget, limit, admission.retryAfterSeconds);
  };

  return {
    store: options.shared ? 'redis' : 'memory',
    async admit({ identity, clientAddress }) {
      if (identity) await charge(users, identity.subject, 'user', limits.userPerMinute);
      else await charge(addresses, addressKey(clientAddress), 'address', limits.ipPerMinute);
    },
    plugin: {
      async requestDidStart() {
        return {
          async didResolveOperation({ operation, contextValue }) {
            if (operation?.operation !== 'mutation' || contextValue.identity) return;
            await charge(mutations, addressKey(contextValue.clientAddress), 'publicMutations', limits.publicMutationsPerHour);
          },
        };
      },
    },
  };
}

/** `app.set('trust proxy', …)`: off, a number of proxy hops, or the proxies' addresses and subnets. */
export type TrustedProxy = false | number | string[];

const NAMED_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Parses TRUSTED_PROXY: `off` (default: X-Forwarded-For is ignored, the socket's peer is the client), a hop count
 * (`1`: one proxy in front), or a comma-separated list of proxy addresses, subnets (CIDR) and the names `loopback`,
 * `linklocal`, `uniquelocal`. Trusting every hop (`true`) is refused: any client could then choose its own address.
 */
export function parseTrustedProxy(raw: string): { value: TrustedProxy } | { problem: string } {
  const value = raw.trim();
  if (value === '' || value === 'off' || value === 'false') return { value: false };
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops >= 1 && hops <= 10 ? { value: hops } : { problem: 'a hop count must be between 1 and 10' };
  }
  const entries = value.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = entries.filter((entry) => {
    if (NAMED_RANGES.has(entry)) return false;
    const [ip, prefix, ...rest] = entry.split('/');
    const family = isIP(ip);
    if (!family || rest.length) return true;
    if (prefix === undefined) return false;
    return !/^\d+$/.test(prefix) || Number(prefix) > (family === 4 ? 32 : 128);
  });
  if (bad.length) return { problem: `not an address, subnet or loopback/linklocal/uniquelocal: ${bad.join(', ')} (use off, a hop count, or a list)` };
  return { value: entries };
}
