import DataLoader from 'dataloader';
import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { badInput } from '@accords/errors';
import { addDays, daysBetween } from '@accords/rules';
import type { AttentionReason, KpiFilter, KpiReportResolvers, LeagueColumn, QueryKpiSeriesArgs, QueryKpisArgs, QueryLeagueTableArgs, Resolvers } from '../generated/resolvers-types';
import type { Context } from '../resolvers/mappers';
import { In } from 'typeorm';
import { CommitmentEntity } from '../db/entities';
import { asOfFor, legalToday, longerThanAYear, quartersBetween, resolvePeriod, startOfLegalDay, yearEarlier, type Period } from './period';
import { At, BREAKDOWN_DIMS, KpiSql, MoreKpiSql, NATIONAL, SIX, foldByLead, foldLags, ministryFold, nationalFold, provinceFold, stalledThresholds, type BreakdownDim, type IdPage, type Point, type ResolvedFilter, type Row } from './repository';
import { decodeCursor, encodeCursor, pageRequest, type PeerCaller, type Peers } from '@accords/subgraph-kit';
import { inOrderAtMost } from '../concurrency';

/** The SDL's `KpiFilter`, as generated (npm run codegen:resolvers). */
export type KpiFilterInput = KpiFilter;

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);
const LIST_LIMIT = 500;
/** A DATE value as YYYY-MM-DD whichever way the driver returned it. */
const dateStr = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

// ------------------------------------------------------------------ peer questions (one loader per request)

interface PeerLoaders {
  scope: DataLoader<string, string[]>;
  grouping: DataLoader<string, string[]>;
}
const peerLoaders = new WeakMap<object, PeerLoaders>();

function peers(ctx: Context): PeerLoaders {
  const key = ctx.loaders as object;
  let found = peerLoaders.get(key);
  if (found) return found;
  const caller = { requestId: ctx.requestId, identity: ctx.identity };
  found = {
    /** A locality's scope ids (the unit, what is under it, its predecessors), many localities in one question. */
    scope: new DataLoader<string, string[]>(async (ids) => {
      const data = await ctx.peers.query<{ _entities: ({ id: string; scopeIds: string[] } | null)[] }>(
        'localities',
        'query Scopes($representations: [_Any!]!) { _entities(representations: $representations) { ... on Locality { id scopeIds } } }',
        { representations: ids.map((id) => ({ __typename: 'Locality', id })) },
        caller,
      );
      return ids.map((id, i) => data._entities[i]?.scopeIds ?? [id]);
    }),
    /** Partner ids in a grouping (G7, ASEAN, ...), asked of the partners subgraph. */
    grouping: new DataLoader<string, string[]>(async (codes) =>
      Promise.all(
        codes.map(async (code) => {
          const data = await ctx.peers.query<{ partners: { totalCount: number; edges: { node: { id: string } }[] } }>(
            'partners',
            'query Grouping($grouping: String!) { partners(grouping: $grouping, first: 100) { totalCount edges { node { id } } } }',
            { grouping: code },
            caller,
          );
          if (data.partners.totalCount > data.partners.edges.length) throw badInput(`filter.partnerGrouping: ${code} has more than 100 members; filter by partnerId instead`, 'filter.partnerGrouping');
          return data.partners.edges.map((e) => e.node.id);
        }),
      ),
    ),
  };
  peerLoaders.set(key, found);
  return found;
}

type ProvinceScopes = { id: string; scopeIds: string[] }[];

/**
 * How long the provincial-level units on a date, as the localities subgraph answered, are reused across requests.
 * They are public reference data, the same for every caller (the first caller's request asks for all), and they change
 * only when that subgraph's register is reloaded (it has no mutations). The gateway keeps public locality entities as
 * long (GATEWAY_ENTITY_CACHE_TTL_MS, 60 s by default). Measured at national scale: asking for them on every
 * league-table request cost two peer requests and, with a new list each time, a new fold of every cached row
 * (provinceFold), most of a warm request's CPU.
 */
export const PROVINCES_REUSE_MS = 60_000;

const provincesAsked = new WeakMap<Peers, Map<string, { at: number; scopes: Promise<ProvinceScopes> }>>();

/**
 * The provincial-level units in existence on `on`, each with its scope (for the province league table): asked of
 * localities, reused for PROVINCES_REUSE_MS; requests at the same moment share the one question.
 */
export function provincesOn(peers: Peers, on: string, caller: PeerCaller, now = Date.now()): Promise<ProvinceScopes> {
  let asked = provincesAsked.get(peers);
  if (!asked) provincesAsked.set(peers, (asked = new Map()));
  const earlier = asked.get(on);
  if (earlier && now - earlier.at < PROVINCES_REUSE_MS) return earlier.scopes;
  const q = 'query Provinces($on: Date!, $level: LocalityLevel!) { localities(level: $level, activeOn: $on, first: 100) { edges { node { id scopeIds } } } }';
  const scopes = Promise.all(['CENTRAL_CITY', 'PROVINCE'].map((level) => peers.query<{ localities: { edges: { node: { id: string; scopeIds: string[] } }[] } }>('localities', q, { on, level }, caller))).then(
    async ([cities, provinces]) => {
      const fresh = [...cities.localities.edges, ...provinces.localities.edges].map((e) => e.node);
      // The same answer as before keeps the same list, so the folds computed with it stay in use (provinceFold).
      const before = earlier && (await earlier.scopes.catch(() => null));
      return before && JSON.stringify(before) === JSON.stringify(fresh) ? before : fresh;
    },
  );
  const entry = { at: now, scopes };
  asked.set(on, entry);
  // A failed question is not kept: the next request asks again.
  scopes.catch(() => {
    if (asked.get(on) === entry) asked.delete(on);
  });
  // Dates asked of a long-running process: a handful (a league table's as-of date), bounded anyway.
  while (asked.size > 64) asked.delete(asked.keys().next().value as string);
  return scopes;
}

async function resolveFilter(ctx: Context, input: KpiFilterInput | null | undefined): Promise<ResolvedFilter> {
  const f: ResolvedFilter = { field: input?.field, instrumentClass: input?.instrumentClass, signatoryLevel: input?.signatoryLevel };
  const lead = input?.leadAgency ?? null;
  if (lead) f.lead = lead;
  const localities = [input?.localityId, lead?.type === 'LOCALITY' ? lead.id : null].filter((x): x is string => !!x);
  if (localities.length) {
    const scopes = await Promise.all(localities.map((id) => peers(ctx).scope.load(id)));
    f.localityIds = scopes.reduce((a, b) => a.filter((x) => b.includes(x)));
  }
  if (input?.partnerGrouping) {
    const members = await peers(ctx).grouping.load(input.partnerGrouping);
    f.partnerIds = input.partnerId ? members.filter((m) => m === input.partnerId) : members;
  } else if (input?.partnerId) f.partnerIds = [input.partnerId];
  return f;
}

// ------------------------------------------------------------------ figures

/**
 * The commitments behind a figure: a keyset query (ordered by `id`, or by a date or a number then `id`), and how many
 * there are in all (known from the figure itself).
 */
export interface FigureList {
  key: 'id' | 'date' | 'number';
  total: number;
  fetch: (page: IdPage) => Promise<{ id: unknown; k1?: unknown }[]>;
}

/** A KpiFigure: value, numerator, denominator, and the query that lists its commitments when asked for. */
export interface Figure {
  value: number | null;
  numerator: number;
  denominator: number;
  ids?: FigureList;
}

const figure = (numerator: number, denominator: number, ids?: FigureList, value: number | null = ratio(numerator, denominator)): Figure => ({ value, numerator, denominator, ids });
const list = (key: FigureList['key'], total: number, fetch: FigureList['fetch']): FigureList => ({ key, total, fetch });

/** A list row's position, the cursor's content: [id] or [date or number, id]. */
function keyOf(list: FigureList, row: { id: unknown; k1?: unknown }): (string | number)[] {
  if (list.key === 'id') return [String(row.id)];
  return [list.key === 'date' ? dateStr(row.k1) : Number(row.k1), String(row.id)];
}

/** A cursor of this list, decoded and checked (a cursor from another kind of list is refused as well). */
function afterKey(list: FigureList, cursor: string | null | undefined): (string | number)[] | null {
  if (!cursor) return null;
  const key = decodeCursor(cursor);
  const fits =
    list.key === 'id'
      ? key.length === 1 && typeof key[0] === 'string'
      : key.length === 2 && typeof key[1] === 'string' && (list.key === 'date' ? typeof key[0] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(key[0]) : typeof key[0] === 'number' && Number.isFinite(key[0]));
  if (!fits) throw badInput(`"${cursor}" is not a cursor of this list; pass pageInfo.endCursor from a previous page of the same figure`, 'after');
  return key;
}

/** The commitment rows for ids, in the ids' order; the shared loader is primed for later fields. */
async function commitmentsIn(ctx: Context, ids: string[]): Promise<CommitmentEntity[]> {
  if (!ids.length) return [];
  const rows = await ctx.db.getRepository(CommitmentEntity).findBy({ id: In(ids) });
  for (const c of rows) ctx.loaders.commitmentById.prime(c.id, c);
  const byId = new Map(rows.map((c) => [c.id, c]));
  return ids.map((i) => byId.get(i)).filter((c): c is CommitmentEntity => !!c);
}

/** percentile_cont: linear interpolation between the rows around (n − 1)·q (rows with rn, cnt from SQL). */
function percentile(rows: { a: unknown; b: unknown; c: unknown }[], q: number): number | null {
  if (!rows.length) return null;
  const h = (num(rows[0].c) - 1) * q;
  const lo = rows.filter((r) => num(r.b) - 1 <= h).sort((x, y) => num(y.b) - num(x.b))[0];
  const hi = rows.filter((r) => num(r.b) - 1 >= h).sort((x, y) => num(x.b) - num(y.b))[0];
  if (!lo || !hi) return null;
  return num(lo.a) + (h - (num(lo.b) - 1)) * (num(hi.a) - num(lo.a));
}

interface LagStats {
  signed: number;
  actedOn: number;
  within30: number;
  within90: number;
  waiting: number;
  oldestWaitingDays: number | null;
  median: number | null;
  p75: number | null;
}

function lagStats(rows: Awaited<ReturnType<KpiSql['lags']>>): Map<string, LagStats> {
  const out = new Map<string, LagStats>();
  for (const r of rows.filter((x) => x.kind === 'AGG')) {
    const g = String(r.g);
    const around = (k: string) => rows.filter((x) => x.kind === k && String(x.g) === g);
    out.set(g, {
      signed: num(r.a),
      actedOn: num(r.b),
      within30: num(r.c),
      within90: num(r.d),
      waiting: num(r.a) - num(r.b),
      oldestWaitingDays: numOrNull(r.e),
      median: percentile(around('P50'), 0.5),
      p75: percentile(around('P75'), 0.75),
    });
  }
  return out;
}

/** One report (a KpiReport): each group of figures is computed (one statement) only when asked for, once. */
export class Report {
  private readonly memo = new Map<string, Promise<unknown>>();
  readonly sql: MoreKpiSql;
  constructor(readonly ctx: Context, readonly p: Period, readonly asOf: string, readonly f: ResolvedFilter, readonly unfiltered = false) {
    this.sql = new MoreKpiSql(ctx.db, ctx);
  }
  private once<T>(key: string, work: () => Promise<T>): Promise<T> {
    if (!this.memo.has(key)) this.memo.set(key, work());
    return this.memo.get(key) as Promise<T>;
  }

  get period() {
    return { kind: this.p.kind, label: this.p.label, from: this.p.from, to: addDays(this.p.toExclusive, -1) };
  }

  /** K1 and K2; the breakdowns in `dims` only (the others come back empty): `breakdownsAsked` from the selection. */
  async signed(dims: ReadonlySet<BreakdownDim> = new Set(BREAKDOWN_DIMS)) {
    const prev = longerThanAYear(this.p) ? null : yearEarlier(this.p);
    const asked = BREAKDOWN_DIMS.filter((d) => dims.has(d));
    const [counts, breakdown] = await Promise.all([
      this.once('k1', async () => foldByLead(await this.sql.signedCounts(this.f, this.p, prev, this.sql.leadKey()), nationalFold)),
      this.once(`k1b:${asked.join(',')}`, () => this.sql.signedBreakdown(this.f, this.p, new Set(asked))),
    ]);
    const n = num(counts[0]?.n);
    const before = prev ? num(counts[0]?.prev) : null;
    const by = (dim: string) => breakdown.filter((b) => b.dim === dim).map((b) => ({ key: String(b.k), count: num(b.n) })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
    const quarters = new Map<string, number>();
    for (const m of breakdown.filter((b) => b.dim === 'MONTH')) {
      const k = `${String(m.k).slice(0, 4)}-Q${Math.floor((Number(String(m.k).slice(5, 7)) - 1) / 3) + 1}`;
      quarters.set(k, (quarters.get(k) ?? 0) + num(m.n));
    }
    return {
      count: figure(n, n, list('date', n, (page) => this.sql.signedIds(this.f, this.p, page)), n),
      yearOnYear: before === null ? figure(n, 0, undefined, null) : figure(n, before),
      previousCount: before,
      byQuarter: [...quarters].sort().map(([key, count]) => ({ key, count })),
      byMonth: by('MONTH').sort((a, b) => a.key.localeCompare(b.key)),
      byField: by('FIELD'),
      byPartner: by('PARTNER'),
      byAgency: by('AGENCY'),
      byLevel: by('LEVEL'),
    };
  }

  async sixClear() {
    const rows = await this.once('k3', async () => foldByLead(await this.sql.sixClear(this.f, this.asOf, this.sql.leadKey()), nationalFold));
    const r = rows[0] ?? {};
    const active = num(r.active);
    const missing = SIX.map((flag) => ({ flag, count: num(r[`m_${flag.toLowerCase()}`]) }));
    const top = Math.max(0, ...missing.map((m) => m.count));
    return {
      rate: figure(num(r.complete), active, list('id', active - num(r.complete), (page) => this.sql.incompleteSixClearIds(this.f, this.asOf, page))),
      meanScore: active ? num(r.flags) / 6 / active : null,
      missing,
      mostMissing: top === 0 ? [] : missing.filter((m) => m.count === top).map((m) => m.flag),
    };
  }

  async lag() {
    const rows = await this.once('k10', async () => foldLags(await this.sql.lagHistogram(this.f, this.p, this.asOf), nationalFold));
    const s = lagStats(rows).get('*');
    return {
      median: s?.median ?? null,
      p75: s?.p75 ?? null,
      within30: figure(s?.within30 ?? 0, s?.actedOn ?? 0),
      within90: figure(s?.within90 ?? 0, s?.actedOn ?? 0),
      actedOn: s?.actedOn ?? 0,
      waiting: figure(s?.waiting ?? 0, s?.signed ?? 0, list('date', s?.waiting ?? 0, (page) => this.sql.waitingIds(this.f, this.p, this.asOf, page))),
      oldestWaitingDays: s?.oldestWaitingDays ?? null,
    };
  }

  async milestones() {
    const rows = await this.once('k12', async () => foldByLead(await this.sql.milestonesDue(this.f, this.p, this.asOf, this.sql.leadKey()), nationalFold));
    const r = rows[0] ?? {};
    const due = num(r.due);
    return {
      due,
      doneOnTime: num(r.on_time),
      doneLate: num(r.late),
      openWithinDeadline: num(r.open_within),
      openOverdue: num(r.open_overdue),
      onTimeRate: figure(num(r.on_time), due),
      completionRate: figure(num(r.on_time) + num(r.late), due),
      overdueShare: figure(num(r.open_overdue), due),
    };
  }

  async stalled() {
    const t = stalledThresholds(this.asOf);
    const rows = await this.once('k17', async () => foldByLead(await this.sql.stalled(this.f, this.asOf, this.sql.leadKey()), nationalFold));
    const r = rows[0] ?? {};
    return {
      rate: figure(num(r.stalled), num(r.active), list('number', num(r.stalled), (page) => this.sql.stalledList(this.f, this.asOf, page))),
      noUpdate: num(r.no_update),
      milestoneOverdue: num(r.overdue),
      obstacleOpen: num(r.obstacle),
      progressUnchanged: num(r.unchanged),
      thresholdsVersion: t.version,
    };
  }
  private compliance() {
    return this.once('k4', async () => (await this.sql.compliance(this.f, this.p))[0] ?? {});
  }

  async feasibility() {
    const r = await this.compliance();
    return figure(num(r.k4), num(r.n));
  }

  async consultation() {
    const r = await this.compliance();
    return figure(num(r.k6), num(r.ia));
  }

  async copies() {
    const r = await this.compliance();
    return figure(num(r.k8), num(r.ia));
  }

  async decentralisation() {
    const [r, signed] = await Promise.all([this.compliance(), this.signed(new Set(['LEVEL']))]);
    return { byLevel: signed.byLevel, belowProvince: num(r.nb), feasibility: figure(num(r.k4b), num(r.nb)), consultation: figure(num(r.k6b), num(r.iab)) };
  }

  private coverage() {
    return this.once('k5', () => this.sql.coverage(this.f, this.asOf));
  }

  async unrealised() {
    const r = (await this.coverage()).find((x) => x.k === 'K5') ?? {};
    return figure(num(r.num), num(r.den), list('date', num(r.num), (page) => this.sql.unrealisedIds(this.f, this.asOf, page)));
  }

  async planCoverage() {
    const r = (await this.coverage()).find((x) => x.k === 'K11') ?? {};
    return figure(num(r.num), num(r.den));
  }

  async opinions() {
    const rows = await this.once('k7', () => this.sql.opinions(this.f, this.p, this.asOf));
    const agg = rows.find((r) => r.kind === 'AGG') ?? {};
    return {
      requested: num(agg.a),
      answered: num(agg.c),
      onTime: figure(num(agg.b), num(agg.a)),
      medianDays: percentile(rows.filter((r) => r.kind === 'P50') as never, 0.5),
    };
  }

  async annualPlans() {
    const year = Number(addDays(this.p.toExclusive, -1).slice(0, 4));
    const calendar = await this.ctx.loaders.calendar.load('all');
    // V7: the plan for Y+1 reaches MOFA by 15 November of Y; a deadline on a weekend or holiday moves to the next working day.
    const deadline = calendar.fixedDeadline(`${year}-11-15`);
    const r = (await this.once('k9', () => this.sql.annualPlans(this.f, deadline, year + 1)))[0] ?? {};
    return { planYear: year + 1, deadline, rate: figure(num(r.num), num(r.den)) };
  }

  private progressRows() {
    return this.once('k13', () => this.sql.progress(this.f, this.asOf));
  }

  async progress() {
    const r = (await this.progressRows()).find((x) => x.k === 'K13') ?? {};
    return { commitments: num(r.n), weighted: num(r.w), meanProgress: numOrNull(r.v) };
  }

  async indicatorAttainment() {
    const r = (await this.progressRows()).find((x) => x.k === 'K14') ?? {};
    return { indicators: num(r.n), meanAttainment: numOrNull(r.v) };
  }

  private reviewRows() {
    const agencies = this.f.lead && this.f.lead.type !== 'LOCALITY' ? [`${this.f.lead.type}:${this.f.lead.id}`] : this.f.localityIds ? this.f.localityIds.map((id) => `LOCALITY:${id}`) : null;
    return this.once('k15', () => this.sql.reviews(this.f, this.p, this.asOf, agencies));
  }

  async completion() {
    const rows = await this.reviewRows();
    const levels = rows.filter((r) => r.k === 'LEVEL');
    const high = levels.filter((r) => r.v === 'SUBSTANTIAL' || r.v === 'COMPLETE').reduce((a, r) => a + num(r.n), 0);
    return figure(high, levels.reduce((a, r) => a + num(r.n), 0));
  }

  async confidence() {
    const rows = await this.reviewRows();
    return {
      mix: rows.filter((r) => r.k === 'CONFIDENCE').map((r) => ({ key: String(r.v), count: num(r.n) })).sort((a, b) => a.key.localeCompare(b.key)),
      worsened: num(rows.find((r) => r.k === 'WORSENED')?.n),
    };
  }

  async reviews() {
    const rows = await this.reviewRows();
    const n = (k: string) => num(rows.find((r) => r.k === k)?.n);
    return { coverage: figure(n('COVERED'), n('ACTIVE')), decisionsOnTime: figure(n('DECISIONS_ON_TIME'), n('DECISIONS')) };
  }

  private obstacleRows() {
    return this.once('k18', () => this.sql.obstacles(this.f, this.p));
  }

  async obstacleTiming() {
    const r = (await this.obstacleRows()).find((x) => x.kind === 'K18') ?? {};
    return figure(num(r.b), num(r.a));
  }

  async obstacleResolution() {
    const rows = await this.obstacleRows();
    const count = (g: string) => num(rows.find((r) => r.kind === 'K19' && r.g === g)?.a);
    const median = (g: string) => percentile(rows.filter((r) => r.kind === 'P50' && r.g === g) as never, 0.5);
    return { resolved: count('*'), medianDays: median('*'), escalated: count('ESCALATED'), escalatedMedianDays: median('ESCALATED'), withinAuthority: count('WITHIN'), withinAuthorityMedianDays: median('WITHIN') };
  }

  async feedback() {
    const rows = await this.once('k20', () => this.sql.feedback(this.f, this.p, this.asOf, this.unfiltered));
    const agg = rows.find((r) => r.kind === 'AGG') ?? {};
    const median = (g: string) => percentile(rows.filter((r) => r.kind === 'P50' && r.g === g) as never, 0.5);
    const order = ['0-15', '16-30', '31-60', '61+'];
    return {
      received: num(agg.a),
      medianDaysToAcknowledge: median('ACK'),
      medianDaysToResolve: median('RESOLVE'),
      resolvedWithin15WorkingDays: figure(num(agg.b), num(agg.a)),
      turnedIntoObstacles: figure(num(agg.c), num(agg.a)),
      backlogByAge: rows.filter((r) => r.kind === 'BACKLOG').map((r) => ({ key: String(r.g), count: num(r.a) })).sort((a, b) => order.indexOf(a.key) - order.indexOf(b.key)),
    };
  }
}

/** What every `kpis` field takes: `Query.kpis` a filter too, an agency's or partner's its own scope instead. */
type ReportArgs = Pick<QueryKpisArgs, 'period' | 'asOf'> & Partial<Pick<QueryKpisArgs, 'filter'>>;

async function report(ctx: Context, args: ReportArgs, base: KpiFilterInput = {}): Promise<Report> {
  const p = resolvePeriod(args.period);
  const asOf = asOfFor(p, args.asOf, () => legalToday(ctx.clock));
  const input = { ...(args.filter ?? {}), ...base };
  const f = await resolveFilter(ctx, input);
  return new Report(ctx, p, asOf, f, Object.values(input).every((v) => v === null || v === undefined));
}

// ------------------------------------------------------------------ league table

const COLUMN_KEY: Record<LeagueColumn, 'signed' | 'sixClearRate' | 'medianLag' | 'onTimeRate' | 'stalledRate' | 'feedbackSlaRate'> = {
  SIGNED: 'signed',
  SIX_CLEAR_RATE: 'sixClearRate',
  MEDIAN_LAG: 'medianLag',
  ON_TIME_RATE: 'onTimeRate',
  STALLED_RATE: 'stalledRate',
  FEEDBACK_SLA: 'feedbackSlaRate',
};

async function leagueTable(ctx: Context, args: QueryLeagueTableArgs) {
  const p = resolvePeriod(args.period);
  const asOf = asOfFor(p, args.asOf, () => legalToday(ctx.clock));
  const sql = new MoreKpiSql(ctx.db, ctx);
  // Provinces as they are since the 2025 reorganisation, each with its predecessors' scope for earlier dates.
  const scopes = args.kind === 'MINISTRY' ? null : await provincesOn(ctx.peers, asOf < '2025-07-01' ? '2025-07-01' : asOf, { requestId: ctx.requestId, identity: ctx.identity });
  // Every figure by lead, folded here into ministries or provinces: after a write only the leads it touched are
  // recomputed (kpis/cache.ts), and the stock figures are the same statements as the national figures at this date.
  const fold = scopes ? provinceFold(scopes) : ministryFold;
  const lead = sql.leadKey();
  const byLead = async (rows: Promise<Row[]>) => foldByLead(await rows, fold);
  const [signed, six, lags, due, stalled, sla] = await Promise.all([
    byLead(sql.signedCounts({}, p, null, lead)),
    byLead(sql.sixClear({}, asOf, lead)),
    sql.lagHistogram({}, p, asOf).then((rows) => foldLags(rows, fold)),
    byLead(sql.milestonesDue({}, p, asOf, lead)),
    byLead(sql.stalled({}, asOf, lead)),
    byLead(sql.feedbackSla({}, p, asOf, lead)),
  ]);
  const rows = new Map<string, { id: string; signed: number; sixClearRate: number | null; medianLag: number | null; onTimeRate: number | null; stalledRate: number | null; feedbackSlaRate: number | null; activeCommitments: number; milestonesDue: number }>();
  const row = (g: unknown) => {
    const id = String(g);
    let r = rows.get(id);
    if (!r) rows.set(id, (r = { id, signed: 0, sixClearRate: null, medianLag: null, onTimeRate: null, stalledRate: null, feedbackSlaRate: null, activeCommitments: 0, milestonesDue: 0 }));
    return r;
  };
  const valid = <T extends { g: unknown }>(list: T[]) => list.filter((x) => x.g !== null && x.g !== undefined && x.g !== '');
  for (const s of valid(signed)) row(s.g).signed = num(s.n);
  for (const s of valid(six)) Object.assign(row(s.g), { sixClearRate: ratio(num(s.complete), num(s.active)), activeCommitments: num(s.active) });
  for (const [g, s] of lagStats(valid(lags))) row(g).medianLag = s.median;
  for (const d of valid(due)) Object.assign(row(d.g), { onTimeRate: ratio(num(d.on_time), num(d.due)), milestonesDue: num(d.due) });
  for (const s of valid(stalled)) row(s.g).stalledRate = ratio(num(s.stalled), num(s.active));
  for (const s of valid(sla)) row(s.g).feedbackSlaRate = ratio(num(s.within), num(s.received));
  const column = COLUMN_KEY[args.orderBy?.column ?? 'SIGNED'];
  const dir = args.orderBy?.direction === 'ASC' ? 1 : -1;
  // Nulls last whatever the direction; ties by id so the order is stable.
  const sorted = [...rows.values()].sort((a, b) => {
    const x = a[column];
    const y = b[column];
    if (x === null || y === null) return x === y ? a.id.localeCompare(b.id) : x === null ? 1 : -1;
    return x === y ? a.id.localeCompare(b.id) : (x - y) * dir;
  });
  return sorted.map((r) => ({ ...r, agency: { __typename: args.kind === 'MINISTRY' ? ('Ministry' as const) : ('Locality' as const), id: r.id } }));
}

// ------------------------------------------------------------------ needs attention

/** One AttentionItem, with the keys its agency and official are resolved from. */
export interface AttentionItem {
  reason: AttentionReason;
  detail: string;
  ageDays: number;
  since: string;
  commitmentId: string | null;
  agencyKey: string | null;
  officialId: string | null;
}

const officialOf = (agencyKey: string | null, id: string | null) =>
  id && agencyKey ? { __typename: agencyKey.startsWith('MINISTRY') ? ('Official' as const) : ('LocalOfficial' as const), id } : null;

/** The federation type of each agency kind an attention item names. */
const AGENCY_TYPENAME: Record<string, 'Ministry' | 'MinistryUnit' | 'Locality' | 'ProvincialDepartment' | undefined> = {
  MINISTRY: 'Ministry',
  MINISTRY_UNIT: 'MinistryUnit',
  LOCALITY: 'Locality',
  PROVINCIAL_DEPARTMENT: 'ProvincialDepartment',
};

async function needsAttention(ctx: Context, asOfArg: string | null | undefined, filterInput: KpiFilterInput | null | undefined, first: number): Promise<AttentionItem[]> {
  if (!Number.isInteger(first) || first < 1 || first > 500) throw badInput(`first must be between 1 and 500 (got ${first})`, 'first');
  const asOf = asOfFor({ kind: 'CUSTOM', label: '', from: '2000-01-01', toExclusive: '2200-01-01' }, asOfArg, () => legalToday(ctx.clock));
  const f = await resolveFilter(ctx, filterInput);
  const sql = new MoreKpiSql(ctx.db, ctx);
  const end = startOfLegalDay(addDays(asOf, 1));
  const t = stalledThresholds(asOf);
  const lead = 'c.lead_agency_type';
  const leadOfficial = `(SELECT MIN(pl.responsible_official_id) FROM commitment_party pl WHERE pl.commitment_id = c.id AND pl.role = 'LEAD')`;
  const unfiltered = !filterInput || Object.values(filterInput).every((v) => v === null || v === undefined);
  // Every list by lead (KpiSql.topByLead: each lead's first rows, merged here), so after a write only the touched
  // leads' lists are read again.
  const g = sql.leadKey().sql;
  const [stalled, obstacles, opinions, copies, feedback, calendar] = await Promise.all([
    sql.stalledList(f, asOf, { limit: first, after: null }),
    sql.topByLead<Row>(f, (f) => {
      const w = sql.where(f);
      return {
        ctes: '',
        select: `SELECT o.id, o.commitment_id, o.detected_at, ${sql.civil('o.detected_at')} AS since, o.description, ${lead} AS lt, c.lead_agency_id AS li, ${leadOfficial} AS official, ${g} AS g
          FROM obstacle o JOIN commitment c ON c.id = o.commitment_id
          WHERE ${w.sql} AND o.beyond_authority = 1 AND o.detected_at < ? AND (o.escalated_at IS NULL OR o.escalated_at >= ?) AND (o.resolved_at IS NULL OR o.resolved_at >= ?)`,
        params: [...w.params, end, end, end],
      };
    }, [['detected_at', 'ASC'], ['id', 'ASC']], first),
    // Candidates: more calendar days than working days allowed have passed; the working-day due date is applied below.
    sql.topByLead<Row>(f, (f) => {
      const w = sql.where(f);
      return {
        ctes: '',
        select: `SELECT o.id, o.commitment_id, o.consultee, o.sent_on, o.due_working_days, ${g} AS g FROM consultation o JOIN commitment c ON c.id = o.commitment_id
          WHERE ${w.sql} AND ${sql.days('?', 'o.sent_on')} > o.due_working_days AND (o.replied_at IS NULL OR o.replied_at >= ?) AND (c.signed_on IS NULL OR c.signed_on > ?)`,
        params: [...w.params, asOf, end, asOf],
      };
    }, [['sent_on', 'ASC'], ['id', 'ASC']], first * 4),
    // Candidates: 15 days have passed; the deadline's roll-over past weekends and holidays is applied below.
    sql.topByLead<Row>(f, (f) => {
      const w = sql.where(f);
      return {
        ctes: '',
        select: `SELECT c.id, c.signed_on, ${lead} AS lt, c.lead_agency_id AS li, ${leadOfficial} AS official, ${g} AS g FROM commitment c
          WHERE ${w.sql} AND c.instrument_class = 'INTERNATIONAL_AGREEMENT' AND c.signed_on IS NOT NULL AND c.signed_on < ?
            AND (c.copy_sent_at IS NULL OR c.copy_sent_at >= ?)`,
        params: [...w.params, addDays(asOf, -15), end],
      };
    }, [['signed_on', 'ASC'], ['id', 'ASC']], first * 4),
    // Candidates: received more than 15 calendar days ago and unresolved on asOf; the working-day count is applied below.
    // Feedback about no commitment is under the key `-` (KpiSql.feedbackScope).
    sql.topByLead<Row>(f, (f) => {
      const scope = sql.feedbackScope(f, unfiltered);
      return {
        ctes: '',
        select: `SELECT fb.id, fb.commitment_id, fb.agency, fb.subject, fb.received_at, ${sql.civil('fb.received_at')} AS received, ${sql.feedbackKey(g)} AS g FROM feedback fb
          LEFT JOIN commitment c ON c.id = fb.commitment_id
          WHERE fb.received_at < ? AND (fb.resolved_at IS NULL OR fb.resolved_at >= ?) ${scope.sql}`,
        params: [startOfLegalDay(addDays(asOf, -15)), end, ...scope.params],
      };
    }, [['received_at', 'ASC'], ['id', 'ASC']], first * 4),
    ctx.loaders.calendar.load('all'),
  ]);
  const items: AttentionItem[] = [];
  for (const s of stalled) {
    const why = [
      num(s.no_update) ? `no update for ${num(s.idle)} days (threshold ${t.noUpdateDays})` : null,
      num(s.overdue) ? `a milestone overdue by ${t.milestoneOverdueDays} days or more` : null,
      num(s.obstacle) ? `an obstacle open ${t.obstacleOpenDays} days or more` : null,
      num(s.unchanged) ? `progress unchanged over the last ${t.unchangedReviews} reports` : null,
    ].filter(Boolean);
    const key = `${String(s.lead_agency_type)}:${String(s.lead_agency_id)}`;
    items.push({ reason: 'STALLED', detail: `Stalled (${t.version}): ${why.join('; ')}`, ageDays: num(s.idle), since: dateStr(s.last_update), commitmentId: String(s.id), agencyKey: key, officialId: (s.official as string) ?? null });
  }
  for (const o of obstacles) {
    const key = `${String(o.lt)}:${String(o.li)}`;
    items.push({ reason: 'OBSTACLE_AWAITING_ESCALATION', detail: `Beyond the agency's authority and not escalated: ${String(o.description).slice(0, 200)}`, ageDays: daysBetween(dateStr(o.since), asOf), since: dateStr(o.since), commitmentId: String(o.commitment_id), agencyKey: key, officialId: (o.official as string) ?? null });
  }
  for (const o of opinions) {
    // V3: due within n working days of the complete dossier (weekends, holidays and Tết excluded).
    const due = calendar.addWorkingDays(dateStr(o.sent_on), num(o.due_working_days));
    if (asOf <= due) continue;
    items.push({ reason: 'OPINION_OVERDUE', detail: `Written opinion from ${String(o.consultee)} was due on ${due} (${num(o.due_working_days)} working days after ${dateStr(o.sent_on)})`, ageDays: daysBetween(due, asOf), since: due, commitmentId: String(o.commitment_id), agencyKey: String(o.consultee), officialId: null });
  }
  for (const c of copies) {
    const deadline = calendar.calendarDeadline(dateStr(c.signed_on), 15);
    if (asOf <= deadline) continue;
    items.push({ reason: 'COPY_OVERDUE', detail: `Copy to the Ministry of Foreign Affairs was due by ${deadline} (15 days after signing on ${dateStr(c.signed_on)}, Law 70/2020/QH14)`, ageDays: daysBetween(deadline, asOf), since: deadline, commitmentId: String(c.id), agencyKey: `${String(c.lt)}:${String(c.li)}`, officialId: (c.official as string) ?? null });
  }
  for (const fb of feedback) {
    const deadline = calendar.addWorkingDays(dateStr(fb.received), 15);
    if (asOf <= deadline) continue;
    items.push({ reason: 'FEEDBACK_PAST_SLA', detail: `Feedback "${String(fb.subject)}" received ${dateStr(fb.received)} not resolved within 15 working days (by ${deadline})`, ageDays: daysBetween(deadline, asOf), since: deadline, commitmentId: (fb.commitment_id as string) ?? null, agencyKey: (fb.agency as string) ?? null, officialId: null });
  }
  // V7: once this year's deadline has passed, every agency with active agreements and no plan for next year.
  const planYear = Number(asOf.slice(0, 4));
  const planDeadline = calendar.fixedDeadline(`${planYear}-11-15`);
  if (asOf > planDeadline) {
    for (const m of await sql.missingAnnualPlans(f, planDeadline, planYear + 1)) {
      items.push({
        reason: 'ANNUAL_PLAN_MISSING',
        detail: `No implementation plan for ${planYear + 1} reached the Ministry of Foreign Affairs by ${planDeadline} (15 November, Law 70/2020/QH14; V7)`,
        ageDays: daysBetween(planDeadline, asOf),
        since: planDeadline,
        commitmentId: null,
        agencyKey: String(m.k),
        officialId: null,
      });
    }
  }
  return items.sort((a, b) => b.ageDays - a.ageDays || a.reason.localeCompare(b.reason) || String(a.commitmentId).localeCompare(String(b.commitmentId)) || String(a.agencyKey).localeCompare(String(b.agencyKey))).slice(0, first);
}

// ------------------------------------------------------------------ series

/** Statements of a series in flight at once (MariaDB runs them side by side; sql.js one after another anyway). */
const SERIES_CONCURRENCY = 2;

/**
 * The points of a series over the quarters from `from` to `to`: every quarter and (unless `yearBefore` is false) the
 * same quarter a year earlier (each once), each judged at its own as-of date (its last day, or today while it runs),
 * keyed by its first day.
 */
export function seriesPoints(from: string, to: string, clock: { now(): Date }, yearBefore = true): Point[] {
  const today = () => legalToday(clock);
  const points = new Map<string, Point>();
  for (const p of quartersBetween(from, to).flatMap((q) => (yearBefore ? [q, yearEarlier(q)] : [q]))) points.set(p.from, { k: p.from, from: p.from, toExclusive: p.toExclusive, asOf: asOfFor(p, null, today) });
  return [...points.values()];
}

/**
 * A series' figure at each point (keyed `k`; a point without a figure is absent). Every point is judged at its own
 * as-of date. Measured at 100,000 commitments / 1,000,000 milestones, 24 points, cold (scripts/bench/series-probe.ts):
 * K3 and K17 are stock figures whose one statement over all the points (At.many: the points cross-joined with every
 * milestone, legal event and active commitment) took 172 s and 86 s, where the national statement once per point took
 * 17 s and 19 s in all, one after another: they run per point, SERIES_CONCURRENCY at a time, latest points first (the
 * most active commitments), and each point is then cached by itself and shared with the `kpis` query at that date.
 * K10 (0.7 s against 2.4 s) and K12 (0.3 s either way) stay one statement over all the points. Same rows either way.
 */
export async function seriesByPoint(sql: KpiSql, f: ResolvedFilter, kpi: QueryKpiSeriesArgs['kpi'], points: Point[], concurrency = SERIES_CONCURRENCY): Promise<Map<string, number | null>> {
  const byPoint = new Map<string, number | null>();
  const each = async (value: (pt: Point) => Promise<number | null | undefined>) => {
    const latestFirst = [...points].sort((a, b) => b.asOf.localeCompare(a.asOf));
    await inOrderAtMost(
      concurrency,
      latestFirst.map((pt) => async () => {
        const v = await value(pt);
        if (v !== undefined) byPoint.set(pt.k, v);
      }),
    );
  };
  const at = At.many(points);
  switch (kpi) {
    case 'K3_SIX_CLEAR_RATE':
      await each(async (pt) => {
        const r = foldByLead(await sql.sixClear(f, pt.asOf, sql.leadKey()), nationalFold)[0];
        return r && ratio(num(r.complete), num(r.active));
      });
      break;
    case 'K10_MEDIAN_LAG':
      for (const [g, s] of lagStats(await sql.lags(f, at, '', NATIONAL))) byPoint.set(g, s.median);
      break;
    case 'K12_ON_TIME_RATE':
      for (const r of await sql.milestonesDue(f, at, '', NATIONAL)) byPoint.set(String(r.g), ratio(num(r.on_time), num(r.due)));
      break;
    case 'K17_STALLED_RATE':
      await each(async (pt) => {
        const r = foldByLead(await sql.stalled(f, pt.asOf, sql.leadKey()), nationalFold)[0];
        return r && ratio(num(r.stalled), num(r.active));
      });
      break;
  }
  return byPoint;
}

/**
 * The names of the fields a selection asks for directly (through fragments too), or null when a fragment it spreads
 * is not in the document (then the caller computes everything).
 */
export function selectedFieldNames(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): Set<string> | null {
  const names = new Set<string>();
  let unknown = false;
  const visit = (set: SelectionSetNode | undefined, seen: Set<string>): void => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) names.add(s.name.value);
      else if (s.kind === Kind.INLINE_FRAGMENT) visit(s.selectionSet, seen);
      else if (!seen.has(s.name.value)) {
        seen.add(s.name.value);
        const fragment = info.fragments[s.name.value];
        if (fragment) visit(fragment.selectionSet, seen);
        else unknown = true;
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, new Set());
  return unknown ? null : names;
}

/**
 * Whether a `kpiSeries` selection asks for the year-earlier figure (`previous` or `ratio`), through fragments too. A
 * series read for its values alone (the term report's stock series) then computes no point a year earlier: for K3
 * and K17, whose points cost a national statement each, 20 points for the term instead of 24.
 */
export function asksYearBefore(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): boolean {
  const names = selectedFieldNames(info);
  return names === null || names.has('previous') || names.has('ratio');
}

/** `SignedKpi`'s breakdown fields and the breakdown each needs (the quarters are folded from the months). */
const BREAKDOWN_OF_FIELD = new Map<string, BreakdownDim>([
  ['byQuarter', 'MONTH'],
  ['byMonth', 'MONTH'],
  ['byField', 'FIELD'],
  ['byPartner', 'PARTNER'],
  ['byAgency', 'AGENCY'],
  ['byLevel', 'LEVEL'],
]);

/** The K1 breakdowns a `signed` selection asks for (all of them when it cannot tell). */
export function breakdownsAsked(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): Set<BreakdownDim> {
  const names = selectedFieldNames(info);
  if (names === null) return new Set(BREAKDOWN_DIMS);
  return new Set([...names].flatMap((n) => BREAKDOWN_OF_FIELD.get(n) ?? []));
}

async function series(ctx: Context, args: QueryKpiSeriesArgs, yearBefore = true) {
  const quarters = quartersBetween(args.from, args.to);
  const f = await resolveFilter(ctx, args.filter);
  const sql = new KpiSql(ctx.db, ctx);
  let values: { p: Period; value: number | null; previous: number | null }[];
  if (args.kpi === 'K1_SIGNED') {
    // One grouped statement for the whole range and the year before it.
    const first = yearEarlier(quarters[0]);
    const months = await sql.signedByMonth(f, first.from, quarters[quarters.length - 1].toExclusive);
    const count = (p: Period) => months.filter((m) => String(m.k) >= p.from.slice(0, 7) && String(m.k) < p.toExclusive.slice(0, 7)).reduce((a, m) => a + num(m.n), 0);
    values = quarters.map((p) => ({ p, value: count(p), previous: count(yearEarlier(p)) }));
  } else {
    const byPoint = await seriesByPoint(sql, f, args.kpi, seriesPoints(args.from, args.to, ctx.clock, yearBefore));
    const at = (p: Period) => byPoint.get(p.from) ?? null;
    values = quarters.map((p) => ({ p, value: at(p), previous: at(yearEarlier(p)) }));
  }
  return values.map(({ p, value: v, previous }) => ({
    period: { kind: p.kind, label: p.label, from: p.from, to: addDays(p.toExclusive, -1) },
    value: v,
    previous,
    ratio: v === null || previous === null || previous === 0 ? null : v / previous,
  }));
}

// ------------------------------------------------------------------ resolvers

const reportFields: KpiReportResolvers = {
  period: (r) => r.period,
  asOf: (r) => r.asOf,
  signed: (r, _args, _ctx, info) => r.signed(breakdownsAsked(info)),
  sixClear: (r) => r.sixClear(),
  lag: (r) => r.lag(),
  milestones: (r) => r.milestones(),
  stalled: (r) => r.stalled(),
  feasibility: (r) => r.feasibility(),
  unrealised: (r) => r.unrealised(),
  consultation: (r) => r.consultation(),
  opinions: (r) => r.opinions(),
  copies: (r) => r.copies(),
  annualPlans: (r) => r.annualPlans(),
  planCoverage: (r) => r.planCoverage(),
  progress: (r) => r.progress(),
  indicatorAttainment: (r) => r.indicatorAttainment(),
  completion: (r) => r.completion(),
  confidence: (r) => r.confidence(),
  obstacleTiming: (r) => r.obstacleTiming(),
  obstacleResolution: (r) => r.obstacleResolution(),
  feedback: (r) => r.feedback(),
  reviews: (r) => r.reviews(),
  decentralisation: (r) => r.decentralisation(),
};


const attention = (items: AttentionItem[]) => items;

export const kpiResolvers: Resolvers = {
  Query: {
    kpis: (_, args, ctx) => report(ctx, args),
    kpiSeries: (_, args, ctx, info) => series(ctx, args, asksYearBefore(info)),
    leagueTable: (_, args, ctx) => leagueTable(ctx, args),
    needsAttention: async (_, args, ctx) => attention(await needsAttention(ctx, args.asOf, args.filter, args.first ?? 100)),
  },
  Ministry: {
    kpis: (m, args, ctx) => report(ctx, args, { leadAgency: { type: 'MINISTRY', id: m.id } }),
    needsAttention: async (m, args, ctx) => attention(await needsAttention(ctx, args.asOf, { leadAgency: { type: 'MINISTRY', id: m.id } }, args.first ?? 100)),
  },
  Locality: {
    kpis: (l, args, ctx) => report(ctx, args, { localityId: l.id }),
    needsAttention: async (l, args, ctx) => attention(await needsAttention(ctx, args.asOf, { localityId: l.id }, args.first ?? 100)),
  },
  Partner: {
    kpis: (p, args, ctx) => report(ctx, args, { partnerId: p.id }),
  },
  KpiReport: reportFields,
  KpiFigure: {
    async commitments(fig, args, ctx) {
      const first = args.first ?? 50;
      if (!Number.isInteger(first) || first < 1 || first > LIST_LIMIT) throw badInput(`first must be between 1 and ${LIST_LIMIT} (got ${first})`, 'first');
      if (!fig.ids) return [];
      // Read here rather than through the shared loader, so that each list costs the same two statements whenever it
      // resolves (a loader batch would merge lists or not depending on timing).
      return commitmentsIn(ctx, (await fig.ids.fetch({ limit: first, after: null })).map((r) => String(r.id)));
    },
    async commitmentsPage(fig, args, ctx) {
      const page = pageRequest({ first: args.first }, LIST_LIMIT);
      const ids = fig.ids;
      if (!ids) {
        if (args.after) throw badInput(`"${args.after}" is not a cursor of this list: this figure lists no commitments`, 'after');
        return { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
      }
      const after = afterKey(ids, args.after);
      // One row more than the page says whether there is a next one.
      const rows = await ids.fetch({ limit: page.limit + 1, after });
      const nodes = await commitmentsIn(ctx, rows.slice(0, page.limit).map((r) => String(r.id)));
      const keys = new Map(rows.map((r) => [String(r.id), keyOf(ids, r)]));
      const edges = nodes.map((node) => ({ cursor: encodeCursor(keys.get(node.id)!), node }));
      return { edges, pageInfo: { hasNextPage: rows.length > page.limit, endCursor: edges.length ? edges[edges.length - 1].cursor : null }, totalCount: ids.total };
    },
  },
  AttentionItem: {
    commitment: (i, _, ctx) => (i.commitmentId ? ctx.loaders.commitmentById.load(i.commitmentId) : null),
    agency: (i) => {
      if (!i.agencyKey) return null;
      const at = i.agencyKey.indexOf(':');
      const typename = AGENCY_TYPENAME[i.agencyKey.slice(0, at)];
      return typename ? { __typename: typename, id: i.agencyKey.slice(at + 1) } : null;
    },
    responsibleOfficial: (i) => officialOf(i.agencyKey, i.officialId),
  },
};
