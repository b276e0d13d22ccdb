import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { childPageLoader, groupLoader, rowLoader } from '@accords/subgraph-kit';
import type { LocalOfficialEntity, LocalityEntity, ProvincialDepartmentEntity } from './db/entities';
import { LocalOfficialRepository, ProvincialDepartmentRepository } from './repositories/departments';
import { LocalityRepository } from './repositories/localities';
import { signingRuleSets } from './repositories/signing-rules';
import type { RuleSet } from '@accords/rules';

export function createLoaders(db: DataSource) {
  const localities = new LocalityRepository(db);
  const departments = new ProvincialDepartmentRepository(db);
  const officials = new LocalOfficialRepository(db);
  const ruleSets = signingRuleSets(db);
  return {
    repositories: { localities, departments, officials, ruleSets },
    locality: rowLoader((ids: readonly string[]) => localities.findByIds(ids), (l) => l.id),
    department: rowLoader((ids: readonly string[]) => departments.findByIds(ids), (d) => d.id),
    official: rowLoader((ids: readonly string[]) => officials.findByIds(ids), (o) => o.id),
    delegation: rowLoader((ids: readonly string[]) => officials.delegations(ids), (d) => d.id),
    delegationsReceived: groupLoader((ids: readonly string[]) => officials.delegationsTo(ids), (d) => d.delegateOfficialId),
    /** The dated versions (code, name, level, borders) of each unit, one statement per batch. */
    versions: groupLoader((ids: readonly string[]) => localities.findVersionsOf(ids), (v) => v.localityId),
    /** The units merged into each unit, one statement per batch. */
    predecessors: groupLoader((ids: readonly string[]) => localities.findPredecessorsOf(ids), (l) => l.mergedIntoId as string),
    /** `Locality.scopeIds`: one recursive statement per batch of localities. */
    scopeIds: new DataLoader<string, string[]>(
      async (ids) => {
        const byRoot = new Map<string, string[]>();
        for (const row of await localities.findScopeIds(ids)) {
          const list = byRoot.get(row.rootId);
          if (list) list.push(row.id);
          else byRoot.set(row.rootId, [row.id]);
        }
        return ids.map((id) => byRoot.get(id) ?? []);
      },
      { maxBatchSize: 500 },
    ),
    /** Communes per province and page: one statement for the whole batch of provinces, pages cut in memory. */
    communes: childPageLoader<LocalityEntity>((ids) => localities.findCommunesOf(ids), (l) => l.provinceId as string),
    departmentsOf: childPageLoader<ProvincialDepartmentEntity>((ids) => departments.findOf(ids), (d) => d.provinceId),
    officialsOf: childPageLoader<LocalOfficialEntity>((ids) => officials.findOf(ids), (o) => o.localityId),
    /** Every published signing rule set, read once per request whatever the number of localities asked about. */
    ruleSets: new DataLoader<'all', RuleSet[]>(async (keys) => {
      const all = await ruleSets.all();
      return keys.map(() => all);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
