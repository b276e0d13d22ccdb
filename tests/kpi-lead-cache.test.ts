import { randomUUID } from 'node:crypto';
import type { TestSupergraph } from '@accords/gateway/testing';
import { kpiCacheStats } from '@accords/commitments/src/kpis/cache';
import { ok } from './workflow';
import { closeDemoSupergraph, openDemoSupergraph } from './support/kpi-register';

/**
 * The KPI result cache by lead (kpis/cache.ts, migration KpiLeadVersion): the triggers bump the version of the lead's
 * part (`TYPE:id#x`) a written row belongs to, and after a write the figures computed by lead (every national figure,
 * both league tables, the attention list) recompute the touched parts only and merge them with the others' cached
 * rows. The merged answer must be exactly what a whole computation gives, on both engines.
 */
let graph: TestSupergraph;
beforeAll(async () => {
  graph = await openDemoSupergraph();
}, 180_000);
afterAll(() => closeDemoSupergraph(graph));

const db = () => graph.subgraphs.commitments.database.dataSource;
const embedded = () => db().options.type === 'sqljs';
const instant = (iso: string) => (embedded() ? iso.replace('T', ' ').replace('Z', '') : new Date(iso));

const leadVersions = async () =>
  new Map(((await db().query('SELECT lead_key, SUM(v) AS v FROM kpi_lead_version GROUP BY lead_key')) as { lead_key: string; v: unknown }[]).map((r) => [r.lead_key, Number(r.v)]));
/** The leads whose version moved between two readings. */
const moved = (a: Map<string, number>, b: Map<string, number>) => [...new Set([...a.keys(), ...b.keys()])].filter((k) => (a.get(k) ?? 0) !== (b.get(k) ?? 0)).sort();

/** A signed, active commitment of a lead of this type with milestones (from the demo register): its lead and its key (the lead's part it is in). */
async function commitmentOf(type: string): Promise<{ id: string; lead: string; key: string }> {
  const [row] = (await db().query(
    `SELECT c.id, c.lead_agency_type AS t, c.lead_agency_id AS i FROM commitment c
      WHERE c.lead_agency_type = ? AND c.signed_on >= '2025-01-01' AND c.signed_on < '2025-10-01' AND c.implementation_status NOT IN ('CLOSED', 'CANCELLED')
        AND EXISTS (SELECT 1 FROM milestone m WHERE m.commitment_id = c.id AND m.completed_at IS NULL AND m.due_on < '2025-12-01')
      ORDER BY c.code LIMIT 1`,
    [type],
  )) as { id: string; t: string; i: string }[];
  expect(row).toBeDefined();
  return { id: row.id, lead: `${row.t}:${row.i}`, key: `${row.t}:${row.i}#${row.id.slice(-1)}` };
}

it('bumps the version of the lead (and part) a written row belongs to: its commitment\'s, both on a change of lead, every lead (*) for a holiday', async () => {
  const a = await commitmentOf('MINISTRY');
  const b = await commitmentOf('LOCALITY');
  let before = await leadVersions();
  await db().query('UPDATE milestone SET deliverable = ? WHERE commitment_id = ?', ['Báo cáo', a.id]);
  let after = await leadVersions();
  expect(moved(before, after)).toEqual([a.key]);

  before = after;
  await db().query(
    `INSERT INTO progress_report (id, commitment_id, period_start, period_end, achievements, completion_level, delivery_confidence, confidence_justification, submitted_by, submitted_at, version)
     VALUES (?, ?, '2025-10-01', '2025-12-31', 'Tiến độ', 'LIMITED', 'AMBER', 'Thử', 'test', ?, 1)`,
    [randomUUID(), b.id, instant('2025-12-20T03:00:00Z')],
  );
  after = await leadVersions();
  expect(moved(before, after)).toEqual([b.key]);

  // A commitment handed from one lead to another: both leads' figures change.
  const [lt, li] = [b.lead.slice(0, b.lead.indexOf(':')), b.lead.slice(b.lead.indexOf(':') + 1)];
  before = after;
  await db().query('UPDATE commitment SET lead_agency_type = ?, lead_agency_id = ? WHERE id = ?', [lt, li, a.id]);
  after = await leadVersions();
  // The same part (the commitment's id is unchanged) of the old and of the new lead.
  expect(moved(before, after)).toEqual([a.key, `${b.lead}#${a.id.slice(-1)}`].sort());
  await db().query('UPDATE commitment SET lead_agency_type = ?, lead_agency_id = ? WHERE id = ?', [a.lead.slice(0, a.lead.indexOf(':')), a.lead.slice(a.lead.indexOf(':') + 1), a.id]);

  // Feedback about no commitment: its own key, not every lead's.
  before = await leadVersions();
  const feedbackId = randomUUID();
  await insertFeedbackAboutNothing(feedbackId, '2025-06-03T02:00:00Z');
  after = await leadVersions();
  expect(moved(before, after)).toEqual(['-']);
  await db().query('DELETE FROM feedback WHERE id = ?', [feedbackId]);

  // A review decision: read by no statement by lead (K21's decisions run whole), so no key moves.
  const dataVersion = async () => Number(((await db().query('SELECT SUM(v) AS v FROM kpi_data_version')) as { v: unknown }[])[0].v);
  before = await leadVersions();
  const data = await dataVersion();
  const review = randomUUID();
  await db().query(
    `INSERT INTO review (id, kind, owner_agency, period_start, period_end, scope, chair, held_at, created_at, version)
     VALUES (?, 'ANNUAL', 'MINISTRY:MOIT', '2025-01-01', '2025-12-31', 'Toàn bộ', 'Thứ trưởng', ?, ?, 1)`,
    [review, instant('2025-12-15T02:00:00Z'), instant('2025-12-15T02:00:00Z')],
  );
  await db().query(
    `INSERT INTO review_decision (id, review_id, decision, assignee_agency, due_on, version) VALUES (?, ?, 'Bổ sung kế hoạch', 'MINISTRY:MOIT', '2026-03-31', 1)`,
    [randomUUID(), review],
  );
  after = await leadVersions();
  expect(moved(before, after)).toEqual([]);
  // ... while the data version did move (K21 counts it).
  expect(await dataVersion()).toBeGreaterThan(data);

  // A public holiday moves deadlines for everyone.
  before = await leadVersions();
  await db().query("INSERT INTO public_holiday (date, kind, name_vi, name_en) VALUES ('2031-01-02', 'DAY_OFF', 'Nghỉ thử', 'Test day off')");
  after = await leadVersions();
  expect(moved(before, after)).toEqual(['*']);
  await db().query("DELETE FROM public_holiday WHERE date = '2031-01-02'");
});

/** Feedback from a citizen about no agreement, received at `at` and unresolved. */
async function insertFeedbackAboutNothing(id: string, at: string): Promise<void> {
  await db().query(
    `INSERT INTO feedback (id, receipt_hash, submitter_kind, subject, body, status, received_at, version)
     VALUES (?, ?, 'CITIZEN', 'Góp ý chung', 'Thủ tục ký kết còn chậm', 'RECEIVED', ?, 1)`,
    [id, 'f'.repeat(64), instant(at)],
  );
}

const BY_LEAD = `{
  kpis(period: { kind: YEAR, year: 2025 }, asOf: "2025-12-31") {
    signed { count { value } yearOnYear { value denominator } }
    sixClear { rate { numerator denominator } missing { flag count } }
    lag { median p75 actedOn waiting { numerator } oldestWaitingDays within30 { numerator } }
    milestones { due doneOnTime doneLate openWithinDeadline openOverdue }
    stalled { rate { numerator denominator } }
    signed { byMonth { key count } byField { key count } byPartner { key count } byAgency { key count } byLevel { key count } }
    feasibility { numerator denominator } consultation { numerator denominator } copies { numerator denominator }
    decentralisation { belowProvince feasibility { numerator } consultation { numerator } }
    unrealised { numerator denominator } planCoverage { numerator denominator }
    opinions { requested answered onTime { numerator } medianDays } annualPlans { rate { numerator denominator } }
    progress { commitments weighted meanProgress } indicatorAttainment { indicators meanAttainment }
    completion { numerator denominator } confidence { mix { key count } worsened } reviews { coverage { numerator denominator } decisionsOnTime { numerator denominator } }
    obstacleTiming { numerator denominator } obstacleResolution { resolved medianDays escalated escalatedMedianDays withinAuthority withinAuthorityMedianDays }
    feedback { received medianDaysToAcknowledge medianDaysToResolve resolvedWithin15WorkingDays { numerator } turnedIntoObstacles { numerator } backlogByAge { key count } }
  }
  attention: needsAttention(asOf: "2025-12-31", first: 60) { reason detail ageDays since commitment { id } }
  ministries: leagueTable(kind: MINISTRY, period: { kind: YEAR, year: 2025 }, asOf: "2025-12-31") {
    agency { ... on Ministry { id } } signed sixClearRate medianLag onTimeRate stalledRate feedbackSlaRate activeCommitments milestonesDue
  }
  provinces: leagueTable(kind: PROVINCE, period: { kind: YEAR, year: 2025 }, asOf: "2025-12-31") {
    agency { ... on Locality { id } } signed sixClearRate medianLag onTimeRate stalledRate feedbackSlaRate activeCommitments milestonesDue
  }
}`;

/** The same request computed whole: every lead's cached rows are discarded (a write that belongs to every lead). */
async function whole(): Promise<unknown> {
  await db().query("INSERT INTO public_holiday (date, kind, name_vi, name_en) VALUES ('2031-01-03', 'DAY_OFF', 'x', 'x')");
  await db().query("DELETE FROM public_holiday WHERE date = '2031-01-03'");
  const partial = kpiCacheStats(db()).partial;
  const answer = ok(await graph.query<any>(BY_LEAD));
  expect(kpiCacheStats(db()).partial).toBe(partial);
  return answer;
}

it('after writes to one or two leads, recomputes those leads only and answers exactly what a whole computation gives', async () => {
  const first = ok(await graph.query<any>(BY_LEAD));
  expect(first.ministries.length).toBeGreaterThan(5);
  expect(first.provinces.length).toBeGreaterThan(5);
  expect(new Set(first.attention.map((i: any) => i.reason)).size).toBeGreaterThan(2);
  const a = await commitmentOf('MINISTRY');
  const b = await commitmentOf('LOCALITY');

  // One lead: its milestones done (K3, K12, K17), a first action (K10), a new signing (K1), feedback resolved (K20).
  await db().query('UPDATE milestone SET completed_at = ?, actual_start = COALESCE(actual_start, ?) WHERE commitment_id = ? AND completed_at IS NULL', [instant('2025-11-20T02:00:00Z'), '2025-06-02', a.id]);
  await db().query(
    `INSERT INTO commitment (id, code, title_vi, instrument_class, document_type, lead_agency_type, lead_agency_id, owner_agency, signed_on, legal_status, implementation_status, search_text, created_at, version)
     VALUES (?, 'LEAD-CACHE-1', 'Cam kết thử', 'INTERNATIONAL_AGREEMENT', 'MOU', ?, ?, ?, '2025-09-30', 'SIGNED', 'IMPLEMENTATION', 'lead-cache-1', ?, 1)`,
    [randomUUID(), a.lead.slice(0, a.lead.indexOf(':')), a.lead.slice(a.lead.indexOf(':') + 1), a.lead, instant('2025-01-01T00:00:00Z')],
  );
  const ofLead = `commitment_id IN (SELECT id FROM commitment WHERE lead_agency_type = ? AND lead_agency_id = ?)`;
  const leadParams = [a.lead.slice(0, a.lead.indexOf(':')), a.lead.slice(a.lead.indexOf(':') + 1)];
  // ... its obstacles and feedback resolved, its opinions answered (K7, K18–K20).
  await db().query(`UPDATE obstacle SET resolved_at = ? WHERE resolved_at IS NULL AND ${ofLead}`, [instant('2025-12-10T02:00:00Z'), ...leadParams]);
  await db().query(`UPDATE feedback SET acknowledged_at = COALESCE(acknowledged_at, ?), resolved_at = COALESCE(resolved_at, ?) WHERE ${ofLead}`, [instant('2025-12-01T02:00:00Z'), instant('2025-12-11T02:00:00Z'), ...leadParams]);
  await db().query(`UPDATE consultation SET replied_at = COALESCE(replied_at, ?) WHERE ${ofLead}`, [instant('2025-12-02T02:00:00Z'), ...leadParams]);
  const stats = kpiCacheStats(db());
  graph.resetCounters();
  const merged = ok(await graph.query<any>(BY_LEAD));
  const after = kpiCacheStats(db());
  // Every statement by lead was brought up to date for the parts of the one lead the writes touched (16 at most).
  expect(after.partial - stats.partial).toBeGreaterThanOrEqual(15);
  expect(after.partialLeads - stats.partialLeads).toBeGreaterThanOrEqual(after.partial - stats.partial);
  expect(after.partialLeads - stats.partialLeads).toBeLessThanOrEqual(16 * (after.partial - stats.partial));
  expect(merged.kpis.signed.count.value).toBe(first.kpis.signed.count.value + 1);
  expect(merged).not.toEqual(first);
  expect(merged).toEqual(await whole());

  // Two leads: a commitment handed from a ministry to a province (the same part of each).
  const [lt, li] = [b.lead.slice(0, b.lead.indexOf(':')), b.lead.slice(b.lead.indexOf(':') + 1)];
  await db().query('UPDATE commitment SET lead_agency_type = ?, lead_agency_id = ? WHERE id = ?', [lt, li, a.id]);
  const before = kpiCacheStats(db());
  const moved2 = ok(await graph.query<any>(BY_LEAD));
  const now = kpiCacheStats(db());
  expect(now.partialLeads - before.partialLeads).toBe(2 * (now.partial - before.partial));
  expect(moved2).not.toEqual(merged);
  expect(moved2).toEqual(await whole());
});

it('recomputes whole after a write that belongs to every lead', async () => {
  ok(await graph.query<any>(BY_LEAD));
  const before = kpiCacheStats(db());
  await db().query("INSERT INTO public_holiday (date, kind, name_vi, name_en) VALUES ('2025-12-29', 'DAY_OFF', 'Nghỉ thử', 'Test day off')");
  const answer = ok(await graph.query<any>(BY_LEAD));
  const after = kpiCacheStats(db());
  expect(after.partial).toBe(before.partial);
  expect(after.misses).toBeGreaterThan(before.misses);
  await db().query("DELETE FROM public_holiday WHERE date = '2025-12-29'");
  expect(answer.ministries.length).toBeGreaterThan(5);
});

it('after feedback about no commitment, recomputes that key only, and the national feedback figures and the attention list follow', async () => {
  const first = ok(await graph.query<any>(BY_LEAD));
  const before = kpiCacheStats(db());
  await insertFeedbackAboutNothing(randomUUID(), '2025-05-05T02:00:00Z');
  const merged = ok(await graph.query<any>(BY_LEAD));
  const after = kpiCacheStats(db());
  expect(after.partial).toBeGreaterThan(before.partial);
  expect(merged.kpis.feedback.received).toBe(first.kpis.feedback.received + 1);
  expect(merged).toEqual(await whole());
});
