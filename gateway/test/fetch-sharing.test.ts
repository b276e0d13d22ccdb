/**
 * Subgraph fetches shared across requests: identical in-flight queries sent once (never across identities, never a
 * mutation), public reference entities cached per representation (TTL, invalidated by a mutation through this or
 * another replica, never a caller-dependent field). Two small subgraphs over real HTTP that count what they receive;
 * the gateway is the real one (createGateway: planning, AccordsDataSource, kept-alive connections).
 */
import { randomUUID } from 'node:crypto';
import { parse } from 'graphql';
import { DEVELOPMENT_INTERNAL_SECRET, type Identity } from '@accords/auth';
import { createGateway } from '../src';
import type { FetchSharingOptions } from '../src/fetch-sharing';
import { countingSupergraph, fake, type CountingSubgraph } from './support/counting-subgraph';
import { capturingLogger } from './support/log-lines';

const names = new Map<string, string>();

/** Reference data (a place's name: the same for everyone) and one field computed for the caller. */
const places = fake({
  name: 'places',
  typeDefs: parse(`
    type Query { place(id: ID!): Place }
    type Mutation { renamePlace(id: ID!, name: String!): Place }
    type Place @key(fields: "id") { id: ID! name: String! viewerNote: String! }
  `),
  resolvers: {
    Query: { place: (_: unknown, { id }: { id: string }) => (names.has(id) ? { id } : null) },
    Mutation: {
      renamePlace: (_: unknown, { id, name }: { id: string; name: string }) => {
        names.set(id, name);
        return { id };
      },
    },
    Place: {
      __resolveReference: ({ id }: { id: string }) => (names.has(id) ? { id } : null),
      name: ({ id }: { id: string }) => names.get(id),
      viewerNote: (_: unknown, __: unknown, ctx: { identity: Identity | null }) => `seen by ${ctx.identity?.subject ?? 'the public'}`,
    },
  },
});

const visits = fake({
  name: 'visits',
  typeDefs: parse(`
    type Query { visits(ids: [ID!]): [Visit!]! }
    type Visit { id: ID! place: Place }
    type Place @key(fields: "id", resolvable: false) { id: ID! }
  `),
  resolvers: {
    Query: {
      visits: (_: unknown, { ids }: { ids?: string[] }) =>
        [
          { id: 'v1', place: { id: 'p1' } },
          { id: 'v2', place: { id: 'p2' } },
          { id: 'v3', place: { id: 'p1' } },
        ].filter((v) => !ids || ids.includes(v.id)),
    },
  },
});

const { logger, lines } = capturingLogger('debug');

let placesSubgraph: CountingSubgraph;
let visitsSubgraph: CountingSubgraph;
let supergraphSdl: string;

let closeSubgraphs: () => Promise<void>;

beforeAll(async () => {
  ({ subgraphs: [placesSubgraph, visitsSubgraph], supergraphSdl, close: closeSubgraphs } = await countingSupergraph([places, visits]));
});

afterAll(() => closeSubgraphs());

beforeEach(() => {
  names.clear();
  names.set('p1', 'Hà Giang');
  names.set('p2', 'Lạng Sơn');
  placesSubgraph.received.length = 0;
  visitsSubgraph.received.length = 0;
  placesSubgraph.fail(false);
  lines.length = 0;
});

const PUBLIC_PLACES = { places: { Place: { id: true, name: true } } } as const;

async function openGateway(sharing: Omit<FetchSharingOptions, 'logger' | 'registry'> = {}) {
  const apollo = createGateway({
    supergraphSdl,
    subgraphUrls: { places: placesSubgraph.url, visits: visitsSubgraph.url },
    development: false,
    logger,
    internalSecret: DEVELOPMENT_INTERNAL_SECRET,
    subgraphRetries: 0,
    fetchSharing: { entityCache: { publicFields: PUBLIC_PLACES }, ...sharing },
  });
  await apollo.start();
  const ask = async (query: string, identity: Identity | null = null, requestId: string = randomUUID()) => {
    const response = await apollo.executeOperation({ query }, { contextValue: { requestId, logger: logger.child({ requestId }), identity } });
    if (response.body.kind !== 'single') throw new Error('unexpected incremental answer');
    return response.body.singleResult as { data?: Record<string, unknown> | null; errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[] };
  };
  const metric = async (name: string) => Number((await apollo.metrics.registry.getSingleMetric(name)?.get())?.values[0]?.value ?? 0);
  return { apollo, ask, metric, sharing: apollo.fetchSharing, operations: apollo.operationSharing, stop: () => apollo.stop() };
}

const user = (subject: string): Identity => ({ subject, agency: { type: 'MINISTRY', id: 'MOFA' }, roles: ['viewer'] });

/** Waits (without asserting on time) until a condition holds; the assertions after it fail if it never did. */
async function until(condition: () => boolean, rounds = 2000): Promise<void> {
  for (let i = 0; i < rounds && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe('identical in-flight subgraph fetches', () => {
  it('are sent once for N concurrent requests that plan to the same fetches; each caller gets the whole answer and logs whose fetch it shared', async () => {
    const gateway = await openGateway({ entityCache: { ttlMs: 0 } });
    try {
      visitsSubgraph.hold();
      const ids = Array.from({ length: 6 }, (_, i) => `req-${i}`);
      // Six different client operations (spacing differs, so none is shared whole: see the operation-level tests
      // below) that the gateway plans into the same subgraph queries.
      const answers = Promise.all(ids.map((id, i) => gateway.ask(`{ visits ${' '.repeat(i)}{ id place { id name } } }`, user('u1'), id)));
      await until(() => visitsSubgraph.received.length >= 1 && gateway.sharing.inflight.followers >= ids.length - 1);
      visitsSubgraph.release();
      const results = await answers;
      expect(visitsSubgraph.received).toHaveLength(1);
      // The entity fetch that follows is identical for all six too.
      expect(placesSubgraph.entityFetches()).toHaveLength(1);
      for (const result of results) {
        expect(result.errors).toBeUndefined();
        expect(result.data).toEqual({
          visits: [
            { id: 'v1', place: { id: 'p1', name: 'Hà Giang' } },
            { id: 'v2', place: { id: 'p2', name: 'Lạng Sơn' } },
            { id: 'v3', place: { id: 'p1', name: 'Hà Giang' } },
          ],
        });
      }
      // The one subgraph request carried the leader's id; every follower logged its own id and the leader's.
      const leader = visitsSubgraph.received[0].requestId;
      expect(ids).toContain(leader);
      const shared = lines.filter((l) => l.subgraph === 'visits' && l.msg === 'Answered by an identical subgraph fetch in flight');
      expect(shared.map((l) => l.requestId).sort()).toEqual(ids.filter((id) => id !== leader).sort());
      expect(shared.every((l) => l.sharedFetchOf === leader)).toBe(true);
    } finally {
      visitsSubgraph.release();
      await gateway.stop();
    }
  });

  it('are never shared between two identities: each user gets the answer computed for them', async () => {
    const gateway = await openGateway({ entityCache: { ttlMs: 0 } });
    try {
      placesSubgraph.hold();
      const query = '{ place(id: "p1") { name viewerNote } }';
      const answers = Promise.all([...Array(3)].flatMap(() => [gateway.ask(query, user('alice')), gateway.ask(query, user('bob')), gateway.ask(query, null)]));
      // Each identity's three identical operations share one execution (operation level) or one fetch.
      await until(() => placesSubgraph.received.length >= 3 && gateway.sharing.inflight.followers + gateway.operations.followers >= 6);
      placesSubgraph.release();
      const results = await answers;
      expect(placesSubgraph.received.map((r) => r.subject ?? 'public').sort()).toEqual(['alice', 'bob', 'public']);
      results.forEach((result, i) => {
        const expected = ['seen by alice', 'seen by bob', 'seen by the public'][i % 3];
        expect(result.data).toEqual({ place: { name: 'Hà Giang', viewerNote: expected } });
      });
    } finally {
      placesSubgraph.release();
      await gateway.stop();
    }
  });

  it('never de-duplicate a mutation: two identical mutations are both sent', async () => {
    const gateway = await openGateway();
    try {
      placesSubgraph.hold();
      const mutation = 'mutation { renamePlace(id: "p1", name: "Tuyên Quang") { id name } }';
      const answers = Promise.all([gateway.ask(mutation, user('u1'), 'm1'), gateway.ask(mutation, user('u1'), 'm2')]);
      await until(() => placesSubgraph.received.length >= 2);
      placesSubgraph.release();
      const results = await answers;
      expect(placesSubgraph.received.filter((r) => r.query.startsWith('mutation'))).toHaveLength(2);
      expect(results.map((r) => r.data)).toEqual([{ renamePlace: { id: 'p1', name: 'Tuyên Quang' } }, { renamePlace: { id: 'p1', name: 'Tuyên Quang' } }]);
    } finally {
      placesSubgraph.release();
      await gateway.stop();
    }
  });

  it('share a failure as it is: every caller gets SERVICE_UNAVAILABLE at its own paths from the one failed fetch', async () => {
    const gateway = await openGateway({ entityCache: { ttlMs: 0 } });
    try {
      placesSubgraph.hold();
      placesSubgraph.fail(true);
      const answers = Promise.all([...Array(4)].map((_, i) => gateway.ask(`{ visits { id ${' '.repeat(i)}place { name } } }`)));
      await until(() => placesSubgraph.received.length >= 1 && gateway.sharing.inflight.followers >= 3);
      placesSubgraph.release();
      const results = await answers;
      expect(placesSubgraph.received).toHaveLength(1);
      for (const result of results) {
        expect((result.data as { visits: { id: string }[] }).visits.map((v) => v.id)).toEqual(['v1', 'v2', 'v3']);
        expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.service, e.path])).toEqual([
          ['SERVICE_UNAVAILABLE', 'places', ['visits', 0, 'place']],
          ['SERVICE_UNAVAILABLE', 'places', ['visits', 1, 'place']],
          ['SERVICE_UNAVAILABLE', 'places', ['visits', 2, 'place']],
        ]);
      }
    } finally {
      placesSubgraph.release();
      await gateway.stop();
    }
  });

  it('are all sent when de-duplication is off (the control for the first test)', async () => {
    const gateway = await openGateway({ deduplicate: false, entityCache: { ttlMs: 0 } });
    try {
      visitsSubgraph.hold();
      const answers = Promise.all([...Array(4)].map(() => gateway.ask('{ visits { id } }')));
      await until(() => visitsSubgraph.received.length >= 4);
      visitsSubgraph.release();
      await answers;
      expect(visitsSubgraph.received).toHaveLength(4);
    } finally {
      visitsSubgraph.release();
      await gateway.stop();
    }
  });
});

describe('identical client queries in flight', () => {
  it('are executed once: N concurrent identical requests, one execution, every caller the whole answer, followers logged', async () => {
    const gateway = await openGateway({ entityCache: { ttlMs: 0 } });
    try {
      visitsSubgraph.hold();
      const ids = Array.from({ length: 5 }, (_, i) => `op-${i}`);
      const answers = Promise.all(ids.map((id) => gateway.ask('{ visits { id place { id name } } }', user('u1'), id)));
      await until(() => visitsSubgraph.received.length >= 1 && gateway.operations.followers >= ids.length - 1);
      // Followers wait for the leader's whole answer: no subgraph fetch of theirs was even planned.
      expect(gateway.sharing.inflight.followers).toBe(0);
      visitsSubgraph.release();
      const results = await answers;
      expect(visitsSubgraph.received).toHaveLength(1);
      expect(placesSubgraph.entityFetches()).toHaveLength(1);
      for (const result of results) {
        expect(result).toEqual({ data: { visits: [{ id: 'v1', place: { id: 'p1', name: 'Hà Giang' } }, { id: 'v2', place: { id: 'p2', name: 'Lạng Sơn' } }, { id: 'v3', place: { id: 'p1', name: 'Hà Giang' } }] } });
      }
      // Separate objects per caller: one answer changed by its caller leaves the others alone.
      (results[0].data!.visits as { id: string }[])[0].id = 'changed';
      expect((results[1].data!.visits as { id: string }[])[0].id).toBe('v1');
      const leader = visitsSubgraph.received[0].requestId;
      const shared = lines.filter((l) => l.msg === 'Answered by an identical query in flight');
      expect(shared.map((l) => l.requestId).sort()).toEqual(ids.filter((id) => id !== leader).sort());
      expect(shared.every((l) => l.sharedOperationOf === leader)).toBe(true);
      expect(await gateway.metric('accords_gateway_operations_shared_total')).toBe(ids.length - 1);
    } finally {
      visitsSubgraph.release();
      await gateway.stop();
    }
  });

  it('differ by variables or operation name: each is executed on its own', async () => {
    const gateway = await openGateway({ deduplicate: true, entityCache: { ttlMs: 0 } });
    try {
      visitsSubgraph.hold();
      const query = 'query V($ids: [ID!]) { visits(ids: $ids) { id } } query W { visits { id } }';
      const answers = Promise.all([
        gateway.apollo.executeOperation({ query, operationName: 'V', variables: { ids: ['v1'] } }, { contextValue: { requestId: 'a', logger, identity: null } }),
        gateway.apollo.executeOperation({ query, operationName: 'V', variables: { ids: ['v2'] } }, { contextValue: { requestId: 'b', logger, identity: null } }),
        gateway.apollo.executeOperation({ query, operationName: 'W' }, { contextValue: { requestId: 'c', logger, identity: null } }),
      ]);
      await until(() => visitsSubgraph.received.length >= 3);
      visitsSubgraph.release();
      const results = (await answers).map((r) => (r.body.kind === 'single' ? r.body.singleResult.data : null));
      expect(visitsSubgraph.received).toHaveLength(3);
      expect(results).toEqual([{ visits: [{ id: 'v1' }] }, { visits: [{ id: 'v2' }] }, { visits: [{ id: 'v1' }, { id: 'v2' }, { id: 'v3' }] }]);
      expect(await gateway.metric('accords_gateway_operations_shared_total')).toBe(0);
    } finally {
      visitsSubgraph.release();
      await gateway.stop();
    }
  });

  it('started after a mutation was answered never join one started before it (read your writes)', async () => {
    const gateway = await openGateway({ entityCache: { ttlMs: 0 } });
    try {
      visitsSubgraph.hold();
      const query = '{ visits(ids: ["v1"]) { id place { name } } }';
      const before = gateway.ask(query, null, 'before');
      await until(() => visitsSubgraph.received.length >= 1);
      // A mutation answered while the read is held: what the read returns may now be stale.
      const renamed = await gateway.ask('mutation { renamePlace(id: "p1", name: "Tuyên Quang") { name } }', user('editor'));
      expect(renamed.data).toEqual({ renamePlace: { name: 'Tuyên Quang' } });
      const after = gateway.ask(query, null, 'after');
      // The later request executes on its own: it plans its own fetches (its visits fetch joins the one in flight:
      // that subgraph was not written) instead of waiting for the earlier request's whole answer.
      await until(() => gateway.sharing.inflight.followers >= 1);
      expect(gateway.sharing.inflight.followers).toBe(1);
      expect(gateway.operations.followers).toBe(0);
      visitsSubgraph.release();
      expect((await after).data).toEqual({ visits: [{ id: 'v1', place: { name: 'Tuyên Quang' } }] });
      expect((await before).errors).toBeUndefined();
      expect(await gateway.metric('accords_gateway_operations_shared_total')).toBe(0);
      // The control: with no write in between, the same request does join one in flight.
      visitsSubgraph.hold();
      const pair = Promise.all([gateway.ask(query, null, 'c1'), gateway.ask(query, null, 'c2')]);
      await until(() => gateway.operations.followers >= 1);
      visitsSubgraph.release();
      await pair;
      expect(await gateway.metric('accords_gateway_operations_shared_total')).toBe(1);
    } finally {
      visitsSubgraph.release();
      await gateway.stop();
    }
  });

  it('share a subgraph failure as it is: every follower gets SERVICE_UNAVAILABLE at its path, from one fetch', async () => {
    const gateway = await openGateway({ entityCache: { ttlMs: 0 } });
    try {
      visitsSubgraph.hold();
      visitsSubgraph.fail(true);
      const answers = Promise.all(['x1', 'x2', 'x3'].map((id) => gateway.ask('{ visits { id } }', null, id)));
      await until(() => visitsSubgraph.received.length >= 1 && gateway.operations.followers >= 2);
      visitsSubgraph.release();
      const results = await answers;
      expect(visitsSubgraph.received).toHaveLength(1);
      for (const result of results) {
        expect(result.data ?? null).toBeNull();
        expect(result.errors?.map((e) => [e.extensions?.code, e.extensions?.service, e.path])).toEqual([['SERVICE_UNAVAILABLE', 'visits', ['visits']]]);
      }
    } finally {
      visitsSubgraph.fail(false);
      visitsSubgraph.release();
      await gateway.stop();
    }
  });
});

describe('connections to the subgraphs', () => {
  it('are kept alive: sequential requests reuse one connection; a mutation opens its own', async () => {
    const gateway = await openGateway({ deduplicate: false, entityCache: { ttlMs: 0 } });
    try {
      const before = visitsSubgraph.connections();
      for (let i = 0; i < 5; i++) expect((await gateway.ask('{ visits { id } }')).errors).toBeUndefined();
      expect(visitsSubgraph.received).toHaveLength(5);
      expect(visitsSubgraph.connections() - before).toBe(1);
      const placesBefore = placesSubgraph.connections();
      await gateway.ask('{ place(id: "p1") { name } }');
      await gateway.ask('mutation { renamePlace(id: "p1", name: "Hà Giang") { id } }', user('editor'));
      await gateway.ask('mutation { renamePlace(id: "p1", name: "Hà Giang") { id } }', user('editor'));
      expect(placesSubgraph.connections() - placesBefore).toBe(3);
    } finally {
      await gateway.stop();
    }
  });
});

describe('the reference-entity cache', () => {
  it('answers the second request without an entity fetch, and asks only for representations it lacks', async () => {
    const gateway = await openGateway();
    try {
      const first = await gateway.ask('{ visits(ids: ["v1"]) { place { id name } } }');
      expect(first.data).toEqual({ visits: [{ place: { id: 'p1', name: 'Hà Giang' } }] });
      expect(placesSubgraph.entityFetches()).toHaveLength(1);
      const again = await gateway.ask('{ visits(ids: ["v1"]) { place { id name } } }', user('someone-else'));
      expect(again).toEqual(first);
      expect(placesSubgraph.entityFetches()).toHaveLength(1);
      const all = await gateway.ask('{ visits { id place { name } } }');
      expect(all.data).toEqual({ visits: [{ id: 'v1', place: { name: 'Hà Giang' } }, { id: 'v2', place: { name: 'Lạng Sơn' } }, { id: 'v3', place: { name: 'Hà Giang' } }] });
      // p1 came from the cache: the subgraph was asked for p2 alone.
      const last = placesSubgraph.entityFetches().at(-1)!;
      expect(last.variables.representations).toEqual([{ __typename: 'Place', id: 'p2' }]);
    } finally {
      await gateway.stop();
    }
  });

  it('is emptied by a mutation to the owning subgraph passing through the gateway', async () => {
    const gateway = await openGateway();
    try {
      await gateway.ask('{ visits(ids: ["v1"]) { place { name } } }');
      await gateway.ask('{ visits(ids: ["v1"]) { place { name } } }');
      expect(placesSubgraph.entityFetches()).toHaveLength(1);
      await gateway.ask('mutation { renamePlace(id: "p1", name: "Hà Giang mới") { id } }', user('editor'));
      const after = await gateway.ask('{ visits(ids: ["v1"]) { place { name } } }');
      expect(after.data).toEqual({ visits: [{ place: { name: 'Hà Giang mới' } }] });
      expect(placesSubgraph.entityFetches()).toHaveLength(2);
    } finally {
      await gateway.stop();
    }
  });

  it('never holds a caller-dependent field: a selection with one is fetched for every request', async () => {
    const gateway = await openGateway();
    try {
      const alice = await gateway.ask('{ visits(ids: ["v1"]) { place { name viewerNote } } }', user('alice'));
      const bob = await gateway.ask('{ visits(ids: ["v1"]) { place { name viewerNote } } }', user('bob'));
      expect(alice.data).toEqual({ visits: [{ place: { name: 'Hà Giang', viewerNote: 'seen by alice' } }] });
      expect(bob.data).toEqual({ visits: [{ place: { name: 'Hà Giang', viewerNote: 'seen by bob' } }] });
      expect(placesSubgraph.entityFetches()).toHaveLength(2);
      expect(gateway.sharing.cache.size('places')).toBe(0);
    } finally {
      await gateway.stop();
    }
  });

  it('expires entries after the TTL', async () => {
    let now = 1_000_000;
    const gateway = await openGateway({ entityCache: { ttlMs: 30_000, publicFields: PUBLIC_PLACES }, now: () => now });
    try {
      await gateway.ask('{ visits(ids: ["v1"]) { place { name } } }');
      now += 29_999;
      await gateway.ask('{ visits(ids: ["v1"]) { place { name } } }');
      expect(placesSubgraph.entityFetches()).toHaveLength(1);
      now += 1;
      await gateway.ask('{ visits(ids: ["v1"]) { place { name } } }');
      expect(placesSubgraph.entityFetches()).toHaveLength(2);
    } finally {
      await gateway.stop();
    }
  });

  it('is off with a TTL of 0', async () => {
    const gateway = await openGateway({ entityCache: { ttlMs: 0 } });
    try {
      await gateway.ask('{ visits(ids: ["v1"]) { place { name } } }');
      await gateway.ask('{ visits(ids: ["v1"]) { place { name } } }');
      expect(placesSubgraph.entityFetches()).toHaveLength(2);
    } finally {
      await gateway.stop();
    }
  });

  it('stores nothing from a failed fetch', async () => {
    const gateway = await openGateway();
    try {
      placesSubgraph.fail(true);
      const failed = await gateway.ask('{ visits(ids: ["v1"]) { place { name } } }');
      expect(failed.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
      placesSubgraph.fail(false);
      const ok = await gateway.ask('{ visits(ids: ["v1"]) { place { name } } }');
      expect(ok.data).toEqual({ visits: [{ place: { name: 'Hà Giang' } }] });
      expect(placesSubgraph.entityFetches()).toHaveLength(2);
    } finally {
      await gateway.stop();
    }
  });

  const redisUrl = process.env.ACCORDS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  it('is emptied on every replica when a mutation passes through one of them (Redis pub/sub)', async () => {
    const redisChannel = `accords:test:invalidate:${randomUUID()}`;
    const a = await openGateway({ redisUrl, redisChannel });
    const b = await openGateway({ redisUrl, redisChannel });
    try {
      await Promise.all([a.sharing.ready(), b.sharing.ready()]);
      await b.ask('{ visits(ids: ["v1"]) { place { name } } }');
      await b.ask('{ visits(ids: ["v1"]) { place { name } } }');
      expect(placesSubgraph.entityFetches()).toHaveLength(1);
      expect(b.sharing.cache.size('places')).toBe(1);
      await a.ask('mutation { renamePlace(id: "p1", name: "Hà Giang mới") { id } }', user('editor'));
      await until(() => b.sharing.cache.size('places') === 0);
      const after = await b.ask('{ visits(ids: ["v1"]) { place { name } } }');
      expect(after.data).toEqual({ visits: [{ place: { name: 'Hà Giang mới' } }] });
      expect(placesSubgraph.entityFetches()).toHaveLength(2);
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
