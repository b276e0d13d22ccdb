import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import type { SubgraphModule } from '@accords/subgraph-kit';
import { commitments } from '@accords/commitments';
import { localities } from '@accords/localities';
import { ministries } from '@accords/ministries';
import { partners } from '@accords/partners';
import { ok } from './workflow';

/**
 * The demo register `npm start` loads (hand-written commitments plus the synthetic KPI register) reproduces the
 * public headline shape quoted in DESIGN section 1, and leaves no KPI empty.
 */
let graph: TestSupergraph;
beforeAll(async () => {
  process.env.ACCORDS_DEMO_REGISTER = 'on';
  graph = await openTestSupergraph([ministries, localities, partners, commitments] as SubgraphModule<unknown>[], { seed: 'demo' });
}, 180_000);
afterAll(async () => {
  process.env.ACCORDS_DEMO_REGISTER = 'off';
  await graph?.dispose();
});

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
