import { Writable } from 'node:stream';
import { createLogger } from '@accords/logger';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { allModules } from './modules';

/** Every JSON log line any service writes, in memory. */
const lines: Record<string, unknown>[] = [];
const sink = new Writable({
  write(chunk, _encoding, done) {
    for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
    done();
  },
});

let graph: TestSupergraph;
let http: Awaited<ReturnType<TestSupergraph['serveHttp']>>;
beforeAll(async () => {
  graph = await openTestSupergraph(allModules, { seed: 'demo', logger: createLogger({ service: 'test', level: 'info' }, sink) });
  http = await graph.serveHttp();
});
afterAll(async () => {
  await http?.stop();
  await graph?.dispose();
});

it("puts one request's id in the gateway's and each called subgraph's log lines", async () => {
  const requestId = `trace-${Date.now()}`;
  const res = await fetch(http.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    body: JSON.stringify({
      query: 'query ProvinceOverview { commitment(code: "20-2025-001") { leadAgency { ... on Locality { name } } partners { name } } ministry(id: "MOFA") { name } }',
    }),
  });
  expect(res.status).toBe(200);
  const completed = lines.filter((l) => l.requestId === requestId && l.msg === 'Request completed');
  // The gateway's own line names the operation; each subgraph logs the fetch it served under the same id.
  const gatewayLine = completed.find((l) => l.operationName === 'ProvinceOverview');
  expect(gatewayLine).toBeDefined();
  // Apollo Gateway names each subgraph fetch <operation>__<subgraph>__<n>.
  const subgraphs = new Set(completed.filter((l) => l !== gatewayLine).map((l) => String(l.operationName).split('__')[1]));
  expect([...subgraphs].sort()).toEqual(['commitments', 'localities', 'ministries', 'partners']);
  const otherIds = lines.filter((l) => l.msg === 'Request completed' && l.requestId !== requestId).length;
  expect(otherIds).toBe(0);
});
