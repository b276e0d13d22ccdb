/**
 * An unexpected fault is masked for the client, so it must be logged: once, at error level, with the request id,
 * the service and the operation; and the client's error carries `extensions.requestId` (the error registry promises
 * it). The fault here is real: the partners subgraph's database connection is closed under it.
 */
import { Writable } from 'node:stream';
import { createLogger } from '@accords/logger';
import { createSubgraphApollo } from '@accords/subgraph-kit';
import { openTestSubgraph } from '@accords/testkit';
import { openTestSupergraph } from '@accords/gateway/testing';
import { ministries, partners } from './modules';

function captured() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, sink };
}

const QUERY = 'query PartnerPage { partners(first: 3) { totalCount } }';

it('a subgraph logs its unexpected error once with requestId, service and operation, and returns the id', async () => {
  const { lines, sink } = captured();
  const subgraph = await openTestSubgraph(partners, { seed: 'reference', logger: createLogger({ service: 'partners', level: 'info' }, sink) });
  const apollo = createSubgraphApollo(subgraph, { development: false });
  await apollo.start();
  try {
    await subgraph.database.dataSource.destroy();
    const response = await apollo.executeOperation({ query: QUERY }, { contextValue: subgraph.context('req-fault-1') });
    if (response.body.kind !== 'single') throw new Error('single result expected');
    const [error] = response.body.singleResult.errors ?? [];
    expect(error.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', service: 'partners', requestId: 'req-fault-1' });
    // Masked for the client: no driver message, no stack.
    expect(error.message).not.toMatch(/DataSource|initialized|Error:/i);
    expect(error.extensions?.stacktrace).toBeUndefined();
    const logged = lines.filter((l) => l.msg === 'Unexpected error');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ level: 50, requestId: 'req-fault-1', service: 'partners', operationName: 'PartnerPage', path: ['partners'] });
    expect(JSON.stringify(logged[0].err)).toMatch(/stack/);
  } finally {
    await apollo.stop();
    await subgraph.dispose();
  }
});

it('through the gateway: the client gets the request id it sent, and the fault is logged once, by the subgraph', async () => {
  const { lines, sink } = captured();
  const graph = await openTestSupergraph([ministries, partners], { seed: 'reference', logger: createLogger({ service: 'test', level: 'info' }, sink) });
  const http = await graph.serveHttp();
  try {
    await graph.subgraphs.partners.database.dataSource.destroy();
    const res = await fetch(http.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': 'req-fault-2' }, body: JSON.stringify({ query: QUERY }) });
    const body = (await res.json()) as { errors?: { extensions?: Record<string, unknown> }[] };
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', service: 'partners', requestId: 'req-fault-2' });
    const logged = lines.filter((l) => l.msg === 'Unexpected error');
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ requestId: 'req-fault-2' });
  } finally {
    await http.stop();
    await graph.dispose();
  }
});
