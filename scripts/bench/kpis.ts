/**
 * `npm run bench:kpis`: the KPI targets of issue #12 and the term report of issue #13, measured over HTTP through our
 * gateway on the national-scale register (`npm run bench:data`: 100,000 commitments, 1,000,000 milestones), cold and
 * warm, because the commitments subgraph caches KPI results (subgraphs/commitments/src/kpis/cache.ts).
 *
 * The stack runs as in production, self-contained here (no Hive, ports 5100–5105 so it never collides with
 * `npm run bench:gateways` on 5000–5010): the five subgraphs and our gateway started as `npm start` starts them
 * (serviceCommand), NODE_ENV=production, a random INTERNAL_IDENTITY_SECRET, SEED=none, the gateway with its rate limits
 * off, a subgraph timeout of BENCH_SUBGRAPH_TIMEOUT_MS (default 300 s: a cold KPI statement set can take long) and the
 * development keys (AUTH_JWKS_PATH). The caller is central oversight (agency MINISTRY:MOFA, role viewer: sees
 * everything, as the term report is meant to be run), with a development JWT.
 *
 * Cold, after a write, and warm. The KPI cache keys every statement's rows by the data version, SUM(v) of
 * `kpi_data_version`, which triggers bump on every insert, update or delete of a table the KPI statements read; the
 * statements computed by lead are also kept with the version of each lead (`kpi_lead_version`, bumped by the same
 * triggers for the lead a row belongs to), and after a write only the leads it touched are recomputed.
 * - COLD (every lead) = the first request after both versions move for every lead: what a write that belongs to every
 *   lead does (a public holiday, say), and what a process that has computed nothing yet pays. Done here by adding one
 *   to `kpi_data_version` and to the lead `*` of `kpi_lead_version`; no other row changes.
 * - AFTER A WRITE = the first request after a real write to one commitment: `UPDATE commitment SET version =
 *   version + 1` on one active commitment, a different one each run (its row changes, so the triggers bump the data
 *   version and its lead's version, as any edit does). Statements by lead recompute that lead; the others run whole.
 * Each is measured BENCH_COLD_RUNS times (default 3: p50 and max). WARM = BENCH_ITERATIONS (default 30) sequential
 * requests with no write in between (p50 and p95). Before measuring, each GraphQL workload is
 * sent once untimed (processes, connection pools and the InnoDB buffer pool as in a running server; "cold" means a
 * cache miss, not a cold database); the term report is primed by one commitment's report, which loads the renderers.
 *
 * Workloads: the national KPI query for the 2021–2025 term, the league tables of the ministries and of the provinces
 * and the first 50 of the needs-attention list (the queries of `npm run bench`'s scenarios), and the term report as a
 * download, `GET /reports/term.docx?term=2021-2025` (one request returning the DOCX: every operation of the report and
 * the rendering). Every answer is checked: GraphQL without errors and with data; the DOCX with status 200, the Word
 * content type and more than 10 KB.
 *
 * The commitments subgraph runs with its KPI refresher off (KPI_REFRESH=off) for cold and warm: cold is a cache miss
 * computed by the request itself. A last phase then measures what the refresher (on by default in production) does
 * for a reader after a write: the commitments subgraph restarts with KPI_REFRESH=on (KPI_REFRESH_POLL_MS=1000); for
 * each workload of BENCH_REFRESH_WORKLOADS (default: the four GraphQL ones) it is requested once, one commitment is
 * written as above, the run waits for the refresher's pass to be logged ("KPI figures recomputed after a write": its statements
 * and duration) and times the next request. Each pass recomputes what every workload measured so far used (all of it
 * used within the hour), as for a dashboard with several views.
 *
 *   BENCH_COLD_RUNS (default 3)   BENCH_ITERATIONS (default 30)   BENCH_WORKLOADS names to run (default all), e.g.
 *   "kpis,attention" (kpis, league-ministries, league-provinces, attention, term-report)
 *   BENCH_SUBGRAPH_TIMEOUT_MS (default 300000)   BENCH_KEEP_LOGS=1 keeps the services' logs (per-request durations)
 *   BENCH_COMMITMENTS, BENCH_MILESTONES_PER, BENCH_FEEDBACK, BENCH_DB_PREFIX, BENCH_MYSQL_URL: as `npm run bench:data`
 * Prints a markdown table and writes it to bench-results/kpis-<time>.md (git-ignored).
 */
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { parseDatabaseUrl } from '@accords/db';
import { peerUrlVariable } from '@accords/subgraph-kit';
import { devToken, ensureDevKeys, DEV_KEYS_DIR } from '../dev-keys';
import { serviceCommand } from '../service-command';
import { configuredSubgraphs } from '../subgraphs';
import { generateBenchData } from './generate';
import { launch, portFree, routedSupergraph, stopAll } from './processes';

const root = path.join(__dirname, '..', '..');
const COLD_RUNS = Number(process.env.BENCH_COLD_RUNS ?? 3);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 30);
const GATEWAY_PORT = 5100;
const SUBGRAPH_PORT = (i: number) => 5101 + i;

interface Workload {
  name: string;
  title: string;
  /** A GraphQL query (POST /graphql) or a download path (GET). */
  query?: string;
  download?: string;
  /** What primes it (default: the workload itself). */
  prime?: string;
  targetMs: number;
  /** How the target is judged: a p50 target (issue #12) or a bound on every request (issue #13's report). */
  rule: 'p50' | 'each';
  target: string;
}

const WORKLOADS: Workload[] = [
  {
    name: 'kpis',
    title: 'KPIs: national, 2021–2025 term (K1–K22)',
    query: `{ kpis(period: { kind: TERM }) { signed { count { value } byQuarter { key count } byField { key count } } sixClear { rate { value } mostMissing } lag { median p75 waiting { numerator } }
      milestones { due onTimeRate { value } } stalled { rate { value } } feasibility { value } unrealised { value } consultation { value } opinions { medianDays } copies { value }
      annualPlans { rate { value } } planCoverage { value } progress { meanProgress } indicatorAttainment { meanAttainment } completion { value } confidence { worsened }
      obstacleTiming { value } obstacleResolution { medianDays } feedback { received } reviews { coverage { value } } decentralisation { belowProvince } } }`,
    targetMs: 300,
    rule: 'p50',
    target: 'p50 ≤ 300 ms',
  },
  {
    name: 'league-ministries',
    title: 'league table: ministries',
    query: '{ leagueTable(kind: MINISTRY, period: { kind: YEAR, year: 2025 }, orderBy: { column: STALLED_RATE }) { agency { ... on Ministry { name } } signed sixClearRate medianLag onTimeRate stalledRate } }',
    targetMs: 500,
    rule: 'p50',
    target: 'p50 ≤ 500 ms',
  },
  {
    name: 'league-provinces',
    title: 'league table: provinces',
    query: '{ leagueTable(kind: PROVINCE, period: { kind: YEAR, year: 2025 }) { agency { ... on Locality { name } } signed sixClearRate medianLag onTimeRate stalledRate } }',
    targetMs: 500,
    rule: 'p50',
    target: 'p50 ≤ 500 ms',
  },
  {
    name: 'attention',
    title: 'needs attention: national, first 50',
    query: '{ needsAttention(first: 50) { reason ageDays commitment { code } agency { ... on Ministry { name } ... on Locality { name } } } }',
    targetMs: 200,
    rule: 'p50',
    target: 'p50 ≤ 200 ms',
  },
  {
    name: 'term-report',
    title: 'term report 2021–2025: `GET /reports/term.docx?term=2021-2025`',
    download: '/reports/term.docx?term=2021-2025',
    // Loads the renderers (docx, echarts, resvg: loaded on the first download) without a term's worth of statements.
    prime: '/reports/commitment/20-2025-001.docx',
    targetMs: 30_000,
    rule: 'each',
    target: '< 30 s each',
  },
];

const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

// ---------------------------------------------------------------------------------------------- processes



// ---------------------------------------------------------------------------------------------- HTTP

interface Answer {
  status: number;
  type: string;
  body: Buffer;
  ms: number;
}

/** One request over node:http (no client-side timeout: a cold report may take minutes), timed to its last byte. */
function request(url: string, method: 'GET' | 'POST', headers: Record<string, string>, body?: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(url, { method, headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks), ms: performance.now() - started }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Throws unless the answer is a good one for the workload. */
function check(w: Workload, a: Answer): void {
  if (w.download) {
    if (a.status !== 200) throw new Error(`${w.name}: HTTP ${a.status}: ${a.body.toString('utf8').slice(0, 300)}`);
    if (!a.type.startsWith(DOCX_TYPE)) throw new Error(`${w.name}: content type ${a.type}, not Word`);
    if (a.body.length <= 10 * 1024) throw new Error(`${w.name}: ${a.body.length} bytes, expected more than 10 KB`);
    return;
  }
  let parsed: { data?: Record<string, unknown> | null; errors?: unknown[] };
  try {
    parsed = JSON.parse(a.body.toString('utf8')) as typeof parsed;
  } catch {
    throw new Error(`${w.name}: HTTP ${a.status}, not JSON: ${a.body.toString('utf8').slice(0, 300)}`);
  }
  if (parsed.errors?.length) throw new Error(`${w.name}: errors: ${JSON.stringify(parsed.errors).slice(0, 500)}`);
  if (a.status !== 200 || !parsed.data || Object.values(parsed.data).some((v) => v === null || v === undefined)) throw new Error(`${w.name}: HTTP ${a.status}, no data`);
}

async function waitGraphQL(name: string, url: string, child: ChildProcess, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}) before it answered; see its log`);
    try {
      const r = await request(url, 'POST', {}, JSON.stringify({ query: '{ __typename }' }));
      if (r.status === 200 && (JSON.parse(r.body.toString('utf8')) as { data?: unknown }).data) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${name} did not answer at ${url} within ${timeoutMs / 1000} s`);
}

// ---------------------------------------------------------------------------------------------- statistics

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => {
  const s = sorted(xs);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** Nearest rank. */
const percentile = (xs: number[], p: number) => sorted(xs)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)];
const ms = (x: number) => (x >= 10_000 ? `${(x / 1000).toFixed(1)} s` : `${x.toFixed(x >= 100 ? 0 : 1)} ms`);
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' / ');

// ---------------------------------------------------------------------------------------------- main

async function main() {
  const selected = process.env.BENCH_WORKLOADS ? WORKLOADS.filter((w) => process.env.BENCH_WORKLOADS!.split(',').includes(w.name)) : WORKLOADS;
  if (!selected.length) throw new Error(`BENCH_WORKLOADS picks none of ${WORKLOADS.map((w) => w.name).join(', ')}`);
  if (!(COLD_RUNS >= 1 && ITERATIONS >= 1)) throw new Error('BENCH_COLD_RUNS and BENCH_ITERATIONS must be at least 1');
  const data = await generateBenchData({ log: (line) => console.log(line) });
  const subgraphs = configuredSubgraphs();
  const ports = [GATEWAY_PORT, ...subgraphs.map((_, i) => SUBGRAPH_PORT(i))];
  for (const port of ports) if (!(await portFree(port))) throw new Error(`Port ${port} is in use: the benchmark needs ${ports.join(', ')}`);

  const server = parseDatabaseUrl(data.databaseUrls.commitments);
  if (server.kind !== 'mysql') throw new Error('The benchmark databases are not MySQL');
  const db = await mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password, database: server.database });
  const count = async (table: string) => Number(((await db.query(`SELECT COUNT(*) AS n FROM \`${table}\``))[0] as { n: number }[])[0].n);
  const rows = { commitments: await count('commitment'), milestones: await count('milestone') };
  const [[bufferPool]] = (await db.query(`SHOW VARIABLES LIKE 'innodb_buffer_pool_size'`)) as unknown as [{ Value: string }[]];
  const [[version]] = (await db.query('SELECT VERSION() AS v')) as unknown as [{ v: string }[]];
  // What a write that belongs to every lead does to the versions (see the header): every cached KPI entry is recomputed whole.
  const bumpAll = async () => {
    await db.query('UPDATE kpi_data_version SET v = v + 1 WHERE shard = 0');
    await db.query("INSERT INTO kpi_lead_version (lead_key, shard, v) VALUES ('*', 0, 1) ON DUPLICATE KEY UPDATE v = v + 1");
  };
  // A real write to one active commitment, a different one each time (spread over leads by a random order).
  const [targets] = (await db.query(
    "SELECT id, CONCAT(lead_agency_type, ':', lead_agency_id) AS lead FROM commitment WHERE signed_on IS NOT NULL AND implementation_status NOT IN ('CLOSED', 'CANCELLED') ORDER BY RAND(42) LIMIT 200",
  )) as unknown as [{ id: string; lead: string }[]];
  let written = 0;
  const writeOne = async () => {
    const target = targets[written++ % targets.length];
    await db.query('UPDATE commitment SET version = version + 1 WHERE id = ?', [target.id]);
    return target.lead;
  };

  const started = new Date();
  const loadAtStart = load();
  const stamp = started.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accords-bench-kpis-'));
  const logDir = path.join(workDir, 'logs');
  fs.mkdirSync(logDir);
  const secret = randomBytes(32).toString('hex');

  // The supergraph file with its routing URLs pointed at this run's subgraph ports.
  const { path: supergraphPath, urls } = routedSupergraph(root, workDir, subgraphs, (i) => `http://127.0.0.1:${SUBGRAPH_PORT(i)}/graphql`);

  console.log(`\nStarting ${subgraphs.length} subgraphs (${SUBGRAPH_PORT(0)}–${SUBGRAPH_PORT(subgraphs.length - 1)}) and our gateway (${GATEWAY_PORT}); logs in ${logDir}`);
  const peerUrls = Object.fromEntries(subgraphs.map((s) => [peerUrlVariable(s.name), urls[s.name]]));
  const service = serviceCommand(root);
  const start = (s: (typeof subgraphs)[number], i: number, refresh: 'on' | 'off') =>
    launch(s.name, service.command, service.args, s.directory, {
      ...service.env, ...peerUrls, PORT: String(SUBGRAPH_PORT(i)), NODE_ENV: 'production', INTERNAL_IDENTITY_SECRET: secret, DATABASE_URL: data.databaseUrls[s.name], SEED: 'none',
      KPI_REFRESH: refresh, KPI_REFRESH_POLL_MS: '1000',
    }, logDir);
  const services = subgraphs.map((s, i) => ({ name: s.name, url: urls[s.name], child: start(s, i, 'off') }));
  await Promise.all(services.map((s) => waitGraphQL(s.name, s.url, s.child)));
  await ensureDevKeys();
  const gatewayCommand = serviceCommand(root, 'gateway');
  const gateway = launch('gateway', gatewayCommand.command, gatewayCommand.args, path.join(root, 'gateway'), {
    ...service.env, PORT: String(GATEWAY_PORT), NODE_ENV: 'production', INTERNAL_IDENTITY_SECRET: secret, SUPERGRAPH_PATH: supergraphPath,
    SUBGRAPH_TIMEOUT_MS: process.env.BENCH_SUBGRAPH_TIMEOUT_MS ?? '300000',
    AUTH_JWKS_PATH: path.join(DEV_KEYS_DIR, 'jwks.json'), RATE_LIMIT_USER_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0', RATE_LIMIT_PUBLIC_MUTATIONS_PER_HOUR: '0',
    ...Object.fromEntries(subgraphs.map((s) => [`SUBGRAPH_${s.name.toUpperCase()}_URL`, urls[s.name]])),
  }, logDir);
  const base = `http://127.0.0.1:${GATEWAY_PORT}`;
  await waitGraphQL('our gateway', `${base}/graphql`, gateway);

  // Central oversight sees everything (CENTRAL_OVERSIGHT in @accords/auth), as the term report is meant to be run.
  const headers = { authorization: `Bearer ${await devToken({ agency: 'MINISTRY:MOFA', roles: ['viewer'], subject: 'bench-kpis', hours: 12 })}` };
  const send = async (w: Workload) => {
    const a = w.download ? await request(`${base}${w.download}`, 'GET', headers) : await request(`${base}/graphql`, 'POST', headers, JSON.stringify({ query: w.query }));
    check(w, a);
    return a;
  };

  console.log(`\nPriming: each workload once, untimed (load average ${load()})`);
  for (const w of selected) {
    const a = w.prime ? await request(`${base}${w.prime}`, 'GET', headers) : await send(w);
    if (w.prime && a.status !== 200) throw new Error(`${w.name}: priming ${w.prime}: HTTP ${a.status}: ${a.body.toString('utf8').slice(0, 300)}`);
    console.log(`  ${w.name.padEnd(18)} ${ms(a.ms).padStart(9)}  (${a.body.length.toLocaleString('en')} bytes)`);
  }

  const results: { w: Workload; cold: number[]; write: number[]; warm: number[] }[] = [];
  for (const w of selected) {
    const cold: number[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      await bumpAll();
      cold.push((await send(w)).ms);
      console.log(`  ${w.name.padEnd(18)} cold (every lead) run ${i + 1}: ${ms(cold[i])}  (load ${load()})`);
    }
    const write: number[] = [];
    for (let i = 0; i < COLD_RUNS; i++) {
      const lead = await writeOne();
      write.push((await send(w)).ms);
      console.log(`  ${w.name.padEnd(18)} after a write to one commitment of ${lead}: ${ms(write[i])}  (load ${load()})`);
    }
    const warm: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) warm.push((await send(w)).ms);
    results.push({ w, cold, write, warm });
    console.log(`  ${w.name.padEnd(18)} cold ${cold.map(ms).join(', ')}; after a write ${write.map(ms).join(', ')}; warm p50 ${ms(median(warm))} p95 ${ms(percentile(warm, 95))}  (load ${load()})`);
  }

  // After a write, with the refresher: the commitments subgraph again, KPI_REFRESH=on.
  const refreshNames = (process.env.BENCH_REFRESH_WORKLOADS ?? 'kpis,league-ministries,league-provinces,attention').split(',').filter(Boolean);
  const refreshed: { w: Workload; statements: number; passMs: number; after: number }[] = [];
  const refreshSelected = selected.filter((w) => refreshNames.includes(w.name));
  if (refreshSelected.length) {
    const i = subgraphs.findIndex((s) => s.name === 'commitments');
    const old = services[i].child;
    const exited = new Promise((r) => old.once('exit', r));
    old.kill('SIGTERM');
    await exited;
    services[i].child = start(subgraphs[i], i, 'on');
    await waitGraphQL('commitments (KPI_REFRESH=on)', services[i].url, services[i].child);
    const log = path.join(logDir, 'commitments.log');
    const passes = () =>
      fs.readFileSync(log, 'utf8').split('\n').filter((l) => l.includes('KPI figures recomputed after a write')).map((l) => JSON.parse(l) as { statements: number; ms: number });
    console.log(`\nAfter a write, with the refresher (KPI_REFRESH=on, KPI_REFRESH_POLL_MS=1000)`);
    for (const w of refreshSelected) {
      await send(w);
      const before = passes().length;
      await writeOne();
      const deadline = Date.now() + 30 * 60_000;
      while (passes().length === before) {
        if (Date.now() > deadline) throw new Error(`${w.name}: no refresher pass logged within 30 min after the write`);
        await new Promise((r) => setTimeout(r, 200));
      }
      const pass = passes()[before];
      const after = (await send(w)).ms;
      refreshed.push({ w, statements: pass.statements, passMs: pass.ms, after });
      console.log(`  ${w.name.padEnd(18)} pass: ${pass.statements} statements in ${ms(pass.ms)}; then the request: ${ms(after)}  (load ${load()})`);
    }
  }
  const loadAtEnd = load();
  stopAll();
  await db.end();

  // ---------------------------------------------------------------------------------------------- the report
  const met = (ok: boolean) => (ok ? 'yes' : '**no**');
  const lines: string[] = [];
  lines.push(
    `KPI benchmark, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${rows.commitments.toLocaleString('en')} commitments and ${rows.milestones.toLocaleString('en')} milestones ` +
      `(${data.databaseUrls.commitments.replace(/\/\/[^@]*@/, '//')}, MariaDB/MySQL ${version.v}, innodb_buffer_pool_size ${(Number(bufferPool.Value) / 2 ** 30).toFixed(2)} GiB), ` +
      `${os.cpus().length} cores, load average (1/5/15 min) ${loadAtStart} at start, ${loadAtEnd} at end.`,
  );
  lines.push(
    `Through our gateway over HTTP as central oversight, sequential requests. Cold (every lead): the first request after both versions move for every lead (a write that belongs to every lead, or nothing computed yet), ${COLD_RUNS} runs; ` +
      `after a write: the first request after a real write to one active commitment (a different one each run), ${COLD_RUNS} runs; ` +
      `warm: ${ITERATIONS} requests without writes. p50 targets are judged on p50; the term report's "under 30 s" on every request (max, warm p95).`,
  );
  lines.push('');
  lines.push('| workload | target | cold p50 | cold max | after a write p50 | after a write max | warm p50 | warm p95 | met warm | met after a write | met cold |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|---|---|---|');
  for (const { w, cold, write, warm } of results) {
    const warmMet = w.rule === 'p50' ? median(warm) <= w.targetMs : percentile(warm, 95) < w.targetMs;
    const coldMet = w.rule === 'p50' ? median(cold) <= w.targetMs : Math.max(...cold) < w.targetMs;
    const writeMet = w.rule === 'p50' ? median(write) <= w.targetMs : Math.max(...write) < w.targetMs;
    lines.push(
      `| ${w.title} | ${w.target} | ${ms(median(cold))} | ${ms(Math.max(...cold))} | ${ms(median(write))} | ${ms(Math.max(...write))} | ${ms(median(warm))} | ${ms(percentile(warm, 95))} | ${met(warmMet)} | ${met(writeMet)} | ${met(coldMet)} |`,
    );
  }
  if (refreshed.length) {
    lines.push('');
    lines.push(
      'After a write with the refresher on (KPI_REFRESH=on, polling every second): each workload requested once, one commitment written, the ' +
        "refresher's pass waited for (it recomputes the statements of every workload measured so far), then one request timed.",
    );
    lines.push('');
    lines.push('| workload | refresher pass: statements | pass duration | the request after it | target met (after the pass) |');
    lines.push('|---|---:|---:|---:|---|');
    for (const r of refreshed) lines.push(`| ${r.w.title} | ${r.statements} | ${ms(r.passMs)} | ${ms(r.after)} | ${met(r.after <= r.w.targetMs)} |`);
  }
  const report = lines.join('\n');
  console.log(`\n${report}\n`);
  const outDir = path.join(root, 'bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, `kpis-${stamp}.md`), `${report}\n`);
  console.log(`Written to bench-results/kpis-${stamp}.md`);
  if (process.env.BENCH_KEEP_LOGS) console.log(`Service logs kept in ${logDir}`);
  else fs.rmSync(workDir, { recursive: true, force: true });
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    stopAll();
    process.exit(1);
  });
}
