import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import type { SubgraphModule } from '@accords/subgraph-kit';
import { commitments } from '@accords/commitments';
import { localities } from '@accords/localities';
import { ministries } from '@accords/ministries';
import { partners } from '@accords/partners';
import { ActionProgramEntity, CommitmentEntity, CommitmentPartnerEntity, CommitmentPartyEntity, FeedbackEntity, MilestoneEntity, ObstacleEntity, ProgressReportEntity } from '@accords/commitments/src/db';
import { ok } from './workflow';

/**
 * The KPI queries are grouped SQL: what one request costs in statements depends on the figures asked for, not on the
 * number of commitments or agencies behind them.
 */
let graph: TestSupergraph;
beforeAll(async () => {
  graph = await openTestSupergraph([ministries, localities, partners, commitments] as SubgraphModule<unknown>[], { seed: 'reference' });
});
afterAll(() => graph?.dispose());

const LEADS: [string, string][] = [['MINISTRY', 'MOIT'], ['MINISTRY', 'MOFA'], ['LOCALITY', '20'], ['MINISTRY', 'MOH'], ['LOCALITY', '08'], ['MINISTRY', 'MOJ'], ['LOCALITY', '00712'], ['MINISTRY', 'MOST']];
const at = (iso: string) => new Date(iso);
let n = 0;

/** `count` commitments signed in 2025 across the first `agencies` leads, each with a plan, milestones, a report, an obstacle and feedback. */
async function add(m: EntityManager, count: number, agencies: number) {
  for (let i = 0; i < count; i++) {
    const k = ++n;
    const [type, id] = LEADS[k % agencies];
    const c = Object.assign(new CommitmentEntity(), {
      id: randomUUID(), code: `ST-${k}`, titleVi: `Cam kết ${k}`, titleEn: null, instrumentClass: 'INTERNATIONAL_AGREEMENT', documentType: 'AGREEMENT',
      leadAgencyType: type, leadAgencyId: id, ownerAgency: `${type}:${id}`, signedAt: at(`2025-0${1 + (k % 9)}-10T03:00:00Z`), signedOn: `2025-0${1 + (k % 9)}-10`, legalStatus: 'SIGNED',
      implementationStatus: 'IMPLEMENTATION', searchText: `st-${k}`, createdAt: at('2025-01-01T00:00:00Z'), version: 1,
    });
    await m.save(c);
    await m.save(Object.assign(new CommitmentPartnerEntity(), { commitmentId: c.id, partnerId: k % 2 ? 'LA' : 'JP' }));
    await m.save(Object.assign(new CommitmentPartyEntity(), { commitmentId: c.id, agency: `${type}:${id}`, role: 'LEAD', responsibleOfficialId: null, roleDescription: null }));
    const p = Object.assign(new ActionProgramEntity(), { id: randomUUID(), commitmentId: c.id, ownerAgency: `${type}:${id}`, kind: 'ANNUAL', year: 2025, title: 'KH', status: 'APPROVED', approvedAt: at('2025-10-01T03:00:00Z'), createdAt: at('2025-01-01T00:00:00Z'), version: 1 });
    await m.save(p);
    for (const due of ['2025-11-15', '2025-12-20']) {
      await m.save(Object.assign(new MilestoneEntity(), { id: randomUUID(), commitmentId: c.id, programId: p.id, task: 'Việc', ownerAgency: `${type}:${id}`, dueOn: due, completedAt: k % 3 ? null : at('2025-11-10T03:00:00Z'), createdAt: at('2025-01-01T00:00:00Z'), version: 1 }));
    }
    await m.save(Object.assign(new ProgressReportEntity(), { id: randomUUID(), commitmentId: c.id, periodStart: '2025-07-01', periodEnd: '2025-09-30', achievements: '...', completionLevel: 'LIMITED', deliveryConfidence: 'AMBER', confidenceJustification: '...', submittedBy: 'x', submittedAt: at('2025-10-05T03:00:00Z'), version: 1 }));
    await m.save(Object.assign(new ObstacleEntity(), { id: randomUUID(), commitmentId: c.id, milestoneId: null, category: 'LEGAL', description: '...', detectedAt: at('2025-09-01T03:00:00Z'), detectedBy: 'x', severity: 'HIGH', beyondAuthority: k % 2 === 0, createdAt: at('2025-09-01T03:00:00Z'), version: 1 }));
    await m.save(Object.assign(new FeedbackEntity(), { id: randomUUID(), receiptHash: 'x'.repeat(64), submitterKind: 'CITIZEN', subject: `Góp ý ${k}`, body: '...', commitmentId: c.id, localityId: null, agency: `${type}:${id}`, status: 'RECEIVED', receivedAt: at('2025-10-01T03:00:00Z'), version: 1 }));
  }
}

const EVERYTHING = `query ($asOf: Date) {
  kpis(period: { kind: YEAR, year: 2025 }, asOf: $asOf, filter: { partnerGrouping: "ASEAN" }) {
    signed { count { value commitments(first: 100) { code } } yearOnYear { value } byQuarter { key count } byField { key count } byAgency { key count } }
    sixClear { rate { value commitments(first: 100) { code } } mostMissing }
    lag { median p75 waiting { numerator commitments(first: 100) { code } } }
    milestones { due onTimeRate { value } }
    stalled { rate { value commitments(first: 100) { code } } }
  }
  ministries: leagueTable(kind: MINISTRY, period: { kind: YEAR, year: 2025 }, asOf: $asOf) { agency { ... on Ministry { id name } } signed medianLag stalledRate }
  provinces: leagueTable(kind: PROVINCE, period: { kind: YEAR, year: 2025 }, asOf: $asOf) { agency { ... on Locality { id name } } signed onTimeRate }
  needsAttention(asOf: $asOf) { reason ageDays commitment { code } agency { __typename ... on Ministry { name } ... on Locality { name } } }
  locality(id: "08") { kpis(period: { kind: YEAR, year: 2025 }, asOf: $asOf) { signed { count { value } } stalled { rate { value } } } }
}`;

it('costs the same statements whatever the number of commitments and agencies', async () => {
  const db = graph.subgraphs.commitments.database.dataSource;
  // The provincial-level units on a date are asked of localities once per PROVINCES_REUSE_MS (kpis/resolvers.ts):
  // asked here, so that neither measured request asks them and both count the same (the write below makes this
  // request's KPI rows out of date for both).
  ok(await graph.query<any>('{ leagueTable(kind: PROVINCE, period: { kind: YEAR, year: 2025 }, asOf: "2025-12-31") { signed } }'));
  await db.transaction((m) => add(m, 4, 3));
  graph.resetCounters();
  const small = ok(await graph.query<any>(EVERYTHING, { asOf: '2025-12-31' }));
  const smallCounts = graph.statementCounts();

  await db.transaction((m) => add(m, 20, LEADS.length));
  graph.resetCounters();
  const large = ok(await graph.query<any>(EVERYTHING, { asOf: '2025-12-31' }));
  const largeCounts = graph.statementCounts();

  // The data did grow: more commitments, more agencies in the tables, more items to attend to.
  expect(large.kpis.signed.count.value).toBeGreaterThan(small.kpis.signed.count.value);
  expect(large.ministries.length).toBeGreaterThan(small.ministries.length);
  expect(large.needsAttention.length).toBeGreaterThan(small.needsAttention.length);
  expect(large.ministries.every((r: any) => typeof r.agency.name === 'string')).toBe(true);
  // ... and the statements did not.
  expect(largeCounts).toEqual(smallCounts);
  // K1 (2) and its list (2); K3, K10, K17 lists (2 each); K3, K10, K12, K17 (4); two league tables (5 each); the
  // attention list (5, the holiday calendar, its commitments); the province's K1 and K17 (2): about 33, with room for
  // the statements other subgraph features add per request, and the KPI cache's data version (one read per request).
  expect(largeCounts.commitments).toBeLessThanOrEqual(41);
});

it('costs one statement per point of a series (K1: one for the range), for every KPI', async () => {
  await graph.subgraphs.commitments.database.dataSource.transaction((m) => add(m, 6, 3));
  const series = (kpi: string, from: string) =>
    `{ kpiSeries(kpi: ${kpi}, from: "${from}", to: "2025-12-31", filter: { leadAgency: { type: MINISTRY, id: "MOIT" } }) { period { label } value previous } }`;
  for (const kpi of ['K1_SIGNED', 'K3_SIX_CLEAR_RATE', 'K10_MEDIAN_LAG', 'K12_ON_TIME_RATE', 'K17_STALLED_RATE']) {
    graph.resetCounters();
    const four = ok(await graph.query<any>(series(kpi, '2025-01-01'))).kpiSeries;
    const fourCounts = graph.statementCounts();
    graph.resetCounters();
    const twenty = ok(await graph.query<any>(series(kpi, '2021-01-01'))).kpiSeries;
    const twentyCounts = graph.statementCounts();
    expect([kpi, four.length, twenty.length]).toEqual([kpi, 4, 20]);
    // The 2025 quarters are the same figures in both (each judged at its own as-of date), and there is something to show.
    expect(twenty.slice(16)).toEqual(four);
    // K10: every programme here is approved on 1 October 2025, after the as-of date (last day) of each quarter in which
    // these commitments were signed (Q1–Q3), so each quarter's median is right-censored away: null, not a lag.
    if (kpi === 'K10_MEDIAN_LAG') expect(four.map((p: any) => p.value)).toEqual([null, null, null, null]);
    else expect([kpi, four.some((p: any) => p.value !== null)]).toEqual([kpi, true]);
    // After the KPI cache's data version: K1, K10 and K12 one grouped statement over the range (K1) or over every
    // quarter and the quarter a year earlier (K10, K12); the stock figures K3 and K17 the national statement once per
    // point (4 quarters: 8 points; 20 quarters from 2021: 24, the 2021–2024 quarters being each other's year-earlier
    // points, of which the 8 of the 4-quarter series are already in the KPI cache: 16 statements). Their one statement
    // over all the points took minutes at 100,000 commitments, the points one by one seconds (series-probe.ts).
    // K3 and K17 are one statement (KpiSql.stock): after K3's series, K17's points are all in the cache already.
    // The stock statement is cached by lead: a request that computes one also reads the lead versions (one statement).
    const perPoint = kpi === 'K3_SIX_CLEAR_RATE';
    const cached = kpi === 'K17_STALLED_RATE';
    expect([kpi, fourCounts.commitments, twentyCounts.commitments]).toEqual([kpi, perPoint ? 2 + 8 : cached ? 1 : 2, perPoint ? 2 + 16 : cached ? 1 : 2]);
    expect([kpi, { ...twentyCounts, commitments: 0 }]).toEqual([kpi, { ...fourCounts, commitments: 0 }]);
  }
  // After a write to MOIT's commitments, K17 computes its own points again (for that lead only): the same per-point cost.
  await graph.subgraphs.commitments.database.dataSource.query("UPDATE commitment SET title_vi = 'Cam kết (sửa)' WHERE lead_agency_type = 'MINISTRY' AND lead_agency_id = 'MOIT'");
  graph.resetCounters();
  ok(await graph.query<any>(series('K17_STALLED_RATE', '2025-01-01')));
  expect(graph.statementCounts().commitments).toBe(2 + 8);
});

it('computes no year-earlier point for a series that selects neither previous nor ratio (a fragment that does counts)', async () => {
  // A write: a new data version, so nothing from the test above is cached.
  await graph.subgraphs.commitments.database.dataSource.transaction((m) => add(m, 2, 3));
  const query = (selection: string, fragments = '') => `{ kpiSeries(kpi: K3_SIX_CLEAR_RATE, from: "2025-01-01", to: "2025-12-31") { ${selection} } } ${fragments}`;
  graph.resetCounters();
  const values = ok(await graph.query<any>(query('period { label } value'))).kpiSeries;
  // The data version and the lead versions, then the national statement at each of the 4 quarters' as-of dates (not 8 points).
  expect(graph.statementCounts().commitments).toBe(2 + 4);
  graph.resetCounters();
  const withPrevious = ok(await graph.query<any>(query('period { label } value ...Y', 'fragment Y on KpiSeriesPoint { previous }'))).kpiSeries;
  // The 4 quarters come from the KPI cache; the 4 quarters of 2024 are computed now.
  expect(graph.statementCounts().commitments).toBe(2 + 4);
  expect(withPrevious.map((p: any) => [p.period.label, p.value])).toEqual(values.map((p: any) => [p.period.label, p.value]));
  expect(withPrevious.every((p: any) => 'previous' in p)).toBe(true);
  expect(values.some((p: any) => p.value !== null)).toBe(true);
});

it('computes only the K1 breakdowns a selection asks for (fragments included), with the same figures as all of them', async () => {
  await graph.subgraphs.commitments.database.dataSource.transaction((m) => add(m, 6, 4));
  const db = graph.subgraphs.commitments.database.dataSource;
  const breakdownSql = async (query: string) => {
    // A spy that calls the real query: which breakdown arms the statement has (the figures still come from SQL).
    const spy = jest.spyOn(db, 'query');
    try {
      const data = ok(await graph.query<any>(query)).kpis.signed;
      const sql = spy.mock.calls.map((c) => String(c[0])).filter((s) => s.includes("'MONTH' AS dim") || s.includes("'FIELD' AS dim") || s.includes("'LEVEL' AS dim") || s.includes("'PARTNER' AS dim"));
      return { data, sql };
    } finally {
      spy.mockRestore();
    }
  };
  // A distinct period per query, so no answer comes from the KPI result cache of another.
  const all = await breakdownSql('{ kpis(period: { kind: YEAR, year: 2025 }) { signed { count { value } byQuarter { key count } byMonth { key count } byField { key count } byPartner { key count } byAgency { key count } byLevel { key count } } } }');
  expect(all.sql).toHaveLength(1);
  for (const dim of ['MONTH', 'FIELD', 'PARTNER', 'AGENCY', 'LEVEL']) expect(all.sql[0]).toContain(`'${dim}' AS dim`);
  expect(all.data.byPartner.length).toBeGreaterThan(0);
  expect(all.data.byAgency.length).toBeGreaterThan(0);

  const fieldOnly = await breakdownSql('{ kpis(period: { kind: HALF, year: 2025, index: 2 }) { signed { count { value } byField { key count } } } }');
  expect(fieldOnly.sql).toHaveLength(1);
  expect(fieldOnly.sql[0]).toContain("'FIELD' AS dim");
  for (const dim of ['MONTH', 'PARTNER', 'AGENCY', 'LEVEL']) expect(fieldOnly.sql[0]).not.toContain(`'${dim}' AS dim`);
  expect(fieldOnly.sql[0]).not.toContain('capability_snapshot');

  const countOnly = await breakdownSql('{ kpis(period: { kind: QUARTER, year: 2025, index: 3 }) { signed { count { value } yearOnYear { value } } } }');
  expect(countOnly.sql).toEqual([]);
  expect(countOnly.data.count.value).toBeGreaterThan(0);

  // Through a fragment and an inline fragment: the partner and agency breakdowns, the same rows as with all five.
  const viaFragments = await breakdownSql(
    '{ kpis(period: { kind: CUSTOM, from: "2025-01-01", to: "2025-12-31" }) { signed { ...P ... on SignedKpi { byAgency { key count } } } } } fragment P on SignedKpi { byPartner { key count } }',
  );
  expect(viaFragments.sql).toHaveLength(1);
  expect(viaFragments.sql[0]).toContain("'PARTNER' AS dim");
  expect(viaFragments.sql[0]).not.toContain("'FIELD' AS dim");
  expect(viaFragments.data.byPartner).toEqual(all.data.byPartner);
  expect(viaFragments.data.byAgency).toEqual(all.data.byAgency);
});
