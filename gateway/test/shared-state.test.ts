/**
 * Replicas sharing state through the real Redis at 127.0.0.1:6379 (REDIS_URL): one rate-limit budget spent across
 * two gateways, an APQ hash registered through one replica found by the other, and what happens when Redis goes away
 * (fail-open: each replica counts the same budget in its own memory, APQ falls back to re-registration) and comes
 * back. Each test uses its own key prefix and deletes its keys.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { serveGateway, type RunningGateway } from '../src/server';
import { sha256 } from '../src/plugins/persisted-queries';
import { createRateLimiter } from '../src/plugins/rate-limit';
import { HELLO_SUPERGRAPH } from './support/supergraph';
import { capturingLogger } from './support/log-lines';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const SDL = HELLO_SUPERGRAPH;

const { logger, lines } = capturingLogger('info');

let redis: Redis;
const prefixes: string[] = [];
const gateways: RunningGateway[] = [];

beforeAll(async () => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  await redis.ping();
});

afterEach(async () => {
  await Promise.all(gateways.splice(0).map((g) => g.stop()));
  for (const prefix of prefixes.splice(0)) {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
  }
});

afterAll(async () => {
  await redis.quit();
});

function uniquePrefix(): string {
  const prefix = `accords:test:${randomUUID()}:`;
  prefixes.push(prefix);
  return prefix;
}

async function replica(redisUrl: string, prefix: string, ipPerMinute = 3): Promise<RunningGateway> {
  const gateway = await serveGateway({
    supergraphSdl: SDL, development: false, internalSecret: 'shared-state-test-secret-32-characters!!', logger, port: 0,
    rateLimits: { userPerMinute: 0, ipPerMinute, publicMutationsPerHour: 0 },
    sharedState: { redisUrl, prefix },
  });
  gateways.push(gateway);
  return gateway;
}

async function ask(gateway: RunningGateway, body: Record<string, unknown> = { query: '{ __typename }' }) {
  const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await res.json()) as { data?: Record<string, unknown>; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  return { status: res.status, retryAfter: res.headers.get('retry-after'), data: json.data, code: json.errors?.[0]?.extensions?.code, extensions: json.errors?.[0]?.extensions };
}

/** A TCP relay to the real Redis that the test can cut and restore, as a network outage would. */
async function relay(port = 0) {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(6379, '127.0.0.1');
    sockets.add(client).add(upstream);
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cut: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

async function until(condition: () => boolean | Promise<boolean>, what: string, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('rate limits shared through Redis', () => {
  it('spends one budget across two replicas: the second refuses once the first used it up', async () => {
    const prefix = uniquePrefix();
    const a = await replica(REDIS_URL, prefix);
    const b = await replica(REDIS_URL, prefix);
    expect((await ask(a)).data).toEqual({ __typename: 'Query' });
    expect((await ask(a)).data).toEqual({ __typename: 'Query' });
    expect((await ask(a)).data).toEqual({ __typename: 'Query' });
    // The same client address, the other replica: nothing left.
    const refused = await ask(b);
    expect(refused.status).toBe(429);
    expect(refused.code).toBe('RATE_LIMITED');
    expect(refused.extensions).toMatchObject({ budget: 'address', limit: 3 });
    const retryAfter = Number(refused.retryAfter);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.extensions?.retryAfterSeconds).toBe(retryAfter);
    expect((await ask(a)).status).toBe(429);
    // The counter lives in Redis under the prefix, expiring with its one-minute window.
    const keys = await redis.keys(`${prefix}rl:*`);
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatch(/address:127\.0\.0\.1$/);
    const ttl = await redis.pttl(keys[0]);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    // A deployment with another prefix has its own budgets.
    expect((await ask(await replica(REDIS_URL, uniquePrefix()))).data).toEqual({ __typename: 'Query' });
  });

  it('shares the anonymous-mutation budget and the user budget the same way', async () => {
    const prefix = uniquePrefix();
    const shared = (r: Redis) => createRateLimiter({ userPerMinute: 2, ipPerMinute: 100, publicMutationsPerHour: 1 }, { shared: { redis: r, prefix } });
    const [r1, r2] = [new Redis(REDIS_URL), new Redis(REDIS_URL)];
    try {
      await Promise.all([r1.ping(), r2.ping()]);
      const [one, two] = [shared(r1), shared(r2)];
      expect(one.store).toBe('redis');
      const user = { subject: 'editor@langson', agency: { type: 'LOCALITY' as const, id: '20' }, roles: ['editor' as const] };
      await one.admit({ identity: user });
      await two.admit({ identity: user });
      await expect(one.admit({ identity: user })).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED', budget: 'user' } });
      const didResolve = async (limiter: typeof one) => {
        const hooks = await (limiter.plugin.requestDidStart as (r: unknown) => Promise<{ didResolveOperation(r: unknown): Promise<void> }>)({});
        return hooks.didResolveOperation({ operation: { operation: 'mutation' }, contextValue: { identity: null, clientAddress: '203.0.113.5' } });
      };
      await didResolve(one);
      await expect(didResolve(two)).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED', budget: 'publicMutations', limit: 1 } });
      const ttl = await redis.pttl(`${prefix}mutation:203.0.113.5`);
      expect(ttl).toBeGreaterThan(60_000);
      expect(ttl).toBeLessThanOrEqual(3_600_000);
    } finally {
      await Promise.all([r1.quit(), r2.quit()]);
    }
  });
});

describe('automatic persisted queries shared through Redis', () => {
  it('finds on replica B a hash registered through replica A, with a TTL', async () => {
    const prefix = uniquePrefix();
    const a = await replica(REDIS_URL, prefix, 0);
    const b = await replica(REDIS_URL, prefix, 0);
    const query = `query Shared${randomUUID().replace(/-/g, '')} { __typename }`;
    const persisted = { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } };
    expect((await ask(b, persisted)).code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await ask(a, { ...persisted, query })).data).toEqual({ __typename: 'Query' });
    expect(await ask(b, persisted)).toMatchObject({ status: 200, data: { __typename: 'Query' } });
    const ttl = await redis.ttl(`${prefix}apq:${sha256(query)}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(86_400);
  });
});

describe('Redis unreachable', () => {
  it('fails open: each replica counts the same budget in memory, APQ asks for the text again, nothing answers 500; shared again once Redis is back', async () => {
    const prefix = uniquePrefix();
    const link = await relay();
    const url = `redis://127.0.0.1:${link.port}`;
    lines.length = 0;
    const a = await replica(url, prefix);
    const b = await replica(url, prefix);
    expect((await ask(a)).status).toBe(200); // 1 of 3 spent in Redis
    const query = `query Outage${randomUUID().replace(/-/g, '')} { __typename }`;
    const persisted = { extensions: { persistedQuery: { version: 1, sha256Hash: sha256(query) } } };
    await link.cut();
    // Both replicas must have seen the outage (each notices on its own reconnect attempt) before Redis comes back;
    // otherwise one may reconnect without ever having been down, and there is no recovery of its to wait for.
    await until(() => lines.filter((l) => String(l.msg).startsWith('Redis unavailable')).length >= 2, 'both replicas to log the outage');
    // Replica A's own memory grants the full budget, then refuses with the same error and header.
    for (let i = 0; i < 3; i++) expect((await ask(a)).status).toBe(200);
    const refused = await ask(a);
    expect(refused).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    // Replica B counts on its own meanwhile (fail-open: the budget is per replica during the outage).
    expect((await ask(b)).status).toBe(200);
    // APQ: a registration is dropped, so the hash is asked for again (the client resends the text): never an error.
    expect((await ask(b, { ...persisted, query })).data).toEqual({ __typename: 'Query' });
    expect((await ask(b, persisted)).code).toBe('PERSISTED_QUERY_NOT_FOUND');
    const warnings = lines.filter((l) => String(l.msg).startsWith('Redis unavailable'));
    expect(warnings).toHaveLength(2); // once per replica, not once per request
    expect(warnings[0]).toMatchObject({ level: 40 });

    // Redis back: the shared counter (1 spent before the outage) is charged again.
    const back = await relay(link.port);
    try {
      await until(() => lines.filter((l) => l.msg === 'Redis reachable again: shared state restored').length >= 2, 'both replicas to reconnect');
      expect((await ask(b)).status).toBe(200);
      expect((await ask(a)).status).toBe(200);
      expect((await ask(b)).status).toBe(429);
      expect(Number(await redis.get((await redis.keys(`${prefix}rl:*`))[0]))).toBe(4);
    } finally {
      await Promise.all(gateways.splice(0).map((g) => g.stop()));
      await back.cut();
    }
  });
});
