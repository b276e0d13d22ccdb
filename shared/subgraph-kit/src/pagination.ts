import { badInput } from '@accords/errors';

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export interface ConnectionArgs {
  first?: number | null;
  after?: string | null;
}

export interface PageRequest {
  limit: number;
  /** The sort key values of the last row already seen, decoded from the cursor. */
  after: (string | number)[] | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount?: number;
}

/**
 * What a connection field's resolver returns: a page whose total may be a function, called by the default resolver
 * only when the client selects `totalCount` (the mapper of every `*Connection` type in the generated resolver types).
 */
export interface ConnectionParent<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount?: number | (() => Promise<number> | number);
}

export function encodeCursor(key: (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): (string | number)[] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.every((v) => typeof v === 'string' || typeof v === 'number')) return value;
  } catch {
    /* fall through to the user error */
  }
  throw badInput(`"${cursor}" is not a cursor returned by this API; pass an endCursor from a previous page`, 'after');
}

/** Validates `first`/`after`: page size 1..100 (default 20), cursor opaque and well-formed. */
export function pageRequest(args: ConnectionArgs, maxPageSize = MAX_PAGE_SIZE): PageRequest {
  const first = args.first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 1 || first > maxPageSize) {
    throw badInput(`first must be between 1 and ${maxPageSize} (got ${first}); page through larger lists with after`, 'first');
  }
  return { limit: first, after: args.after ? decodeCursor(args.after) : null };
}

/**
 * Builds a Relay connection from rows fetched with LIMIT page+1 (the extra row only says whether there is a next page).
 */
export function toConnection<T>(rows: T[], page: PageRequest, keyOf: (row: T) => (string | number)[], totalCount?: number): Connection<T> {
  const visible = rows.slice(0, page.limit);
  const edges = visible.map((node) => ({ cursor: encodeCursor(keyOf(node)), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > page.limit, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount,
  };
}

/**
 * Applies keyset pagination on one unique, ordered column (stable under inserts, unlike OFFSET) and fetches one row
 * more than the page to learn whether a next page exists.
 */
export function applyKeysetPage<Q extends { andWhere(sql: string, params?: Record<string, unknown>): Q; orderBy(sort: string, order?: 'ASC' | 'DESC'): Q; limit(n: number): Q }>(
  qb: Q,
  column: string,
  page: PageRequest,
): Q {
  if (page.after) qb.andWhere(`${column} > :afterKey`, { afterKey: page.after[0] });
  return qb.orderBy(column, 'ASC').limit(page.limit + 1);
}

/** What a repository offers for a filtered, keyset-paged list. */
export interface ListRepository<T, F> {
  list(filter: F, page: PageRequest): Promise<T[]>;
  count(filter: F): Promise<number>;
}

/**
 * A top-level list field: validates the page arguments, fetches one page (LIMIT page+1) and counts the total only if
 * the client selects `totalCount` (the default resolver calls the function).
 */
export async function listConnection<T extends { id: string }, F>(
  repo: ListRepository<T, F>,
  args: ConnectionArgs & F,
  keyOf: (row: T) => (string | number)[] = (row) => [row.id],
): Promise<Omit<Connection<T>, 'totalCount'> & { totalCount: () => Promise<number> }> {
  const page = pageRequest(args);
  const rows = await repo.list(args, page);
  return { ...toConnection(rows, page, keyOf), totalCount: () => repo.count(args) };
}
