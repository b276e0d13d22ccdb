import { silentLogger } from '@accords/testkit';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { serveGateway, type RunningGateway } from '@accords/gateway';
import { DEVELOPMENT_INTERNAL_SECRET } from '@accords/auth';
import { commitments } from '@accords/commitments';
import { localities } from '@accords/localities';
import { ministries } from '@accords/ministries';
import { partners } from '@accords/partners';
import { switchableProxy } from './support/tcp-proxy';

let graph: TestSupergraph;
let http: Awaited<ReturnType<TestSupergraph['serveHttp']>>;
let proxy: Awaited<ReturnType<typeof switchableProxy>>;
let gateway: RunningGateway;
const COOLDOWN_MS = 400;
// Generous: the machine may be busy, and a healthy subgraph must never be mistaken for a hung one.
const TIMEOUT_MS = 2_000;

beforeAll(async () => {
  graph = await openTestSupergraph([ministries, localities, partners, commitments] as Parameters<typeof openTestSupergraph>[0], { seed: 'demo' });
  http = await graph.serveHttp();
  const target = new URL(http.subgraphUrls.partners);
  proxy = await switchableProxy({ host: target.hostname, port: Number(target.port) });
  gateway = await serveGateway({
    supergraphSdl: graph.supergraphSdl,
    subgraphUrls: { ...http.subgraphUrls, partners: `http://127.0.0.1:${proxy.port}${target.pathname}` },
    subgraphTimeoutMs: TIMEOUT_MS,
    subgraphRetries: 0,
    subgraphBreaker: { failureThreshold: 2, cooldownMs: COOLDOWN_MS },
    // What a failed fetch costs: no partner cached by an earlier request may answer in its place.
    fetchSharing: { entityCache: { ttlMs: 0 } },
    development: false,
    logger: silentLogger,
    port: 0,
    internalSecret: DEVELOPMENT_INTERNAL_SECRET,
  });
});
afterAll(async () => {
  await gateway?.stop();
  await proxy?.close();
  await http?.stop();
  await graph?.dispose();
});
beforeEach(() => proxy.set('up'));

async function post(query: string, variables?: Record<string, unknown>) {
  const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as any };
}

const README_QUERY = `query ($code: String!) { commitment(code: $code) {
  code title signedOn
  leadAgency { __typename ... on Locality { name } ... on Ministry { name } }
  partners { id name commitments(first: 5) { totalCount } }
} }`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a subgraph that is down or hung costs only the fields that need it', () => {
  it('answers the README query in full while every subgraph is up', async () => {
    const { body } = await post(README_QUERY, { code: 'MOH-2025-001' });
    expect(body.errors).toBeUndefined();
    expect(body.data.commitment.partners.map((p: any) => p.name)).toEqual(expect.arrayContaining([expect.any(String)]));
  });

  it.each(['hung', 'down'] as const)('partners %s: the commitment, its lead agency and the other subgraphs still answer', async (mode) => {
    proxy.set(mode);
    const { status, body } = await post(README_QUERY, { code: 'MOH-2025-001' });
    expect(status).toBe(200);
    const c = body.data.commitment;
    expect(c.code).toBe('MOH-2025-001');
    expect(c.title).toEqual(expect.any(String));
    expect(c.leadAgency).toEqual({ __typename: 'Ministry', name: 'Bộ Y tế' });
    // Each partner the partners subgraph could not describe is null, at its own path; nothing else is lost.
    expect(c.partners).toEqual([null, null]);
    expect(body.errors).toHaveLength(2);
    for (const [i, error] of body.errors.entries()) {
      expect(error.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'partners' });
      expect(error.path).toEqual(['commitment', 'partners', i]);
      expect(error.message).toMatch(mode === 'hung' ? /partners service did not answer within 2000 ms/ : /partners service could not be reached/);
    }
    await sleep(COOLDOWN_MS + 50); // let the breaker close again for the next case
    proxy.set('up');
    await post('{ partners(first: 1) { edges { node { id } } } }');
  });

  it('a root field of the missing subgraph is null at its own path; the other root fields answer', async () => {
    proxy.set('down');
    const { body } = await post('{ partners(first: 2) { edges { node { id } } } commitment(code: "MOH-2025-001") { code } }');
    expect(body.data).toEqual({ partners: null, commitment: { code: 'MOH-2025-001' } });
    expect(body.errors).toEqual([expect.objectContaining({ path: ['partners'], extensions: expect.objectContaining({ code: 'SERVICE_UNAVAILABLE', service: 'partners' }) })]);
    await sleep(COOLDOWN_MS + 50);
    proxy.set('up');
    await post('{ partners(first: 1) { edges { node { id } } } }');
  });

  it('requests that do not touch the missing subgraph are unaffected', async () => {
    proxy.set('hung');
    const before = proxy.requests();
    const { body } = await post('{ commitment(code: "MOH-2025-001") { code leadAgency { ... on Ministry { name } } partners { id } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.commitment).toEqual({ code: 'MOH-2025-001', leadAgency: { name: 'Bộ Y tế' }, partners: [{ id: 'JP' }, { id: 'KR' }] });
    expect(proxy.requests()).toBe(before); // partner ids come from the commitments subgraph: partners is never asked
  });

  it('after repeated failures the breaker stops calling the subgraph, then probes and recovers with no restart', async () => {
    await sleep(COOLDOWN_MS + 50);
    proxy.set('hung');
    const before = proxy.requests();
    await post('{ partners(first: 1) { edges { node { id } } } }');
    await post('{ partners(first: 1) { edges { node { id } } } }');
    const afterTwo = proxy.requests();
    expect(afterTwo - before).toBe(2);
    // Open: these fail at once without a connection to the subgraph, naming the service and when it is tried again.
    for (let i = 0; i < 5; i++) {
      const { body } = await post('{ partners(first: 1) { edges { node { id } } } }');
      expect(body.errors[0].extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'partners', retryAfterSeconds: 1 });
      expect(body.errors[0].path).toEqual(['partners']);
    }
    expect(proxy.requests()).toBe(afterTwo);
    // The subgraph comes back; after the cool-down one probe goes through and closes the circuit.
    proxy.set('up');
    await sleep(COOLDOWN_MS + 50);
    const { body } = await post('{ partners(first: 1) { edges { node { id name } } } }');
    expect(body.errors).toBeUndefined();
    expect(body.data.partners.edges).toHaveLength(1);
    expect(proxy.requests()).toBeGreaterThan(afterTwo);
  });

  it('a refusal by a healthy subgraph keeps its own code and the client path', async () => {
    await sleep(COOLDOWN_MS + 50);
    const { body } = await post('{ partner(id: "NO-SUCH-PARTNER") { id name } }');
    expect(body.data).toEqual({ partner: null });
    expect(body.errors[0]).toMatchObject({ path: ['partner'], extensions: { code: 'NOT_FOUND' } });
  });
});
