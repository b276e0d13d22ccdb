import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { kpiVersionTriggers } from '../db/migrations/1767300000000-KpiDataVersion';

/**
 * The KPI result cache: the rows of a KPI statement, keyed by its exact SQL text and parameters and by the data
 * version (`kpi_data_version`, bumped by triggers on every write to a table the KPI statements read; see the
 * migration). A statement's result depends on nothing else: every as-of value, threshold, scope and filter is a
 * parameter, and no statement reads the clock. So a cached result is exactly what the statement would return now,
 * and any committed write, by any path, makes every earlier entry unreachable.
 *
 * Each request reads the version once (one small statement); a repeated figure then costs no KPI statement. The first
 * request after a write computes its statements again (cold). Identical statements in flight are shared. Per
 * process (each replica keeps its own; the version is read from the database, so replicas never serve another's
 * stale entry). The cache stays off when a version trigger is missing (e.g. dropped by a DBA or by an embedded-engine
 * migration that recreated a table): correctness first.
 */

/** Entries kept per process (least recently used evicted). KPI results are small (aggregates, pages of ids). */
export const KPI_CACHE_ENTRIES = 500;

interface State {
  /** Whether every version trigger exists: checked once per process, with the first version read. */
  enabled: boolean | null;
  entries: Map<string, { version: string; rows: Promise<unknown[]> }>;
  /** Requests (any object per request, e.g. the GraphQL context) → their version read (null: the cache is off). */
  versions: WeakMap<object, Promise<string | null>>;
  hits: number;
  misses: number;
}

const states = new WeakMap<DataSource, State>();

function stateOf(db: DataSource): State {
  let s = states.get(db);
  if (!s) {
    s = { enabled: null, entries: new Map(), versions: new WeakMap(), hits: 0, misses: 0 };
    states.set(db, s);
  }
  return s;
}

const isMysql = (db: DataSource) => db.options.type === 'mysql' || db.options.type === 'mariadb';

/**
 * The data version, read once per request (`scope`): one statement. The first read in a process also counts the
 * version triggers in the same statement; the cache turns off (null) when any is missing.
 */
function versionFor(db: DataSource, s: State, scope: object): Promise<string | null> {
  let v = s.versions.get(scope);
  if (!v) {
    const check = s.enabled === null;
    const triggers = isMysql(db)
      ? `(SELECT COUNT(*) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME IN (${kpiVersionTriggers().map(() => '?').join(', ')}))`
      : `(SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (${kpiVersionTriggers().map(() => '?').join(', ')}))`;
    const sql = check ? `SELECT (SELECT SUM(v) FROM kpi_data_version) AS v, ${triggers} AS t` : 'SELECT SUM(v) AS v FROM kpi_data_version';
    v = (db.query(sql, check ? kpiVersionTriggers() : []) as Promise<{ v: unknown; t?: unknown }[]>).then(
      (rows) => {
        if (check) s.enabled = Number(rows[0]?.t) === kpiVersionTriggers().length;
        return s.enabled ? String(rows[0]?.v ?? '0') : null;
      },
      // The database did not answer: this request's statements run uncached (and report their own errors).
      () => null,
    );
    s.versions.set(scope, v);
  }
  return v;
}

/**
 * Runs `query` (the statement `sql` with `params`) or returns its cached rows at the current data version. Without a
 * request scope (scripts, one-off calls) the statement always runs.
 */
export async function cachedKpiRows<T>(db: DataSource, scope: object | undefined, sql: string, params: unknown[], query: () => Promise<T[]>): Promise<T[]> {
  if (!scope) return query();
  const s = stateOf(db);
  if (s.enabled === false) return query();
  const version = await versionFor(db, s, scope);
  if (version === null) return query();
  const key = createHash('sha1').update(sql).update('\u0000').update(JSON.stringify(params)).digest('base64');
  const hit = s.entries.get(key);
  if (hit && hit.version === version) {
    s.hits++;
    // Most recently used last.
    s.entries.delete(key);
    s.entries.set(key, hit);
    return (await hit.rows) as T[];
  }
  s.misses++;
  const rows = query() as Promise<unknown[]>;
  const entry = { version, rows };
  s.entries.delete(key);
  s.entries.set(key, entry);
  // A failed statement is not cached.
  rows.catch(() => {
    if (s.entries.get(key) === entry) s.entries.delete(key);
  });
  while (s.entries.size > KPI_CACHE_ENTRIES) s.entries.delete(s.entries.keys().next().value as string);
  return (await rows) as T[];
}

/** Hits, misses, entries and whether the cache is on (tests). */
export function kpiCacheStats(db: DataSource): { enabled: boolean; hits: number; misses: number; entries: number } {
  const s = stateOf(db);
  return { enabled: s.enabled === true, hits: s.hits, misses: s.misses, entries: s.entries.size };
}
