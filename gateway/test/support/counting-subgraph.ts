/**
 * A small subgraph over real HTTP for gateway tests: it records every request it receives (query, variables, request
 * id, the verified forwarded identity), can hold its answers until released, or fail them with HTTP 500.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { execute, parse } from 'graphql';
import { DEVELOPMENT_INTERNAL_SECRET, IDENTITY_HEADER, verifyInternalIdentity } from '@accords/auth';
import { buildSchema, subgraphTypeDefs, type SubgraphModule } from '@accords/subgraph-kit';
import { composeSupergraph } from '../../src';

export interface Received {
  query: string;
  variables: Record<string, unknown>;
  requestId?: string;
  subject?: string;
}

/** A subgraph over HTTP that records every request and can hold its answers until released, or fail them. */
export async function countingSubgraph(module: SubgraphModule<unknown>) {
  const schema = buildSchema(module);
  const received: Received[] = [];
  let gate: Promise<void> = Promise.resolve();
  let open = () => {};
  let failing = false;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { query: string; variables?: Record<string, unknown> };
      const header = req.headers[IDENTITY_HEADER];
      const identity = typeof header === 'string' ? await verifyInternalIdentity(header, DEVELOPMENT_INTERNAL_SECRET) : null;
      received.push({ query: body.query, variables: body.variables ?? {}, requestId: req.headers['x-request-id'] as string | undefined, subject: identity?.subject });
      await gate;
      res.setHeader('content-type', 'application/json');
      if (failing) {
        res.statusCode = 500;
        res.end(JSON.stringify({ errors: [{ message: 'boom' }] }));
        return;
      }
      const result = await execute({ schema, document: parse(body.query), variableValues: body.variables, contextValue: { identity } });
      res.end(JSON.stringify(result));
    });
  });
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    received,
    connections: () => connections,
    entityFetches: () => received.filter((r) => r.query.includes('_entities')),
    hold() {
      gate = new Promise<void>((resolve) => (open = resolve));
    },
    release() {
      open();
      gate = Promise.resolve();
    },
    fail(on: boolean) {
      failing = on;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A subgraph module with only a schema and resolvers (no database). */
export const fake = (m: Pick<SubgraphModule<unknown>, 'name' | 'typeDefs' | 'resolvers'>): SubgraphModule<unknown> => ({ ...m, entities: [], migrations: [], createLoaders: () => ({}) });

export type CountingSubgraph = Awaited<ReturnType<typeof countingSubgraph>>;

/** Each module as a counting subgraph over HTTP, and their composed supergraph (routing URLs are the test's to give). */
export async function countingSupergraph(modules: SubgraphModule<unknown>[]): Promise<{ subgraphs: CountingSubgraph[]; supergraphSdl: string; close(): Promise<void> }> {
  const subgraphs = await Promise.all(modules.map((m) => countingSubgraph(m)));
  const composed = composeSupergraph(modules.map((m) => ({ name: m.name, url: 'http://unused.invalid/graphql', typeDefs: subgraphTypeDefs(m) })));
  if (!composed.ok) throw new Error(composed.errors.join('; '));
  return { subgraphs, supergraphSdl: composed.supergraphSdl, close: async () => void (await Promise.all(subgraphs.map((s) => s.close()))) };
}
