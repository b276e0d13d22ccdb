/**
 * `npm run bench`: times representative gateway requests over a generated register and prints a table
 * (latency percentiles, throughput, SQL statements per request). Performance targets live here, not in tests.
 *
 *   BENCH_COMMITMENTS  commitments generated on top of the demo set (default 5000; 100000 for national scale)
 *   BENCH_ITERATIONS   requests per scenario (default 200)
 *   ACCORDS_TEST_DB / ACCORDS_TEST_MYSQL_URL  which engine (as for the tests; MySQL when one answers)
 */
import { performance } from 'node:perf_hooks';
import { commitments, localities, ministries, partners } from '../tests/modules';
import { openTestSupergraph, testEngine } from '@accords/testkit';
import { demoIdFor } from '@accords/commitments';
import type { Identity } from '@accords/auth';

/** name, operation, variables per run, caller. */
type Scenario = [string, string, (() => Record<string, unknown>)?, Identity?];

const COUNT = Number(process.env.BENCH_COMMITMENTS ?? 5000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 200);

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
        rows.push({ id, code, titleVi: `Thỏa thuận hợp tác số ${i}`, titleEn: `Cooperation agreement ${i}`, summary: null, instrumentClass: 'INTERNATIONAL_AGREEMENT', documentType: 'MOU', leadAgencyType: ministry ? 'MINISTRY' : 'LOCALITY', leadAgencyId: lead, signedOn: day, legalStatus: 'SIGNED', searchText: `${code.toLowerCase()} thoa thuan hop tac so ${i}`, createdAt: new Date(), version: 1 });
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
    ];
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
    console.log(`\nAccords gateway benchmark: ${engine} engine, ${COUNT + 30} commitments (loaded in ${loadSeconds.toFixed(1)} s), ${ITERATIONS} sequential requests per scenario, in-process subgraphs\n`);
    console.log(line(header));
    console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
    rows.forEach((r) => console.log(line(r)));
  } finally {
    await graph.dispose();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
