import type { DataSource } from 'typeorm';
import { rowLoader } from '@accords/subgraph-kit';
import { CentralBodyRepository } from './repositories/central-bodies';

export function createLoaders(db: DataSource) {
  const centralBodies = new CentralBodyRepository(db);
  return {
    repositories: { centralBodies },
    centralBody: rowLoader((ids: readonly string[]) => centralBodies.findByIds(ids), (b) => b.id),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
