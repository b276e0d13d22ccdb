import type { DataSource } from 'typeorm';
import { rowLoader, structuredLoader, toConnection, type Connection, type PageRequest } from '@accords/subgraph-kit';
import type { LocalityEntity } from './db/entities';
import { LocalityRepository } from './repositories/localities';

/** A page of one province's communes. */
export interface CommunesKey {
  provinceId: string;
  page: PageRequest;
}

export function createLoaders(db: DataSource) {
  const localities = new LocalityRepository(db);
  return {
    repositories: { localities },
    locality: rowLoader((ids: readonly string[]) => localities.findByIds(ids), (l) => l.id),
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
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
