/**
 * Probe: the KPI series statements (Query.kpiSeries for K3, K10, K12, K17) on the benchmark register, cold (no KPI
 * result cache: KpiSql without a request object), measured as one 24-point statement (At.many, the series SQL) and
 * as the single-point statement once per point (At.one, sequentially). Both ways' figures are written to JSON so
 * they can be compared; the points are built as `series()` builds them (2021Q1–2025Q4 and the year-earlier quarters).
 *
 *   npx tsx --tsconfig tsconfig.base.json scripts/bench/series-probe.ts [many|one|both|series] [K3,K10,K12,K17]
 *
 * `series`: the figures as Query.kpiSeries computes them (seriesByPoint), timed, and for K3 and K17 compared with the
 * figures of the rows `many` wrote before (the one statement over all the points).
 *
 * Environment: SERIES_PROBE_URL (default mysql://root@127.0.0.1:3306/accords_bench_commitments),
 * SERIES_PROBE_LIMIT_S (per-statement limit, MariaDB max_statement_time; default 600), SERIES_PROBE_OUT (a directory
 * for the JSON figures, default bench-results/series-probe), SERIES_PROBE_FROM / SERIES_PROBE_TO (default 2021-01-01 /
 * 2025-12-31), SERIES_PROBE_CONCURRENCY (`series`: statements in flight at once; default as kpiSeries), SERIES_PROBE_TODAY (the legal "today" for a quarter still running; default the clock).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createDataSource } from '@accords/db';
import { At, KpiSql, NATIONAL, type Point } from '../../subgraphs/commitments/src/kpis/repository';
import { seriesByPoint, seriesPoints } from '../../subgraphs/commitments/src/kpis/resolvers';

type Kpi = 'K3' | 'K10' | 'K12' | 'K17';

async function main(): Promise<void> {
  const mode = (process.argv[2] ?? 'both') as 'many' | 'one' | 'both' | 'series';
  const kpis = (process.argv[3] ?? 'K3,K10,K12,K17').split(',') as Kpi[];
  const url = process.env.SERIES_PROBE_URL ?? 'mysql://root@127.0.0.1:3306/accords_bench_commitments';
  const limit = Number(process.env.SERIES_PROBE_LIMIT_S ?? 600);
  const outDir = process.env.SERIES_PROBE_OUT ?? path.join('bench-results', 'series-probe');
  const from = process.env.SERIES_PROBE_FROM ?? '2021-01-01';
  const to = process.env.SERIES_PROBE_TO ?? '2025-12-31';
  const clock = process.env.SERIES_PROBE_TODAY ? { now: () => new Date(`${process.env.SERIES_PROBE_TODAY}T12:00:00+07:00`) } : { now: () => new Date() };
  fs.mkdirSync(outDir, { recursive: true });

  const { dataSource: db } = createDataSource({ url, entities: [], migrations: [], poolSize: 4, flavour: 'mariadb' });
  await db.initialize();
  try {
    if (db.options.type !== 'sqljs') await db.query(`SET SESSION max_statement_time = ${limit}`);
    const sql = new KpiSql(db); // no request object: the KPI result cache is bypassed (cold)
    const points = seriesPoints(from, to, clock);
    console.log(`${points.length} points ${points[0].k} … ${points[points.length - 1].k}; statement limit ${limit} s`);

    const run = (kpi: Kpi, at: At) => {
      switch (kpi) {
        case 'K3':
          return sql.sixClear({}, at, NATIONAL);
        case 'K10':
          return sql.lags({}, at, '', NATIONAL);
        case 'K12':
          return sql.milestonesDue({}, at, '', NATIONAL);
        case 'K17':
          return sql.stalled({}, at, NATIONAL);
      }
    };
    const one = (p: Point) => At.one({ from: p.from, toExclusive: p.toExclusive }, p.asOf);

    for (const kpi of kpis) {
      if (mode === 'series') {
        const name = ({ K3: 'K3_SIX_CLEAR_RATE', K10: 'K10_MEDIAN_LAG', K12: 'K12_ON_TIME_RATE', K17: 'K17_STALLED_RATE' } as const)[kpi];
        const t0 = Date.now();
        const values = await seriesByPoint(sql, {}, name, points, process.env.SERIES_PROBE_CONCURRENCY ? Number(process.env.SERIES_PROBE_CONCURRENCY) : undefined);
        const s = (Date.now() - t0) / 1000;
        const got = Object.fromEntries([...values].sort(([a], [b]) => a.localeCompare(b)));
        fs.writeFileSync(path.join(outDir, `${kpi}-series.json`), JSON.stringify(got, null, 1));
        let check = '';
        const manyFile = path.join(outDir, `${kpi}-many.json`);
        if ((kpi === 'K3' || kpi === 'K17') && fs.existsSync(manyFile)) {
          const many = JSON.parse(fs.readFileSync(manyFile, 'utf8')) as Record<string, Record<string, string>[]>;
          const [n, d] = kpi === 'K3' ? ['complete', 'active'] : ['stalled', 'active'];
          const expected = Object.fromEntries(Object.entries(many).map(([k, [r]]) => [k, Number(r[d]) === 0 ? null : Number(r[n]) / Number(r[d])]));
          check = JSON.stringify(expected) === JSON.stringify(got) ? '; figures identical to the one-statement series' : '; FIGURES DIFFER from the one-statement series';
        }
        console.log(`${kpi} series (as kpiSeries computes it): ${s.toFixed(1)} s, ${values.size} points with a figure${check}`);
        continue;
      }
      if (mode === 'many' || mode === 'both') {
        const t0 = Date.now();
        try {
          const rows = (await run(kpi, At.many(points))) as Record<string, unknown>[];
          const s = (Date.now() - t0) / 1000;
          console.log(`${kpi} many (${points.length} points, 1 statement): ${s.toFixed(1)} s`);
          fs.writeFileSync(path.join(outDir, `${kpi}-many.json`), JSON.stringify(byPoint(rows, (r) => String(r.g)), null, 1));
        } catch (e) {
          console.log(`${kpi} many: failed after ${((Date.now() - t0) / 1000).toFixed(1)} s: ${(e as Error).message.slice(0, 200)}`);
        }
      }
      if (mode === 'one' || mode === 'both') {
        const t0 = Date.now();
        const all: Record<string, unknown>[] = [];
        const each: string[] = [];
        for (const p of points) {
          const t1 = Date.now();
          const rows = (await run(kpi, one(p))) as Record<string, unknown>[];
          each.push(((Date.now() - t1) / 1000).toFixed(2));
          for (const r of rows) all.push({ ...r, g: p.k });
        }
        const s = (Date.now() - t0) / 1000;
        console.log(`${kpi} one × ${points.length} (sequential): ${s.toFixed(1)} s  [${each.join(' ')}]`);
        fs.writeFileSync(path.join(outDir, `${kpi}-one.json`), JSON.stringify(byPoint(all, (r) => String(r.g)), null, 1));
      }
    }
  } finally {
    await db.destroy();
  }
}

/** Rows by point key, each point's rows in a stable order, values as text (the drivers return DECIMAL as strings). */
function byPoint(rows: Record<string, unknown>[], key: (r: Record<string, unknown>) => string): Record<string, Record<string, string | null>[]> {
  const out: Record<string, Record<string, string | null>[]> = {};
  for (const r of rows) {
    const k = key(r);
    const norm: Record<string, string | null> = {};
    for (const [name, v] of Object.entries(r)) if (name !== 'g') norm[name] = v === null || v === undefined ? null : Number.isNaN(Number(v)) ? String(v) : String(Number(v));
    (out[k] ??= []).push(norm);
  }
  for (const k of Object.keys(out)) out[k].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
