/**
 * The direct route (direct-route.ts): a query the gateway plans into one fetch of the client's own operation is
 * answered by that fetch without the request pipeline. Two gateways over HTTP on the same two small subgraphs (real
 * HTTP, counting what they receive): one with the direct route, one without (the reference). Every answer of the first
 * must equal the second's (status, body bytes, content type, cache-control), whichever path it took; the metric says
 * which path that was.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GraphQLError, parse } from 'graphql';
import { subgraphTypeDefs } from '@accords/subgraph-kit';
import { DEVELOPMENT_INTERNAL_SECRET, type Identity } from '@accords/auth';
import { composeSupergraph, serveGateway, type RunningGateway, type ServeOptions } from '../src';
import { isCleanData, withOneNewline } from '../src/direct-route';
import { countingSupergraph, fake, type CountingSubgraph } from './support/counting-subgraph';
import { capturingLogger } from './support/log-lines';

const NAMES: Record<string, string> = { p1: 'Hà Giang', p2: 'Lạng Sơn' };

const PLACES_SDL = `
  type Query { place(id: ID!): Place  places(first: Int = 10): [Place!]! }
  type Place @key(fields: "id") { id: ID! name: String! viewerNote: String! }
`;

const places = fake({
  name: 'places',
  typeDefs: parse(PLACES_SDL),
  resolvers: {
    Query: {
      place: (_: unknown, { id }: { id: string }) => {
        if (id === 'bad') throw new GraphQLError('id: "bad" is not a place code; use a code such as p1', { extensions: { code: 'BAD_USER_INPUT', field: 'id' } });
        return NAMES[id] ? { id } : null;
      },
      places: (_: unknown, { first }: { first: number }) => Object.keys(NAMES).slice(0, first).map((id) => ({ id })),
    },
    Place: {
      __resolveReference: ({ id }: { id: string }) => (NAMES[id] ? { id } : null),
      name: ({ id }: { id: string }) => NAMES[id],
      viewerNote: (_: unknown, __: unknown, ctx: { identity: Identity | null }) => `seen by ${ctx.identity?.subject ?? 'the public'}`,
    },
  },
});

const visits = fake({
  name: 'visits',
  typeDefs: parse(`
    type Query { visits: [Visit!]! }
    type Visit { id: ID! place: Place }
    type Place @key(fields: "id", resolvable: false) { id: ID! }
  `),
  resolvers: { Query: { visits: () => [{ id: 'v1', place: { id: 'p1' } }, { id: 'v2', place: { id: 'p2' } }] } },
});

const { logger, lines } = capturingLogger('info');

let placesSubgraph: CountingSubgraph;
let visitsSubgraph: CountingSubgraph;
let supergraphSdl: string;

/** Tokens "token-<subject>" are valid for that subject; anything else is refused. */
const verifyToken = async (token: string): Promise<Identity> => {
  const m = /^token-(\w+)$/.exec(token);
  if (!m) throw new Error('This token is not valid');
  return { subject: m[1], agency: { type: 'MINISTRY', id: 'MOFA' }, roles: ['viewer'] };
};

let closeSubgraphs: () => Promise<void>;

beforeAll(async () => {
  ({ subgraphs: [placesSubgraph, visitsSubgraph], supergraphSdl, close: closeSubgraphs } = await countingSupergraph([places, visits]));
});

afterAll(() => closeSubgraphs());

beforeEach(() => {
  placesSubgraph.received.length = 0;
  visitsSubgraph.received.length = 0;
  placesSubgraph.fail(false);
  lines.length = 0;
});

async function open(extra: Partial<ServeOptions> = {}) {
  const gateway: RunningGateway = await serveGateway({
    supergraphSdl,
    subgraphUrls: { places: placesSubgraph.url, visits: visitsSubgraph.url },
    development: false,
    logger,
    port: 0,
    internalSecret: DEVELOPMENT_INTERNAL_SECRET,
    subgraphRetries: 0,
    verifyToken,
    // The reference-entity cache would answer repeated entity fetches itself: off, so each request reaches the subgraphs.
    fetchSharing: { entityCache: { ttlMs: 0 } },
    corsOrigins: ['http://frontend.example'],
    ...extra,
  });
  const metricsUrl = gateway.url.replace(/\/graphql$/, '/metrics');
  const direct = async (outcome: 'answered' | 'handed to the pipeline') => {
    const text = await (await fetch(metricsUrl)).text();
    const line = text.split('\n').find((l) => l.startsWith('accords_gateway_direct_route_total{') && l.includes(`outcome="${outcome}"`));
    return line ? Number(line.split(' ').pop()) : 0;
  };
  return { gateway, direct };
}

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | null>;
}

/** The headers a client may act on (not the date or the connection's). */
const COMPARED = ['content-type', 'cache-control', 'etag', 'access-control-allow-origin', 'vary'];

async function post(url: string, body: Record<string, unknown> | string, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: res.status, body: await res.text(), headers: Object.fromEntries(COMPARED.map((h) => [h, res.headers.get(h)])) };
}

let routed: Awaited<ReturnType<typeof open>>;
let reference: Awaited<ReturnType<typeof open>>;

beforeAll(async () => {
  routed = await open();
  reference = await open({ directRoute: false });
});

afterAll(async () => {
  await routed?.gateway.stop();
  await reference?.gateway.stop();
});

/** The same request to both gateways, twice to the routed one (the first teaches it the route): all three equal. */
async function sameEverywhere(body: Record<string, unknown> | string, headers: Record<string, string> = {}) {
  const expected = await post(reference.gateway.url, body, headers);
  const first = await post(routed.gateway.url, body, headers);
  const second = await post(routed.gateway.url, body, headers);
  expect(first).toEqual(expected);
  expect(second).toEqual(expected);
  return expected;
}

describe('the direct route', () => {
  it('answers a single-subgraph query from its one fetch, with the body, status and headers the pipeline gives', async () => {
    const before = await routed.direct('answered');
    const answer = await sameEverywhere({ query: '{ places { id name } }' });
    expect(JSON.parse(answer.body)).toEqual({ data: { places: [{ id: 'p1', name: 'Hà Giang' }, { id: 'p2', name: 'Lạng Sơn' }] } });
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers.etag).toMatch(/^W\//);
    // The first request planned it; the second took the route. The subgraph saw the same question each time.
    expect((await routed.direct('answered')) - before).toBe(1);
    const sent = placesSubgraph.received.map((r) => r.query);
    expect(new Set(sent).size).toBe(1);
    expect(lines.some((l) => l.msg === 'Request completed' && l.directRoute === 'places')).toBe(true);
  });

  it('sends identical requests in flight at the same time once, and answers every one of them on the route', async () => {
    const query = { query: '{ places { id name } }' };
    const expected = await sameEverywhere(query); // learns the route (if an earlier test has not)
    const answeredBefore = await routed.direct('answered');
    placesSubgraph.received.length = 0;
    lines.length = 0;
    placesSubgraph.hold();
    const pending = Promise.all(Array.from({ length: 5 }, () => post(routed.gateway.url, query)));
    try {
      for (let i = 0; i < 200 && placesSubgraph.received.length < 1; i++) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, 300)); // the other four reach the gateway and wait for the first's fetch
    } finally {
      placesSubgraph.release();
    }
    const answers = await pending;
    expect(placesSubgraph.received).toHaveLength(1);
    for (const answer of answers) expect(answer).toEqual(expected);
    expect((await routed.direct('answered')) - answeredBefore).toBe(5);
    expect(await routed.direct('handed to the pipeline')).toBe(0);
    expect(lines.filter((l) => l.msg === 'Request completed' && l.directRoute === 'places')).toHaveLength(5);
    expect(lines.filter((l) => (l.level as number) >= 50)).toEqual([]);
  });

  it('passes each request its own variables (and the operation name), and the answers follow them', async () => {
    const query = 'query OnePlace($id: ID!) { place(id: $id) { id name } }';
    await post(routed.gateway.url, { query, operationName: 'OnePlace', variables: { id: 'p1' } }); // learns the route
    const before = await routed.direct('answered');
    for (const id of ['p2', 'p1', 'zz']) {
      const answer = await sameEverywhere({ query, operationName: 'OnePlace', variables: { id } });
      expect(JSON.parse(answer.body)).toEqual({ data: { place: NAMES[id] ? { id, name: NAMES[id] } : null } });
    }
    expect((await routed.direct('answered')) - before).toBe(6);
    // A default value applies the same way on both paths.
    const defaults = await sameEverywhere({ query: 'query Some($n: Int) { places(first: $n) { id } }', variables: {} });
    expect(JSON.parse(defaults.body)).toEqual({ data: { places: [{ id: 'p1' }, { id: 'p2' }] } });
  });

  it('forwards the verified identity; a bad token is refused before any subgraph is asked', async () => {
    const query = '{ place(id: "p1") { viewerNote } }';
    const mine = await sameEverywhere({ query }, { authorization: 'Bearer token-amina' });
    expect(JSON.parse(mine.body)).toEqual({ data: { place: { viewerNote: 'seen by amina' } } });
    // The route is per query text, not per user: another caller gets their own answer on it.
    const theirs = await post(routed.gateway.url, { query }, { authorization: 'Bearer token-binh' });
    expect(JSON.parse(theirs.body)).toEqual({ data: { place: { viewerNote: 'seen by binh' } } });
    expect(placesSubgraph.received.filter((r) => r.query.includes('viewerNote')).map((r) => r.subject)).toEqual(['amina', 'amina', 'amina', 'binh']);
    placesSubgraph.received.length = 0;
    const refused = await sameEverywhere({ query }, { authorization: 'Bearer forged' });
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(placesSubgraph.received).toHaveLength(0);
  });

  it('charges the rate limit once per request', async () => {
    const limited = await open({ rateLimits: { userPerMinute: 0, ipPerMinute: 4, publicMutationsPerHour: 0 } });
    try {
      const statuses: number[] = [];
      const codes: unknown[] = [];
      for (let i = 0; i < 5; i++) {
        const answer = await post(limited.gateway.url, { query: '{ places { id } }' });
        statuses.push(answer.status);
        codes.push(JSON.parse(answer.body).errors?.[0]?.extensions?.code ?? 'ok');
      }
      // Four allowed (the first planned, three routed), the fifth refused: a double charge would refuse the third.
      expect(codes).toEqual(['ok', 'ok', 'ok', 'ok', 'RATE_LIMITED']);
      expect(statuses[4]).toBe(429);
      expect(await limited.direct('answered')).toBe(3);
    } finally {
      await limited.gateway.stop();
    }
  });

  it('behind a trusted proxy, charges the client address Express would see (X-Forwarded-For), as the pipeline does', async () => {
    const budgets = { rateLimits: { userPerMinute: 0, ipPerMinute: 2, publicMutationsPerHour: 0 }, trustedProxy: ['loopback'] };
    const proxied = await open(budgets);
    const unrouted = await open({ ...budgets, directRoute: false });
    try {
      const codesFor = async (url: string, client: string, times: number) => {
        const codes: unknown[] = [];
        for (let i = 0; i < times; i++) codes.push(JSON.parse((await post(url, { query: '{ places { id } }' }, { 'x-forwarded-for': client })).body).errors?.[0]?.extensions?.code ?? 'ok');
        return codes;
      };
      for (const url of [proxied.gateway.url, unrouted.gateway.url]) {
        // Two per address per minute: the third from 203.0.113.7 is refused, 198.51.100.9 has its own budget.
        expect(await codesFor(url, '203.0.113.7', 3)).toEqual(['ok', 'ok', 'RATE_LIMITED']);
        expect(await codesFor(url, '198.51.100.9', 2)).toEqual(['ok', 'ok']);
      }
      // The first request was planned by the pipeline, the refusal handed to it; the other three answered on the route.
      expect(await proxied.direct('answered')).toBe(3);
      expect(lines.filter((l) => l.directRoute === 'places').length).toBe(3);
    } finally {
      await proxied.gateway.stop();
      await unrouted.gateway.stop();
    }
  });

  it('hands an answer with an error to the pipeline, which shapes it as before without asking the subgraph again', async () => {
    const query = '{ place(id: "bad") { id name } }';
    await post(routed.gateway.url, { query }); // learns the route (the plan does not depend on the answer)
    placesSubgraph.received.length = 0;
    const before = await routed.direct('handed to the pipeline');
    const expected = await post(reference.gateway.url, { query });
    const answer = await post(routed.gateway.url, { query });
    expect(answer).toEqual(expected);
    expect(JSON.parse(answer.body).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await routed.direct('handed to the pipeline')) - before).toBe(1);
    // One question per client request: the reference gateway's and the routed one's.
    expect(placesSubgraph.received).toHaveLength(2);
  });

  it('a subgraph that fails costs its fields, named SERVICE_UNAVAILABLE at their path, as on the pipeline, after one fetch', async () => {
    const query = '{ places { id name } }';
    await post(routed.gateway.url, { query });
    placesSubgraph.fail(true);
    placesSubgraph.received.length = 0;
    const expected = await post(reference.gateway.url, { query });
    const answer = await post(routed.gateway.url, { query });
    expect(answer).toEqual(expected);
    const error = JSON.parse(answer.body).errors[0];
    expect(error.path).toEqual(['places']);
    expect(error.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'places' });
    expect(placesSubgraph.received).toHaveLength(2);
  });

  it('leaves to the pipeline what is not one fetch of the client operation: entities, fragments, a root __typename, APQ', async () => {
    const before = (await routed.direct('answered')) + (await routed.direct('handed to the pipeline'));
    await sameEverywhere({ query: '{ visits { id place { id name } } }' });
    await sameEverywhere({ query: '{ places { ...P } } fragment P on Place { id name }' });
    await sameEverywhere({ query: '{ __typename places { id } }' });
    await sameEverywhere({ query: '{ places { id } }', extensions: {} });
    await sameEverywhere({ query: '{ places { id } }' }, { accept: 'application/graphql-response+json' });
    expect((await routed.direct('answered')) + (await routed.direct('handed to the pipeline'))).toBe(before);
    // Mutations, and anything the pipeline refuses, never get a route: the same refusal on both.
    const invalid = await sameEverywhere({ query: '{ places { nope } }' });
    expect(invalid.status).toBe(400);
  });

  it('reads bodies as express.json() does: the same answers for bad JSON, a bare string, an empty body, and CORS headers', async () => {
    await post(routed.gateway.url, { query: '{ places { id } }' });
    const before = await routed.direct('answered');
    const bad = await sameEverywhere('{"query": "{ places { id } }"');
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await sameEverywhere('"{ places { id } }"')).status).toBe(400);
    expect((await sameEverywhere('')).status).toBe(400);
    expect((await sameEverywhere('[]')).status).toBe(400);
    const cors = await sameEverywhere({ query: '{ places { id } }' }, { origin: 'http://frontend.example' });
    expect(cors.headers['access-control-allow-origin']).toBe('http://frontend.example');
    const foreign = await sameEverywhere({ query: '{ places { id } }' }, { origin: 'http://elsewhere.example' });
    expect(foreign.headers['access-control-allow-origin']).toBeNull();
    // The last two were routed, twice each (the others never reached a route).
    expect((await routed.direct('answered')) - before).toBe(4);
  });

  it('forgets its routes when a new supergraph is taken: the next request is planned again, then routed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'direct-route-'));
    const file = path.join(dir, 'supergraph.graphql');
    fs.writeFileSync(file, supergraphSdl);
    const watched = await open({ supergraphSdl: undefined, supergraphPath: file, supergraphPollMs: 50 });
    const readyUrl = watched.gateway.url.replace(/\/graphql$/, '/ready');
    const reloads = async () => ((await (await fetch(readyUrl)).json()) as { supergraph: { reloads: number } }).supergraph.reloads;
    try {
      const query = { query: '{ places { id name } }' };
      await post(watched.gateway.url, query);
      await post(watched.gateway.url, query);
      expect(await watched.direct('answered')).toBe(1);
      // The same subgraphs, one more field: a different supergraph, which may plan any query differently.
      const extended = { ...places, typeDefs: parse(`${PLACES_SDL}\nextend type Query { placeCount: Int }`) };
      const composed = composeSupergraph([extended, visits].map((m) => ({ name: m.name, url: 'http://unused.invalid/graphql', typeDefs: subgraphTypeDefs(m) })));
      if (!composed.ok) throw new Error(composed.errors.join('; '));
      fs.writeFileSync(`${file}.tmp`, composed.supergraphSdl);
      fs.renameSync(`${file}.tmp`, file);
      for (let i = 0; i < 400 && (await reloads()) < 1; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(await reloads()).toBe(1);
      await post(watched.gateway.url, query);
      expect(await watched.direct('answered')).toBe(1);
      const routedAgain = await post(watched.gateway.url, query);
      expect(await watched.direct('answered')).toBe(2);
      expect(JSON.parse(routedAgain.body)).toEqual({ data: { places: [{ id: 'p1', name: 'Hà Giang' }, { id: 'p2', name: 'Lạng Sơn' }] } });
    } finally {
      await watched.gateway.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is off with directRoute: false (GATEWAY_DIRECT_ROUTE=off)', async () => {
    await post(reference.gateway.url, { query: '{ places { id } }' });
    await post(reference.gateway.url, { query: '{ places { id } }' });
    expect(await reference.direct('answered')).toBe(0);
  });
});

describe("the direct route's reading of a subgraph's bytes", () => {
  const bytes = (text: string) => Buffer.from(text, 'utf8');

  it('passes on data and nothing else, whatever whitespace ends it; anything with errors or extensions goes to the pipeline', () => {
    for (const end of ['', '\n', ' \n', '\r\n', '\t\n\n']) expect(isCleanData(bytes(`{"data":{"places":[{"name":"Hà Giang"}]}}${end}`))).toBe(true);
    expect(isCleanData(bytes('{"data":{"a":1},"errors":[{"message":"x"}]}\n'))).toBe(false);
    expect(isCleanData(bytes('{"data":{"a":1},"extensions":{"cost":3}}\n'))).toBe(false);
    expect(isCleanData(bytes('{"data":null}\n'))).toBe(false);
    expect(isCleanData(bytes('{"errors":[{"message":"x"}]}\n'))).toBe(false);
    expect(isCleanData(bytes('{"data":{"a":1}'))).toBe(true);
    expect(isCleanData(bytes('{"data":{"a":1'))).toBe(false); // cut short
    expect(isCleanData(bytes('{"data":{'))).toBe(false);
    expect(isCleanData(bytes(''))).toBe(false);
  });

  it('ends the answer with exactly one newline, as Apollo Server ends its JSON, and passes the same buffer on when it does already', () => {
    const answer = bytes('{"data":{"name":"Lạng Sơn"}}\n');
    expect(withOneNewline(answer)).toBe(answer);
    for (const end of ['', ' ', '\n\n', ' \r\n', '\t\n']) expect(withOneNewline(bytes(`{"data":{"name":"Lạng Sơn"}}${end}`)).toString('utf8')).toBe('{"data":{"name":"Lạng Sơn"}}\n');
  });
});
