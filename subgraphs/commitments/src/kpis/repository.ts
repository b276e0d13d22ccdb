import type { DataSource } from 'typeorm';
import { addDays } from '@accords/rules';
import { startOfLegalDay, type Period } from './period';
import thresholdsFile from './policy/stalled-thresholds.json';
import { cachedKpiRows } from './cache';
import { KPI_NO_LEAD } from '../db/migrations/1767400000000-KpiLeadVersion';

/**
 * KPI SQL (DESIGN section 6). Every figure is a grouped or windowed statement over the commitments a filter selects;
 * a "group" expression turns the same statement into a league table (one row per ministry or province) or a national
 * figure (one group). Statements per request depend on the figures asked for, never on the number of rows.
 *
 * Both engines: MariaDB/MySQL and SQLite (sql.js). Datetimes are stored in UTC; a civil date in +07:00 is derived
 * with `civil()`, and an instant is compared with the UTC start of a legal day (`startOfLegalDay`).
 */

export type Engine = 'mysql' | 'sqlite';

/** The K1 breakdowns (`SignedKpi.byMonth` and `byQuarter`, `byField`, `byPartner`, `byAgency`, `byLevel`). */
export const BREAKDOWN_DIMS = ['MONTH', 'FIELD', 'PARTNER', 'AGENCY', 'LEVEL'] as const;
export type BreakdownDim = (typeof BREAKDOWN_DIMS)[number];
const ALL_BREAKDOWNS: ReadonlySet<BreakdownDim> = new Set(BREAKDOWN_DIMS);

export const ACTIVE_LEGAL = ['SIGNED', 'IN_FORCE', 'AMENDED', 'EXTENDED'];
export const SIX = ['PERSON', 'TASK', 'TIME', 'AUTHORITY', 'RESPONSIBILITY', 'PRODUCT'] as const;

export interface StalledThresholds {
  version: string;
  effectiveFrom: string;
  noUpdateDays: number;
  milestoneOverdueDays: number;
  obstacleOpenDays: number;
  unchangedReviews: number;
}

/** The K17 thresholds in force on `asOf`: the published version with the latest effective date on or before it. */
export function stalledThresholds(asOf: string): StalledThresholds {
  const versions = [...thresholdsFile.versions].sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  return versions.filter((v) => v.effectiveFrom <= asOf).pop() ?? versions[0];
}

/** What a KPI request selects, resolved to ids (locality scopes and partner groupings come from their subgraphs). */
export interface ResolvedFilter {
  lead?: { type: string; id: string } | null;
  /** A locality's scope: the unit, the units under it and those merged into it. */
  localityIds?: string[] | null;
  partnerIds?: string[] | null;
  field?: string | null;
  instrumentClass?: string | null;
  signatoryLevel?: string | null;
  /**
   * Only these parts of leads (`TYPE:id#x`, as `leadKey()`): a statement by lead recomputed for the parts a write touched
   * (`runByLead`, kpis/cache.ts). Also narrows the per-commitment derived tables that other filters leave whole.
   */
  leads?: string[] | null;
}

export type Row = { g: unknown } & Record<string, unknown>;

export interface Sql {
  sql: string;
  params: unknown[];
}

/**
 * The point(s) a statement is judged at: a period [from, to) and its as-of date, keyed `k`. A statement is written
 * once with `{name}` tokens for the point's values (`{asOf}`, `{endTs}`, ...): for one point each token is bound as a
 * parameter; for a series of points (kpiSeries) the points become a derived table `pt` joined into the statement,
 * each token reads its column, and the statement groups by `pt.k` — one statement however many quarters.
 */
export interface Point {
  k: string;
  from: string;
  toExclusive: string;
  asOf: string;
}

type PointValues = Record<string, string | number>;

/** The values a statement may refer to as `{name}`, all derived from the point (thresholds: the version in force on asOf). */
function pointValues(p: Point): PointValues {
  const t = stalledThresholds(p.asOf);
  return {
    k: p.k,
    pFrom: p.from,
    pTo: p.toExclusive,
    asOf: p.asOf,
    // The UTC instant that ends the as-of day in +07:00 (instants before it happened by asOf).
    endTs: startOfLegalDay(addDays(p.asOf, 1)),
    odBefore: addDays(p.asOf, -t.milestoneOverdueDays),
    obBefore: addDays(p.asOf, -t.obstacleOpenDays),
    noUpdateDays: t.noUpdateDays,
    unchangedN: t.unchangedReviews,
  };
}
const TS_VALUES = new Set(['endTs']);
const TEXT_VALUES = new Set(['k']);
const INT_VALUES = new Set(['noUpdateDays', 'unchangedN']);

export class At {
  private constructor(readonly points: Point[], readonly series: boolean) {}
  /** One point: tokens become parameters. */
  static one(p: Pick<Period, 'from' | 'toExclusive'>, asOf: string): At {
    return new At([{ k: '*', from: p.from, toExclusive: p.toExclusive, asOf }], false);
  }
  /** Several points (a series): tokens read the columns of the derived table `pt`. */
  static many(points: Point[]): At {
    return new At(points, true);
  }
  /** ` CROSS JOIN pt` for a series (rows repeat per point), nothing for one point. */
  get cross(): string {
    return this.series ? ' CROSS JOIN pt' : '';
  }
  /** ` JOIN pt ON pt.k = <alias>.g` for a series: the point of a row already keyed by point. */
  ptOf(alias: string): string {
    return this.series ? ` JOIN pt ON pt.k = ${alias}.g` : '';
  }
  /** `, pt.k` in a select list or GROUP BY for a series. */
  get k(): string {
    return this.series ? ', pt.k' : '';
  }
  /** ` AND <x>.k = <a>.g`: a per-commitment derived table matched to the same point (series only). */
  same(x: string, a: string): string {
    return this.series ? ` AND ${x}.k = ${a}.g` : '';
  }
  /** The group of a series: its point. */
  group(g: Sql): Sql {
    return this.series ? { sql: 'pt.k', params: [] } : g;
  }
}

const marks = (n: number) => Array.from({ length: n }, () => '?').join(', ');
const inList = (values: readonly string[]) => `(${marks(values.length)})`;

export class KpiSql {
  readonly engine: Engine;
  /** This instance's statements by text and parameters (with a request only). */
  private readonly statements = new Map<string, Promise<unknown[]>>();
  /**
   * `request`: any object per request (e.g. the GraphQL context): its statements go through the KPI result
   * cache (kpis/cache.ts), which reads the data version once per request, and an identical statement runs once per
   * instance even when that cache is off (e.g. `sixClear` and `stalled`, both the stock statement). Without one, every
   * statement runs (scripts that time them).
   */
  constructor(readonly db: DataSource, readonly request?: object) {
    this.engine = db.options.type === 'sqljs' || db.options.type === 'sqlite' || db.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql';
  }

  /**
   * Milestones read per commitment from the covering KPI index (IDX_milestone_kpi) on MySQL/MariaDB: left to itself,
   * MariaDB picks the narrower commitment_id index and reads every milestone row from the table (measured at
   * 1,000,000 milestones: 4.5 s instead of 2.1 s for K3). SQLite chooses by itself.
   */
  protected get milestoneIndex(): string {
    return this.engine === 'mysql' ? ' FORCE INDEX (IDX_milestone_kpi)' : '';
  }

  /**
   * A commitment's earliest milestone start read from (commitment_id, actual_start) alone (IDX_milestone_start) on
   * MySQL/MariaDB: MariaDB splits the grouped derived table into a lookup per commitment and, left to itself, reads
   * each commitment's milestone rows through the commitment_id index (measured at 1,000,000 milestones: K5 1.2 s
   * instead of 0.6 s). SQLite chooses by itself.
   */
  protected get milestoneStartIndex(): string {
    return this.engine === 'mysql' ? ' FORCE INDEX (IDX_milestone_start)' : '';
  }

  /** The civil date in +07:00 of a UTC datetime column. */
  civil(col: string): string {
    return this.engine === 'mysql' ? `DATE(DATE_ADD(${col}, INTERVAL 7 HOUR))` : `date(${col}, '+7 hours')`;
  }

  /** Whole days from civil date `b` to civil date `a` (a − b). */
  days(a: string, b: string): string {
    return this.engine === 'mysql' ? `DATEDIFF(${a}, ${b})` : `CAST(ROUND(julianday(${a}) - julianday(${b})) AS INTEGER)`;
  }

  /** The WHERE conditions of a filter over commitment alias `c`. */
  where(f: ResolvedFilter, c = 'c'): Sql {
    const parts: string[] = [];
    const params: unknown[] = [];
    if (f.lead) {
      if (f.lead.type === 'MINISTRY') {
        parts.push(`((${c}.lead_agency_type = 'MINISTRY' AND ${c}.lead_agency_id = ?) OR (${c}.lead_agency_type = 'MINISTRY_UNIT' AND ${c}.lead_agency_id LIKE ?))`);
        params.push(f.lead.id, `${f.lead.id}-%`);
      } else if (f.lead.type !== 'LOCALITY') {
        parts.push(`(${c}.lead_agency_type = ? AND ${c}.lead_agency_id = ?)`);
        params.push(f.lead.type, f.lead.id);
      }
    }
    if (f.localityIds) {
      const ids = f.localityIds.length ? f.localityIds : ['\u0000none'];
      // A provincial department (01-SNV) belongs to its province (01).
      parts.push(
        `((${c}.lead_agency_type = 'LOCALITY' AND ${c}.lead_agency_id IN ${inList(ids)}) OR (${c}.lead_agency_type = 'PROVINCIAL_DEPARTMENT' AND SUBSTR(${c}.lead_agency_id, 1, INSTR(${c}.lead_agency_id, '-') - 1) IN ${inList(ids)}))`,
      );
      params.push(...ids, ...ids);
    }
    if (f.partnerIds) {
      const ids = f.partnerIds.length ? f.partnerIds : ['\u0000none'];
      parts.push(`EXISTS (SELECT 1 FROM commitment_partner cp WHERE cp.commitment_id = ${c}.id AND cp.partner_id IN ${inList(ids)})`);
      params.push(...ids);
    }
    if (f.field) {
      parts.push(`EXISTS (SELECT 1 FROM commitment_field cf WHERE cf.commitment_id = ${c}.id AND cf.field = ?)`);
      params.push(f.field);
    }
    if (f.instrumentClass) {
      parts.push(`${c}.instrument_class = ?`);
      params.push(f.instrumentClass);
    }
    if (f.leads) {
      const keys = f.leads.map(splitLead);
      const last = this.engine === 'mysql' ? `RIGHT(${c}.id, 1)` : `substr(${c}.id, -1)`;
      parts.push(keys.length ? `(${keys.map(([, , x]) => `(${c}.lead_agency_type = ? AND ${c}.lead_agency_id = ?${x === null ? '' : ` AND ${last} = ?`})`).join(' OR ')})` : '1 = 0');
      params.push(...keys.flatMap(([type, id, x]) => (x === null ? [type, id] : [type, id, x])));
    }
    if (f.signatoryLevel) {
      // The V1 snapshot is JSON written by JSON.stringify (no spaces): the level is matched as its member text.
      parts.push(`${c}.capability_snapshot LIKE ?`);
      params.push(`%"signatoryLevel":"${f.signatoryLevel.replace(/[^A-Z_]/g, '')}"%`);
    }
    return { sql: parts.length ? parts.join(' AND ') : '1 = 1', params };
  }

  /** A commitment's scope for a per-commitment derived table over `alias` (a filtered request reads only its commitments). */
  protected scope(f: ResolvedFilter, alias: string): Sql {
    const w = this.where(f, 'cs');
    return w.sql === '1 = 1' ? { sql: '', params: [] } : { sql: ` JOIN commitment cs ON cs.id = ${alias}.commitment_id AND ${w.sql}`, params: w.params };
  }

  /** `scope` for a restriction to some leads only (nothing otherwise): derived tables other filters leave whole. */
  protected leadScope(f: ResolvedFilter, alias: string): Sql {
    return f.leads ? this.scope({ leads: f.leads }, alias) : { sql: '', params: [] };
  }

  /**
   * The legal status on `asOf` of the commitments that have legal events, as a derived table `(commitment_id, status)`
   * grouped once (not a lookup per commitment): the last event before the end of that day, or NULL when there was
   * none yet. Commitments without events (imported or demo rows) keep the status they have now. When no event is dated
   * after that day, the status now is the status then (every status change appends its event), so the history is not
   * recomputed: the table is empty and the stored status is read.
   */
  private legalAt(at: At, scope: Sql): string {
    return `(SELECT r.commitment_id${at.series ? ', r.k' : ''}, CASE WHEN r.before_end = 1 THEN r.to_status END AS status FROM (
        SELECT e.commitment_id${at.series ? ', pt.k AS k' : ''}, e.to_status, CASE WHEN e.occurred_at < {endTs} THEN 1 ELSE 0 END AS before_end,
               ROW_NUMBER() OVER (PARTITION BY e.commitment_id${at.k} ORDER BY CASE WHEN e.occurred_at < {endTs} THEN 0 ELSE 1 END, e.occurred_at DESC, e.id DESC) AS rn
          FROM legal_event e${scope.sql}${at.cross}
         WHERE EXISTS (SELECT 1 FROM legal_event z WHERE z.occurred_at >= {endTs})) r WHERE r.rn = 1)`;
  }

  /** Commitments active on `asOf` (stock KPIs): signed by then, legal status active then, implementation not closed/cancelled. */
  activeAt(f: ResolvedFilter, at: At, group: Sql): Sql {
    const w = this.where(f);
    const g = at.group(group);
    const legal = this.leadScope(f, 'e');
    return {
      sql: `SELECT c.*, ${g.sql} AS g FROM commitment c${at.cross}
          LEFT JOIN ${this.legalAt(at, legal)} ls ON ls.commitment_id = c.id${at.series ? ' AND ls.k = pt.k' : ''}
        WHERE ${w.sql} AND c.signed_on IS NOT NULL AND c.signed_on <= {asOf}
          AND c.implementation_status NOT IN ('CLOSED', 'CANCELLED')
          AND (CASE WHEN ls.commitment_id IS NULL THEN c.legal_status ELSE ls.status END) IN ${inList(ACTIVE_LEGAL)}`,
      params: [...g.params, ...legal.params, ...w.params, ...ACTIVE_LEGAL],
    };
  }

  /**
   * Runs a statement. `?` marks take `params` in text order; `{name}` tokens take the values of `at`'s point (bound
   * in place for one point; for a series, read from the derived table `pt`, which is prepended as a CTE).
   */
  async run<T>(q: Sql, at?: At): Promise<T[]> {
    const { sql, params } = this.prepare(q, at);
    if (!this.request) return this.db.query(sql, params);
    return this.shared(sql, params, () => cachedKpiRows(this.db, this.request, sql, params, () => this.db.query(sql, params))) as Promise<T[]>;
  }

  /**
   * A statement grouped by lead (`build(f)`; each row carries its key in `column`: the part of a lead, `TYPE:id#x`, or
   * with `parts` false the whole lead, `TYPE:id`; and depends on that key's commitments only): cached by lead, so after
   * a write only the parts or leads it touched are recomputed, with `build` restricted to them
   * (`ResolvedFilter.leads`), and merged with the others' cached rows (kpis/cache.ts).
   */
  protected runByLead<T>(f: ResolvedFilter, build: (f: ResolvedFilter) => { q: Sql; at?: At }, column = 'g', parts = true, whole = build(f)): Promise<T[]> {
    const { sql, params } = this.prepare(whole.q, whole.at);
    if (!this.request) return this.db.query(sql, params);
    const partial = (leads: string[]) => {
      const some = build({ ...f, leads: f.leads ? f.leads.filter((l) => leads.includes(l)) : leads });
      const q = this.prepare(some.q, some.at);
      return this.db.query(q.sql, q.params) as Promise<unknown[]>;
    };
    return this.shared(sql, params, () => cachedKpiRows(this.db, this.request, sql, params, () => this.db.query(sql, params), { column, partial, parts })) as Promise<T[]>;
  }

  /**
   * The first `limit` rows of a list ordered by `order` (columns of `build`'s rows, each ascending or descending; the
   * last one unique), as the lists behind a figure and the attention list show them. By lead: the statement keeps
   * each lead's first `limit` rows (numbered per lead by a window), and they are merged and cut here, so after a
   * write only the touched leads' lists are read again. `build` gives the list's CTEs (without WITH; may be empty)
   * and its SELECT, which selects the lead as `g` and has no ORDER BY or LIMIT of its own; `params` in text order.
   */
  async topByLead<T extends Row>(f: ResolvedFilter, build: (f: ResolvedFilter) => { ctes: string; select: string; params: unknown[]; at?: At }, order: [string, 'ASC' | 'DESC'][], limit: number): Promise<T[]> {
    const by = order.map(([c, d]) => `lst.${c} ${d}`).join(', ');
    const rows = await this.runByLead<T>(f, (f) => {
      const b = build(f);
      return {
        q: {
          sql: `WITH ${b.ctes ? `${b.ctes},\n` : ''}lst AS (${b.select})
            SELECT y.* FROM (SELECT lst.*, ROW_NUMBER() OVER (PARTITION BY lst.g ORDER BY ${by}) AS rn_lead FROM lst) y WHERE y.rn_lead <= ?`,
          params: [...b.params, limit],
        },
        at: b.at,
      };
    });
    return derived(rows, `top:${JSON.stringify(order)}:${limit}`, () => firstRows(rows, order, limit));
  }

  /** A statement grouped by `group`: by lead (runByLead) when the group is the lead and the point is one. */
  protected grouped<T>(f: ResolvedFilter, group: Sql, build: (f: ResolvedFilter) => { q: Sql; at?: At }): Promise<T[]> {
    const whole = build(f);
    if (group.sql === this.leadKey().sql && !whole.at?.series) return this.runByLead<T>(f, build, 'g', true, whole);
    return this.run<T>(whole.q, whole.at);
  }

  /** An identical statement runs once per instance (e.g. `sixClear` and `stalled`, both the stock statement). */
  private shared(sql: string, params: unknown[], work: () => Promise<unknown[]>): Promise<unknown[]> {
    const key = JSON.stringify([sql, params]);
    let rows = this.statements.get(key);
    if (!rows) this.statements.set(key, (rows = work()));
    return rows;
  }

  /** The statement's text and parameters: `?` marks take `q.params`, `{name}` tokens `at`'s point (see run). */
  private prepare(q: Sql, at?: At): Sql {
    const out: unknown[] = [];
    let i = 0;
    const values = at && !at.series ? pointValues(at.points[0]) : null;
    let sql = q.sql.replace(/\?|\{([a-zA-Z]+)\}/g, (mark, name: string | undefined) => {
      if (mark === '?') {
        out.push(q.params[i++]);
        return '?';
      }
      if (!at) throw new Error(`KPI SQL token ${mark} without a point`);
      if (at.series) return `pt.${name}`;
      if (!(name! in values!)) throw new Error(`KPI SQL token ${mark} is not a point value`);
      out.push(values![name!]);
      return '?';
    });
    // The MySQL driver ignores surplus parameters silently: a miscount would shift every later one.
    if (i !== q.params.length) throw new Error(`KPI SQL has ${i} placeholders but ${q.params.length} parameters`);
    if (at?.series) {
      const pt = this.pointsTable(at.points);
      sql = /^\s*WITH\s/i.test(sql) ? sql.replace(/^\s*WITH\s/i, `WITH ${pt.sql}, `) : `WITH ${pt.sql} ${sql}`;
      out.unshift(...pt.params);
    }
    return { sql, params: out };
  }

  /** `pt AS (SELECT ... UNION ALL ...)`: one row per point, a column per point value. */
  private pointsTable(points: Point[]): Sql {
    const params: unknown[] = [];
    const cast = (name: string) => {
      if (this.engine !== 'mysql' || INT_VALUES.has(name)) return '?';
      if (TEXT_VALUES.has(name)) return 'CAST(? AS CHAR(40))';
      return TS_VALUES.has(name) ? 'CAST(? AS DATETIME)' : 'CAST(? AS DATE)';
    };
    const rows = points.map((p) => {
      const v = pointValues(p);
      params.push(...Object.values(v));
      return `SELECT ${Object.keys(v).map((name) => `${cast(name)} AS ${name}`).join(', ')}`;
    });
    return { sql: `pt AS (${rows.join(' UNION ALL ')})`, params };
  }

  // ---------------------------------------------------------------- K1, K2

  /** K1 N(P) and N(P − 1 year) per group in one statement. */
  signedCounts(f: ResolvedFilter, p: Period, prev: Period | null, group: Sql): Promise<{ g: string; n: unknown; prev: unknown }[]> {
    return this.grouped(f, group, (f) => this.signedCountsSql(f, p, prev, group));
  }

  private signedCountsSql(f: ResolvedFilter, p: Period, prev: Period | null, group: Sql): { q: Sql } {
    const w = this.where(f);
    const pr = prev ?? { from: '0000-01-01', toExclusive: '0000-01-01' };
    return {
      q: {
        sql: `SELECT ${group.sql} AS g,
          SUM(CASE WHEN c.signed_on >= ? AND c.signed_on < ? THEN 1 ELSE 0 END) AS n,
          SUM(CASE WHEN c.signed_on >= ? AND c.signed_on < ? THEN 1 ELSE 0 END) AS prev
        FROM commitment c
        WHERE ${w.sql} AND ((c.signed_on >= ? AND c.signed_on < ?) OR (c.signed_on >= ? AND c.signed_on < ?))
        GROUP BY g`,
        params: [...group.params, p.from, p.toExclusive, pr.from, pr.toExclusive, ...w.params, p.from, p.toExclusive, pr.from, pr.toExclusive],
      },
    };
  }

  /**
   * K1 breakdowns in one statement, for the dimensions asked for only (by month, field, partner, lead agency,
   * signatory level; none: no statement). Each is an arm over the period's commitments `s`, which MariaDB computes once
   * per arm that names it: over the 2021–2025 term at 100,000 commitments the field alone took 0.33–0.37 s, all five
   * 0.8–1.1 s.
   */
  async signedBreakdown(f: ResolvedFilter, p: Period, dims: ReadonlySet<BreakdownDim> = ALL_BREAKDOWNS): Promise<{ dim: string; k: string; n: unknown }[]> {
    if (!dims.size) return [];
    // By lead (each arm grouped by lead too), summed here: after a write only the touched leads are counted again.
    const rows = await this.runByLead<Row>(f, (f) => this.signedBreakdownByLead(f, p, dims), 'g', false);
    return foldRows(rows, nationalFold, ['dim', 'k']).map((r) => ({ dim: String(r.dim), k: r.k as string, n: r.n }));
  }

  private signedBreakdownByLead(f: ResolvedFilter, p: Period, dims: ReadonlySet<BreakdownDim>): { q: Sql } {
    const w = this.where(f);
    const level = this.engine === 'mysql'
      ? `SUBSTRING_INDEX(SUBSTRING_INDEX(s.capability_snapshot, '"signatoryLevel":"', -1), '"', 1)`
      : `SUBSTR(SUBSTR(s.capability_snapshot, INSTR(s.capability_snapshot, '"signatoryLevel":"') + 18), 1, INSTR(SUBSTR(s.capability_snapshot, INSTR(s.capability_snapshot, '"signatoryLevel":"') + 18), '"') - 1)`;
    const arms: Record<BreakdownDim, string> = {
      MONTH: `SELECT 'MONTH' AS dim, s.g, SUBSTR(s.signed_on, 1, 7) AS k, COUNT(*) AS n FROM s GROUP BY s.g, SUBSTR(s.signed_on, 1, 7)`,
      FIELD: `SELECT 'FIELD' AS dim, s.g, cf.field AS k, COUNT(*) AS n FROM s JOIN commitment_field cf ON cf.commitment_id = s.id GROUP BY s.g, cf.field`,
      PARTNER: `SELECT 'PARTNER' AS dim, s.g, cp.partner_id AS k, COUNT(*) AS n FROM s JOIN commitment_partner cp ON cp.commitment_id = s.id GROUP BY s.g, cp.partner_id`,
      AGENCY: `SELECT 'AGENCY' AS dim, s.g, s.g AS k, COUNT(*) AS n FROM s GROUP BY s.g`,
      LEVEL: `SELECT 'LEVEL' AS dim, s.g, ${level} AS k, COUNT(*) AS n FROM s WHERE s.capability_snapshot LIKE '%"signatoryLevel":"%' GROUP BY s.g, ${level}`,
    };
    const columns = ['c.id', 'c.signed_on', `${this.wholeLeadKey().sql} AS g`, ...(dims.has('LEVEL') ? ['c.capability_snapshot'] : [])];
    return {
      q: {
        sql: `WITH s AS (SELECT ${columns.join(', ')} FROM commitment c WHERE ${w.sql} AND c.signed_on >= ? AND c.signed_on < ?)
        ${BREAKDOWN_DIMS.filter((d) => dims.has(d)).map((d) => arms[d]).join('\n        UNION ALL ')}`,
        params: [...w.params, p.from, p.toExclusive],
      },
    };
  }

  /** K1 by quarter over a range (series): counts per month, folded to quarters by the caller. */
  signedByMonth(f: ResolvedFilter, from: string, toExclusive: string): Promise<{ k: string; n: unknown }[]> {
    const w = this.where(f);
    return this.run({
      sql: `SELECT SUBSTR(c.signed_on, 1, 7) AS k, COUNT(*) AS n FROM commitment c
        WHERE ${w.sql} AND c.signed_on >= ? AND c.signed_on < ? GROUP BY SUBSTR(c.signed_on, 1, 7)`,
      params: [...w.params, from, toExclusive],
    });
  }

  /** Commitments signed in P (behind K1), one page after the cursor. */
  signedIds(f: ResolvedFilter, p: Period, page: IdPage): Promise<{ id: string }[]> {
    const w = this.where(f);
    const after = keysetAfter(page, 'c.signed_on', 'c.id');
    return this.run({
      sql: `SELECT c.id, c.signed_on AS k1 FROM commitment c WHERE ${w.sql} AND c.signed_on >= ? AND c.signed_on < ? ${after.sql} ORDER BY c.signed_on, c.id LIMIT ?`,
      params: [...w.params, p.from, p.toExclusive, ...after.params, page.limit],
    });
  }

  /**
   * The lead and a sixteenth of its commitments, as `TYPE:id#x` (x the last character of the commitment's id; see
   * `leadKeySql`): the finest grouping of every figure by lead. The stock figures K3 and K17, for instance, are
   * computed once per filter and as-of date by lead and folded in Node (`foldByLead`) into the national figure and the ministries' and provinces'
   * league-table rows, so a dashboard or the term report that shows all three reads the commitments once per figure,
   * not three times (176 leads summed at 100,000 commitments, never a row per commitment). Measured one at a time at
   * 100,000 commitments, idle, three rounds, when K3 and K17 were still two statements: by lead K3 2.35–2.46 s and
   * K17 1.76–1.81 s, the national statement 2.17–2.30 s and 1.72–1.75 s, by ministry 2.31–2.47 s and 2.39–2.65 s
   * (they are now one, `stock`).
   */
  leadKey(): Sql {
    return { sql: leadKeySql(this.engine, 'c'), params: [] };
  }

  /**
   * The whole lead, `TYPE:id`: the key of the statements whose rows would multiply with the parts (K1's breakdowns,
   * the histograms of K7, K10, K18–K20). Measured at national scale, by part they returned over 100,000 rows, whose
   * folding in Node made the request after a write slower than recomputing the whole lead (`runByLead(..., false)`).
   */
  wholeLeadKey(): Sql {
    return { sql: leadKeySql(this.engine, 'c', false), params: [] };
  }

  // ---------------------------------------------------------------- K3

  /**
   * K3's inputs per commitment on `asOf`, each read once, grouped per commitment, and joined (no lookup per
   * commitment): `ms`, the milestone counts (with `overdue`, also K17's flag for a milestone overdue by the threshold,
   * from the same reading of the milestones), `pa`, the parties, and `ind`, the indicators with a target.
   */
  private sixClearInputs(f: ResolvedFilter, at: At, overdue: boolean): Sql {
    const ms = this.scope(f, 'm');
    const pl = this.leadScope(f, 'pl');
    const ip = this.leadScope(f, 'ip');
    // A milestone is cancelled on asOf when cancelled by then and not completed by then; open when neither done nor cancelled.
    const live = `NOT (m.cancelled_at IS NOT NULL AND m.cancelled_at < {endTs} AND (m.completed_at IS NULL OR m.completed_at >= {endTs}))`;
    const open = `${live} AND (m.completed_at IS NULL OR m.completed_at >= {endTs})`;
    const count = (cond: string) => `SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;
    return {
      sql: `ms AS (SELECT m.commitment_id AS id${at.series ? ', pt.k AS k' : ''},
                 ${count(`${open} AND m.responsible_official_id IS NULL`)} AS unassigned,
                 ${count(`${live} AND ap.status = 'APPROVED'`)} AS approved,
                 ${count(`${live} AND m.due_on IS NULL`)} AS undated,
                 ${count(`${live} AND (m.deliverable IS NULL OR m.deliverable = '')`)} AS undelivered${overdue ? `,
                 MAX(CASE WHEN ${KpiSql.OVERDUE} THEN 1 ELSE 0 END) AS overdue` : ''}
               FROM milestone m${this.milestoneIndex} LEFT JOIN action_program ap ON ap.id = m.program_id${ms.sql}${at.cross}
               GROUP BY m.commitment_id${at.k}),
        pa AS (SELECT pl.commitment_id AS id, ${count(`pl.role = 'LEAD'`)} AS leads,
                 ${count(`pl.role = 'LEAD' AND pl.responsible_official_id IS NOT NULL`)} AS lead_official,
                 ${count(`pl.role IN ('COORDINATING', 'IMPLEMENTING') AND (pl.role_description IS NULL OR pl.role_description = '')`)} AS undescribed
               FROM commitment_party pl${pl.sql} GROUP BY pl.commitment_id),
        ind AS (SELECT ip.commitment_id AS id FROM indicator_period ip${ip.sql} WHERE ip.target IS NOT NULL GROUP BY ip.commitment_id)`,
      params: [...ms.params, ...pl.params, ...ip.params],
    };
  }

  /** K17: a milestone not done and not cancelled on asOf whose due date is at least the threshold before it. */
  private static readonly OVERDUE = `m.due_on <= {odBefore} AND (m.completed_at IS NULL OR m.completed_at >= {endTs}) AND (m.cancelled_at IS NULL OR m.cancelled_at >= {endTs})`;

  /** The six-clear flags (1 clear, 0 missing) of active commitment `a` joined to the inputs. Same rules as domain/six-clear.ts. */
  private sixFlags(at: At): { columns: string; joins: string } {
    const flag = (cond: string) => `CASE WHEN ${cond} THEN 1 ELSE 0 END`;
    return {
      columns: `${flag(`pa.lead_official > 0 AND COALESCE(ms.unassigned, 0) = 0`)} AS person,
          ${flag(`ms.approved > 0`)} AS task,
          ${flag(`a.planned_end IS NOT NULL AND COALESCE(ms.undated, 0) = 0`)} AS time_,
          ${flag(`a.signed_at IS NOT NULL AND (a.instrument_class <> 'INTERNATIONAL_AGREEMENT' OR a.capability_snapshot LIKE '%"maySign":true%')
                 AND a.decided_by IS NOT NULL AND (a.signed_by IS NULL OR a.signed_by = a.decided_by OR a.signer_delegation_id IS NOT NULL)`)} AS authority,
          ${flag(`pa.leads = 1 AND pa.undescribed = 0`)} AS responsibility,
          ${flag(`COALESCE(ms.undelivered, 0) = 0 AND ind.id IS NOT NULL`)} AS product`,
      joins: ` LEFT JOIN ms ON ms.id = a.id${at.same('ms', 'a')} LEFT JOIN pa ON pa.id = a.id LEFT JOIN ind ON ind.id = a.id`,
    };
  }

  /** Per active commitment on `asOf`: each six-clear flag as 1 (clear) or 0 (missing). */
  private sixClearRows(f: ResolvedFilter, at: At, group: Sql): Sql {
    const act = this.activeAt(f, at, group);
    const inputs = this.sixClearInputs(f, at, false);
    const six = this.sixFlags(at);
    return {
      sql: `act AS (${act.sql}), ${inputs.sql},
        sc AS (SELECT a.id, a.g, ${six.columns} FROM act a${six.joins})`,
      params: [...act.params, ...inputs.params],
    };
  }

  /** K3's sums per group over rows with the six flags. */
  private static readonly SIX_SUMS = `SUM(CASE WHEN person + task + time_ + authority + responsibility + product = 6 THEN 1 ELSE 0 END) AS complete,
          SUM(person + task + time_ + authority + responsibility + product) AS flags,
          SUM(1 - person) AS m_person, SUM(1 - task) AS m_task, SUM(1 - time_) AS m_time,
          SUM(1 - authority) AS m_authority, SUM(1 - responsibility) AS m_responsibility, SUM(1 - product) AS m_product`;

  /** K17's sums per group over rows with the four stalled conditions. */
  private static readonly STALLED_SUMS = `SUM(CASE WHEN no_update + overdue + obstacle + unchanged > 0 THEN 1 ELSE 0 END) AS stalled,
          SUM(no_update) AS no_update, SUM(overdue) AS overdue, SUM(obstacle) AS obstacle, SUM(unchanged) AS unchanged`;

  /**
   * K3 and K17 on `asOf` per group, in one statement: `active`, K3's sums (complete, flags, m_*) and K17's (stalled,
   * no_update, overdue, obstacle, unchanged). Both are stock figures over the same active commitments, and K17's
   * overdue milestones come from the same reading of the milestones as K3's counts, so computed together they read
   * the commitments, their legal history and their milestones once instead of twice. Measured at 100,000
   * commitments, 1,000,000 milestones, on 2025-12-31 by lead: 3.0–3.2 s together against 1.7–1.8 s (K3) plus
   * 2.0–2.1 s (K17) apart, the same rows. `sixClear` and `stalled` are this statement, so a request (or the term
   * report's two series) asking for both runs it once: the KPI result cache keys it by its text.
   */
  stock(f: ResolvedFilter, asOf: string | At, group: Sql): Promise<Row[]> {
    const at = typeof asOf === 'string' ? At.one({ from: asOf, toExclusive: asOf }, asOf) : asOf;
    return this.grouped(f, group, (f) => this.stockSql(f, at, group));
  }

  private stockSql(f: ResolvedFilter, at: At, group: Sql): { q: Sql; at: At } {
    const act = this.activeAt(f, at, group);
    const six = this.sixClearInputs(f, at, true);
    const st = this.stalledInputs(f, at, false);
    const flags = this.sixFlags(at);
    return {
      q: {
        sql: `WITH act AS (${act.sql}), ${six.sql}, ${st.sql},
        x AS (SELECT a.g, ${flags.columns},
            CASE WHEN ${this.days('{asOf}', `COALESCE(${this.civil('rp.last_at')}, a.signed_on)`)} >= {noUpdateDays} THEN 1 ELSE 0 END AS no_update,
            COALESCE(ms.overdue, 0) AS overdue,
            CASE WHEN ob.id IS NULL THEN 0 ELSE 1 END AS obstacle,
            COALESCE(rp.unchanged, 0) AS unchanged
          FROM act a${flags.joins}
            LEFT JOIN rp ON rp.commitment_id = a.id${at.same('rp', 'a')} LEFT JOIN ob ON ob.id = a.id${at.same('ob', 'a')}${at.ptOf('a')})
        SELECT g, COUNT(*) AS active, ${KpiSql.SIX_SUMS}, ${KpiSql.STALLED_SUMS} FROM x GROUP BY g`,
        params: [...act.params, ...six.params, ...st.params],
      },
      at,
    };
  }

  /** K3 per group on `asOf` (the stock statement: also carries K17's columns). */
  sixClear(f: ResolvedFilter, asOf: string | At, group: Sql): Promise<Row[]> {
    return this.stock(f, asOf, group);
  }

  /** Active commitments with a six-clear flag missing, by id, one page after the cursor's id. */
  incompleteSixClearIds(f: ResolvedFilter, asOf: string, page: IdPage): Promise<{ id: string }[]> {
    const at = At.one({ from: asOf, toExclusive: asOf }, asOf);
    const rows = this.sixClearRows(f, at, NATIONAL);
    const after = page.after ? { sql: 'AND id > ?', params: [page.after[0]] } : { sql: '', params: [] };
    return this.run(
      { sql: `WITH ${rows.sql} SELECT id FROM sc WHERE person + task + time_ + authority + responsibility + product < 6 ${after.sql} ORDER BY id LIMIT ?`, params: [...rows.params, ...after.params, page.limit] },
      at,
    );
  }

  // ---------------------------------------------------------------- K10

  /**
   * Per commitment: its first action ever (the earliest of an action programme's approval, as a civil date, and a
   * milestone's actual start, cancelled milestones included), as derived tables grouped once. The first action on or
   * before `asOf` is this date when it is on or before `asOf`, none otherwise (the earliest of the actions up to a date
   * is the earliest of all when that one is up to the date).
   */
  protected firstAction(f: ResolvedFilter, c: string): Sql {
    const ap = this.scope(f, 'ap');
    const m = this.scope(f, 'm');
    return {
      sql: `LEFT JOIN (SELECT ap.commitment_id, MIN(${this.civil('ap.approved_at')}) AS d FROM action_program ap${ap.sql} WHERE ap.approved_at IS NOT NULL GROUP BY ap.commitment_id) pa ON pa.commitment_id = ${c}.id
        LEFT JOIN (SELECT m.commitment_id, MIN(m.actual_start) AS d FROM milestone m${this.milestoneStartIndex}${m.sql} WHERE m.actual_start IS NOT NULL GROUP BY m.commitment_id) ms ON ms.commitment_id = ${c}.id`,
      params: [...ap.params, ...m.params],
    };
  }

  /** The earliest of pa.d and ms.d (either may be NULL). */
  protected static readonly FIRST = `(CASE WHEN pa.d IS NULL THEN ms.d WHEN ms.d IS NULL THEN pa.d WHEN pa.d < ms.d THEN pa.d ELSE ms.d END)`;

  /**
   * Per commitment signed in P: its first action on or before `asOf` and the lag in days; or, still waiting, its age at
   * `asOf` (right-censored).
   */
  private lagRows(f: ResolvedFilter, at: At, group: Sql): Sql {
    const w = this.where(f);
    const g = at.group(group);
    const first = this.firstAction(f, 'c');
    return {
      sql: `SELECT c.id, ${g.sql} AS g, c.signed_on, CASE WHEN ${KpiSql.FIRST} <= {asOf} THEN ${KpiSql.FIRST} END AS first_action,
          ${this.days('{asOf}', 'c.signed_on')} AS age0
        FROM commitment c${at.cross}
          ${first.sql}
        WHERE ${w.sql} AND c.signed_on >= {pFrom} AND c.signed_on < {pTo} AND c.signed_on <= {asOf}`,
      params: [...g.params, ...first.params, ...w.params],
    };
  }

  /**
   * K10 aggregates and the rows around the median and the 75th percentile (linear interpolation by the caller). One
   * pass over the per-commitment rows: the lags are numbered within each group (waiting ones last) and every figure,
   * the rows around each percentile included, is an aggregate of that numbering (the rows are computed once; a CTE
   * named twice would be computed twice by MariaDB).
   */
  async lags(f: ResolvedFilter, p: Period | At, asOf: string, group: Sql): Promise<{ kind: string; g: string; a: unknown; b: unknown; c: unknown; d: unknown; e: unknown }[]> {
    const at = p instanceof At ? p : At.one(p, asOf);
    const rows = this.lagRows(f, at, group);
    const lag = this.days('l0.first_action', 'l0.signed_on');
    // The one or two rows whose position rn − 1 is within 1 of (cnt − 1)·q: below and above the percentile.
    const near = (q: number) => `x.lag IS NOT NULL AND x.rn - 1 > (x.cnt - 1) * ${q} - 1 AND x.rn - 1 < (x.cnt - 1) * ${q} + 1`;
    const around = (q: number, name: string) =>
      `MIN(CASE WHEN ${near(q)} THEN x.lag END) AS ${name}_lo, MAX(CASE WHEN ${near(q)} THEN x.lag END) AS ${name}_hi,
       MIN(CASE WHEN ${near(q)} THEN x.rn END) AS ${name}_rlo, MAX(CASE WHEN ${near(q)} THEN x.rn END) AS ${name}_rhi`;
    const out = await this.run<Record<string, unknown>>(
      {
        sql: `SELECT x.g, COUNT(*) AS a, SUM(CASE WHEN x.lag IS NOT NULL THEN 1 ELSE 0 END) AS b,
               SUM(CASE WHEN x.lag <= 30 THEN 1 ELSE 0 END) AS c, SUM(CASE WHEN x.lag <= 90 THEN 1 ELSE 0 END) AS d, MAX(x.age) AS e,
               MAX(x.cnt) AS cnt, ${around(0.5, 'p50')}, ${around(0.75, 'p75')}
          FROM (SELECT l.g, l.lag, l.age,
                       ROW_NUMBER() OVER (PARTITION BY l.g ORDER BY CASE WHEN l.lag IS NULL THEN 1 ELSE 0 END, l.lag) AS rn,
                       SUM(CASE WHEN l.lag IS NULL THEN 0 ELSE 1 END) OVER (PARTITION BY l.g) AS cnt
                  FROM (SELECT l0.g, CASE WHEN l0.first_action IS NULL THEN NULL ELSE ${lag} END AS lag,
                               CASE WHEN l0.first_action IS NULL THEN l0.age0 ELSE NULL END AS age FROM (${rows.sql}) l0) l) x
         GROUP BY x.g`,
        params: rows.params,
      },
      at,
    );
    const result: { kind: string; g: string; a: unknown; b: unknown; c: unknown; d: unknown; e: unknown }[] = [];
    for (const r of out) {
      const g = r.g as string;
      result.push({ kind: 'AGG', g, a: r.a, b: r.b, c: r.c, d: r.d, e: r.e });
      for (const [kind, name] of [['P50', 'p50'], ['P75', 'p75']]) {
        if (r[`${name}_rlo`] === null || r[`${name}_rlo`] === undefined) continue;
        result.push({ kind, g, a: r[`${name}_lo`], b: r[`${name}_rlo`], c: r.cnt, d: null, e: null });
        if (Number(r[`${name}_rhi`]) !== Number(r[`${name}_rlo`])) result.push({ kind, g, a: r[`${name}_hi`], b: r[`${name}_rhi`], c: r.cnt, d: null, e: null });
      }
    }
    return result;
  }

  /**
   * K10 by lead as a histogram: per lead, how many commitments signed in P first acted after each lag (days), and,
   * with `lag` NULL, how many still wait and the oldest one's age on `asOf`. `foldLags` turns it into `lags`' rows for
   * any grouping (national, ministries, provinces), percentiles included: by lead, a write recomputes one lead's
   * histogram, not every commitment's lag (kpis/cache.ts).
   */
  lagHistogram(f: ResolvedFilter, p: Period, asOf: string): Promise<{ g: string; lag: unknown; n: unknown; age: unknown }[]> {
    const at = At.one(p, asOf);
    return this.runByLead(f, (f) => {
      const rows = this.lagRows(f, at, this.wholeLeadKey());
      const lag = this.days('l0.first_action', 'l0.signed_on');
      return {
        q: {
          sql: `SELECT l.g, l.lag, COUNT(*) AS n, MAX(l.age) AS age
            FROM (SELECT l0.g, CASE WHEN l0.first_action IS NULL THEN NULL ELSE ${lag} END AS lag,
                         CASE WHEN l0.first_action IS NULL THEN l0.age0 END AS age FROM (${rows.sql}) l0) l
           GROUP BY l.g, l.lag`,
          params: rows.params,
        },
        at,
      };
    }, 'g', false);
  }

  /** Commitments signed in P still waiting for a first action on `asOf`, oldest first, one page after the cursor. */
  waitingIds(f: ResolvedFilter, p: Period, asOf: string, page: IdPage): Promise<{ id: string }[]> {
    const at = At.one(p, asOf);
    const rows = this.lagRows(f, at, NATIONAL);
    const after = keysetAfter(page, 'x.signed_on', 'x.id');
    return this.run({ sql: `SELECT x.id, x.signed_on AS k1 FROM (${rows.sql}) x WHERE x.first_action IS NULL ${after.sql} ORDER BY x.signed_on, x.id LIMIT ?`, params: [...rows.params, ...after.params, page.limit] }, at);
  }

  // ---------------------------------------------------------------- K12

  /**
   * Milestones due in P (not cancelled on asOf), in the four categories judged on `asOf`. National figures read the
   * milestones alone (an index on due date and state covers the statement); a filter or a league group joins the commitment.
   */
  milestonesDue(f: ResolvedFilter, p: Period | At, asOf: string, group: Sql): Promise<Row[]> {
    const at = p instanceof At ? p : At.one(p, asOf);
    return this.grouped(f, group, (f) => this.milestonesDueSql(f, at, group));
  }

  private milestonesDueSql(f: ResolvedFilter, at: At, group: Sql): { q: Sql; at: At } {
    const w = this.where(f);
    const g = at.group(group);
    const join = w.sql !== '1 = 1' || g.sql.includes('c.') ? ' JOIN commitment c ON c.id = m.commitment_id' : '';
    const done = `m.completed_at IS NOT NULL AND m.completed_at < {endTs}`;
    return {
      q: {
        sql: `SELECT ${g.sql} AS g, COUNT(*) AS due,
          SUM(CASE WHEN ${done} AND ${this.civil('m.completed_at')} <= m.due_on THEN 1 ELSE 0 END) AS on_time,
          SUM(CASE WHEN ${done} AND ${this.civil('m.completed_at')} > m.due_on THEN 1 ELSE 0 END) AS late,
          SUM(CASE WHEN NOT (${done}) AND {asOf} <= m.due_on THEN 1 ELSE 0 END) AS open_within,
          SUM(CASE WHEN NOT (${done}) AND {asOf} > m.due_on THEN 1 ELSE 0 END) AS open_overdue
        FROM milestone m${join}${at.cross}
        WHERE ${w.sql} AND m.due_on >= {pFrom} AND m.due_on < {pTo}
          AND NOT (m.cancelled_at IS NOT NULL AND m.cancelled_at < {endTs} AND (m.completed_at IS NULL OR m.completed_at >= {endTs}))
        GROUP BY ${at.series ? 'pt.k' : 'g'}`,
        params: [...g.params, ...w.params],
      },
      at,
    };
  }

  // ---------------------------------------------------------------- K17

  /**
   * K17's inputs per commitment on `asOf`, each grouped once per commitment: `rp`, the last progress report and
   * whether the last N reports kept the same level; `ob`, an obstacle open longer than the threshold; and, with
   * `overdue`, `od`, a milestone overdue by the threshold (the stock statement reads it with K3's milestone counts).
   */
  private stalledInputs(f: ResolvedFilter, at: At, overdue: boolean): Sql {
    const ms = this.scope(f, 'm');
    const ob = this.scope(f, 'o');
    const rs = this.scope(f, 'pr');
    return {
      sql: `rp AS (SELECT r.commitment_id, r.k, MAX(r.submitted_at) AS last_at,
                      CASE WHEN SUM(CASE WHEN r.rn <= r.n THEN 1 ELSE 0 END) = MAX(r.n)
                            AND MIN(CASE WHEN r.rn <= r.n THEN r.completion_level END) = MAX(CASE WHEN r.rn <= r.n THEN r.completion_level END)
                            AND MAX(CASE WHEN r.rn <= r.n THEN r.completion_level END) <> 'COMPLETE' THEN 1 ELSE 0 END AS unchanged
                 FROM (SELECT pr.commitment_id, ${at.series ? 'pt.k' : "'*'"} AS k, {unchangedN} AS n, pr.completion_level, pr.submitted_at,
                              ROW_NUMBER() OVER (PARTITION BY pr.commitment_id${at.k} ORDER BY pr.period_end DESC, pr.submitted_at DESC, pr.id DESC) AS rn
                         FROM progress_report pr${rs.sql}${at.cross} WHERE pr.submitted_at < {endTs}) r
                GROUP BY r.commitment_id, r.k),${overdue ? `
        od AS (SELECT m.commitment_id AS id${at.series ? ', pt.k AS k' : ''} FROM milestone m${this.milestoneIndex}${ms.sql}${at.cross}
                WHERE ${KpiSql.OVERDUE}
                GROUP BY m.commitment_id${at.k}),` : ''}
        ob AS (SELECT o.commitment_id AS id${at.series ? ', pt.k AS k' : ''} FROM obstacle o${ob.sql}${at.cross}
                WHERE o.detected_at < {endTs} AND (o.resolved_at IS NULL OR o.resolved_at >= {endTs}) AND ${this.civil('o.detected_at')} <= {obBefore}
                GROUP BY o.commitment_id${at.k})`,
      params: [...rs.params, ...(overdue ? ms.params : []), ...ob.params],
    };
  }

  /**
   * Per active commitment on `asOf`: which stalled conditions hold (thresholds inclusive, the version in force on
   * asOf), and the last update.
   */
  stalledRows(f: ResolvedFilter, at: At, group: Sql): Sql {
    const act = this.activeAt(f, at, group);
    const inputs = this.stalledInputs(f, at, true);
    return {
      sql: `act AS (${act.sql}), ${inputs.sql},
        s AS (SELECT a.id, a.g, a.lead_agency_type, a.lead_agency_id, COALESCE(${this.civil('rp.last_at')}, a.signed_on) AS last_update,
            CASE WHEN od.id IS NULL THEN 0 ELSE 1 END AS overdue,
            CASE WHEN ob.id IS NULL THEN 0 ELSE 1 END AS obstacle,
            COALESCE(rp.unchanged, 0) AS unchanged
          FROM act a LEFT JOIN rp ON rp.commitment_id = a.id${at.same('rp', 'a')}
            LEFT JOIN od ON od.id = a.id${at.same('od', 'a')} LEFT JOIN ob ON ob.id = a.id${at.same('ob', 'a')}),
        st AS (SELECT s.*, CASE WHEN ${this.days('{asOf}', 's.last_update')} >= {noUpdateDays} THEN 1 ELSE 0 END AS no_update, ${this.days('{asOf}', 's.last_update')} AS idle FROM s${at.ptOf('s')})`,
      params: [...act.params, ...inputs.params],
    };
  }

  /** K17 per group on `asOf` (the stock statement: also carries K3's columns). */
  stalled(f: ResolvedFilter, asOf: string | At, group: Sql): Promise<Row[]> {
    return this.stock(f, asOf, group);
  }

  /** Stalled commitments on `asOf`, longest idle first, one page after the cursor; the lead's official read for that page only. */
  stalledList(f: ResolvedFilter, asOf: string, page: IdPage): Promise<({ id: unknown } & Record<string, unknown>)[]> {
    const at = At.one({ from: asOf, toExclusive: asOf }, asOf);
    const after = page.after ? { sql: 'AND (st.idle < ? OR (st.idle = ? AND st.id > ?))', params: [page.after[0], page.after[0], page.after[1]] } : { sql: '', params: [] };
    return this.topByLead<Row & { id: unknown }>(
      f,
      (f) => {
        const rows = this.stalledRows(f, at, this.leadKey());
        return {
          ctes: rows.sql,
          select: `SELECT st.*, st.idle AS k1, (SELECT MIN(pl.responsible_official_id) FROM commitment_party pl WHERE pl.commitment_id = st.id AND pl.role = 'LEAD') AS official
            FROM st WHERE st.no_update + st.overdue + st.obstacle + st.unchanged > 0 ${after.sql}`,
          params: [...rows.params, ...after.params],
          at,
        };
      },
      [['idle', 'DESC'], ['id', 'ASC']],
      page.limit,
    );
  }
}

/** A sortable form of a column value: instants and dates as time, numbers (and numeric text) as numbers, else text. */
function sortable(v: unknown): number | string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number' || typeof v === 'bigint') return Number(v);
  const text = String(v);
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  // 'YYYY-MM-DD' and 'YYYY-MM-DD HH:MM:SS' (the embedded engine's dates) as instants, comparable with Date values.
  if (/^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}:\d{2}(\.\d+)?Z?)?$/.test(text)) return Date.parse(text.length === 10 ? `${text}T00:00:00Z` : `${text.replace(' ', 'T').replace(/Z?$/, 'Z')}`);
  return text;
}

/**
 * The first `limit` rows by `order`, without sorting them all: every part's first rows are tens of thousands at
 * national scale, and a list needs 50 or 200 of them. Each row's sort key is computed once; a row is kept only if it
 * comes before the last one kept so far (a binary insertion into at most `limit` rows).
 */
export function firstRows<T extends Record<string, unknown>>(rows: readonly T[], order: [string, 'ASC' | 'DESC'][], limit: number): T[] {
  type Keyed = { row: T; key: (number | string | null)[] };
  const compare = (a: Keyed, b: Keyed) => {
    for (let i = 0; i < order.length; i++) {
      const x = a.key[i];
      const y = b.key[i];
      if (x === y) continue;
      const c = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
      return order[i][1] === 'ASC' ? c : -c;
    }
    return 0;
  };
  const kept: Keyed[] = [];
  for (const row of rows) {
    const item = { row, key: order.map(([column]) => sortable(row[column])) };
    if (kept.length >= limit && compare(item, kept[kept.length - 1]) >= 0) continue;
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compare(kept[mid], item) <= 0) lo = mid + 1;
      else hi = mid;
    }
    kept.splice(lo, 0, item);
    if (kept.length > limit) kept.pop();
  }
  return kept.map((k) => k.row);
}

/** One page of a figure's commitments: how many, and the sort key of the last one already seen (from the cursor). */
export interface IdPage {
  limit: number;
  after: (string | number)[] | null;
}

/** Keyset condition for a list ordered by (k1, id) ascending. */
function keysetAfter(page: IdPage, k1: string, id: string): Sql {
  return page.after ? { sql: `AND (${k1} > ? OR (${k1} = ? AND ${id} > ?))`, params: [page.after[0], page.after[0], page.after[1]] } : { sql: '', params: [] };
}


/** Signatory levels below the province (K22): a border commune's People's Committee, a (historical) district's. [policy-like list; rule-set level codes] */
/** The review scales (delivery.graphql: CompletionLevel, DeliveryConfidence), counted value by value in K15 and K16. */
const LEVELS = ['NO_EVIDENCE', 'NOT_STARTED', 'LIMITED', 'SUBSTANTIAL', 'COMPLETE'];
const CONFIDENCES = ['GREEN', 'AMBER_GREEN', 'AMBER', 'AMBER_RED', 'RED'];

/**
 * How far ahead the next working day is looked for (days). A frame UNBOUNDED FOLLOWING is recomputed row by row by
 * MariaDB (quadratic: 59 ms for the 2021–2025 term's 1,946 days, measured; 14 ms with this bound, the same rows). No
 * run of days off comes near it: the longest in the holidays table (2021–2027, weekends included) is 9 days, Tết
 * 2022 (29 January–6 February).
 */
const NEXT_WORK_WITHIN = 60;

export const BELOW_PROVINCE_LEVELS = ['COMMUNE_PEOPLES_COMMITTEE_BORDER', 'DISTRICT_PEOPLES_COMMITTEE'];

export class MoreKpiSql extends KpiSql {
  /** `expr` plus `n` days (n an SQL expression). */
  dateAdd(expr: string, n: string): string {
    return this.engine === 'mysql' ? `DATE_ADD(${expr}, INTERVAL (${n}) DAY)` : `date(${expr}, '+' || (${n}) || ' days')`;
  }

  /**
   * CTEs over every civil date in [from, from + span): `days(d, working, n, next_work)` with `working` 1 for a working
   * day (a weekday or make-up Saturday that is not a public holiday, from the `public_holiday` table, the same data as
   * the working-day calendar), `n` the running count of working days, and `next_work` the first working day on or
   * after d (the Civil Code roll-over). Dates come from a cross join of digits (both engines; no recursion limit);
   * callers join on `days.d` (equality), so nothing is correlated per row.
   */
  calendar(from: string, toExclusive: string): Sql {
    const span = Math.max(1, Math.min(9999, Math.round((Date.parse(toExclusive) - Date.parse(from)) / 86_400_000)));
    const weekend = this.engine === 'mysql' ? `DAYOFWEEK(cal.d) IN (1, 7)` : `strftime('%w', cal.d) IN ('0', '6')`;
    const digits = `SELECT 0 AS n UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9`;
    const i = `(d1.n + 10 * d2.n + 100 * d3.n + 1000 * d4.n)`;
    const day = this.engine === 'mysql' ? `CAST(${this.dateAdd('?', i)} AS DATE)` : this.dateAdd('?', i);
    return {
      sql: `digits AS (${digits}),
        cal AS (SELECT ${day} AS d FROM digits d1, digits d2, digits d3, digits d4 WHERE ${i} < ?),
        days0 AS (SELECT cal.d, CASE WHEN (NOT (${weekend}) OR EXISTS (SELECT 1 FROM public_holiday mk WHERE mk.date = cal.d AND mk.kind = 'MAKE_UP_WORKING_DAY'))
                    AND NOT EXISTS (SELECT 1 FROM public_holiday ph WHERE ph.date = cal.d AND ph.kind = 'DAY_OFF') THEN 1 ELSE 0 END AS working FROM cal),
        days AS (SELECT d, working, SUM(working) OVER (ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS n,
                        MIN(CASE WHEN working = 1 THEN d END) OVER (ORDER BY d ROWS BETWEEN CURRENT ROW AND ${NEXT_WORK_WITHIN} FOLLOWING) AS next_work FROM days0)`,
      params: [from, span],
    };
  }

  /** Before (or at) the signing: instants compare with the signing instant, or with its civil day when none is recorded. */
  private bySigning(col: string, c = 'c'): string {
    return `(CASE WHEN ${c}.signed_at IS NOT NULL THEN ${col} <= ${c}.signed_at ELSE ${this.civil(col)} <= ${c}.signed_on END)`;
  }

  /** K4, K6, K8 and K22 over the commitments signed in P, in one statement (by lead, summed: one national row). */
  async compliance(f: ResolvedFilter, p: Period): Promise<Record<string, unknown>[]> {
    return foldRows(await this.runByLead<Row>(f, (f) => this.complianceByLead(f, p)), nationalFold, []);
  }

  private complianceByLead(f: ResolvedFilter, p: Period): { q: Sql } {
    const w = this.where(f);
    const cal = this.calendar(p.from, addDays(p.toExclusive, 60));
    const k4 = `EXISTS (SELECT 1 FROM feasibility_assessment fa WHERE fa.commitment_id = c.id AND fa.status = 'APPROVED'
                  AND fa.verdict IN ('FEASIBLE', 'CONDITIONAL') AND fa.decided_at IS NOT NULL AND ${this.bySigning('fa.decided_at')})`;
    // V2 in SQL: the Ministry of Foreign Affairs was consulted, every opinion requested was given by the signing, and a
    // disagreement has the Prime Minister's consent by then.
    const v2 = `(EXISTS (SELECT 1 FROM consultation o1 WHERE o1.commitment_id = c.id AND o1.consultee = 'MINISTRY:MOFA')
        AND NOT EXISTS (SELECT 1 FROM consultation o2 WHERE o2.commitment_id = c.id AND (o2.replied_at IS NULL OR NOT ${this.bySigning('o2.replied_at')}))
        AND (NOT EXISTS (SELECT 1 FROM consultation o3 WHERE o3.commitment_id = c.id AND o3.opinion = 'DISAGREE')
             OR (c.pm_decision = 'CONSENT' AND c.pm_decision_at IS NOT NULL AND ${this.bySigning('c.pm_decision_at')})))`;
    // V4: 15 days after the signing day; a last day on a weekend or holiday moves to the next working day.
    const k8 = `(c.copy_sent_at IS NOT NULL AND ${this.civil('c.copy_sent_at')} <= dl.next_work)`;
    const ia = `c.instrument_class = 'INTERNATIONAL_AGREEMENT'`;
    const below = `(${BELOW_PROVINCE_LEVELS.map(() => 'c.capability_snapshot LIKE ?').join(' OR ')})`;
    const belowParams = BELOW_PROVINCE_LEVELS.map((l) => `%"signatoryLevel":"${l}"%`);
    const yes = (cond: string) => `SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;
    return { q: {
      sql: `WITH ${cal.sql}
        SELECT ${this.leadKey().sql} AS g, COUNT(*) AS n, ${yes(k4)} AS k4, ${yes(ia)} AS ia, ${yes(`${ia} AND ${v2}`)} AS k6, ${yes(`${ia} AND ${k8}`)} AS k8,
               ${yes(below)} AS nb, ${yes(`${below} AND ${k4}`)} AS k4b, ${yes(`${below} AND ${ia}`)} AS iab, ${yes(`${below} AND ${ia} AND ${v2}`)} AS k6b
        FROM commitment c LEFT JOIN days dl ON dl.d = ${this.dateAdd('c.signed_on', '15')}
        WHERE ${w.sql} AND c.signed_on >= ? AND c.signed_on < ?
        GROUP BY g`,
      params: [...cal.params, ...belowParams, ...belowParams, ...belowParams, ...belowParams, ...w.params, p.from, p.toExclusive],
    } };
  }

  /** K5 (every commitment signed ≥ 365 days before asOf) and K11 (active ones signed ≥ 30 days before) in one statement. */
  async coverage(f: ResolvedFilter, asOf: string): Promise<Record<string, unknown>[]> {
    // By lead, summed per figure (K5, K11).
    return foldRows(await this.runByLead<Row>(f, (f) => this.coverageByLead(f, asOf)), nationalFold, ['k']);
  }

  private coverageByLead(f: ResolvedFilter, asOf: string): { q: Sql; at: At } {
    const at = At.one({ from: asOf, toExclusive: asOf }, asOf);
    const w = this.where(f);
    const lead = this.leadKey();
    const act = this.activeAt(f, at, lead);
    const first = this.firstAction(f, 'c');
    const ap = this.scope(f, 'ap');
    // Acted by asOf: the first action ever is on or before asOf (see firstAction).
    return {
      q: {
        sql: `WITH act AS (${act.sql}),
        planned AS (SELECT ap.commitment_id FROM action_program ap${ap.sql} WHERE ap.status = 'APPROVED' AND (ap.approved_at IS NULL OR ap.approved_at < {endTs}) GROUP BY ap.commitment_id)
        SELECT 'K5' AS k, ${lead.sql} AS g, COUNT(*) AS den, SUM(CASE WHEN c.implementation_status = 'CANCELLED' OR NOT (${KpiSql.FIRST} IS NOT NULL AND ${KpiSql.FIRST} <= {asOf}) THEN 1 ELSE 0 END) AS num
          FROM commitment c ${first.sql} WHERE ${w.sql} AND c.signed_on IS NOT NULL AND c.signed_on <= ? GROUP BY ${lead.sql}
        UNION ALL
        SELECT 'K11', a.g, COUNT(*), SUM(CASE WHEN pl.commitment_id IS NOT NULL THEN 1 ELSE 0 END) FROM act a LEFT JOIN planned pl ON pl.commitment_id = a.id WHERE a.signed_on <= ? GROUP BY a.g`,
        params: [...act.params, ...ap.params, ...first.params, ...w.params, addDays(asOf, -365), addDays(asOf, -30)],
      },
      at,
    };
  }

  /** Commitments unrealised at asOf (behind K5), one page after the cursor. */
  unrealisedIds(f: ResolvedFilter, asOf: string, page: IdPage): Promise<{ id: string }[]> {
    const at = At.one({ from: asOf, toExclusive: asOf }, asOf);
    const w = this.where(f);
    const first = this.firstAction(f, 'c');
    const after = keysetAfter(page, 'c.signed_on', 'c.id');
    return this.run(
      {
        sql: `SELECT c.id, c.signed_on AS k1 FROM commitment c ${first.sql} WHERE ${w.sql} AND c.signed_on IS NOT NULL AND c.signed_on <= ?
          AND (c.implementation_status = 'CANCELLED' OR NOT (${KpiSql.FIRST} IS NOT NULL AND ${KpiSql.FIRST} <= {asOf})) ${after.sql}
        ORDER BY c.signed_on, c.id LIMIT ?`,
        params: [...first.params, ...w.params, addDays(asOf, -365), ...after.params, page.limit],
      },
      at,
    );
  }

  /** K7: opinions requested in P, answered by their working-day due date (recomputed over the calendar), and the median days. */
  async opinions(f: ResolvedFilter, p: Period, asOf: string): Promise<Record<string, unknown>[]> {
    // By lead: the counts, and a histogram of the days to reply (the median from it, here).
    const rows = await this.runByLead<Row>(f, (f) => this.opinionsByLead(f, p, asOf), 'g', false);
    return derived(rows, 'opinions', () => {
      const agg = foldRows(rows.filter((r) => r.kind === 'AGG'), nationalFold, ['kind']);
      const days = nationalHistograms(rows.filter((r) => r.kind === 'H'), 'kind').get('H') ?? new Map();
      return [agg[0] ?? { kind: 'AGG', g: '*', a: 0, b: 0, c: 0 }, ...quantileRows(days, 0.5).map((r) => ({ kind: 'P50', g: '*', ...r }))];
    });
  }

  private opinionsByLead(f: ResolvedFilter, p: Period, asOf: string): { q: Sql } {
    const w = this.where(f);
    const end = startOfLegalDay(addDays(asOf, 1));
    const cal = this.calendar(p.from, addDays(p.toExclusive, 120));
    const days = this.days('x.replied', 'x.sent_on');
    return { q: {
      sql: `WITH ${cal.sql},
        x AS (SELECT o.id, ${this.wholeLeadKey().sql} AS g, CASE WHEN o.replied_at IS NOT NULL AND o.replied_at < ? THEN ${this.civil('o.replied_at')} END AS replied, o.sent_on, t.d AS due
                FROM consultation o JOIN commitment c ON c.id = o.commitment_id
                LEFT JOIN days s ON s.d = o.sent_on LEFT JOIN days t ON t.n = s.n + o.due_working_days AND t.working = 1
               WHERE ${w.sql} AND o.sent_on >= ? AND o.sent_on < ?)
        SELECT 'AGG' AS kind, x.g, COUNT(*) AS a, SUM(CASE WHEN replied IS NOT NULL AND replied <= due THEN 1 ELSE 0 END) AS b, SUM(CASE WHEN replied IS NOT NULL THEN 1 ELSE 0 END) AS c FROM x GROUP BY x.g
        UNION ALL SELECT 'H', x.g, ${days}, COUNT(*), NULL FROM x WHERE x.replied IS NOT NULL GROUP BY x.g, ${days}`,
      params: [...cal.params, end, ...w.params, p.from, p.toExclusive],
    } };
  }

  /**
   * The agencies (stored owners) with active international agreements on the V7 deadline, each with whether its plan
   * for `year` reached MOFA by then: K9 counts them, the attention list names those without.
   */
  private async planOwners(f: ResolvedFilter, deadline: string, year: number): Promise<{ k: string; submitted: boolean }[]> {
    const at = At.one({ from: deadline, toExclusive: deadline }, deadline);
    // The owners by lead (a write recomputes its lead's), and the owners whose plan arrived (a small table, whole).
    const [owners, submitted] = await Promise.all([
      this.runByLead<{ g: string; k: string }>(f, (f) => {
        const act = this.activeAt(f, at, this.leadKey());
        return { q: { sql: `WITH act AS (${act.sql}) SELECT DISTINCT a.g, a.owner_agency AS k FROM act a WHERE a.instrument_class = 'INTERNATIONAL_AGREEMENT'`, params: act.params }, at };
      }),
      this.run<{ k: string }>({
        sql: `SELECT DISTINCT ap.owner_agency AS k FROM action_program ap WHERE ap.kind = 'ANNUAL' AND ap.year = ? AND ap.submitted_to_mofa_at IS NOT NULL AND ap.submitted_to_mofa_at < ?`,
        params: [year, startOfLegalDay(addDays(deadline, 1))],
      }),
    ]);
    const arrived = new Set(submitted.map((r) => String(r.k)));
    return [...new Set(owners.map((r) => String(r.k)))].sort().map((k) => ({ k, submitted: arrived.has(k) }));
  }

  /** K9: agencies with active agreements on the deadline, and those whose plan for `year` reached MOFA by then. */
  async annualPlans(f: ResolvedFilter, deadline: string, year: number): Promise<Record<string, unknown>[]> {
    const owners = await this.planOwners(f, deadline, year);
    return [{ den: owners.length, num: owners.filter((o) => o.submitted).length }];
  }

  /** The agencies whose plan for `year` had not reached MOFA by the deadline (for the attention list). */
  async missingAnnualPlans(f: ResolvedFilter, deadline: string, year: number): Promise<{ k: string }[]> {
    return (await this.planOwners(f, deadline, year)).filter((o) => !o.submitted).map((o) => ({ k: o.k }));
  }

  /**
   * K13 (milestone roll-up, top level) and K14 (indicator attainment) over the commitments active at asOf: milestones
   * and indicators each folded to one row per commitment, joined to the active set once (K14's mean over indicators
   * is the sum of their attainments over their number). Rows `{ k: 'K13', n, v, w }` and `{ k: 'K14', n, v }`.
   */
  async progress(f: ResolvedFilter, asOf: string): Promise<Record<string, unknown>[]> {
    // By lead, summed (K13's mean as its sum over its count, as AVG is).
    const [r] = foldRows(await this.runByLead<Row>(f, (f) => this.progressByLead(f, asOf)), nationalFold, []);
    const k13c = Number(r?.k13c ?? 0);
    const k14n = Number(r?.k14n ?? 0);
    return [
      { k: 'K13', n: r?.k13n ?? 0, v: k13c > 0 ? Number(r?.k13s) / k13c : null, w: r?.k13w ?? 0 },
      { k: 'K14', n: k14n, v: k14n > 0 ? Number(r?.k14s) / k14n : null },
    ];
  }

  private progressByLead(f: ResolvedFilter, asOf: string): { q: Sql; at: At } {
    const end = startOfLegalDay(addDays(asOf, 1));
    const at = At.one({ from: asOf, toExclusive: asOf }, asOf);
    const act = this.activeAt(f, at, this.leadKey());
    const ms = this.scope(f, 'm');
    const rs = this.scope(f, 'ri');
    const done = `(m.completed_at IS NOT NULL AND m.completed_at < ?)`;
    const ratio = `CASE WHEN pm.commitment_id IS NULL THEN NULL WHEN pm.unweighted = 0 AND pm.tw > 0 THEN pm.dw * 1.0 / pm.tw ELSE pm.dn * 1.0 / pm.n END`;
    return { q: {
      sql: `WITH act AS (${act.sql}),
        pm AS (SELECT m.commitment_id, COUNT(*) AS n, SUM(CASE WHEN ${done} THEN 1 ELSE 0 END) AS dn,
                      SUM(CASE WHEN m.weight IS NULL OR m.weight <= 0 THEN 1 ELSE 0 END) AS unweighted,
                      SUM(COALESCE(m.weight, 0)) AS tw, SUM(CASE WHEN ${done} THEN COALESCE(m.weight, 0) ELSE 0 END) AS dw
                 FROM milestone m${this.milestoneIndex}${ms.sql}
                WHERE m.parent_id IS NULL AND NOT (m.cancelled_at IS NOT NULL AND m.cancelled_at < ? AND (m.completed_at IS NULL OR m.completed_at >= ?))
                GROUP BY m.commitment_id),
        ind AS (SELECT ip.commitment_id, COUNT(*) AS n, SUM((ip.actual - COALESCE(ip.baseline, 0)) * 1.0 / (ip.target - COALESCE(ip.baseline, 0))) AS s
                  FROM (SELECT ri.commitment_id, ri.baseline_value AS baseline, ipd.target, ipd.actual,
                               ROW_NUMBER() OVER (PARTITION BY ri.id ORDER BY ipd.period_end DESC) AS rn
                          FROM result_indicator ri${rs.sql} JOIN indicator_period ipd ON ipd.indicator_id = ri.id
                         WHERE ipd.actual IS NOT NULL AND ipd.target IS NOT NULL AND ipd.period_end <= ?) ip
                 WHERE ip.rn = 1 AND ip.target <> COALESCE(ip.baseline, 0)
                 GROUP BY ip.commitment_id)
        SELECT a.g, COUNT(pm.commitment_id) AS k13n, SUM(${ratio}) AS k13s, COUNT(${ratio}) AS k13c,
               SUM(CASE WHEN pm.commitment_id IS NOT NULL AND pm.unweighted = 0 AND pm.tw > 0 THEN 1 ELSE 0 END) AS k13w,
               COALESCE(SUM(ind.n), 0) AS k14n, SUM(ind.s) AS k14s
          FROM act a LEFT JOIN pm ON pm.commitment_id = a.id LEFT JOIN ind ON ind.commitment_id = a.id
         GROUP BY a.g`,
      params: [...act.params, end, end, ...ms.params, end, end, ...rs.params, asOf],
    }, at };
  }

  /**
   * K15, K16 (latest review entry per active commitment) and K21 (coverage in P, decisions due in P done on time).
   * The active set and the entries are each read once (one row per commitment, every count an aggregate of those
   * rows; a CTE named in several branches would be computed once per branch by MariaDB); rows are returned in the
   * shape `{ k, v, n }` (LEVEL and CONFIDENCE per value present, WORSENED, ACTIVE, COVERED, DECISIONS, DECISIONS_ON_TIME).
   */
  async reviews(f: ResolvedFilter, p: Period, asOf: string, decisionAgencies: string[] | null): Promise<Record<string, unknown>[]> {
    const end = startOfLegalDay(addDays(asOf, 1));
    const agencies = decisionAgencies ? (decisionAgencies.length ? decisionAgencies : ['\u0000none']) : null;
    const decided = `d.due_on >= ? AND d.due_on < ?${agencies ? ` AND d.assignee_agency IN ${inList(agencies)}` : ''}`;
    // The entries by lead (summed here); the decisions (by assignee, not by commitment: a small table) whole.
    const [byLead, [d]] = await Promise.all([
      this.runByLead<Row>(f, (f) => this.reviewsByLead(f, p, asOf)),
      this.run<Record<string, unknown>>({
        sql: `SELECT COUNT(*) AS decisions, SUM(CASE WHEN d.done_at IS NOT NULL AND d.done_at < ? AND ${this.civil('d.done_at')} <= d.due_on THEN 1 ELSE 0 END) AS on_time
          FROM review_decision d WHERE ${decided}`,
        params: [end, p.from, p.toExclusive, ...(agencies ?? [])],
      }),
    ]);
    return this.reviewRows({ ...(foldRows(byLead, nationalFold, [])[0] ?? {}), decisions: d?.decisions ?? 0, on_time: d?.on_time ?? 0 });
  }

  private reviewsByLead(f: ResolvedFilter, p: Period, asOf: string): { q: Sql; at: At } {
    const end = startOfLegalDay(addDays(asOf, 1));
    const at = At.one(p, asOf);
    const act = this.activeAt(f, at, this.leadKey());
    const es = this.scope(f, 'e');
    const rank = (col: string) => `(CASE ${col} WHEN 'GREEN' THEN 1 WHEN 'AMBER_GREEN' THEN 2 WHEN 'AMBER' THEN 3 WHEN 'AMBER_RED' THEN 4 WHEN 'RED' THEN 5 END)`;
    const count = (cond: string) => `SUM(CASE WHEN ${cond} THEN 1 ELSE 0 END)`;
    const levelCols = LEVELS.map((l, i) => `${count(`l.completion_level = '${l}'`)} AS lv${i}`).join(', ');
    const confidenceCols = CONFIDENCES.map((c, i) => `${count(`l.delivery_confidence = '${c}'`)} AS cf${i}`).join(', ');
    return { q: {
      sql: `WITH act AS (${act.sql}),
        latest AS (SELECT re.commitment_id, MAX(CASE WHEN re.rn = 1 THEN re.completion_level END) AS completion_level,
                          MAX(CASE WHEN re.rn = 1 THEN re.delivery_confidence END) AS delivery_confidence,
                          MAX(CASE WHEN re.rn = 2 THEN ${rank('re.delivery_confidence')} END) AS prev_rank,
                          MAX(CASE WHEN re.recorded_at >= ? THEN 1 ELSE 0 END) AS covered
                     FROM (SELECT e.commitment_id, e.completion_level, e.delivery_confidence, e.recorded_at,
                                  ROW_NUMBER() OVER (PARTITION BY e.commitment_id ORDER BY e.recorded_at DESC, e.review_id DESC) AS rn
                             FROM review_entry e${es.sql} WHERE e.recorded_at < ?) re
                    GROUP BY re.commitment_id)
        SELECT a.g, COUNT(*) AS active, ${count('l.commitment_id IS NOT NULL')} AS reviewed, ${levelCols}, ${confidenceCols},
               ${count(`l.prev_rank IS NOT NULL AND ${rank('l.delivery_confidence')} > l.prev_rank`)} AS worsened, ${count('l.covered = 1')} AS covered
          FROM act a LEFT JOIN latest l ON l.commitment_id = a.id
         GROUP BY a.g`,
      params: [...act.params, startOfLegalDay(p.from), ...es.params, end],
    }, at };
  }

  /** `reviews`' rows from the national sums. */
  private reviewRows(r: Record<string, unknown>): Record<string, unknown>[] {
    const rows: Record<string, unknown>[] = [];
    const reviewed = Number(r?.reviewed ?? 0);
    let levelled = 0;
    LEVELS.forEach((l, i) => {
      const n = Number(r?.[`lv${i}`] ?? 0);
      levelled += n;
      if (n > 0) rows.push({ k: 'LEVEL', v: l, n });
    });
    if (reviewed > levelled) rows.push({ k: 'LEVEL', v: null, n: reviewed - levelled });
    let confident = 0;
    CONFIDENCES.forEach((c, i) => {
      const n = Number(r?.[`cf${i}`] ?? 0);
      confident += n;
      if (n > 0) rows.push({ k: 'CONFIDENCE', v: c, n });
    });
    if (reviewed > confident) rows.push({ k: 'CONFIDENCE', v: null, n: reviewed - confident });
    rows.push({ k: 'WORSENED', v: null, n: Number(r?.worsened ?? 0) }, { k: 'ACTIVE', v: null, n: Number(r?.active ?? 0) }, { k: 'COVERED', v: null, n: Number(r?.covered ?? 0) });
    rows.push({ k: 'DECISIONS', v: null, n: Number(r?.decisions ?? 0) }, { k: 'DECISIONS_ON_TIME', v: null, n: Number(r?.on_time ?? 0) });
    return rows;
  }

  /** K18 (obstacles detected in P before their milestone's due date) and K19 (resolved in P: median days, split by escalation). */
  async obstacles(f: ResolvedFilter, p: Period): Promise<Record<string, unknown>[]> {
    // By lead: K18's counts and a histogram of the days to resolve per side of the split (the medians from it, here).
    const rows = await this.runByLead<Row>(f, (f) => this.obstaclesByLead(f, p), 'g', false);
    return derived(rows, 'obstacles', () => {
      const k18 = foldRows(rows.filter((r) => r.kind === 'K18'), nationalFold, ['kind'])[0] ?? { kind: 'K18', g: '*', a: 0, b: 0 };
      const series = nationalHistograms(rows.filter((r) => r.kind === 'H'), 's');
      const all = new Map<number, number>();
      for (const h of series.values()) for (const [days, n] of h) all.set(days, (all.get(days) ?? 0) + n);
      if (all.size) series.set('*', all);
      const out: Record<string, unknown>[] = [k18];
      for (const [g, h] of [...series].sort(([a], [b]) => a.localeCompare(b))) {
        out.push({ kind: 'K19', g, a: [...h.values()].reduce((t, n) => t + n, 0) });
        for (const r of quantileRows(h, 0.5)) out.push({ kind: 'P50', g, ...r });
      }
      return out;
    });
  }

  private obstaclesByLead(f: ResolvedFilter, p: Period): { q: Sql } {
    const w = this.where(f);
    const from = startOfLegalDay(p.from);
    const to = startOfLegalDay(p.toExclusive);
    const days = this.days(this.civil('ob.resolved_at'), this.civil('ob.detected_at'));
    const side = `CASE WHEN ob.beyond_authority = 1 THEN 'ESCALATED' ELSE 'WITHIN' END`;
    return { q: {
      sql: `WITH ob AS (SELECT o.*, ${this.wholeLeadKey().sql} AS g FROM obstacle o JOIN commitment c ON c.id = o.commitment_id WHERE ${w.sql})
        SELECT 'K18' AS kind, ob.g, NULL AS s, COUNT(*) AS a, SUM(CASE WHEN m.due_on IS NOT NULL AND ${this.civil('ob.detected_at')} < m.due_on THEN 1 ELSE 0 END) AS b
          FROM ob JOIN milestone m ON m.id = ob.milestone_id WHERE ob.detected_at >= ? AND ob.detected_at < ? GROUP BY ob.g
        UNION ALL SELECT 'H', ob.g, ${side}, ${days}, COUNT(*) FROM ob WHERE ob.resolved_at >= ? AND ob.resolved_at < ? GROUP BY ob.g, ${side}, ${days}`,
      params: [...w.params, from, to, from, to],
    } };
  }

  /** K20's service level per group (league tables): feedback on a commitment received in P, resolved within 15 working days by asOf. */
  feedbackSla(f: ResolvedFilter, p: Period, asOf: string, group: Sql): Promise<Row[]> {
    return this.grouped(f, group, (f) => this.feedbackSlaSql(f, p, asOf, group));
  }

  private feedbackSlaSql(f: ResolvedFilter, p: Period, asOf: string, group: Sql): { q: Sql } {
    const end = startOfLegalDay(addDays(asOf, 1));
    const cal = this.calendar(p.from, addDays(asOf > p.toExclusive ? asOf : p.toExclusive, 2));
    const w = this.where(f);
    return {
      q: {
        sql: `WITH ${cal.sql},
        x AS (SELECT ${group.sql} AS g, ${this.civil('fb.received_at')} AS received,
                     CASE WHEN fb.resolved_at IS NOT NULL AND fb.resolved_at < ? THEN ${this.civil('fb.resolved_at')} END AS resolved
                FROM feedback fb JOIN commitment c ON c.id = fb.commitment_id WHERE ${w.sql} AND fb.received_at >= ? AND fb.received_at < ?)
        SELECT x.g AS g, COUNT(*) AS received, SUM(CASE WHEN x.resolved IS NOT NULL AND rv.n - rc.n <= 15 THEN 1 ELSE 0 END) AS within
          FROM x LEFT JOIN days rc ON rc.d = x.received LEFT JOIN days rv ON rv.d = x.resolved GROUP BY x.g`,
        params: [...cal.params, ...group.params, end, ...w.params, startOfLegalDay(p.from), startOfLegalDay(p.toExclusive)],
      },
    };
  }

  /** K20: feedback received in P (times, 15-working-day share, share turned into obstacles) and the backlog by age at asOf. */
  async feedback(f: ResolvedFilter, p: Period, asOf: string, unfiltered: boolean): Promise<Record<string, unknown>[]> {
    // By lead (feedback about no commitment under the key `-`): the counts, the backlog by age and histograms of the
    // days to acknowledge and to resolve (the medians from them, here).
    const rows = await this.runByLead<Row>(f, (f) => this.feedbackByLead(f, p, asOf, unfiltered), 'g', false);
    return derived(rows, 'feedback', () => {
      const agg = foldRows(rows.filter((r) => r.kind === 'AGG'), nationalFold, ['kind'])[0] ?? { kind: 'AGG', g: '*', a: 0, b: 0, c: 0 };
      const backlog = foldRows(rows.filter((r) => r.kind === 'BACKLOG'), nationalFold, ['kind', 's']).map((r) => ({ kind: 'BACKLOG', g: r.s, a: r.a }));
      const out: Record<string, unknown>[] = [agg, ...backlog];
      for (const [g, h] of nationalHistograms(rows.filter((r) => r.kind === 'H'), 's')) for (const r of quantileRows(h, 0.5)) out.push({ kind: 'P50', g, ...r });
      return out;
    });
  }

  private feedbackByLead(f: ResolvedFilter, p: Period, asOf: string, unfiltered: boolean): { q: Sql } {
    const end = startOfLegalDay(addDays(asOf, 1));
    const cal = this.calendar(p.from, addDays(asOf > p.toExclusive ? asOf : p.toExclusive, 2));
    const fs = this.feedbackScope(f, unfiltered);
    const scope = fs.sql;
    const lead = this.feedbackKey(this.wholeLeadKey().sql);
    const rcv = this.civil('fb.received_at');
    const ack = `CASE WHEN fb.acknowledged_at IS NOT NULL AND fb.acknowledged_at < ? THEN ${this.days(this.civil('fb.acknowledged_at'), rcv)} END`;
    const res = `CASE WHEN fb.resolved_at IS NOT NULL AND fb.resolved_at < ? THEN ${this.civil('fb.resolved_at')} END`;
    const bucket = `CASE WHEN age <= 15 THEN '0-15' WHEN age <= 30 THEN '16-30' WHEN age <= 60 THEN '31-60' ELSE '61+' END`;
    return { q: {
      sql: `WITH ${cal.sql},
        x AS (SELECT fb.id, ${lead} AS g, ${rcv} AS received, ${ack} AS ack_days, ${res} AS resolved, fb.obstacle_id
                FROM feedback fb LEFT JOIN commitment c ON c.id = fb.commitment_id
               WHERE fb.received_at >= ? AND fb.received_at < ? ${scope}),
        y AS (SELECT x.*, ${this.days('x.resolved', 'x.received')} AS res_days, rv.n - rc.n AS res_work
                FROM x LEFT JOIN days rc ON rc.d = x.received LEFT JOIN days rv ON rv.d = x.resolved),
        backlog AS (SELECT ${lead} AS g, ${this.days('?', rcv)} AS age FROM feedback fb LEFT JOIN commitment c ON c.id = fb.commitment_id
                     WHERE fb.received_at < ? AND (fb.resolved_at IS NULL OR fb.resolved_at >= ?) ${scope}),
        -- y read once (MariaDB computes a CTE again for every reference): each row three times, as the counts (AGG)
        -- and as a point of the acknowledgement and resolution histograms (H).
        u AS (SELECT CASE t.i WHEN 0 THEN 'AGG' ELSE 'H' END AS kind, y.g, CASE t.i WHEN 1 THEN 'ACK' WHEN 2 THEN 'RESOLVE' END AS s,
                     CASE t.i WHEN 1 THEN y.ack_days WHEN 2 THEN y.res_days END AS v,
                     CASE WHEN t.i = 0 AND y.res_work IS NOT NULL AND y.res_work <= 15 THEN 1 ELSE 0 END AS within15,
                     CASE WHEN t.i = 0 AND y.obstacle_id IS NOT NULL THEN 1 ELSE 0 END AS obstacle
                FROM y CROSS JOIN (SELECT 0 AS i UNION ALL SELECT 1 UNION ALL SELECT 2) t)
        SELECT u.kind, u.g, u.s, CASE WHEN u.kind = 'AGG' THEN COUNT(*) ELSE u.v END AS a, CASE WHEN u.kind = 'AGG' THEN SUM(u.within15) ELSE COUNT(*) END AS b, SUM(u.obstacle) AS c
          FROM u WHERE u.kind = 'AGG' OR u.v IS NOT NULL GROUP BY u.kind, u.g, u.s, u.v
        UNION ALL SELECT 'BACKLOG', g, ${bucket}, COUNT(*), NULL, NULL FROM backlog GROUP BY g, ${bucket}`,
      params: [...cal.params, end, end, startOfLegalDay(p.from), startOfLegalDay(p.toExclusive), ...fs.params, asOf, end, end, ...fs.params],
    } };
  }

  /**
   * The feedback a statement reads (`feedback fb LEFT JOIN commitment c`): filtered, the feedback about the filtered
   * commitments; unfiltered, all of it, the feedback about no commitment included. Restricted to some keys (a
   * recomputation after a write, `f.leads`), those keys' feedback, `-` (KPI_NO_LEAD) being the feedback about no
   * commitment when the request is unfiltered.
   */
  feedbackScope(f: ResolvedFilter, unfiltered: boolean): Sql {
    if (!f.leads) {
      const w = this.where(f);
      return unfiltered ? { sql: '', params: [] } : { sql: `AND c.id IS NOT NULL AND ${w.sql}`, params: w.params };
    }
    const none = unfiltered && f.leads.includes(KPI_NO_LEAD);
    const w = this.where({ ...f, leads: f.leads.filter((k) => k !== KPI_NO_LEAD) });
    return { sql: `AND (${none ? 'c.id IS NULL OR ' : ''}(c.id IS NOT NULL AND ${w.sql}))`, params: w.params };
  }

  /** A feedback row's key: its commitment's (`key`, over alias c), or `-` for feedback about no commitment. */
  feedbackKey(key: string): string {
    return `COALESCE(${key}, '${KPI_NO_LEAD}')`;
  }
}

export const NATIONAL: Sql = { sql: `'*'`, params: [] };

/** Which group a lead (`TYPE:id#x`, see KpiSql.leadKey) falls in; null: none. The same rules as the SQL groups below. */
export type LeadFold = (lead: string) => string | null;

/**
 * The key of a lead's part, `TYPE:id#x`, for commitment alias `c`: the lead and the last character of the commitment's
 * id (hexadecimal in the register's ids: 16 parts per lead). A write touches one commitment, so one part: at national
 * scale the largest lead holds 3,300 commitments, a part about 200, and after a write only that part's figures are
 * recomputed (kpis/cache.ts). The triggers of migration KpiLeadVersion bump the same key.
 */
export function leadKeySql(engine: Engine, c: string, part = true): string {
  if (engine === 'mysql') return `CONCAT(${c}.lead_agency_type, ':', ${c}.lead_agency_id${part ? `, '#', RIGHT(${c}.id, 1)` : ''})`;
  return `(${c}.lead_agency_type || ':' || ${c}.lead_agency_id${part ? ` || '#' || substr(${c}.id, -1)` : ''})`;
}

/** A lead key's type, id and part (null: a key without a part, `TYPE:id`). */
const splitLead = (key: string): [string, string, string | null] => {
  const hash = key.lastIndexOf('#');
  const lead = hash < 0 ? key : key.slice(0, hash);
  const i = lead.indexOf(':');
  return [lead.slice(0, i), lead.slice(i + 1), hash < 0 ? null : key.slice(hash + 1)];
};
/** SUBSTR(id, 1, INSTR(id, '-') - 1): the id before its first '-', '' when there is none (as both engines give). */
const beforeDash = (id: string) => (id.includes('-') ? id.slice(0, id.indexOf('-')) : '');

export const nationalFold: LeadFold = () => '*';

export const ministryFold: LeadFold = (lead) => {
  const [type, id] = splitLead(lead);
  return type === 'MINISTRY' ? id : type === 'MINISTRY_UNIT' ? beforeDash(id) : null;
};

const provinceFolds = new WeakMap<object, LeadFold>();

/**
 * Leads folded into the provincial-level units of `scopes` (each with its scope: itself, what is under it, its
 * predecessors). The same fold for the same scopes list (the peers' answer is reused across requests, see
 * kpis/resolvers.ts), so folds of cached rows are computed once (derived), not by every request: measured at national
 * scale, re-folding the league table's rows took most of a warm request's CPU.
 */
export function provinceFold(scopes: { id: string; scopeIds: string[] }[]): LeadFold {
  let fold = provinceFolds.get(scopes);
  if (!fold) {
    // A locality in several scopes belongs to the first that lists it.
    const provinceOf = new Map<string, string>();
    for (const s of scopes) for (const local of s.scopeIds) if (!provinceOf.has(local)) provinceOf.set(local, s.id);
    fold = (lead) => {
      const [type, id] = splitLead(lead);
      const local = type === 'PROVINCIAL_DEPARTMENT' ? beforeDash(id) : type === 'LOCALITY' ? id : null;
      return local === null ? null : (provinceOf.get(local) ?? null);
    };
    provinceFolds.set(scopes, fold);
  }
  return fold;
}

const derivedOf = new WeakMap<object, Map<string, unknown>>();
const foldIds = new WeakMap<LeadFold, number>();
let foldCount = 0;

/**
 * A value computed from a row list once per list. Rows served from the KPI cache are the same array until they are
 * recomputed, so folds, merges and cuts are not repeated by every warm request (measured: the attention list's merge
 * of each lead's rows, about 100,000 at national scale, took most of a warm request). Callers never mutate the value.
 */
export function derived<R>(rows: object, key: string, compute: () => R): R {
  let values = derivedOf.get(rows);
  if (!values) derivedOf.set(rows, (values = new Map()));
  if (!values.has(key)) values.set(key, compute());
  return values.get(key) as R;
}

/** A key for a fold function (its identity: the constant folds are shared, a province fold per scopes list). */
function foldKey(fold: LeadFold): number {
  let id = foldIds.get(fold);
  if (id === undefined) {
    id = ++foldCount;
    foldIds.set(fold, id);
  }
  return id;
}

/** Rows grouped by lead summed into the groups of `fold` (every column but `g` is a count); leads in no group are left out. */
export function foldByLead(rows: Row[], fold: LeadFold): Row[] {
  return foldRows(rows, fold, []);
}

/**
 * Rows grouped by lead (`g`) and by the `keys` columns, summed per group of `fold` and the same keys (every other
 * column is a count or a sum; NULL adds nothing). Rows are folded in lead order, so a float sum does not depend on
 * the order the rows arrived in (a merge after a write, kpis/cache.ts, and a whole computation give the same bits).
 */
export function foldRows(rows: Row[], fold: LeadFold, keys: readonly string[]): Row[] {
  return derived(rows, `fold:${foldKey(fold)}:${keys.join(',')}`, () => foldRowsNow(rows, fold, keys));
}

function foldRowsNow(rows: Row[], fold: LeadFold, keys: readonly string[]): Row[] {
  const summed = (column: string) => column !== 'g' && !keys.includes(column);
  // Integer sums do not depend on the order of the rows; a float sum (K13's progress) does, so rows with a fraction
  // are folded in lead order (a merge after a write and a whole computation then give the same bits).
  const fractional = rows.some((r) => Object.entries(r).some(([c, v]) => summed(c) && v !== null && v !== undefined && !Number.isInteger(Number(v))));
  const ordered = fractional ? [...rows].sort((a, b) => (String(a.g) < String(b.g) ? -1 : String(a.g) > String(b.g) ? 1 : 0)) : rows;
  const groupOf = new Map<string, string | null>();
  const groups = new Map<string, Row>();
  for (const row of ordered) {
    const lead = String(row.g);
    let g = groupOf.get(lead);
    if (g === undefined) groupOf.set(lead, (g = fold(lead)));
    if (g === null) continue;
    const key = keys.length ? `${g}\u0001${keys.map((k) => (row[k] === null || row[k] === undefined ? '\u0000' : String(row[k]))).join('\u0001')}` : g;
    let sum = groups.get(key);
    if (!sum) {
      groups.set(key, (sum = { g }));
      for (const k of keys) sum[k] = row[k] ?? null;
    }
    for (const column in row) {
      if (!summed(column)) continue;
      const value = row[column];
      sum[column] = Number(sum[column] ?? 0) + (value === null || value === undefined ? 0 : Number(value));
    }
  }
  return [...groups.values()];
}

/**
 * The rows around quantile `q` of a histogram (value → how many), as the SQL statements number them: the one or two
 * 1-based positions rn with rn − 1 within 1 of (cnt − 1)·q, each `{ a: value, b: rn, c: cnt }` (the caller
 * interpolates linearly, DESIGN section 6's percentile method). None for an empty histogram.
 */
export function quantileRows(histogram: Map<number, number>, q: number): { a: number; b: number; c: number }[] {
  const sorted = [...histogram].filter(([, n]) => n > 0).sort((x, y) => x[0] - y[0]);
  const cnt = sorted.reduce((t, [, n]) => t + n, 0);
  if (!cnt) return [];
  const valueAt = (i: number) => {
    let seen = 0;
    for (const [value, n] of sorted) {
      seen += n;
      if (i < seen) return value;
    }
    return sorted[sorted.length - 1][0];
  };
  const h = (cnt - 1) * q;
  return [...new Set([Math.floor(h), Math.ceil(h)])].map((i) => ({ a: valueAt(i), b: i + 1, c: cnt }));
}

/** Histogram rows by lead (`g`, one `key` column for the series, `a` the value, `b` how many) merged per series for the national figure. */
function nationalHistograms(rows: Row[], key: string): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const r of rows) {
    const series = String(r[key]);
    let h = out.get(series);
    if (!h) out.set(series, (h = new Map()));
    h.set(Number(r.a), (h.get(Number(r.a)) ?? 0) + Number(r.b));
  }
  return out;
}

/** The rows `KpiSql.lags` returns, for the groups of `fold`, from `lagHistogram`'s rows by lead. */
export function foldLags(rows: { g: string; lag: unknown; n: unknown; age: unknown }[], fold: LeadFold): { kind: string; g: string; a: unknown; b: unknown; c: unknown; d: unknown; e: unknown }[] {
  return derived(rows, `lags:${foldKey(fold)}`, () => foldLagsNow(rows, fold));
}

function foldLagsNow(rows: { g: string; lag: unknown; n: unknown; age: unknown }[], fold: LeadFold): { kind: string; g: string; a: unknown; b: unknown; c: unknown; d: unknown; e: unknown }[] {
  const groups = new Map<string, { lags: Map<number, number>; waiting: number; oldest: number | null }>();
  for (const r of rows) {
    const g = fold(String(r.g));
    if (g === null) continue;
    let x = groups.get(g);
    if (!x) groups.set(g, (x = { lags: new Map(), waiting: 0, oldest: null }));
    const n = Number(r.n);
    if (r.lag === null || r.lag === undefined) {
      x.waiting += n;
      if (r.age !== null && r.age !== undefined) x.oldest = Math.max(x.oldest ?? -Infinity, Number(r.age));
    } else {
      x.lags.set(Number(r.lag), (x.lags.get(Number(r.lag)) ?? 0) + n);
    }
  }
  const out: { kind: string; g: string; a: unknown; b: unknown; c: unknown; d: unknown; e: unknown }[] = [];
  for (const [g, x] of groups) {
    const acted = [...x.lags.values()].reduce((t, n) => t + n, 0);
    const within = (days: number) => [...x.lags].reduce((t, [lag, n]) => t + (lag <= days ? n : 0), 0);
    out.push({ kind: 'AGG', g, a: acted + x.waiting, b: acted, c: within(30), d: within(90), e: x.oldest });
    // As lags(): the rows around the median and the 75th percentile.
    for (const [kind, q] of [['P50', 0.5], ['P75', 0.75]] as const) {
      for (const r of quantileRows(x.lags, q)) out.push({ kind, g, a: r.a, b: r.b, c: r.c, d: null, e: null });
    }
  }
  return out;
}

/** League-table groups: the ministry of a ministry or unit lead; the province whose scope holds a locality lead. */
export function ministryGroup(): Sql {
  return {
    sql: `(CASE WHEN c.lead_agency_type = 'MINISTRY' THEN c.lead_agency_id
               WHEN c.lead_agency_type = 'MINISTRY_UNIT' THEN SUBSTR(c.lead_agency_id, 1, INSTR(c.lead_agency_id, '-') - 1) END)`,
    params: [],
  };
}

export function provinceGroup(scopes: { id: string; scopeIds: string[] }[]): Sql {
  const local = `(CASE WHEN c.lead_agency_type = 'PROVINCIAL_DEPARTMENT' THEN SUBSTR(c.lead_agency_id, 1, INSTR(c.lead_agency_id, '-') - 1)
                       WHEN c.lead_agency_type = 'LOCALITY' THEN c.lead_agency_id END)`;
  const params: unknown[] = [];
  const whens = scopes
    .filter((s) => s.scopeIds.length)
    .map((s) => {
      params.push(...s.scopeIds, s.id);
      return `WHEN ${local} IN ${inList(s.scopeIds)} THEN ?`;
    });
  return { sql: whens.length ? `(CASE ${whens.join(' ')} END)` : 'NULL', params };
}
