import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import { rowLoader, structuredLoader, toConnection, type Connection, type PageRequest } from '@accords/subgraph-kit';
import type { LocalOfficialEntity, LocalityEntity, ProvincialDepartmentEntity } from './db/entities';
import { LocalOfficialRepository, ProvincialDepartmentRepository } from './repositories/departments';
import { LocalityRepository } from './repositories/localities';
import { SigningRuleSetRepository } from './repositories/signing-rules';
import type { RuleSet } from './signing';

/** A page of one province's communes. */
export interface CommunesKey {
  provinceId: string;
  page: PageRequest;
}

/** A page of the rows that belong to one parent (a province's departments, a locality's officials). */
export interface ChildPageKey {
  parentId: string;
  page: PageRequest;
}

type PagedConnection<T> = Connection<T> & { totalCount: number };

/**
 * A loader of pages of children per parent: one statement fetches every child of the whole batch of parents (ordered
 * by id), then each page is cut in memory; totalCount comes from the same rows.
 */
function childPageLoader<T extends { id: string }>(fetch: (parentIds: string[]) => Promise<T[]>, parentOf: (row: T) => string) {
  return structuredLoader<ChildPageKey, PagedConnection<T>>(async (keys) => {
    const rows = await fetch([...new Set(keys.map((k) => k.parentId))]);
    const byParent = new Map<string, T[]>();
    for (const row of rows) {
      const list = byParent.get(parentOf(row));
      if (list) list.push(row);
      else byParent.set(parentOf(row), [row]);
    }
    return keys.map(({ parentId, page }) => {
      const all = byParent.get(parentId) ?? [];
      const after = page.after ? String(page.after[0]) : null;
      const rest = after === null ? all : all.filter((r) => r.id > after);
      return { ...toConnection(rest.slice(0, page.limit + 1), page, (r) => [r.id], all.length), totalCount: all.length };
    });
  });
}

export function createLoaders(db: DataSource) {
  const localities = new LocalityRepository(db);
  const departments = new ProvincialDepartmentRepository(db);
  const officials = new LocalOfficialRepository(db);
  const ruleSets = new SigningRuleSetRepository(db);
  return {
    repositories: { localities, departments, officials, ruleSets },
    locality: rowLoader((ids: readonly string[]) => localities.findByIds(ids), (l) => l.id),
    department: rowLoader((ids: readonly string[]) => departments.findByIds(ids), (d) => d.id),
    official: rowLoader((ids: readonly string[]) => officials.findByIds(ids), (o) => o.id),
    /**
     * Communes per province and page: one statement for the whole batch of provinces (all their communes, ordered by
     * id), then each page is cut in memory; totalCount comes from the same rows.
     */
    communes: structuredLoader<CommunesKey, Connection<LocalityEntity> & { totalCount: number }>(async (keys) => {
      const provinceIds = [...new Set(keys.map((k) => k.provinceId))];
      const rows = await localities.findCommunesOf(provinceIds);
      const byProvince = new Map<string, LocalityEntity[]>();
      for (const row of rows) {
        const list = byProvince.get(row.provinceId as string);
        if (list) list.push(row);
        else byProvince.set(row.provinceId as string, [row]);
      }
      return keys.map(({ provinceId, page }) => {
        const all = byProvince.get(provinceId) ?? [];
        const after = page.after ? String(page.after[0]) : null;
        const rest = after === null ? all : all.filter((l) => l.id > after);
        const connection = toConnection(rest.slice(0, page.limit + 1), page, (l) => [l.id], all.length);
        return { ...connection, totalCount: all.length };
      });
    }),
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
