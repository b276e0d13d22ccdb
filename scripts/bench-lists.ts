/**
 * `npm run bench:lists`: the commitment lists at national scale (issue #16), one connection, in-process supergraph.
 * Generates BENCH_COMMITMENTS commitments (default 100000) on top of the demo set, then times each workload
 * BENCH_ITERATIONS times (default 50) after a warm-up and prints p50/p95 and the SQL statements per request.
 *
 *   BENCH_COMMITMENTS / BENCH_ITERATIONS / ACCORDS_TEST_DB (mysql for the figures in the README)
 *   BENCH_LISTS_DATABASE_URL  a commitments database this script loaded before (kept by an interrupted run): used as
 *                             it is, without generating again (dropped at the end, like a fresh one)
 */
import { performance } from 'node:perf_hooks';
import { commitments, localities, ministries, partners } from '../tests/modules';
import { testEngine } from '@accords/testkit';
import { openTestSupergraph } from '@accords/gateway/testing';
import { demoIdFor } from '@accords/commitments';
import { foldForSearch } from '@accords/db';
import { encodeCursor } from '@accords/subgraph-kit';

const COUNT = Number(process.env.BENCH_COMMITMENTS ?? 100_000);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 50);

const MINISTRIES = ['MOFA', 'MOIT', 'MOST', 'MOF', 'MOH', 'MOET', 'MOC', 'MAE', 'MOHA', 'MOJ', 'MPS', 'MOND', 'SBV'];
const PROVINCES = ['01', '15', '20', '22', '31', '44', '48', '79', '91', '92', '04', '08', '11', '12', '14'];
const PARTNERS = ['CN', 'JP', 'KR', 'US', 'AE', 'IL', 'LA', 'KH', 'SG', 'FR', 'DE', 'IN', 'AU', 'RU', 'TH', 'GB', 'IT', 'CA', 'BR', 'MX', 'ID', 'TR'];
const FIELDS = ['ECONOMY_TRADE_INVESTMENT', 'EDUCATION_TRAINING', 'ENERGY', 'HEALTH', 'DIGITAL_TRANSFORMATION', 'PEOPLE_TO_PEOPLE', 'LABOUR', 'JUSTICE'];
/** Title shapes: about half name cooperation ("hợp tác"), as real titles do. */
const TITLES = [
  (i: number) => `Thỏa thuận hợp tác kinh tế thương mại số ${i}`,
  (i: number) => `Bản ghi nhớ về giáo dục và đào tạo ${i}`,
  (i: number) => `Kế hoạch hợp tác y tế giai đoạn ${i}`,
  (i: number) => `Biên bản thỏa thuận phát triển năng lượng ${i}`,
  (i: number) => `Chương trình hợp tác khoa học công nghệ ${i}`,
  (i: number) => `Ý định thư về chuyển đổi số ${i}`,
];

function percentile(sorted: number[], p: number): number {
  const rank = (sorted.length - 1) * p;
  const lo = Math.floor(rank);
  return sorted[lo] + (sorted[Math.ceil(rank)] - sorted[lo]) * (rank - lo);
}

async function main() {
  const engine = await testEngine();
  const reuse = process.env.BENCH_LISTS_DATABASE_URL;
  const graph = await openTestSupergraph([ministries, localities, partners, commitments] as never, { seed: 'demo', databaseUrls: reuse ? { commitments: reuse } : undefined });
  try {
    const db = graph.subgraphs.commitments.database.dataSource;
    const loadStart = performance.now();
    for (let start = reuse ? COUNT : 0; start < COUNT; start += 1000) {
      const rows: Record<string, unknown>[] = [];
      const links: { commitmentId: string; partnerId: string }[] = [];
      const fields: { commitmentId: string; field: string }[] = [];
      for (let i = start; i < Math.min(COUNT, start + 1000); i++) {
        const ministry = i % 3 !== 0;
        const lead = ministry ? MINISTRIES[i % MINISTRIES.length] : PROVINCES[i % PROVINCES.length];
        const code = `${lead}-L-${String(i).padStart(6, '0')}`;
        const id = demoIdFor(code);
        const signed = i % 50 === 0 ? null : new Date(Date.UTC(2006, 0, 1) + ((i * 7919) % 7300) * 86_400_000).toISOString().slice(0, 10);
        const title = TITLES[i % TITLES.length](i);
        rows.push({
          id, code, titleVi: title, titleEn: null, summary: null, instrumentClass: 'INTERNATIONAL_AGREEMENT', documentType: 'MOU',
          leadAgencyType: ministry ? 'MINISTRY' : 'LOCALITY', leadAgencyId: lead, ownerAgency: `${ministry ? 'MINISTRY' : 'LOCALITY'}:${lead}`,
          signedOn: signed, legalStatus: signed ? 'SIGNED' : 'DRAFT', searchText: foldForSearch(`${code} ${title}`), createdAt: new Date(), version: 1,
        });
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
    if (engine === 'mysql') await db.query('ANALYZE TABLE commitment, commitment_partner, commitment_field');
    const loadSeconds = (performance.now() - loadStart) / 1000;
    const [middle]: { sort_date: string; code: string }[] = await db.query('SELECT sort_date, code FROM commitment ORDER BY sort_date DESC, code LIMIT 1 OFFSET 50000');
    const deep = encodeCursor([middle.sort_date, middle.code]);
    const scenarios: [string, string][] = [
      ['national list, first page (20)', '{ commitments(first: 20) { pageInfo { hasNextPage endCursor } edges { node { code title signedOn } } } }'],
      ['national list, first page + totalCount', '{ commitments(first: 20) { totalCount edges { node { code title signedOn } } } }'],
      ['national list, deep keyset page (row 50,000)', `{ commitments(first: 20, after: "${deep}") { pageInfo { hasNextPage endCursor } edges { node { code title signedOn } } } }`],
      ['filtered: leadAgencyId MOIT', '{ commitments(first: 20, leadAgencyId: "MOIT") { edges { node { code } } } }'],
      ['filtered: partner KR, field ENERGY', '{ commitments(first: 20, partnerId: "KR", field: ENERGY) { edges { node { code } } } }'],
      ['search "hop tac", first 20', '{ commitments(search: "hop tac", first: 20) { edges { node { code title } } } }'],
      ['search "hop tac" + totalCount', '{ commitments(search: "hop tac", first: 20) { totalCount edges { node { code title } } } }'],
      ['search a code "moit-l-0500"', '{ commitments(search: "moit-l-0500", first: 20) { edges { node { code } } } }'],
      ['partners(G20, 16) x commitments(10) + totalCount', '{ partners(grouping: "G20", first: 16) { edges { node { name commitments(first: 10) { totalCount edges { node { code } } } } } } }'],
      ['ministries(14) x commitments(5)', '{ ministries(kind: MINISTRY, first: 14) { edges { node { name commitments(first: 5) { edges { node { code signedOn } } } } } } }'],
    ];
    const rows: string[][] = [];
    for (const [name, query] of scenarios) {
      const run = () => graph.query(query);
      for (let i = 0; i < 5; i++) await run();
      graph.resetCounters();
      const first = await run();
      if (first.errors) throw new Error(`${name}: ${JSON.stringify(first.errors)}`);
      const statements = graph.statementCounts().commitments ?? 0;
      const times: number[] = [];
      for (let i = 0; i < ITERATIONS; i++) {
        const t = performance.now();
        await run();
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      rows.push([name, percentile(times, 0.5).toFixed(1), percentile(times, 0.95).toFixed(1), String(statements)]);
    }
    const header = ['workload', 'p50 ms', 'p95 ms', 'commitments SQL/request'];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
    console.log(`\nCommitment lists: ${engine} engine, ${COUNT} generated commitments + demo (loaded in ${loadSeconds.toFixed(0)} s), ${ITERATIONS} sequential requests each, in-process supergraph\n`);
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
