/**
 * Probe: each KPI statement by lead, restricted to one lead (what a request after a write to one commitment runs), on
 * the benchmark register, uncached, one at a time: which statement a partial recomputation spends its time in.
 *
 *   npx tsx --tsconfig tsconfig.base.json scripts/bench/lead-probe.ts [LEAD ...]   (default MINISTRY:MOC LOCALITY:31)
 *
 * A LEAD is `TYPE:id` (the whole lead) or `TYPE:id#x` (one part, as a write recomputes); `ALL` times the whole
 * statement (every lead: what a request computes cold).
 *
 * LEAD_PROBE_URL (default mysql://root@127.0.0.1:3306/accords_bench_commitments); LEAD_PROBE_AS_OF (default 2025-12-31).
 */
import { createDataSource } from '@accords/db';
import { MoreKpiSql, type ResolvedFilter } from '../../subgraphs/commitments/src/kpis/repository';
import { resolvePeriod, yearEarlier } from '../../subgraphs/commitments/src/kpis/period';

async function main(): Promise<void> {
  const url = process.env.LEAD_PROBE_URL ?? 'mysql://root@127.0.0.1:3306/accords_bench_commitments';
  const asOf = process.env.LEAD_PROBE_AS_OF ?? '2025-12-31';
  const leads = process.argv.slice(2).length ? process.argv.slice(2) : ['MINISTRY:MOC', 'LOCALITY:31'];
  const { dataSource: db } = createDataSource({ url, entities: [], migrations: [], poolSize: 2, flavour: 'mariadb' });
  await db.initialize();
  const sql = new MoreKpiSql(db);
  const term = resolvePeriod({ kind: 'TERM' });
  const year = resolvePeriod({ kind: 'YEAR', year: 2025 });
  const statements: [string, (f: ResolvedFilter) => Promise<unknown>][] = [
    ['K1 counts', (f) => sql.signedCounts(f, term, null, sql.leadKey())],
    ['K1 counts (year, previous)', (f) => sql.signedCounts(f, year, yearEarlier(year), sql.leadKey())],
    ['K1 breakdowns', (f) => sql.signedBreakdown(f, term)],
    ['K3/K17 stock', (f) => sql.stock(f, asOf, sql.leadKey())],
    ['K10 histogram', (f) => sql.lagHistogram(f, term, asOf)],
    ['K12 due', (f) => sql.milestonesDue(f, term, asOf, sql.leadKey())],
    ['K20 SLA', (f) => sql.feedbackSla(f, year, asOf, sql.leadKey())],
    ['K4/K6/K8/K22', (f) => sql.compliance(f, term)],
    ['K5/K11', (f) => sql.coverage(f, asOf)],
    ['K7', (f) => sql.opinions(f, term, asOf)],
    ['K9', (f) => sql.annualPlans(f, '2025-11-17', 2026)],
    ['K13/K14', (f) => sql.progress(f, asOf)],
    ['K15/K16/K21', (f) => sql.reviews(f, term, asOf, null)],
    ['K18/K19', (f) => sql.obstacles(f, term)],
    ['K20', (f) => sql.feedback(f, term, asOf, true)],
    ['stalled list', (f) => sql.stalledList(f, asOf, { limit: 50, after: null })],
  ];
  try {
    for (const [name, run] of statements) {
      const times: string[] = [];
      for (const lead of leads) {
        const started = performance.now();
        await run(lead === 'ALL' ? {} : { leads: [lead] });
        times.push(`${lead} ${(performance.now() - started).toFixed(0)} ms`);
      }
      console.log(`${name.padEnd(28)} ${times.join('   ')}`);
    }
  } finally {
    await db.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
