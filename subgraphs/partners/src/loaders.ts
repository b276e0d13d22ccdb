import type { DataSource } from 'typeorm';
import { rowLoader } from '@accords/subgraph-kit';
import { PartnerRepository } from './repositories/partners';

export function createLoaders(db: DataSource) {
  const partners = new PartnerRepository(db);
  return {
    repositories: { partners },
    partner: rowLoader((ids: readonly string[]) => partners.findByIds(ids), (p) => p.id),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
