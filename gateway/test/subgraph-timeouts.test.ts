import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '@accords/config';
import { silentLogger } from '@accords/testkit';
import { loadGatewayConfig } from '../src/config';
import { serveGateway, type RunningGateway } from '../src/server';
import { testSupergraph } from './support/supergraph';

/**
 * SUBGRAPH_<NAME>_TIMEOUT_MS: one subgraph may be given longer than SUBGRAPH_TIMEOUT_MS (e.g. the commitments
 * subgraph, whose first KPI request after a write takes seconds at national scale) without making every other
 * subgraph's hang last that long.
 */
const supergraph = (a: string, b: string) =>
  testSupergraph({ slowkpis: a, other: b }, 'type Query @join__type(graph: SLOWKPIS) @join__type(graph: OTHER) { a: String @join__field(graph: SLOWKPIS) b: String @join__field(graph: OTHER) }');

/** A subgraph that answers its one field after `delayMs`. */
async function slowSubgraph(field: string, delayMs: number) {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      setTimeout(() => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ data: { [field]: field.toUpperCase() } }));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, close: () => new Promise((r) => server.close(r)) };
}

describe('per-subgraph fetch timeouts', () => {
  let gateway: RunningGateway | undefined;
  const servers: { close(): Promise<unknown> }[] = [];
  afterAll(async () => {
    await gateway?.stop();
    for (const s of servers) await s.close();
  });

  it('waits for the subgraph given longer, and still gives up on the others at the default', async () => {
    const a = await slowSubgraph('a', 400);
    const b = await slowSubgraph('b', 400);
    servers.push(a, b);
    const config = loadGatewayConfig({ SUBGRAPH_TIMEOUT_MS: '100', SUBGRAPH_SLOWKPIS_TIMEOUT_MS: '5000' });
    expect(config.subgraphTimeouts).toEqual({ slowkpis: 5000 });
    gateway = await serveGateway({
      supergraphSdl: supergraph(a.url, b.url),
      subgraphTimeoutMs: config.SUBGRAPH_TIMEOUT_MS,
      subgraphTimeouts: config.subgraphTimeouts,
      subgraphRetries: 0,
      development: false,
      internalSecret: 'subgraph-timeouts-test-secret-32-characters!',
      logger: silentLogger,
      port: 0,
      rateLimits: { userPerMinute: 0, ipPerMinute: 0, publicMutationsPerHour: 0 },
    });
    const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ a b }' }) });
    const body = (await res.json()) as { data: Record<string, unknown>; errors?: { message: string; path: string[]; extensions: Record<string, unknown> }[] };
    expect(body.data).toEqual({ a: 'A', b: null });
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0]).toMatchObject({ path: ['b'], extensions: { code: 'SERVICE_UNAVAILABLE', service: 'other' } });
    expect(body.errors![0].message).toMatch(/within 100 ms/);
  });

  it('refuses a timeout that is not a positive whole number of milliseconds, naming the variable', () => {
    expect(() => loadGatewayConfig({ SUBGRAPH_COMMITMENTS_TIMEOUT_MS: '2 minutes' })).toThrow(ConfigError);
    expect(() => loadGatewayConfig({ SUBGRAPH_COMMITMENTS_TIMEOUT_MS: '0' })).toThrow(/SUBGRAPH_COMMITMENTS_TIMEOUT_MS/);
    // The default timeout itself is not a per-subgraph one.
    expect(loadGatewayConfig({ SUBGRAPH_TIMEOUT_MS: '30000' }).subgraphTimeouts).toEqual({});
  });
});
