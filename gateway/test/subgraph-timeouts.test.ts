import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '@accords/config';
import { silentLogger } from '@accords/testkit';
import { loadGatewayConfig } from '../src/config';
import { serveGateway, type RunningGateway } from '../src/server';

/**
 * SUBGRAPH_<NAME>_TIMEOUT_MS: one subgraph may be given longer than SUBGRAPH_TIMEOUT_MS (e.g. the commitments
 * subgraph, whose first KPI request after a write takes seconds at national scale) without making every other
 * subgraph's hang last that long.
 */
const supergraph = (a: string, b: string) => `schema @link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://specs.apollo.dev/join/v0.3", for: EXECUTION) { query: Query }
directive @join__enumValue(graph: join__Graph!) repeatable on ENUM_VALUE
directive @join__field(graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet, type: String, external: Boolean, override: String, usedOverridden: Boolean) repeatable on FIELD_DEFINITION | INPUT_FIELD_DEFINITION
directive @join__graph(name: String!, url: String!) on ENUM_VALUE
directive @join__implements(graph: join__Graph!, interface: String!) repeatable on OBJECT | INTERFACE
directive @join__type(graph: join__Graph!, key: join__FieldSet, extension: Boolean! = false, resolvable: Boolean! = true, isInterfaceObject: Boolean! = false) repeatable on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR
directive @join__unionMember(graph: join__Graph!, member: String!) repeatable on UNION
directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA
scalar join__FieldSet
enum join__Graph { SLOWKPIS @join__graph(name: "slowkpis", url: "${a}") OTHER @join__graph(name: "other", url: "${b}") }
scalar link__Import
enum link__Purpose { SECURITY EXECUTION }
type Query @join__type(graph: SLOWKPIS) @join__type(graph: OTHER) { a: String @join__field(graph: SLOWKPIS) b: String @join__field(graph: OTHER) }`;

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
