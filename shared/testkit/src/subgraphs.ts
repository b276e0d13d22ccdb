import type { ApolloServer } from '@apollo/server';
import { dropDatabase } from '@accords/db';
import { createLogger, type Logger } from '@accords/logger';
import { clockFromEnv, type Clock } from '@accords/config';
import { createSubgraphApollo, openSubgraph, type BaseContext, type SubgraphModule, type SubgraphRuntime } from '@accords/subgraph-kit';
import { freshDatabaseUrl } from './database';

export const silentLogger = createLogger({ service: 'test', level: 'silent' });

export interface TestSubgraph<L> extends SubgraphRuntime<L> {
  databaseUrl: string;
  /** Closes the data source and drops the suite's database. */
  dispose(): Promise<void>;
}

/** Opens a subgraph on a database of its own, migrated and seeded (reference data, and demo data if asked). */
export async function openTestSubgraph<L>(
  module: SubgraphModule<L>,
  options: { seed?: 'none' | 'reference' | 'demo'; logger?: Logger; clock?: Clock; databaseUrl?: string } = {},
): Promise<TestSubgraph<L>> {
  // A given database (e.g. one restored from a backup) is opened as it is, and dropped on dispose like a fresh one.
  const databaseUrl = options.databaseUrl ?? (await freshDatabaseUrl(module.name));
  // The suite's clock: the fixed instant the jest setup sets (ACCORDS_FIXED_NOW), or the one a test passes.
  const runtime = await openSubgraph(module, { databaseUrl, seed: options.seed ?? 'reference', logger: options.logger ?? silentLogger, clock: options.clock ?? clockFromEnv() });
  runtime.database.counter.recording = true;
  return Object.assign(runtime, {
    databaseUrl,
    async dispose() {
      await servers.get(runtime)?.stop();
      await runtime.close();
      await dropDatabase(databaseUrl);
    },
  });
}

/**
 * Executes an operation against one subgraph as the gateway would send it, through the subgraph's own Apollo Server
 * (validation, scalar parsing, error formatting) with fresh loaders; errors come back as clients see them.
 */
export async function runOnSubgraph<T = Record<string, unknown>>(runtime: SubgraphRuntime<unknown>, query: string, variables?: Record<string, unknown>) {
  let apollo = servers.get(runtime);
  if (!apollo) {
    apollo = createSubgraphApollo(runtime, { development: false });
    await apollo.start();
    servers.set(runtime, apollo);
  }
  const response = await apollo.executeOperation({ query, variables }, { contextValue: runtime.context() });
  if (response.body.kind !== 'single') throw new Error('Incremental delivery is not expected');
  const { data, errors } = response.body.singleResult;
  return { data: data as T | null | undefined, errors };
}

const servers = new WeakMap<SubgraphRuntime<unknown>, ApolloServer<BaseContext<unknown>>>();
