import DataLoader from 'dataloader';
import { toConnection, type Connection, type PageRequest } from './pagination';
import { notFound } from '@accords/errors';

/** Caps `IN (...)` lists so one huge request does not build a statement MySQL refuses. */
export const MAX_BATCH_SIZE = 500;

/**
 * A per-request loader of rows by a unique key. The batch function's results come back in key order, with null for
 * a key that has no row (the DataLoader contract). Create loaders in the context factory, never at module scope.
 */
export function rowLoader<K extends string | number, V>(fetch: (keys: readonly K[]) => Promise<V[]>, keyOf: (row: V) => K): DataLoader<K, V | null> {
  return new DataLoader<K, V | null>(
    async (keys) => {
      const rows = await fetch(keys);
      const byKey = new Map<K, V>();
      for (const row of rows) byKey.set(keyOf(row), row);
      return keys.map((k) => byKey.get(k) ?? null);
    },
    { maxBatchSize: MAX_BATCH_SIZE },
  );
}

/** A per-request loader of the rows that belong to each key (one-to-many); a key with none gets []. */
export function groupLoader<K extends string | number, V>(fetch: (keys: readonly K[]) => Promise<V[]>, groupOf: (row: V) => K): DataLoader<K, V[]> {
  return new DataLoader<K, V[]>(
    async (keys) => {
      const rows = await fetch(keys);
      const groups = new Map<K, V[]>();
      for (const row of rows) {
        const key = groupOf(row);
        const list = groups.get(key);
        if (list) list.push(row);
        else groups.set(key, [row]);
      }
      return keys.map((k) => groups.get(k) ?? []);
    },
    { maxBatchSize: MAX_BATCH_SIZE },
  );
}

/**
 * A loader whose key is a structured value (e.g. parent id plus page arguments). Keys are compared by their JSON so
 * that the same parent asked twice with the same arguments is fetched once.
 */
export function structuredLoader<K, V>(batch: (keys: readonly K[]) => Promise<(V | Error)[]>): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>(batch, { maxBatchSize: MAX_BATCH_SIZE, cacheKeyFn: (k) => JSON.stringify(k) });
}

/** A page of the rows that belong to one parent (a province's communes, a ministry's units). */
export interface ChildPageKey {
  parentId: string;
  page: PageRequest;
}

export type PagedConnection<T> = Connection<T> & { totalCount: number };

/**
 * Pages of the children of many parents: one statement fetches every child of the whole batch of parents (ordered by
 * id), then each page is cut in memory and totalCount comes from the same rows. Meant for short child lists (units,
 * communes, officials); long lists page in SQL instead (see `Partner.commitments`). `keep` filters per key (e.g.
 * active officials only) without another statement.
 */
export function childPageLoader<T extends { id: string }, K extends ChildPageKey = ChildPageKey>(
  fetch: (parentIds: string[], keys: readonly K[]) => Promise<T[]>,
  parentOf: (row: T) => string,
  keep: (row: T, key: K) => boolean = () => true,
): DataLoader<K, PagedConnection<T>, string> {
  return structuredLoader<K, PagedConnection<T>>(async (keys) => {
    const byParent = new Map<string, T[]>();
    for (const row of await fetch([...new Set(keys.map((k) => k.parentId))], keys)) {
      const list = byParent.get(parentOf(row));
      if (list) list.push(row);
      else byParent.set(parentOf(row), [row]);
    }
    return keys.map((key) => {
      const all = (byParent.get(key.parentId) ?? []).filter((row) => keep(row, key));
      const after = key.page.after ? String(key.page.after[0]) : null;
      const rest = after === null ? all : all.filter((row) => row.id > after);
      return { ...toConnection(rest.slice(0, key.page.limit + 1), key.page, (row) => [row.id]), totalCount: all.length };
    });
  });
}

/** A root lookup by id: the row, or NOT_FOUND naming what was asked for. */
export async function loadOrNotFound<K extends string, V>(loader: DataLoader<K, V | null>, kind: string, id: K): Promise<V> {
  const row = await loader.load(id);
  if (row === null || row === undefined) throw notFound(kind, id);
  return row;
}

/**
 * After a write, a request's loaders may hold rows read before it: forget everything they cached (in nested groups
 * too) so the mutation's answer shows the new state. Writes are rare next to reads; clearing all is simpler and
 * safer than tracking which rows a write touched.
 */
export function forgetLoadedRows(loaders: unknown): void {
  if (loaders instanceof DataLoader) {
    loaders.clearAll();
    return;
  }
  if (loaders && typeof loaders === 'object' && Object.getPrototypeOf(loaders) === Object.prototype) {
    for (const value of Object.values(loaders)) forgetLoadedRows(value);
  }
}
