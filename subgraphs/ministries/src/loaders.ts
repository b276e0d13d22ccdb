import type { DataSource } from 'typeorm';
import { groupLoader, rowLoader, structuredLoader, toConnection, type Connection, type PageRequest } from '@accords/subgraph-kit';
import type { MinistryUnitEntity, OfficialEntity } from './db/entities';
import { CentralBodyRepository } from './repositories/central-bodies';
import { MinistryUnitRepository } from './repositories/units';
import { OfficialRepository } from './repositories/officials';
import { AuthorityDelegationRepository } from './repositories/delegations';

/** A page of one central body's units. */
export interface UnitsKey {
  ministryId: string;
  page: PageRequest;
}

/** A page of one central body's officials. */
export interface OfficialsKey {
  ministryId: string;
  activeOnly: boolean;
  page: PageRequest;
}

type Paged<T> = Connection<T> & { totalCount: number };

function groupBy<T>(rows: T[], keyOf: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const list = groups.get(key);
    if (list) list.push(row);
    else groups.set(key, [row]);
  }
  return groups;
}

/** Cuts one page out of all of a parent's rows (ordered by id), with totalCount from the same rows. */
function pageOf<T extends { id: string }>(all: T[], page: PageRequest): Paged<T> {
  const after = page.after ? String(page.after[0]) : null;
  const rest = after === null ? all : all.filter((r) => r.id > after);
  return { ...toConnection(rest.slice(0, page.limit + 1), page, (r) => [r.id]), totalCount: all.length };
}

export function createLoaders(db: DataSource) {
  const centralBodies = new CentralBodyRepository(db);
  const units = new MinistryUnitRepository(db);
  const officials = new OfficialRepository(db);
  const delegations = new AuthorityDelegationRepository(db);
  return {
    repositories: { centralBodies, units, officials, delegations },
    centralBody: rowLoader((ids: readonly string[]) => centralBodies.findByIds(ids), (b) => b.id),
    unit: rowLoader((ids: readonly string[]) => units.findByIds(ids), (u) => u.id),
    delegation: rowLoader((ids: readonly string[]) => delegations.findByIds(ids), (d) => d.id),
    official: rowLoader((ids: readonly string[]) => officials.findByIds(ids), (o) => o.id),
    /** Units per central body and page: one statement for the whole batch, pages cut in memory. */
    unitsOf: structuredLoader<UnitsKey, Paged<MinistryUnitEntity>>(async (keys) => {
      const rows = await units.findOfMinistries([...new Set(keys.map((k) => k.ministryId))]);
      const byMinistry = groupBy(rows, (u) => u.ministryId);
      return keys.map(({ ministryId, page }) => pageOf(byMinistry.get(ministryId) ?? [], page));
    }),
    /**
     * Officials per central body and page: one statement for the whole batch (inactive officials included only when
     * some key asks for them), pages cut in memory.
     */
    officialsOf: structuredLoader<OfficialsKey, Paged<OfficialEntity>>(async (keys) => {
      const everyoneActiveOnly = keys.every((k) => k.activeOnly);
      const rows = await officials.findOfMinistries([...new Set(keys.map((k) => k.ministryId))], everyoneActiveOnly);
      const byMinistry = groupBy(rows, (o) => o.ministryId);
      return keys.map(({ ministryId, activeOnly, page }) => {
        const all = byMinistry.get(ministryId) ?? [];
        return pageOf(activeOnly ? all.filter((o) => Boolean(o.active)) : all, page);
      });
    }),
    /** Delegations received, per delegate official: one statement for the batch. */
    delegationsReceived: groupLoader((ids: readonly string[]) => delegations.findReceivedBy(ids), (d) => d.delegateOfficialId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
