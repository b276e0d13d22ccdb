import { ApolloServer } from '@apollo/server';
import { MAX_OPERATION_LABELS, MAX_OPERATION_NAME_LENGTH, ServiceMetrics } from '../src/metrics';

/** A real Apollo server with the metrics plugin; the metrics registry is read the way /metrics serves it. */
async function serverWith(metrics: ServiceMetrics): Promise<ApolloServer> {
  const server = new ApolloServer({
    typeDefs: 'type Query { hello: String }',
    resolvers: { Query: { hello: () => 'hi' } },
    plugins: [metrics.plugin()],
  });
  await server.start();
  return server;
}

/** The request counter's operation label → summed count, from the Prometheus text exposition. */
async function requestsByOperation(metrics: ServiceMetrics): Promise<Map<string, number>> {
  const byOperation = new Map<string, number>();
  const text = await metrics.registry.metrics();
  for (const line of text.split('\n')) {
    const match = /^accords_graphql_requests_total\{[^}]*operation="([^"]*)"[^}]*\} (\d+)$/.exec(line);
    if (match) byOperation.set(match[1], (byOperation.get(match[1]) ?? 0) + Number(match[2]));
  }
  return byOperation;
}

/** The distinct operation labels of the latency histogram. */
async function durationOperations(metrics: ServiceMetrics): Promise<Set<string>> {
  const text = await metrics.registry.metrics();
  return new Set([...text.matchAll(/^accords_graphql_request_duration_seconds_count\{[^}]*operation="([^"]*)"/gm)].map((m) => m[1]));
}

describe('ServiceMetrics: the operation label is bounded', () => {
  it('keeps the first N distinct operation names and counts every later new name under "other"', async () => {
    const cap = 10;
    const metrics = new ServiceMetrics('test', cap);
    const server = await serverWith(metrics);
    try {
      const names = Array.from({ length: 35 }, (_, i) => `Op${i}`);
      for (const name of names) await server.executeOperation({ query: `query ${name} { hello }` });
      // A name that already has its label keeps it after the cap is reached.
      await server.executeOperation({ query: 'query Op0 { hello }' });
      await server.executeOperation({ query: '{ hello }' });

      const counts = await requestsByOperation(metrics);
      expect(counts.size).toBeLessThanOrEqual(cap + 2);
      expect([...counts.keys()].sort()).toEqual([...names.slice(0, cap), 'anonymous', 'other'].sort());
      expect(counts.get('other')).toBe(names.length - cap);
      expect(counts.get('Op0')).toBe(2);
      expect(counts.get('anonymous')).toBe(1);
      expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(names.length + 2); // nothing is lost
      expect(await durationOperations(metrics)).toEqual(new Set(counts.keys()));
    } finally {
      await server.stop();
    }
  });

  it('labels a too long name, or one with characters outside [A-Za-z0-9_], "other" without taking a place', () => {
    const metrics = new ServiceMetrics('test', 2);
    expect(metrics.operationLabel('x'.repeat(MAX_OPERATION_NAME_LENGTH + 1))).toBe('other');
    expect(metrics.operationLabel('Bad-Name')).toBe('other');
    expect(metrics.operationLabel('Bad"}name')).toBe('other');
    expect(metrics.operationLabel('Ünïcode')).toBe('other');
    expect(metrics.operationLabel('other')).toBe('other');
    expect(metrics.operationLabel('anonymous')).toBe('anonymous');
    expect(metrics.operationLabel(undefined)).toBe('anonymous');
    expect(metrics.operationLabel(null)).toBe('anonymous');
    // None of those took one of the two places.
    expect(metrics.operationLabel('x'.repeat(MAX_OPERATION_NAME_LENGTH))).toBe('x'.repeat(MAX_OPERATION_NAME_LENGTH));
    expect(metrics.operationLabel('Second_2')).toBe('Second_2');
    expect(metrics.operationLabel('Third')).toBe('other');
  });

  it('defaults to 100 names per service', () => {
    expect(MAX_OPERATION_LABELS).toBe(100);
    const metrics = new ServiceMetrics('test');
    const labels = new Set(Array.from({ length: 250 }, (_, i) => metrics.operationLabel(`Op${i}`)));
    expect(labels.size).toBe(MAX_OPERATION_LABELS + 1); // 100 names and "other"
  });
});
