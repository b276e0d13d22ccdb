import { ApolloServer } from '@apollo/server';
import { addressKey, createRateLimiter, parseTrustedProxy, TokenBuckets } from '../src/plugins/rate-limit';
import { loadGatewayConfig } from '../src/config';
import type { GatewayContext } from '../src/context';
import { createLogger } from '@accords/logger';

/** A clock the test moves by hand: no test here waits for real time. */
function fakeClock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('token buckets', () => {
  it('lets a rested caller spend the whole budget at once, then refuses with the wait for the next token', () => {
    const clock = fakeClock();
    const buckets = new TokenBuckets({ limit: 3, windowMs: 60_000, now: clock.now });
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([{ allowed: true }, { allowed: true }, { allowed: true }]);
    // 3 a minute: one token every 20 s.
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 20 });
    clock.advance(15_000);
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 5 });
    clock.advance(5_000);
    expect(buckets.take('a')).toEqual({ allowed: true });
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 20 });
  });

  it('refills continuously but never beyond the budget, however long the caller rests', () => {
    const clock = fakeClock();
    const buckets = new TokenBuckets({ limit: 2, windowMs: 60_000, now: clock.now });
    buckets.take('a');
    buckets.take('a');
    clock.advance(24 * 3_600_000);
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
  });

  it('keeps each key apart', () => {
    const buckets = new TokenBuckets({ limit: 1, windowMs: 60_000, now: fakeClock().now });
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a').allowed).toBe(false);
    expect(buckets.take('b').allowed).toBe(true);
  });

  it('rounds a sub-second wait up to one second (Retry-After is whole seconds)', () => {
    const clock = fakeClock();
    const buckets = new TokenBuckets({ limit: 600, windowMs: 60_000, now: clock.now });
    for (let i = 0; i < 600; i++) buckets.take('a');
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });

  it('is off at 0', () => {
    const buckets = new TokenBuckets({ limit: 0, windowMs: 60_000 });
    for (let i = 0; i < 1000; i++) expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.size).toBe(0);
  });

  it('bounds memory: past maxKeys the least recently seen caller is forgotten, not a recent one', () => {
    const clock = fakeClock();
    const buckets = new TokenBuckets({ limit: 1, windowMs: 60_000, maxKeys: 3, now: clock.now });
    buckets.take('a');
    buckets.take('b');
    buckets.take('c');
    expect(buckets.take('a').allowed).toBe(false); // a is now the most recently seen; b the oldest
    buckets.take('d'); // evicts b
    expect(buckets.size).toBe(3);
    expect(buckets.take('a').allowed).toBe(false); // still remembered: still refused
    expect(buckets.take('b').allowed).toBe(true); // forgotten: starts again with a full bucket
    for (let i = 0; i < 10_000; i++) buckets.take(`flood-${i}`);
    expect(buckets.size).toBe(3);
  });
});

describe('client addresses', () => {
  it('keys IPv4 by address, IPv4-mapped IPv6 as IPv4, and IPv6 by its /64', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey(undefined)).toBe('unknown');
  });

  it('parses TRUSTED_PROXY: off by default, a hop count, or addresses and subnets; never "trust everyone"', () => {
    expect(parseTrustedProxy('off')).toEqual({ value: false });
    expect(parseTrustedProxy('')).toEqual({ value: false });
    expect(parseTrustedProxy('1')).toEqual({ value: 1 });
    expect(parseTrustedProxy('loopback, 10.0.0.0/8, 2001:db8::/32, 192.0.2.10')).toEqual({ value: ['loopback', '10.0.0.0/8', '2001:db8::/32', '192.0.2.10'] });
    expect(parseTrustedProxy('true')).toHaveProperty('problem');
    expect(parseTrustedProxy('0')).toHaveProperty('problem');
    expect(parseTrustedProxy('10.0.0.0/33')).toHaveProperty('problem');
    expect(parseTrustedProxy('proxy.internal')).toHaveProperty('problem');
  });
});

describe('rate-limit configuration', () => {
  it('reads the budgets and the trusted proxies, with 0 turning a budget off', () => {
    const config = loadGatewayConfig({ RATE_LIMIT_USER_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '30', TRUSTED_PROXY: '1' });
    expect(config.rateLimits).toEqual({ userPerMinute: 0, ipPerMinute: 30, publicMutationsPerHour: 10 });
    expect(config.TRUSTED_PROXY).toBe(1);
    expect(loadGatewayConfig({}).TRUSTED_PROXY).toBe(false);
  });

  it('refuses to start on a bad value, naming every problem at once', () => {
    expect(() => loadGatewayConfig({ RATE_LIMIT_IP_PER_MINUTE: '-1', TRUSTED_PROXY: 'everyone', PERSISTED_QUERIES: 'allowlist' })).toThrow(
      /RATE_LIMIT_IP_PER_MINUTE[\s\S]*TRUSTED_PROXY[\s\S]*PERSISTED_QUERIES_MANIFEST/,
    );
  });
});

describe('anonymous mutations', () => {
  const typeDefs = 'type Query { ping: Int } type Mutation { submitFeedback(text: String!): Boolean }';
  let submitted = 0;
  const clock = fakeClock();
  const limiter = createRateLimiter({ userPerMinute: 100, ipPerMinute: 100, publicMutationsPerHour: 2 }, { now: clock.now });
  const server = new ApolloServer<GatewayContext>({
    typeDefs,
    resolvers: { Query: { ping: () => 1 }, Mutation: { submitFeedback: () => ++submitted > 0 } },
    plugins: [limiter.plugin],
  });
  const logger = createLogger({ service: 'test', level: 'silent' });
  const run = (query: string, context: Partial<GatewayContext>) =>
    server.executeOperation({ query }, { contextValue: { requestId: 't', logger, identity: null, ...context } });
  const submit = (context: Partial<GatewayContext>) => run('mutation { submitFeedback(text: "Cảm ơn") }', context);

  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('have an hourly budget per address of their own: the refused one runs nothing and answers 429 with Retry-After', async () => {
    const anonymous = { clientAddress: '203.0.113.9' };
    expect((await submit(anonymous)).http.status).toBeUndefined();
    expect((await submit(anonymous)).http.status).toBeUndefined();
    expect(submitted).toBe(2);
    const refused = await submit(anonymous);
    expect(submitted).toBe(2);
    expect(refused.http.status).toBe(429);
    expect(refused.http.headers.get('retry-after')).toBe('1800');
    const body = refused.body.kind === 'single' ? refused.body.singleResult : undefined;
    expect(body?.data).toBeUndefined();
    expect(body?.errors?.[0].extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1800, budget: 'publicMutations' });
    // Queries from the same address are not charged to it; another address and signed-in users have their own.
    expect((await run('{ ping }', anonymous)).http.status).toBeUndefined();
    expect((await submit({ clientAddress: '203.0.113.10' })).http.status).toBeUndefined();
    const signedIn = { ...anonymous, identity: { subject: 'editor@moh', agency: { type: 'MINISTRY' as const, id: 'MOH' }, roles: ['editor' as const] } };
    expect((await submit(signedIn)).http.status).toBeUndefined();
    expect(submitted).toBe(4);
    clock.advance(30 * 60_000);
    expect((await submit(anonymous)).http.status).toBeUndefined();
    expect(submitted).toBe(5);
  });

});

describe('request budgets', () => {
  const user = (subject: string) => ({ subject, agency: { type: 'LOCALITY' as const, id: '20' }, roles: ['viewer' as const] });
  const codeOf = async (fn: () => Promise<void>) => {
    try {
      await fn();
      return 'admitted';
    } catch (error) {
      return (error as { extensions?: { code?: string } }).extensions?.code;
    }
  };

  it('charges signed-in users by token subject and anonymous callers by address, each apart', async () => {
    const limiter = createRateLimiter({ userPerMinute: 1, ipPerMinute: 1, publicMutationsPerHour: 1 }, { now: fakeClock().now });
    expect(await codeOf(() => limiter.admit({ identity: user('a'), clientAddress: '203.0.113.1' }))).toBe('admitted');
    expect(await codeOf(() => limiter.admit({ identity: user('a'), clientAddress: '203.0.113.2' }))).toBe('RATE_LIMITED');
    expect(await codeOf(() => limiter.admit({ identity: user('b'), clientAddress: '203.0.113.1' }))).toBe('admitted');
    expect(await codeOf(() => limiter.admit({ identity: null, clientAddress: '203.0.113.1' }))).toBe('admitted');
    expect(await codeOf(() => limiter.admit({ identity: null, clientAddress: '::ffff:203.0.113.1' }))).toBe('RATE_LIMITED');
    expect(await codeOf(() => limiter.admit({ identity: null, clientAddress: '203.0.113.2' }))).toBe('admitted');
  });

  it('counts nothing when a budget is 0', async () => {
    const open = createRateLimiter({ userPerMinute: 0, ipPerMinute: 0, publicMutationsPerHour: 0 });
    for (let i = 0; i < 50; i++) {
      expect(await codeOf(() => open.admit({ identity: null, clientAddress: '203.0.113.11' }))).toBe('admitted');
      expect(await codeOf(() => open.admit({ identity: user('a') }))).toBe('admitted');
    }
  });
});
