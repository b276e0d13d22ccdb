import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { TestSupergraph } from '@accords/gateway/testing';
import { KPI_TABLES, kpiVersionTriggers } from '@accords/commitments/src/db/migrations/1767400000000-KpiLeadVersion';
import { kpiCacheStats } from '@accords/commitments/src/kpis/cache';
import { ok } from './workflow';
import { insertSignedRow, openKpiSupergraph } from './support/kpi-register';

/**
 * The KPI result cache (subgraphs/commitments/src/kpis/cache.ts): a repeated KPI request runs no KPI statement, and
 * any committed write to a table the KPI statements read (here: plain SQL, past the API, as an import script or a DBA
 * would) makes the next request compute again, on both engines.
 */
let graph: TestSupergraph;
beforeAll(async () => {
  graph = await openKpiSupergraph();
});
afterAll(() => graph?.dispose());

const db = () => graph.subgraphs.commitments.database.dataSource;
const embedded = () => db().options.type === 'sqljs';
const KPIS = `{ kpis(period: { kind: YEAR, year: 2025 }, asOf: "2025-12-31") {
  signed { count { value } byQuarter { key count } }
  sixClear { rate { value numerator denominator } }
  milestones { due }
  stalled { rate { numerator denominator } }
} }`;

const insertSigned = (code: string, signedOn: string) => insertSignedRow(graph, code, signedOn);

it('installs a version trigger for every write on every table the KPI statements read', async () => {
  const rows: { name: string }[] = embedded()
    ? await db().query(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'kpi%'`)
    : await db().query(`SELECT TRIGGER_NAME AS name FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME LIKE 'kpi%'`);
  expect(rows.map((r) => r.name).sort()).toEqual([...kpiVersionTriggers()].sort());
});

it('lists every table the KPI SQL reads (a table added to a KPI statement without a trigger fails here)', async () => {
  const dir = path.join(__dirname, '..', 'subgraphs', 'commitments', 'src', 'kpis');
  const source = fs.readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
  const named = new Set([...source.matchAll(/\b(?:FROM|JOIN)\s+([a-z_]+)\b/g)].map((m) => m[1]));
  const tables: { name: string }[] = embedded()
    ? await db().query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
    : await db().query(`SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()`);
  // kpi_data_version and kpi_lead_version are the cache's own versions (read, never a KPI input).
  const read = [...named].filter((n) => n !== 'kpi_data_version' && n !== 'kpi_lead_version' && tables.some((t) => t.name === n)).sort();
  // The statements do read tables (the scan works), and every one of them is versioned.
  expect(read).toEqual(expect.arrayContaining(['commitment', 'milestone', 'legal_event']));
  expect(read.filter((t) => !(KPI_TABLES as readonly string[]).includes(t))).toEqual([]);
});

it('answers a repeated KPI request from the cache and computes again after a write by any path', async () => {
  await insertSigned('MOIT-CACHE-1', '2025-03-10');
  graph.resetCounters();
  const first = ok(await graph.query<any>(KPIS)).kpis;
  const cold = graph.statementCounts().commitments;
  expect(first.signed.count.value).toBe(1);

  graph.resetCounters();
  const again = ok(await graph.query<any>(KPIS)).kpis;
  // Only the data version is read: no KPI statement runs, and the answer is the same.
  expect(graph.statementCounts().commitments).toBe(1);
  expect(again).toEqual(first);
  expect(cold).toBeGreaterThan(1);
  expect(kpiCacheStats(db()).enabled).toBe(true);

  // A row written straight into the table (no API, no audit entry): the version moves, the figures follow.
  await insertSigned('MOIT-CACHE-2', '2025-08-20');
  graph.resetCounters();
  const after = ok(await graph.query<any>(KPIS)).kpis;
  expect(graph.statementCounts().commitments).toBe(cold);
  expect(after.signed.count.value).toBe(2);
  expect(after.signed.byQuarter).toEqual(expect.arrayContaining([expect.objectContaining({ key: '2025-Q3', count: 1 })]));

  // An UPDATE and a DELETE move it too.
  await db().query(`UPDATE commitment SET signed_on = ? WHERE code = ?`, ['2024-08-20', 'MOIT-CACHE-2']);
  expect(ok(await graph.query<any>(KPIS)).kpis.signed.count.value).toBe(1);
  await db().query(`DELETE FROM commitment WHERE code = ?`, ['MOIT-CACHE-1']);
  expect(ok(await graph.query<any>(KPIS)).kpis.signed.count.value).toBe(0);
});

it('never serves a figure computed before a write to a milestone (a stock KPI over a child table)', async () => {
  const id = await insertSigned('MOIT-CACHE-3', '2025-05-05');
  const due = async () => ok(await graph.query<any>(KPIS)).kpis.milestones.due as number;
  const before = await due();
  expect(await due()).toBe(before);
  const created = embedded() ? '2025-01-01 00:00:00' : new Date('2025-01-01T00:00:00Z');
  const program = randomUUID();
  await db().query(
    `INSERT INTO action_program (id, commitment_id, owner_agency, kind, year, title, status, created_at, version) VALUES (?, ?, 'MINISTRY:MOIT', 'ANNUAL', 2025, 'KH', 'DRAFT', ?, 1)`,
    [program, id, created],
  );
  await db().query(
    `INSERT INTO milestone (id, commitment_id, program_id, task, owner_agency, due_on, created_at, version) VALUES (?, ?, ?, 'Việc', 'MINISTRY:MOIT', '2025-11-15', ?, 1)`,
    [randomUUID(), id, program, created],
  );
  expect(await due()).toBe(before + 1);
});

it("serves a list's totalCount from the same cache, and counts again after a write", async () => {
  const LIST = '{ commitments(leadAgencyId: "MOIT", first: 1) { totalCount } }';
  const total = async () => ok(await graph.query<any>(LIST)).commitments.totalCount as number;
  const before = await total();
  graph.resetCounters();
  expect(await total()).toBe(before);
  const warm = graph.statementCounts().commitments;
  await insertSigned('MOIT-CACHE-COUNT', '2025-06-01');
  graph.resetCounters();
  expect(await total()).toBe(before + 1);
  // Cold: the page, the data version and the count; warm: the page and the data version only.
  expect(graph.statementCounts().commitments).toBe(warm + 1);
});
