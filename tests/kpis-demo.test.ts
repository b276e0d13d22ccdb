import type { TestSupergraph } from '@accords/gateway/testing';
import { MoreKpiSql, NATIONAL, foldByLead, foldLags, ministryFold, ministryGroup, nationalFold, provinceFold, provinceGroup, type Row, type Sql } from '@accords/commitments/src/kpis/repository';
import { resolvePeriod } from '@accords/commitments/src/kpis/period';
import { ok } from './workflow';
import { closeDemoSupergraph, openDemoSupergraph } from './support/kpi-register';

/**
 * The demo register `npm start` loads (hand-written commitments plus the synthetic KPI register) reproduces the
 * public headline shape quoted in DESIGN section 1, and leaves no KPI empty.
 */
let graph: TestSupergraph;
beforeAll(async () => {
  graph = await openDemoSupergraph();
}, 180_000);
afterAll(() => closeDemoSupergraph(graph));

const count = async (period: Record<string, unknown>) =>
  ok(await graph.query<any>('query ($p: PeriodInput!) { kpis(period: $p) { signed { count { value } yearOnYear { value numerator denominator } } } }', { p: period })).kpis.signed;

it('has the public headline shape: 927 in the term, 350 in 2025, 339 in nine months of 2025 (86 in Q3), 2.5× 2024', async () => {
  expect((await count({ kind: 'TERM' })).count.value).toBe(927);
  expect((await count({ kind: 'YEAR', year: 2025 })).count.value).toBe(350);
  expect((await count({ kind: 'QUARTER', year: 2025, index: 3 })).count.value).toBe(86);
  const nine = await count({ kind: 'NINE_MONTHS', year: 2025 });
  expect(nine.count.value).toBe(339);
  expect(nine.yearOnYear.denominator).toBe(136);
  expect(nine.yearOnYear.value).toBeCloseTo(2.5, 1);
});

it('makes every KPI non-trivial for 2025', async () => {
  const { kpis } = ok(await graph.query<any>(`{ kpis(period: { kind: YEAR, year: 2025 }) {
    asOf
    sixClear { rate { value } mostMissing } lag { median p75 waiting { numerator } } milestones { due onTimeRate { value } openOverdue }
    stalled { rate { value numerator } } feasibility { denominator } unrealised { value } copies { value } planCoverage { value }
    progress { meanProgress } indicatorAttainment { indicators } obstacleResolution { resolved medianDays } feedback { received backlogByAge { key count } }
    decentralisation { belowProvince } signed { byField { key } byPartner { key } byLevel { key } }
  } }`));
  expect(kpis.sixClear.rate.value).toBeGreaterThan(0);
  expect(kpis.sixClear.rate.value).toBeLessThan(1);
  expect(kpis.lag.median).toBeGreaterThan(0);
  expect(kpis.lag.waiting.numerator).toBeGreaterThan(0);
  expect(kpis.milestones.due).toBeGreaterThan(100);
  expect(kpis.milestones.onTimeRate.value).toBeGreaterThan(0);
  expect(kpis.milestones.openOverdue).toBeGreaterThan(0);
  expect(kpis.stalled.rate.numerator).toBeGreaterThan(0);
  expect(kpis.unrealised.value).toBeGreaterThan(0);
  expect(kpis.copies.value).toBeGreaterThan(0);
  expect(kpis.planCoverage.value).toBeGreaterThan(0);
  expect(kpis.progress.meanProgress).toBeGreaterThan(0);
  expect(kpis.indicatorAttainment.indicators).toBeGreaterThan(0);
  expect(kpis.obstacleResolution.resolved).toBeGreaterThan(0);
  expect(kpis.feedback.received).toBeGreaterThan(0);
  expect(kpis.decentralisation.belowProvince).toBeGreaterThan(0);
  expect(kpis.signed.byField.length).toBeGreaterThan(5);
  expect(kpis.signed.byLevel.length).toBe(3);

  const { ministries: table, attention } = ok(await graph.query<any>(`{
    ministries: leagueTable(kind: PROVINCE, period: { kind: YEAR, year: 2025 }, orderBy: { column: SIGNED }) { agency { ... on Locality { name } } signed }
    attention: needsAttention(first: 20) { reason ageDays }
  }`));
  expect(table.length).toBeGreaterThan(5);
  expect(table[0].signed).toBeGreaterThanOrEqual(table[1].signed);
  expect(attention.length).toBe(20);
});

it('folds every league-table figure computed by lead into exactly the national, ministry and province groups SQL would give', async () => {
  // The league tables' figures (K1, K3, K10, K12, K17, K20) and the national K1, K3, K10, K12 and K17 are computed by
  // lead (TYPE:id) and folded in Node into the national figure and the league tables' groups (repository.ts,
  // foldByLead, foldLags: K10's median and 75th percentile from per-lead histograms of lags). On the demo register
  // (ministries, their units, provinces, departments, border communes, before and after the 2025 mergers) each fold
  // must equal the SQL grouping row for row.
  const sql = new MoreKpiSql(graph.subgraphs.commitments.database.dataSource);
  const q = 'query ($on: Date!, $level: LocalityLevel!) { localities(level: $level, activeOn: $on, first: 100) { edges { node { id scopeIds } } } }';
  const norm = (rows: Row[]) => rows.map((r) => JSON.stringify(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, k === 'g' || k === 'kind' ? String(v) : v === null || v === undefined ? null : Number(v)]))).sort();
  const zeroNull = (rows: Row[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, k === 'g' ? v : Number(v ?? 0)])) as Row);
  let groups = 0;
  for (const [asOf, year] of [['2024-12-31', 2024], ['2025-12-31', 2025]] as const) {
    const p = resolvePeriod({ kind: 'YEAR', year });
    const scopes = (await Promise.all(['CENTRAL_CITY', 'PROVINCE'].map(async (level) => ok(await graph.query<any>(q, { on: asOf < '2025-07-01' ? '2025-07-01' : asOf, level })).localities.edges.map((e: any) => e.node)))).flat();
    expect(scopes.length).toBe(34);
    const sums = [
      ['K1', (g: Sql) => sql.signedCounts({}, p, resolvePeriod({ kind: 'YEAR', year: year - 1 }), g)],
      ['K3', (g: Sql) => sql.sixClear({}, asOf, g)],
      ['K12', (g: Sql) => sql.milestonesDue({}, p, asOf, g)],
      ['K17', (g: Sql) => sql.stalled({}, asOf, g)],
      ['K20', (g: Sql) => sql.feedbackSla({}, p, asOf, g)],
    ] as const;
    const histogram = await sql.lagHistogram({}, p, asOf);
    for (const [group, fold] of [[NATIONAL, nationalFold], [ministryGroup(), ministryFold], [provinceGroup(scopes), provinceFold(scopes)]] as const) {
      for (const [name, figure] of sums) {
        const byLead = await figure(sql.leadKey());
        const direct = zeroNull((await figure(group)).filter((r) => r.g !== null && r.g !== ''));
        const folded = foldByLead(byLead as Row[], fold).filter((r) => r.g !== '');
        expect([name, asOf, norm(folded)]).toEqual([name, asOf, norm(direct)]);
        groups += direct.length;
      }
      const direct = (await sql.lags({}, p, asOf, group)).filter((r) => r.g !== null && r.g !== '');
      expect(['K10', asOf, norm(foldLags(histogram, fold) as Row[])]).toEqual(['K10', asOf, norm(direct as Row[])]);
      groups += direct.length;
    }
  }
  // There is something to compare: the national row and dozens of ministries and provinces, at both dates.
  expect(groups).toBeGreaterThan(500);
});
