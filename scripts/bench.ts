/**
 * `npm run bench`: times representative gateway requests over a generated register and prints a table
 * (latency percentiles, throughput, SQL statements per request). Performance targets live here, not in tests.
 *
 *   BENCH_COMMITMENTS  commitments generated on top of the demo set (default 5000; 100000 for national scale)
 *   BENCH_ITERATIONS   requests per scenario (default 200)
 *   BENCH_MILESTONES   milestones per generated commitment, for the KPI scenarios (default 2; 10 gives 1,000,000 at 100,000)
 *   BENCH_TERM_REPORT  the 2021–2025 term report (DOCX with charts) timed once: on (default), off, or only (no scenarios)
 *   ACCORDS_TEST_DB / ACCORDS_TEST_MYSQL_URL  which engine (as for the tests; MySQL when one answers)
 */
import { performance } from 'node:perf_hooks';
import { commitments, localities, ministries, partners } from '../tests/modules';
import { testEngine } from '@accords/testkit';
import { openTestSupergraph } from '@accords/gateway/testing';
import { demoIdFor } from '@accords/commitments';
import type { Identity } from '@accords/auth';
import { termReport } from '../subgraphs/commitments/src/exchange/term-report';

/** name, operation, variables per run, caller. */
type Scenario = [string, string, (() => Record<string, unknown>)?, Identity?];

const COUNT = Number(process.env.BENCH_COMMITMENTS ?? 5000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);
const MILESTONES = Number(process.env.BENCH_MILESTONES ?? 2);

const MINISTRIES = ['MOFA', 'MOIT', 'MOST', 'MOF', 'MOH', 'MOET', 'MOC', 'MAE', 'MOHA', 'MOJ', 'MPS', 'MOND', 'SBV'];
const PROVINCES = ['01', '15', '20', '22', '31', '44', '48', '79', '91', '92', '04', '08', '11', '12', '14'];
const PARTNERS = ['CN', 'JP', 'KR', 'US', 'AE', 'IL', 'LA', 'KH', 'SG', 'FR', 'DE', 'IN', 'AU', 'RU', 'TH', 'GB'];
const FIELDS = ['ECONOMY_TRADE_INVESTMENT', 'EDUCATION_TRAINING', 'ENERGY', 'HEALTH', 'DIGITAL_TRANSFORMATION', 'PEOPLE_TO_PEOPLE'];

function percentile(sorted: number[], p: number): number {
  const rank = (sorted.length - 1) * p;
  const lo = Math.floor(rank);
  return sorted[lo] + (sorted[Math.ceil(rank)] - sorted[lo]) * (rank - lo);
}

async function main() {
  const engine = await testEngine();
  const graph = await openTestSupergraph([ministries, localities, partners, commitments] as never, { seed: 'demo' });
  try {
    const db = graph.subgraphs.commitments.database.dataSource;
    const loadStart = performance.now();
    for (let start = 0; start < COUNT; start += 1000) {
      const rows: Record<string, unknown>[] = [];
      const links: { commitmentId: string; partnerId: string }[] = [];
      const fields: { commitmentId: string; field: string }[] = [];
      for (let i = start; i < Math.min(COUNT, start + 1000); i++) {
        const ministry = i % 3 !== 0;
        const lead = ministry ? MINISTRIES[i % MINISTRIES.length] : PROVINCES[i % PROVINCES.length];
        const code = `${lead}-BENCH-${String(i).padStart(6, '0')}`;
        const id = demoIdFor(code);
        const day = new Date(Date.UTC(2021, 0, 1) + (i % 1825) * 86_400_000).toISOString().slice(0, 10);
        rows.push({ id, code, titleVi: `Thỏa thuận hợp tác số ${i}`, titleEn: `Cooperation agreement ${i}`, summary: null, instrumentClass: 'INTERNATIONAL_AGREEMENT', documentType: 'MOU', leadAgencyType: ministry ? 'MINISTRY' : 'LOCALITY', leadAgencyId: lead, ownerAgency: `${ministry ? 'MINISTRY' : 'LOCALITY'}:${lead}`, signedOn: day, legalStatus: 'SIGNED', searchText: `${code.toLowerCase()} thoa thuan hop tac so ${i}`, createdAt: new Date(), version: 1 });
        links.push({ commitmentId: id, partnerId: PARTNERS[i % PARTNERS.length] });
        if (i % 4 === 0) links.push({ commitmentId: id, partnerId: PARTNERS[(i + 5) % PARTNERS.length] });
        fields.push({ commitmentId: id, field: FIELDS[i % FIELDS.length] });
      }
      await db.transaction(async (m) => {
        await m.insert('commitment', rows);
        await m.insert('commitment_partner', links);
        await m.insert('commitment_field', fields);
      });
    }
    // KPI data on the same commitments: an approved programme for four in five, MILESTONES milestones each (some done
    // on time, some late, some open), an obstacle for one in ten, feedback for one in twenty.
    for (let start = 0; start < COUNT; start += 1000) {
      const programs: Record<string, unknown>[] = [];
      const milestones: Record<string, unknown>[] = [];
      const obstacles: Record<string, unknown>[] = [];
      const feedback: Record<string, unknown>[] = [];
      for (let i = start; i < Math.min(COUNT, start + 1000); i++) {
        const ministry = i % 3 !== 0;
        const lead = ministry ? MINISTRIES[i % MINISTRIES.length] : PROVINCES[i % PROVINCES.length];
        const code = `${lead}-BENCH-${String(i).padStart(6, '0')}`;
        const id = demoIdFor(code);
        const owner = `${ministry ? 'MINISTRY' : 'LOCALITY'}:${lead}`;
        const signed = Date.UTC(2021, 0, 1) + (i % 1825) * 86_400_000;
        const programId = demoIdFor(`${code}/p`);
        programs.push({ id: programId, commitmentId: id, ownerAgency: owner, kind: 'LONG_TERM', year: 2025, title: 'Chương trình', status: i % 5 ? 'APPROVED' : 'DRAFT', approvedAt: i % 5 ? new Date(signed + (i % 90) * 86_400_000) : null, createdAt: new Date(), version: 1 });
        for (let k = 0; k < MILESTONES; k++) {
          const due = signed + (60 + 45 * k) * 86_400_000;
          const done = (i + k) % 4 === 0 ? null : new Date(due + (((i + k) % 3) - 1) * 10 * 86_400_000);
          milestones.push({ id: demoIdFor(`${code}/m${k}`), commitmentId: id, programId, task: `Việc ${k}`, ownerAgency: owner, dueOn: new Date(due).toISOString().slice(0, 10), deliverable: 'Báo cáo', completedAt: done, createdAt: new Date(), version: 1 });
        }
        if (i % 10 === 0) obstacles.push({ id: demoIdFor(`${code}/o`), commitmentId: id, category: 'LEGAL', description: '...', detectedAt: new Date(signed + 100 * 86_400_000), detectedBy: 'bench', severity: 'HIGH', beyondAuthority: i % 20 === 0, resolvedAt: i % 30 === 0 ? new Date(signed + 130 * 86_400_000) : null, createdAt: new Date(), version: 1 });
        if (i % 20 === 0) feedback.push({ id: demoIdFor(`${code}/f`), receiptHash: '0'.repeat(64), submitterKind: 'CITIZEN', subject: 'Góp ý', body: '...', commitmentId: id, agency: owner, status: 'RECEIVED', receivedAt: new Date(signed + 50 * 86_400_000), version: 1 });
      }
      await db.transaction(async (m) => {
        await m.insert('action_program', programs);
        for (let j = 0; j < milestones.length; j += 2000) await m.insert('milestone', milestones.slice(j, j + 2000));
        if (obstacles.length) await m.insert('obstacle', obstacles);
        if (feedback.length) await m.insert('feedback', feedback);
      });
    }
    const loadSeconds = (performance.now() - loadStart) / 1000;

    const provinceEditor: Identity = { subject: 'bench-editor', agency: { type: 'LOCALITY', id: '20' }, roles: ['editor'] };
    let proposals = 0;
    const propose = () => ({
      input: { code: `20-BENCHP-${++proposals}`, title: 'Thỏa thuận hợp tác đo hiệu năng', kind: 'INTERNATIONAL_AGREEMENT', documentType: 'MOU', leadAgency: { type: 'LOCALITY', id: '20' }, partnerIds: ['CN', 'LA'], fields: ['ENERGY'] },
    });
    const scenarios: Scenario[] = [
      ['commitment across 4 subgraphs', '{ commitment(code: "20-2025-001") { title leadAgency { ... on Locality { name } } partners { name commitments(first: 5) { totalCount edges { node { code leadAgency { ... on Ministry { name } ... on Locality { name } } } } } } } }'],
      ['page of 50 with agency + partners', '{ commitments(first: 50) { totalCount edges { node { code title leadAgency { ... on Ministry { name } ... on Locality { name } } partners { name } fields } } } }'],
      ['16 partners x 10 commitments', `{ partners(grouping: "G20", first: 16) { edges { node { name commitments(first: 10) { totalCount edges { node { code } } } } } } }`],
      ['search, no diacritics', '{ commitments(search: "hop tac so 12", first: 20) { totalCount edges { node { code } } } }'],
      ['ministry page + its commitments', '{ ministries(kind: MINISTRY, first: 14) { edges { node { name commitments(first: 5) { totalCount edges { node { code signedOn } } } } } } }'],
      [
        'province page: 20 commitments, six-clear, overdue',
        '{ locality(id: "20") { name commitments(first: 20) { totalCount edges { node { code sixClear { complete score flags { name clear } } progress { ratio } milestones(status: OPEN_OVERDUE) { task dueOn } obstacles(open: true) { category } } } } } }',
      ],
      ['propose (mutation: checks, peers, audit)', 'mutation ($input: ProposeCommitmentInput!) { proposeCommitment(input: $input) { id version } }', propose, provinceEditor],
      [
        'KPIs: national, 2021–2025 term (K1–K22)',
        `{ kpis(period: { kind: TERM }) { signed { count { value } byQuarter { key count } byField { key count } } sixClear { rate { value } mostMissing } lag { median p75 waiting { numerator } }
           milestones { due onTimeRate { value } } stalled { rate { value } } feasibility { value } unrealised { value } consultation { value } opinions { medianDays } copies { value }
           annualPlans { rate { value } } planCoverage { value } progress { meanProgress } indicatorAttainment { meanAttainment } completion { value } confidence { worsened }
           obstacleTiming { value } obstacleResolution { medianDays } feedback { received } reviews { coverage { value } } decentralisation { belowProvince } } }`,
      ],
      ['KPIs: one quarter, ASEAN partners (K1, K2, K10, K12)', '{ kpis(period: { kind: QUARTER, year: 2025, index: 3 }, filter: { partnerGrouping: "ASEAN" }) { signed { count { value } yearOnYear { value } } lag { median } milestones { onTimeRate { value } } } }'],
      ['league table: ministries', '{ leagueTable(kind: MINISTRY, period: { kind: YEAR, year: 2025 }, orderBy: { column: STALLED_RATE }) { agency { ... on Ministry { name } } signed sixClearRate medianLag onTimeRate stalledRate } }'],
      ['league table: provinces', '{ leagueTable(kind: PROVINCE, period: { kind: YEAR, year: 2025 }) { agency { ... on Locality { name } } signed sixClearRate medianLag onTimeRate stalledRate } }'],
      ['needs attention: national, first 50', '{ needsAttention(first: 50) { reason ageDays commitment { code } agency { ... on Ministry { name } ... on Locality { name } } } }'],
    ];
    // Issue #13's target, "a term report over 100,000 commitments in under 30 s": every operation the report runs
    // (through the gateway, as central oversight) and the DOCX with its three charts, timed once after the scenarios.
    const termReportTiming = async () => {
      const central: Identity = { subject: 'bench-central', agency: { type: 'MINISTRY', id: 'MOFA' }, roles: ['viewer'] };
      const started = performance.now();
      const docx = await termReport(async <T>(query: string, variables: Record<string, unknown>) => {
        const result = await graph.query<T>(query, variables, central);
        if (result.errors?.length) throw new Error(`term report: ${JSON.stringify(result.errors)}`);
        return result.data as T;
      }, { kind: 'TERM' });
      console.log(`\nTerm report 2021–2025 over ${COUNT + 30} commitments: ${((performance.now() - started) / 1000).toFixed(1)} s (DOCX ${(docx.length / 1024).toFixed(0)} KiB, 3 charts)`);
    };
    if (process.env.BENCH_TERM_REPORT === 'only') return await termReportTiming();
    const rows: string[][] = [];
    for (const [name, query, variables, identity] of scenarios) {
      const run = () => graph.query(query, variables?.(), identity ?? null);
      for (let i = 0; i < 10; i++) await run(); // warm-up (query plans, caches)
      graph.resetCounters();
      const first = await run();
      if (first.errors) throw new Error(`${name}: ${JSON.stringify(first.errors)}`);
      const statements = Object.values(graph.statementCounts()).reduce((a, b) => a + b, 0);
      const times: number[] = [];
      const started = performance.now();
      for (let i = 0; i < ITERATIONS; i++) {
        const t = performance.now();
        await run();
        times.push(performance.now() - t);
      }
      const total = (performance.now() - started) / 1000;
      times.sort((a, b) => a - b);
      rows.push([name, percentile(times, 0.5).toFixed(1), percentile(times, 0.95).toFixed(1), (ITERATIONS / total).toFixed(0), String(statements)]);
    }
    const header = ['scenario', 'p50 ms', 'p95 ms', 'req/s', 'SQL/request'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
    console.log(`\nAccords gateway benchmark: ${engine} engine, ${COUNT + 30} commitments, ${COUNT * MILESTONES} milestones (loaded in ${loadSeconds.toFixed(1)} s), ${ITERATIONS} sequential requests per scenario, in-process subgraphs\n`);
    console.log(line(header));
    console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
    rows.forEach((r) => console.log(line(r)));
    if (process.env.BENCH_TERM_REPORT !== 'off') await termReportTiming();
  } finally {
    await graph.dispose();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
