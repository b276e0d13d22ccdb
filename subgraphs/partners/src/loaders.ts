import type { DataSource } from 'typeorm';
import { groupLoader, rowLoader } from '@accords/subgraph-kit';
import { PartnerRepository } from './repositories/partners';
import { FrameworkEventRepository } from './repositories/frameworks';
import { GroupingRepository } from './repositories/groupings';

export function createLoaders(db: DataSource) {
  const partners = new PartnerRepository(db);
  const frameworkEvents = new FrameworkEventRepository(db);
  const groupings = new GroupingRepository(db);
  return {
    repositories: { partners, frameworkEvents, groupings },
    partner: rowLoader((ids: readonly string[]) => partners.findByIds(ids), (p) => p.id),
    /** A partner's framework events, oldest first: one IN (...) statement for all partners in the request. */
    frameworkHistory: groupLoader((ids: readonly string[]) => frameworkEvents.findByPartnerIds(ids), (e) => e.partnerId),
    grouping: rowLoader((codes: readonly string[]) => groupings.findByCodes(codes), (g) => g.code),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
