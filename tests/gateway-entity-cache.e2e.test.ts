/**
 * The gateway's reference-entity cache on the real subgraphs and their databases, over HTTP: the README query asked
 * twice costs the ministries, localities and partners subgraphs no SQL the second time and answers the same; a
 * selection with a field outside the public allow-list (a signing capability) is asked every time. Statement counts
 * come from each subgraph's own counter.
 */
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { commitments, localities, ministries, partners } from './modules';

let graph: TestSupergraph;
let served: Awaited<ReturnType<TestSupergraph['serveHttp']>>;

beforeAll(async () => {
  graph = await openTestSupergraph([ministries, localities, partners, commitments] as Parameters<typeof openTestSupergraph>[0], { seed: 'demo' });
  served = await graph.serveHttp();
});
afterAll(async () => {
  await served?.stop();
  await graph?.dispose();
});

async function post(query: string) {
  graph.resetCounters();
  const res = await fetch(served.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
  return { body: (await res.json()) as { data?: unknown; errors?: unknown[] }, counts: graph.statementCounts() };
}

const README_QUERY = `{ commitment(code: "MOH-2025-001") {
  title signedOn
  leadAgency { __typename ... on Locality { name isBorder } ... on Ministry { name } }
  partners { name commitments(first: 5) { totalCount edges { node { code title leadAgency { ... on Locality { name } ... on Ministry { name } } } } } }
} }`;

describe('reference entities cached at the gateway (real subgraphs)', () => {
  it('the second README query asks the reference subgraphs nothing and answers the same', async () => {
    const first = await post(README_QUERY);
    expect(first.body.errors).toBeUndefined();
    expect(first.counts.partners).toBeGreaterThan(0);
    expect(first.counts.ministries + first.counts.localities).toBeGreaterThan(0);
    const second = await post(README_QUERY);
    expect(second.body).toEqual(first.body);
    expect({ ministries: second.counts.ministries, localities: second.counts.localities, partners: second.counts.partners }).toEqual({ ministries: 0, localities: 0, partners: 0 });
    // Commitments are not reference data: asked every time.
    expect(second.counts.commitments).toBeGreaterThan(0);
  });

  it('a selection with a field outside the allow-list goes to the subgraph every time', async () => {
    const query = '{ commitment(code: "MOH-2025-001") { leadAgency { ... on Ministry { name signingCapability(asOf: "2025-06-01") { maySign ruleSetVersion } } } } }';
    const first = await post(query);
    expect(first.body.errors).toBeUndefined();
    const second = await post(query);
    expect(second.body).toEqual(first.body);
    expect(second.counts.ministries).toBeGreaterThan(0);
  });
});
