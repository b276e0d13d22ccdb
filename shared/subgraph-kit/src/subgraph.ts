import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { concatAST, parse, type DocumentNode, type GraphQLSchema } from 'graphql';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { DataSource, EntitySchema, MixedList } from 'typeorm';
import type { Logger } from '@accords/logger';
import { systemClock, type Clock } from '@accords/config';
import type { Identity } from '@accords/auth';
import { createDataSource, ensureDatabase, runMigrations, type AccordsDataSource } from '@accords/db';
import { scalarResolvers } from './scalars';
import { noPeers, type Peers } from './peers';

export const commonTypeDefs: DocumentNode = parse(fs.readFileSync(path.join(__dirname, 'common.graphql'), 'utf8'));

/** Loads a subgraph's SDL files (schema is written SDL-first, one file per domain). */
export function loadTypeDefs(...files: string[]): DocumentNode {
  return parse(files.map((f) => fs.readFileSync(f, 'utf8')).join('\n'));
}

/** What every request sees in a subgraph. */
export interface BaseContext<L> {
  requestId: string;
  logger: Logger;
  db: DataSource;
  loaders: L;
  /** The caller, verified by this subgraph from the gateway's signed header; null for the public. */
  identity: Identity | null;
  /** Other subgraphs this one may ask (see `SubgraphModule.peers`). */
  peers: Peers;
  /** The one source of "now" (fixed under tests; ACCORDS_FIXED_NOW): never `new Date()` in a rule or a write. */
  clock: Clock;
}

/**
 * A subgraph as a module: the schema and how to build its per-request loaders, its entities and migrations, and its
 * demo seed. The same module runs behind HTTP (`serve`) and in-process in tests (no side effects on import).
 */
export interface SubgraphModule<L, C extends BaseContext<L> = BaseContext<L>> {
  name: string;
  typeDefs: DocumentNode;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  resolvers: GraphQLResolverMap<C> | GraphQLResolverMap<any>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  createLoaders(db: DataSource): L;
  /** Subgraphs this one asks for facts it does not own; their URLs come from PEER_<NAME>_URL. */
  peers?: readonly string[];
  /** Loads reference data (idempotent) and, when `demo` is set, demo records. */
  seed?(db: DataSource, options: { demo: boolean; logger?: Logger; clock?: Clock }): Promise<void>;
  /**
   * Work the process runs beside serving requests (e.g. the commitments subgraph's KPI refresher), started by the
   * process entry point once it listens and stopped before it drains. Tests that build a subgraph in-process do not start it.
   */
  background?(db: DataSource, options: { logger: Logger }): { stop(): Promise<void> };
  /** The module's own gauges on its /metrics, read at scrape time (e.g. the commitments subgraph's KPI cache). */
  gauges?(db: DataSource): { name: string; help: string; read(): number }[];
}

export function buildSchema<L>(module: SubgraphModule<L>): GraphQLSchema {
  return buildSubgraphSchema([
    { typeDefs: commonTypeDefs, resolvers: scalarResolvers as unknown as GraphQLResolverMap<unknown> },
    { typeDefs: module.typeDefs, resolvers: module.resolvers as GraphQLResolverMap<unknown> },
  ]);
}

export interface RuntimeOptions {
  databaseUrl: string;
  /** Run migrations at start (default true). */
  migrate?: boolean;
  seed?: 'none' | 'reference' | 'demo';
  logger: Logger;
  peers?: Peers;
  /** Default: the system clock. */
  clock?: Clock;
}

/** A subgraph with its database open: schema, data source, statement counter and a context factory. */
export interface SubgraphRuntime<L> {
  module: SubgraphModule<L>;
  schema: GraphQLSchema;
  database: AccordsDataSource;
  /** How this subgraph reaches its peers (replaceable: tests route peers in-process). */
  peers: Peers;
  ready(): Promise<boolean>;
  context(requestId?: string, identity?: Identity | null): BaseContext<L>;
  close(): Promise<void>;
}

export async function openSubgraph<L>(module: SubgraphModule<L>, options: RuntimeOptions): Promise<SubgraphRuntime<L>> {
  const flavour = await ensureDatabase(options.databaseUrl);
  const database = createDataSource({
    url: options.databaseUrl,
    flavour,
    entities: module.entities,
    migrations: module.migrations,
    onQueryError: (message, sql) => options.logger.warn({ err: message, sql: sql.slice(0, 500) }, 'SQL statement failed'),
  });
  await database.dataSource.initialize();
  let migrated = false;
  if (options.migrate !== false) {
    const applied = await runMigrations(database.dataSource);
    if (applied.length) options.logger.info({ migrations: applied.length }, 'Migrations applied');
  }
  migrated = true;
  if (options.seed && options.seed !== 'none' && module.seed) {
    await module.seed(database.dataSource, { demo: options.seed === 'demo', logger: options.logger, clock: options.clock ?? systemClock });
  }
  const schema = buildSchema(module);
  const clock = options.clock ?? systemClock;
  const runtime: SubgraphRuntime<L> = {
    module,
    schema,
    database,
    peers: options.peers ?? noPeers,
    async ready() {
      if (!migrated || !database.dataSource.isInitialized) return false;
      try {
        await database.dataSource.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    context(requestId = randomUUID(), identity: Identity | null = null) {
      return {
        requestId,
        identity,
        peers: runtime.peers,
        clock,
        logger: options.logger.child({ requestId }),
        db: database.dataSource,
        loaders: module.createLoaders(database.dataSource),
      };
    },
    async close() {
      if (database.dataSource.isInitialized) await database.dataSource.destroy();
    },
  };
  return runtime;
}

/** The full SDL a subgraph publishes (common scalars and PageInfo included): what composition reads. */
export function subgraphTypeDefs<L>(module: SubgraphModule<L>): DocumentNode {
  return concatAST([commonTypeDefs, module.typeDefs]);
}
