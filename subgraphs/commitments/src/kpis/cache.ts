import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Logger } from '@accords/logger';
import { KPI_LEAD_ALL, kpiVersionTriggers } from '../db/migrations/1767400000000-KpiLeadVersion';

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
 *
 * **By lead.** A statement whose rows are grouped by a part of a lead (`TYPE:id#x`, see KpiSql.leadKey) or by a whole
 * lead (`TYPE:id`), each row depending only on that part's or lead's commitments, is cached with the versions of the
 * parts it was computed at (`kpi_lead_version`, bumped by the same triggers for the part a written row belongs to).
 * After a write, such a statement is not run again whole: only the parts (or leads) whose version moved are
 * recomputed (the statement restricted to them, a few hundred commitments instead of 100,000) and their rows replace
 * the cached rows of those parts; the others' rows are kept. A write that belongs to no lead (a public holiday, say:
 * `*`), or to more than `KPI_PARTIAL_LEADS` parts, recomputes the statement whole. tests/kpi-lead-cache.test.ts shows
 * merged rows equal to whole ones.
 */

/** Entries kept per process (least recently used evicted). KPI results are small (aggregates, pages of ids). */
export const KPI_CACHE_ENTRIES = 500;

/** At most this many changed parts (or leads) are recomputed by lead; more, and the statement runs whole. */
export const KPI_PARTIAL_LEADS = 24;

/** Versions of the parts of leads (`TYPE:id#x` → version) as read at one moment; `*`: writes that belong to every lead. */
export type LeadVersions = Map<string, string>;

/** How a statement grouped by lead is recomputed for some leads only. */
export interface ByLead {
  /** The column of each row that holds its key (`TYPE:id#x`, or `TYPE:id` when `parts` is false). */
  column: string;
  /** The same statement restricted to these leads. */
  partial: (leads: string[]) => Promise<unknown[]>;
  /**
   * Whether rows are keyed by a lead's part (`TYPE:id#x`, the versions' own keys; the default) or by the whole lead
   * (`TYPE:id`: statements whose rows multiply with the parts, histograms and breakdowns; a write recomputes the lead).
   */
  parts?: boolean;
}

interface Entry {
  version: string;
  rows: Promise<unknown[]>;
  /** Runs the statement again (the refresher's recomputation after a write). */
  run: () => Promise<unknown[]>;
  /** A statement grouped by lead, and the lead versions its rows were computed at (null: recompute it whole). */
  byLead?: ByLead;
  leads?: LeadVersions | null;
  /** When a request last asked for it (ms): recomputed after a write only if recently used. */
  usedAt: number;
}

interface State {
  /** Whether every version trigger exists: checked once per process, with the first version read. */
  enabled: boolean | null;
  entries: Map<string, Entry>;
  /** Requests (any object per request, e.g. the GraphQL context) → their version read (null: the cache is off). */
  versions: WeakMap<object, Promise<string | null>>;
  /** Requests → their lead versions read (when a statement by lead needs them). */
  leadVersions: WeakMap<object, Promise<LeadVersions | null>>;
  hits: number;
  misses: number;
  /** Statements by lead brought up to date for the changed leads only, and how many leads that recomputed. */
  partial: number;
  partialLeads: number;
  /** Statements recomputed by the refresher (startKpiRefresh). */
  refreshed: number;
}

const states = new WeakMap<DataSource, State>();

function stateOf(db: DataSource): State {
  let s = states.get(db);
  if (!s) {
    s = { enabled: null, entries: new Map(), versions: new WeakMap(), leadVersions: new WeakMap(), hits: 0, misses: 0, partial: 0, partialLeads: 0, refreshed: 0 };
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
export async function cachedKpiRows<T>(db: DataSource, scope: object | undefined, sql: string, params: unknown[], query: () => Promise<T[]>, byLead?: ByLead): Promise<T[]> {
  if (!scope) return query();
  const s = stateOf(db);
  if (s.enabled === false) return query();
  const version = await versionFor(db, s, scope);
  if (version === null) return query();
  const key = createHash('sha1').update(sql).update('\u0000').update(JSON.stringify(params)).digest('base64');
  const hit = s.entries.get(key);
  if (hit && hit.version === version) {
    s.hits++;
    hit.usedAt = Date.now();
    // Most recently used last.
    s.entries.delete(key);
    s.entries.set(key, hit);
    return (await hit.rows) as T[];
  }
  s.misses++;
  const run = query as () => Promise<unknown[]>;
  if (!byLead) return (await store(s, key, version, run, Date.now())) as T[];
  const leads = await leadVersionsFor(db, s, scope);
  // The database did not answer: this statement runs uncached (and reports its own error).
  if (!leads) return query();
  // A request in flight at this version may have stored it meanwhile.
  const now = s.entries.get(key);
  if (now && now.version === version) return (await now.rows) as T[];
  return (await storeByLead(s, key, version, run, byLead, leads, now ?? null, Date.now())) as T[];
}

/** The lead versions, read once per request (one statement) when a statement by lead is not cached at its version. */
function leadVersionsFor(db: DataSource, s: State, scope: object): Promise<LeadVersions | null> {
  let v = s.leadVersions.get(scope);
  if (!v) {
    v = readLeadVersions(db).catch(() => null);
    s.leadVersions.set(scope, v);
  }
  return v;
}

async function readLeadVersions(db: DataSource): Promise<LeadVersions> {
  const rows = (await db.query('SELECT lead_key, SUM(v) AS v FROM kpi_lead_version GROUP BY lead_key')) as { lead_key: string; v: unknown }[];
  return new Map(rows.map((r) => [String(r.lead_key), String(r.v)]));
}

/** The leads whose version differs between two readings; null when every lead changed (`*`, or no earlier reading). */
export function changedLeads(before: LeadVersions | null | undefined, now: LeadVersions): string[] | null {
  if (!before || (before.get(KPI_LEAD_ALL) ?? '0') !== (now.get(KPI_LEAD_ALL) ?? '0')) return null;
  const out: string[] = [];
  for (const lead of new Set([...before.keys(), ...now.keys()])) {
    if (lead !== KPI_LEAD_ALL && (before.get(lead) ?? '0') !== (now.get(lead) ?? '0')) out.push(lead);
  }
  return out.sort();
}

/**
 * Brings a statement by lead to `version`: from the earlier entry's rows, recomputing only the leads whose version
 * moved since (`leads`, read before the statement runs, so the rows are never older than the versions they are
 * kept under); or whole, when there is no usable earlier entry, a write belonged to every lead, or too many changed.
 */
function storeByLead(s: State, key: string, version: string, run: () => Promise<unknown[]>, byLead: ByLead, leads: LeadVersions, earlier: Entry | null, usedAt: number): Promise<unknown[]> {
  const changedParts = earlier?.byLead ? changedLeads(earlier.leads, leads) : null;
  // By whole lead: the leads of the parts that changed.
  const changed = changedParts && byLead.parts === false ? [...new Set(changedParts.map((k) => (k.includes('#') ? k.slice(0, k.lastIndexOf('#')) : k)))] : changedParts;
  let compute = run;
  if (earlier && changed && changed.length <= KPI_PARTIAL_LEADS) {
    const previous = earlier.rows;
    compute = async () => {
      if (!changed.length) return previous;
      const gone = new Set(changed);
      const [kept, fresh] = await Promise.all([previous, byLead.partial(changed)]);
      s.partial++;
      s.partialLeads += changed.length;
      return [...kept.filter((r) => !gone.has(String((r as Record<string, unknown>)[byLead.column]))), ...fresh];
    };
  }
  const rows = store(s, key, version, compute, usedAt, run);
  const entry = s.entries.get(key)!;
  entry.byLead = byLead;
  entry.leads = leads;
  // A row without a lead cannot be replaced by lead: that entry is recomputed whole next time.
  rows.then((list) => {
    if (list.some((r) => typeof (r as Record<string, unknown>)[byLead.column] !== 'string')) entry.leads = null;
  }, () => undefined);
  return rows;
}

/** Runs `compute` and keeps its (pending) rows under `version`; a failed statement is not kept. `run` runs it whole. */
function store(s: State, key: string, version: string, compute: () => Promise<unknown[]>, usedAt: number, run: () => Promise<unknown[]> = compute): Promise<unknown[]> {
  const rows = compute();
  const entry: Entry = { version, rows, run, usedAt };
  s.entries.delete(key);
  s.entries.set(key, entry);
  rows.catch(() => {
    if (s.entries.get(key) === entry) s.entries.delete(key);
  });
  while (s.entries.size > KPI_CACHE_ENTRIES) s.entries.delete(s.entries.keys().next().value as string);
  return rows;
}

export interface KpiRefreshOptions {
  /** How often the data version is read (ms). */
  pollMs?: number;
  /** Only statements a request used within this window are recomputed (ms). */
  recentMs?: number;
  /** At most this many statements per pass, the most recently used first. */
  maxStatements?: number;
  logger?: Logger;
}

/**
 * Recomputes, after a write, the KPI statements requests used recently, so that the next reader finds them ready
 * instead of paying the cold cost (seconds at national scale). It reads the data version every `pollMs`; once the
 * version has held still for one poll (an import writing row after row is not chased), it runs the recently used
 * statements again one at a time, most recent first, and keeps their rows under the new version. No figure is ever
 * served stale: a reader at the new version either finds the recomputed rows, joins the statement in flight, or runs
 * it itself; a write during the pass stops it (the next quiet poll starts again). One statement at a time leaves the
 * other core to the API. Off with KPI_REFRESH=off.
 */
export function startKpiRefresh(db: DataSource, options: KpiRefreshOptions = {}): { stop(): Promise<void>; idle(): Promise<void> } {
  const pollMs = options.pollMs ?? 2_000;
  const recentMs = options.recentMs ?? 60 * 60_000;
  const maxStatements = options.maxStatements ?? 100;
  const s = stateOf(db);
  let lastRead: string | null = null;
  let refreshedFor: string | null = null;
  let stopped = false;
  let running: Promise<void> | null = null;
  const read = async (): Promise<string | null> => {
    const rows = (await db.query('SELECT SUM(v) AS v FROM kpi_data_version')) as { v: unknown }[];
    return String(rows[0]?.v ?? '0');
  };
  const pass = async (version: string) => {
    const cutoff = Date.now() - recentMs;
    const due = [...s.entries].filter(([, e]) => e.version !== version && e.usedAt >= cutoff).sort((a, b) => b[1].usedAt - a[1].usedAt).slice(0, maxStatements);
    if (!due.length) return;
    const started = Date.now();
    let done = 0;
    // Read before any statement runs: rows are never older than the lead versions they are kept under.
    const leads = due.some(([, e]) => e.byLead) ? await readLeadVersions(db) : null;
    for (const [key, entry] of due) {
      if (stopped) return;
      const current = s.entries.get(key);
      // Evicted, or a request already computed it at this version.
      if (current !== entry) continue;
      // A write since the pass began: these rows would be obsolete at once; the next quiet poll starts again.
      if ((await read()) !== version) return;
      await (entry.byLead && leads ? storeByLead(s, key, version, entry.run, entry.byLead, leads, entry, entry.usedAt) : store(s, key, version, entry.run, entry.usedAt)).catch(() => undefined);
      s.refreshed++;
      done++;
    }
    options.logger?.info({ statements: done, ms: Date.now() - started }, 'KPI figures recomputed after a write');
  };
  const tick = () => {
    if (running || stopped || s.enabled !== true) return;
    running = (async () => {
      const version = await read();
      // Still changing: wait until it holds still for one poll.
      if (version !== lastRead) {
        lastRead = version;
        return;
      }
      if (version === null || version === refreshedFor) return;
      refreshedFor = version;
      await pass(version);
    })()
      .catch((error: Error) => options.logger?.debug({ err: error.message }, 'KPI refresh skipped: the database did not answer'))
      .finally(() => {
        running = null;
      });
  };
  const timer = setInterval(tick, pollMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
    /** Resolves when no pass is running (tests). */
    async idle() {
      await running;
    },
  };
}

/** Hits, misses, entries and whether the cache is on (tests). */
export function kpiCacheStats(db: DataSource): { enabled: boolean; hits: number; misses: number; entries: number; refreshed: number; partial: number; partialLeads: number } {
  const s = stateOf(db);
  return { enabled: s.enabled === true, hits: s.hits, misses: s.misses, entries: s.entries.size, refreshed: s.refreshed, partial: s.partial, partialLeads: s.partialLeads };
}
