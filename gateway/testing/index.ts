/**
 * `@accords/gateway/testing`: the in-process supergraph tests, benchmarks and the fuzzer run operations through: every
 * subgraph on its own test database (the testkit's openTestSubgraph) behind the real gateway (composition, query
 * planning, entity fetches), in one process or over HTTP. It sits above the gateway, outside `src/`, so the testkit
 * stays below the services and the gateway's own entry loads no subgraph runtime or database (tests/layering.test.ts).
 */
import { randomUUID } from 'node:crypto';
import type { ApolloServer } from '@apollo/server';
import { DEVELOPMENT_INTERNAL_SECRET, type Identity } from '@accords/auth';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { composeSupergraph, createGateway, serveGateway, type RunningGateway, type ServeOptions } from '../src';
import { createSubgraphApollo, noPeers, peerResult, serveSubgraph, subgraphTypeDefs, type BaseContext, type Peers, type RunningServer, type SubgraphModule } from '@accords/subgraph-kit';
import type { Logger } from '@accords/logger';
import { clockFromEnv, type Clock } from '@accords/config';
import { openTestSubgraph, silentLogger, type GraphQLResult, type TestSubgraph } from '@accords/testkit';

type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** Runs a subgraph fetch in-process through the subgraph's own Apollo Server (validation, error formatting). */
class InProcessDataSource implements GraphQLDataSource {
  constructor(
    private readonly runtime: TestSubgraph<unknown>,
    private readonly apollo: ApolloServer<BaseContext<unknown>>,
  ) {}
  async process({ request, context }: GraphQLDataSourceProcessOptions): Promise<GatewayGraphQLResponse> {
    const identity = (context as { identity?: Identity | null }).identity ?? null;
    const response = await this.apollo.executeOperation(
      { query: request.query, variables: request.variables, operationName: request.operationName },
      { contextValue: this.runtime.context((context as { requestId?: string }).requestId, identity) },
    );
    if (response.body.kind !== 'single') throw new Error('Incremental delivery is not expected');
    return response.body.singleResult as GatewayGraphQLResponse;
  }
}

export interface TestSupergraph {
  subgraphs: Record<string, TestSubgraph<unknown>>;
  supergraphSdl: string;
  /** Runs an operation through the real gateway (query planning, entity fetches) with in-process subgraphs. */
  query<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, identity?: Identity | null): Promise<GraphQLResult<T>>;
  /** Serves every subgraph and the gateway over HTTP on free ports. */
  serveHttp(options?: { verifyToken?: (token: string) => Promise<Identity>; corsOrigins?: string[]; gateway?: Partial<ServeOptions> }): Promise<{ gatewayUrl: string; subgraphUrls: Record<string, string>; stop(): Promise<void> }>;
  /** SQL statements all subgraphs sent since the last reset. */
  resetCounters(): void;
  statementCounts(): Record<string, number>;
  dispose(): Promise<void>;
}

export async function openTestSupergraph(
  modules: SubgraphModule<unknown>[],
  options: { seed?: 'none' | 'reference' | 'demo'; logger?: Logger; clock?: Clock; databaseUrls?: Record<string, string> } = {},
): Promise<TestSupergraph> {
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? clockFromEnv();
  const runtimes = await Promise.all(modules.map((m) => openTestSubgraph(m, { seed: options.seed ?? 'demo', logger, clock, databaseUrl: options.databaseUrls?.[m.name] })));
  const subgraphs = Object.fromEntries(runtimes.map((r) => [r.module.name, r]));
  const subgraphServers = Object.fromEntries(runtimes.map((r) => [r.module.name, createSubgraphApollo(r, { development: false })]));
  await Promise.all(Object.values(subgraphServers).map((s) => s.start()));
  // Peer calls (e.g. commitments asking localities for a signing capability) go in-process, as the caller.
  const peers: Peers = {
    async query<T>(service: string, query: string, variables: Record<string, unknown>, caller: { requestId: string; identity: Identity | null }) {
      const server = subgraphServers[service];
      if (!server) return noPeers.query<T>(service, query, variables, caller);
      const response = await server.executeOperation({ query, variables }, { contextValue: subgraphs[service].context(caller.requestId, caller.identity) });
      if (response.body.kind !== 'single') throw new Error('Incremental delivery is not expected');
      return peerResult(service, response.body.singleResult as { data?: T; errors?: { message: string; extensions?: { code?: unknown } }[] });
    },
  };
  for (const runtime of runtimes) runtime.peers = peers;
  const composed = composeSupergraph(modules.map((m) => ({ name: m.name, url: `http://in-process/${m.name}`, typeDefs: subgraphTypeDefs(m) })));
  if (!composed.ok) throw new Error(`Composition failed: ${composed.errors.join('; ')}`);
  const apollo = createGateway({
    supergraphSdl: composed.supergraphSdl,
    development: false,
    logger: silentLogger,
    buildService: ({ name }) => new InProcessDataSource(subgraphs[name], subgraphServers[name]),
  });
  await apollo.start();
  return {
    subgraphs,
    supergraphSdl: composed.supergraphSdl,
    async query<T>(query: string, variables?: Record<string, unknown>, identity: Identity | null = null) {
      const response = await apollo.executeOperation({ query, variables }, { contextValue: { requestId: randomUUID(), logger: silentLogger, identity, clock } });
      if (response.body.kind !== 'single') throw new Error('Incremental delivery is not expected');
      return response.body.singleResult as GraphQLResult<T>;
    },
    async serveHttp(httpOptions = {}) {
      const servers: RunningServer[] = [];
      for (const runtime of runtimes) {
        servers.push(await serveSubgraph(runtime, { port: 0, development: false, logger, internalSecret: DEVELOPMENT_INTERNAL_SECRET }));
      }
      const subgraphUrls = Object.fromEntries(runtimes.map((r, i) => [r.module.name, servers[i].url]));
      const gateway: RunningGateway = await serveGateway({
        supergraphSdl: composed.supergraphSdl,
        subgraphUrls,
        development: false,
        logger,
        port: 0,
        internalSecret: DEVELOPMENT_INTERNAL_SECRET,
        verifyToken: httpOptions.verifyToken,
        corsOrigins: httpOptions.corsOrigins ?? ['http://frontend.example'],
        ...httpOptions.gateway,
      });
      return {
        gatewayUrl: gateway.url,
        subgraphUrls,
        async stop() {
          await gateway.stop();
          // Subgraph runtimes stay open (dispose closes them); only the HTTP listeners go.
          await Promise.all(servers.map((s) => s.stop(false)));
        },
      };
    },
    resetCounters() {
      runtimes.forEach((r) => r.database.counter.reset());
    },
    statementCounts() {
      return Object.fromEntries(runtimes.map((r) => [r.module.name, r.database.counter.dataStatements.length]));
    },
    async dispose() {
      await apollo.stop();
      await Promise.all(Object.values(subgraphServers).map((s) => s.stop()));
      await Promise.all(runtimes.map((r) => r.dispose()));
    },
  };
}
