import { execute, parse } from 'graphql';
import { dropDatabase } from '@accords/db';
import { createLogger, type Logger } from '@accords/logger';
import { openSubgraph, type SubgraphModule, type SubgraphRuntime } from '@accords/subgraph-kit';
import { freshDatabaseUrl } from './database';

export const silentLogger = createLogger({ service: 'test', level: 'silent' });

export interface TestSubgraph<L> extends SubgraphRuntime<L> {
  databaseUrl: string;
  /** Closes the data source and drops the suite's database. */
  dispose(): Promise<void>;
}

/** Opens a subgraph on a database of its own, migrated and seeded (reference data, and demo data if asked). */
export async function openTestSubgraph<L>(module: SubgraphModule<L>, options: { seed?: 'none' | 'reference' | 'demo'; logger?: Logger } = {}): Promise<TestSubgraph<L>> {
  const databaseUrl = await freshDatabaseUrl(module.name);
  const runtime = await openSubgraph(module, { databaseUrl, seed: options.seed ?? 'reference', logger: options.logger ?? silentLogger });
  runtime.database.counter.recording = true;
  return Object.assign(runtime, {
    databaseUrl,
    async dispose() {
      await runtime.close();
      await dropDatabase(databaseUrl);
    },
  });
}

/** Executes an operation directly against one subgraph's schema (as the gateway would send it), fresh loaders. */
export async function runOnSubgraph<T = Record<string, unknown>>(runtime: SubgraphRuntime<unknown>, query: string, variables?: Record<string, unknown>) {
  const result = await execute({ schema: runtime.schema, document: parse(query), variableValues: variables, contextValue: runtime.context() });
  return { data: result.data as T | null | undefined, errors: result.errors };
}
