import type { TestSupergraph } from '@accords/gateway/testing';
import { kpiCacheStats, startKpiRefresh } from '@accords/commitments/src/kpis/cache';
import { ok } from './workflow';
import { insertSignedRow, openKpiSupergraph } from './support/kpi-register';

/**
 * The KPI refresher (startKpiRefresh in subgraphs/commitments/src/kpis/cache.ts; on in every commitments process
 * unless KPI_REFRESH=off): after a write, the statements requests used recently are computed again in the background,
 * so the next reader runs no KPI statement and still sees the write. Both engines.
 */
let graph: TestSupergraph;
beforeAll(async () => {
  graph = await openKpiSupergraph();
});
afterAll(() => graph?.dispose());

const db = () => graph.subgraphs.commitments.database.dataSource;
const KPIS = `{ kpis(period: { kind: YEAR, year: 2025 }, asOf: "2025-12-31") {
  signed { count { value } }
  sixClear { rate { numerator denominator } }
  stalled { rate { numerator denominator } }
} }`;

const insertSigned = (code: string, signedOn: string) => insertSignedRow(graph, code, signedOn);

async function until(condition: () => boolean, what: string, limitMs = 15_000) {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const signedCount = async () => ok(await graph.query<any>(KPIS)).kpis.signed.count.value as number;

it('recomputes the recently used figures after a write: the next request runs no KPI statement and sees the write', async () => {
  await insertSigned('MOIT-REFRESH-1', '2025-04-02');
  graph.resetCounters();
  expect(await signedCount()).toBe(1);
  const cold = graph.statementCounts().commitments;
  expect(cold).toBeGreaterThan(2);

  const refresher = startKpiRefresh(db(), { pollMs: 50 });
  try {
    const before = kpiCacheStats(db()).refreshed;
    await insertSigned('MOIT-REFRESH-2', '2025-10-20');
    // Every statement of the request above (all used just now; cold also read the data and the lead versions) is
    // computed again at the new version.
    await until(() => kpiCacheStats(db()).refreshed - before >= cold - 2, 'the refresher to recompute the statements');
    await refresher.idle();
  } finally {
    await refresher.stop();
  }
  graph.resetCounters();
  // The write is in the figure, and only the data version was read to serve it.
  expect(await signedCount()).toBe(2);
  expect(graph.statementCounts().commitments).toBe(1);
});

it('leaves alone the statements nobody used within the window: the next request computes them itself', async () => {
  expect(await signedCount()).toBeGreaterThanOrEqual(0);
  const refresher = startKpiRefresh(db(), { pollMs: 50, recentMs: 1 });
  try {
    await new Promise((r) => setTimeout(r, 20));
    const before = kpiCacheStats(db()).refreshed;
    const count = await signedCount();
    await new Promise((r) => setTimeout(r, 20));
    await insertSigned('MOIT-REFRESH-3', '2025-11-11');
    // Several quiet polls: time enough for a pass, which finds nothing used within 1 ms.
    await new Promise((r) => setTimeout(r, 400));
    await refresher.idle();
    expect(kpiCacheStats(db()).refreshed).toBe(before);
    await refresher.stop();
    graph.resetCounters();
    expect(await signedCount()).toBe(count + 1);
    expect(graph.statementCounts().commitments).toBeGreaterThan(2);
  } finally {
    await refresher.stop();
  }
});

it('stops reading the database once stopped', async () => {
  const refresher = startKpiRefresh(db(), { pollMs: 20 });
  await new Promise((r) => setTimeout(r, 100));
  await refresher.stop();
  graph.resetCounters();
  await new Promise((r) => setTimeout(r, 200));
  expect(graph.statementCounts().commitments ?? 0).toBe(0);
});
