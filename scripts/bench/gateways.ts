/**
 * `npm run bench:gateways [-- --quick]`: the same workloads, over HTTP, through our gateway and through Hive Gateway
 * on the same supergraph file and the same subgraph processes (and, for a single-subgraph query, straight to the
 * subgraph and through a bare Node proxy on 5020, floor-proxy.ts: what one more hop costs by itself on this machine),
 * at 1 and 10 connections, in interleaved rounds, with the answers compared first.
 *
 * The stack runs as in production: five subgraph processes and our gateway started the way `npm start` starts them,
 * with NODE_ENV=production, a random INTERNAL_IDENTITY_SECRET, no seeding (the data is `npm run bench:data`'s,
 * generated first when missing) and ports 5000–5005; Hive Gateway (`hive-gateway supergraph`, default settings, on
 * 5010) reads a copy of gateway/supergraph.graphql whose routing URLs point at 5001–5005, and so does our gateway.
 * Our gateway runs with its rate limits off (RATE_LIMIT_*=0): one client address sends far more than a person would,
 * and Hive has none. Logging is each one's default (LOG_LEVEL unset), output discarded. The commitments subgraph's KPI
 * refresher is off (KPI_REFRESH=off): the answers check sends the write mix's proposal through both gateways, and the
 * pass that follows a write (tens of seconds of KPI statements at this scale) would land in whichever round comes next
 * (measured in the 2026-12-03 run: 25 s during the first round). Both gateways read the same subgraphs either way.
 *
 * Identity: reads are anonymous. The write mix needs a caller: our gateway gets a development JWT (it trusts
 * infra/dev-keys/jwks.json through AUTH_JWKS_PATH); Hive forwards no Accords identity by itself, so it is given a
 * config file whose only setting propagates the `x-accords-identity` header from the client to the subgraphs, and
 * the client sends the identity signed with the services' secret (what our gateway forwards after checking the JWT).
 * The subgraphs verify it the same way in both cases.
 *
 * `-- --hold` starts the stack as above, prints its URLs and waits for Ctrl-C without measuring (for wrk or
 * BENCH_GATEWAY_NODE_ARGS by hand).
 *
 *   BENCH_WARMUP_SECONDS   (default 5; --quick 2)     BENCH_SECONDS   measured seconds per round (default 15; --quick 5)
 *   BENCH_ROUNDS           rounds per gateway (default 2, interleaved ours, hive, ours, hive)
 *   BENCH_CONNECTIONS      e.g. "1,10" (default)       BENCH_WORKLOADS  names to run (default all), e.g. "readme,list50"
 *   BENCH_PAIRED_CYCLES    (default 12; --quick 4; 0 skips)  BENCH_PAIRED_SECONDS  per target and cycle (default 3; --quick 2)
 *     For a single-subgraph workload, after the rounds: that many cycles of 1 connection straight to the subgraph,
 *     through the bare proxy and through our gateway, back to back (the order reversed every other cycle); the
 *     single-subgraph target is judged on the median of the cycles' ratios (pairedRatio in measure.ts).
 *   BENCH_GATEWAY_NODE_ARGS  Node flags for our gateway only, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
 *   BENCH_SUBGRAPH_NODE_ARGS Node flags for every subgraph (the same, to see where a subgraph's time goes)
 *   BENCH_COMMITMENTS, BENCH_MILESTONES_PER, BENCH_FEEDBACK, BENCH_DB_PREFIX, BENCH_MYSQL_URL: as `npm run bench:data`
 * Writes bench-results/gateways-<time>.json and .md (git-ignored).
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { signInternalIdentity, type Identity } from '@accords/auth';
import { parseDatabaseUrl } from '@accords/db';
import { peerUrlVariable } from '@accords/subgraph-kit';
import { devToken, ensureDevKeys, DEV_KEYS_DIR } from '../dev-keys';
import { serviceCommand } from '../service-command';
import { configuredSubgraphs } from '../subgraphs';
import { generateBenchData } from './generate';
import { launch, portFree, routedSupergraph, stopAll } from './processes';
import { answerDifference, pairedRatio, parseWrk, treeCpuSeconds, treeMemory, wrkScript, type PairedCycle, type WrkResult } from './measure';

const root = path.join(__dirname, '..', '..');
const quick = process.argv.includes('--quick');
const WARMUP = Number(process.env.BENCH_WARMUP_SECONDS ?? (quick ? 2 : 5));
const SECONDS = Number(process.env.BENCH_SECONDS ?? (quick ? 5 : 15));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const CONNECTIONS = (process.env.BENCH_CONNECTIONS ?? '1,10').split(',').map(Number);
/** The single-subgraph target's paired measurement (see pairedRatio): cycles of direct, bare proxy and ours back to back. */
const PAIRED_CYCLES = Number(process.env.BENCH_PAIRED_CYCLES ?? (quick ? 4 : 12));
const PAIRED_SECONDS = Number(process.env.BENCH_PAIRED_SECONDS ?? (quick ? 2 : 3));
const GATEWAY_PORT = 5000;
const HIVE_PORT = 5010;
const SUBGRAPH_PORT = (i: number) => 5001 + i;
/** The bare Node proxy (floor-proxy.ts): one more hop and nothing else, for the single-subgraph workloads. */
const FLOOR_PORT = 5020;

type Target = 'ours' | 'hive' | 'direct' | 'floor';

interface Workload {
  name: string;
  title: string;
  query: string;
  /** Runs through our gateway only when Hive cannot carry it (none today). */
  identity?: Identity;
  /** Share of requests that are this write (the rest are `readsWith`). */
  mix?: { every: number; read: string };
  /** Also sent straight to this subgraph. */
  direct?: string;
  /** A target of the issue checked at 1 connection: p50 at most this many ms through our gateway. */
  p50TargetMs?: number;
  write?: boolean;
}

const README_QUERY = `{ commitment(code: "20-2025-001") { title signedOn leadAgency { __typename ... on Locality { name isBorder } ... on Ministry { name } }
  partners { name commitments(first: 5) { totalCount edges { node { code title leadAgency { ... on Locality { name } ... on Ministry { name } } } } } } } }`;
const AGENCY = '... on Ministry { name } ... on MinistryUnit { name } ... on Locality { name } ... on ProvincialDepartment { name }';
const EDITOR: Identity = { subject: 'bench-editor', agency: { type: 'LOCALITY', id: '20' }, roles: ['editor'] };

export const WORKLOADS: Workload[] = [
  { name: 'readme', title: 'README query: commitment → lead agency → partners → their commitments', query: README_QUERY },
  { name: 'list50', title: '`commitments(first: 50)` with agency, partners, fields', query: `{ commitments(first: 50) { totalCount edges { node { code title leadAgency { ${AGENCY} } partners { name } fields } } } }`, p50TargetMs: 50 },
  { name: 'g20', title: '`partners(grouping: "G20", first: 16) { commitments(first: 10) }`', query: '{ partners(grouping: "G20", first: 16) { edges { node { name commitments(first: 10) { totalCount edges { node { code } } } } } } }', p50TargetMs: 100 },
  { name: 'partners50', title: '`partners(first: 50)` (one subgraph)', query: '{ partners(first: 50) { totalCount edges { node { id name framework } } } }', direct: 'partners' },
  { name: 'search', title: '`commitments(search: "hop tac", first: 20)`', query: '{ commitments(search: "hop tac", first: 20) { totalCount edges { node { code title } } } }', p50TargetMs: 50 },
  {
    name: 'province',
    title: 'province page: Lạng Sơn, 20 commitments, six-clear, progress, overdue, open obstacles',
    query: '{ locality(id: "20") { name commitments(first: 20) { totalCount edges { node { code sixClear { complete score flags { name clear } } progress { ratio } milestones(status: OPEN_OVERDUE) { task dueOn } obstacles(open: true) { category } } } } } }',
  },
  {
    name: 'kpis',
    title: 'national KPIs, 2021–2025 term (K1–K22)',
    query: `{ kpis(period: { kind: TERM }) { signed { count { value } byQuarter { key count } byField { key count } } sixClear { rate { value } mostMissing } lag { median p75 waiting { numerator } }
      milestones { due onTimeRate { value } } stalled { rate { value } } feasibility { value } unrealised { value } consultation { value } opinions { medianDays } copies { value }
      annualPlans { rate { value } } planCoverage { value } progress { meanProgress } indicatorAttainment { meanAttainment } completion { value } confidence { worsened }
      obstacleTiming { value } obstacleResolution { medianDays } feedback { received } reviews { coverage { value } } decentralisation { belowProvince } } }`,
    p50TargetMs: 300,
  },
  {
    name: 'league',
    title: 'league table: provinces, 2025',
    query: '{ leagueTable(kind: PROVINCE, period: { kind: YEAR, year: 2025 }) { agency { ... on Locality { name } } signed sixClearRate medianLag onTimeRate stalledRate } }',
  },
  {
    name: 'writes',
    title: 'write mix: 1 proposal (checks, peers, audit) in 5 requests, the rest the README query',
    query: `mutation { proposeCommitment(input: { code: "20-W__SERIAL__", title: "Thỏa thuận hợp tác đo hiệu năng", kind: INTERNATIONAL_AGREEMENT, documentType: MOU,
      leadAgency: { type: LOCALITY, id: "20" }, partnerIds: ["CN", "LA"], fields: [ENERGY] }) { version legalStatus } }`,
    identity: EDITOR,
    mix: { every: 5, read: README_QUERY },
    write: true,
  },
];

interface Service {
  name: string;
  child: ChildProcess;
  url: string;
}

interface Run extends WrkResult {
  workload: string;
  target: Target;
  connections: number;
  round: number;
  /** CPU seconds per 1,000 requests, per service (the gateway measured is the target's; "direct" has none). */
  cpuPer1k: Record<string, number>;
}


async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ data?: unknown; errors?: unknown[] }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  try {
    return JSON.parse(text) as { data?: unknown; errors?: unknown[] };
  } catch {
    return { errors: [{ message: `HTTP ${res.status}: ${text.slice(0, 200)}` }] };
  }
}

async function waitGraphQL(name: string, url: string, child: ChildProcess, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}) before it answered; see its log`);
    try {
      const r = await post(url, JSON.stringify({ query: '{ __typename }' }));
      if (r.data) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${name} did not answer at ${url} within ${timeoutMs / 1000} s`);
}


function wrk(url: string, script: string, connections: number, seconds: number): WrkResult {
  const out = spawnSync('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '120s', '--latency', '-s', script, url], { encoding: 'utf8' });
  if (out.error) throw out.error;
  if (out.status !== 0) throw new Error(`wrk failed (${out.status}): ${out.stderr}`);
  return parseWrk(out.stdout);
}

/**
 * Waits until the previous round has drained: wrk stops at its deadline, but requests it left in flight (a slow KPI
 * query) keep the services and the database busy. Idle = the services used under 5% of a core over half a second
 * and no statement of this run's databases is executing, three times in a row; at most `maxSeconds`.
 */
async function settle(pids: number[], activeStatements: () => Promise<number>, maxSeconds = 180): Promise<number> {
  const started = Date.now();
  // Three quiet half-seconds in a row: a request between two of its statements looks idle for a moment.
  let quiet = 0;
  while (Date.now() - started < maxSeconds * 1000 && quiet < 3) {
    const before = pids.reduce((a, pid) => a + treeCpuSeconds(pid), 0);
    await new Promise((r) => setTimeout(r, 500));
    const used = pids.reduce((a, pid) => a + treeCpuSeconds(pid), 0) - before;
    quiet = used < 0.025 && (await activeStatements()) === 0 ? quiet + 1 : 0;
  }
  return (Date.now() - started) / 1000;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const fixed = (x: number, digits = 2) => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a');
/** "lo–hi" over rounds; one decimal below 100 (and for latencies), "–" when a round completed no request. */
const range = (xs: number[], digits?: number) => {
  if (!xs.length || xs.some((x) => !Number.isFinite(x))) return 'none completed';
  const d = digits ?? (Math.max(...xs) < 100 ? 1 : 0);
  const lo = Math.min(...xs).toFixed(d);
  const hi = Math.max(...xs).toFixed(d);
  return lo === hi ? lo : `${lo}–${hi}`;
};

async function main() {
  if (spawnSync('wrk', ['--version']).error) throw new Error('wrk is not installed (Debian: apt-get install wrk)');
  const data = await generateBenchData({ log: (line) => console.log(line) });
  const subgraphs = configuredSubgraphs();
  const ports = [GATEWAY_PORT, HIVE_PORT, FLOOR_PORT, ...subgraphs.map((_, i) => SUBGRAPH_PORT(i))];
  for (const port of ports) if (!(await portFree(port))) throw new Error(`Port ${port} is in use: the benchmark needs ${ports.join(', ')}`);

  const started = new Date();
  const stamp = started.toISOString().replace(/[:.]/g, '-').slice(0, 19);
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accords-bench-'));
  const logDir = path.join(workDir, 'logs');
  fs.mkdirSync(logDir);
  const secret = randomBytes(32).toString('hex');

  // One supergraph file for both gateways, routed to this run's subgraph ports.
  const { path: supergraphPath, urls } = routedSupergraph(root, workDir, subgraphs, (i) => `http://127.0.0.1:${SUBGRAPH_PORT(i)}/graphql`);
  const hiveConfig = path.join(workDir, 'gateway.config.mjs');
  fs.writeFileSync(
    hiveConfig,
    `// The one setting: forward the signed Accords identity from the client to the subgraphs (writes need a caller).
export const gatewayConfig = {
  propagateHeaders: {
    fromClientToSubgraphs({ request }) {
      const identity = request.headers.get('x-accords-identity');
      return identity ? { 'x-accords-identity': identity } : {};
    },
  },
};
`,
  );

  console.log(`\nStarting 5 subgraphs (${SUBGRAPH_PORT(0)}–${SUBGRAPH_PORT(subgraphs.length - 1)}), our gateway (${GATEWAY_PORT}) and Hive Gateway (${HIVE_PORT}); logs in ${logDir}`);
  const peerUrls = Object.fromEntries(subgraphs.map((s) => [peerUrlVariable(s.name), urls[s.name]]));
  const service = serviceCommand(root);
  const services: Service[] = [];
  const subgraphNodeArgs = process.env.BENCH_SUBGRAPH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  for (const [i, s] of subgraphs.entries()) {
    const child = launch(s.name, service.command, [...subgraphNodeArgs, ...service.args], s.directory, {
      ...service.env, ...peerUrls, PORT: String(SUBGRAPH_PORT(i)), NODE_ENV: 'production', INTERNAL_IDENTITY_SECRET: secret, DATABASE_URL: data.databaseUrls[s.name], SEED: 'none',
      KPI_REFRESH: 'off',
    }, logDir);
    services.push({ name: s.name, child, url: urls[s.name] });
  }
  await Promise.all(services.map((s) => waitGraphQL(s.name, s.url, s.child)));
  await ensureDevKeys();
  const gatewayCommand = serviceCommand(root, 'gateway'); // as npm start: with the gateway's heap cap
  // e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" to see where our gateway's time goes under the benchmark's load
  const gatewayArgs = [...(process.env.BENCH_GATEWAY_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []), ...gatewayCommand.args];
  const ours = launch('gateway', gatewayCommand.command, gatewayArgs, path.join(root, 'gateway'), {
    ...service.env, PORT: String(GATEWAY_PORT), NODE_ENV: 'production', INTERNAL_IDENTITY_SECRET: secret, SUPERGRAPH_PATH: supergraphPath,
    // The KPI statements can take longer than the default 10 s subgraph timeout at scale; Hive sets none by default.
    SUBGRAPH_TIMEOUT_MS: process.env.BENCH_SUBGRAPH_TIMEOUT_MS ?? '120000',
    AUTH_JWKS_PATH: path.join(DEV_KEYS_DIR, 'jwks.json'), RATE_LIMIT_USER_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0', RATE_LIMIT_PUBLIC_MUTATIONS_PER_HOUR: '0',
    ...Object.fromEntries(subgraphs.map((s) => [`SUBGRAPH_${s.name.toUpperCase()}_URL`, urls[s.name]])),
  }, logDir);
  const hiveBin = require.resolve('@graphql-hive/gateway/package.json').replace(/package\.json$/, path.join('dist', 'bin.js'));
  const hive = launch('hive', process.execPath, [hiveBin, 'supergraph', supergraphPath, '--port', String(HIVE_PORT), '--host', '127.0.0.1', '-c', hiveConfig], workDir, { NODE_ENV: 'production' }, logDir);
  const gatewayUrl = `http://127.0.0.1:${GATEWAY_PORT}/graphql`;
  const hiveUrl = `http://127.0.0.1:${HIVE_PORT}/graphql`;
  await Promise.all([waitGraphQL('our gateway', gatewayUrl, ours), waitGraphQL('Hive Gateway', hiveUrl, hive)]);
  // What one more HTTP hop costs by itself: a bare Node proxy to the subgraph (floor-proxy.ts).
  const floor = launch('floor', service.command, ['--import', 'tsx', path.join(root, 'scripts', 'bench', 'floor-proxy.ts')], root, { ...service.env, FLOOR_PORT: String(FLOOR_PORT), FLOOR_TARGETS: JSON.stringify(urls) }, logDir);
  const floorUrl = (subgraph: string) => `http://127.0.0.1:${FLOOR_PORT}/${subgraph}/graphql`;
  await waitGraphQL('the floor proxy', floorUrl(subgraphs[0].name), floor);
  if (process.argv.includes('--hold')) {
    // The stack as the benchmark runs it, left up for measuring by hand (wrk, --cpu-prof) until Ctrl-C.
    console.log(`\nHolding: our gateway ${gatewayUrl}, Hive ${hiveUrl}, the floor ${floorUrl('<subgraph>')}; subgraphs ${Object.entries(urls).map(([n, u]) => `${n} ${u}`).join(', ')}. Ctrl-C stops.`);
    await new Promise<void>((resolve) => process.once('SIGINT', resolve));
    stopAll();
    return;
  }
  const targetUrl = (t: Target, w: Workload) => (t === 'ours' ? gatewayUrl : t === 'hive' ? hiveUrl : t === 'floor' ? floorUrl(w.direct!) : urls[w.direct!]);
  const pidOf: Record<string, number> = { ours: ours.pid!, hive: hive.pid!, floor: floor.pid!, ...Object.fromEntries(services.map((s) => [s.name, s.child.pid!])) };
  /** The targets of a workload: both gateways, and for a single-subgraph query the subgraph itself and the bare hop. */
  const targetsOf = (w: Workload): Target[] => ['ours', 'hive', ...(w.direct ? (['direct', 'floor'] as Target[]) : [])];

  // Headers per target for a workload: a JWT for ours, the signed internal identity for Hive (and a subgraph).
  const headersFor = async (t: Target, w: Workload): Promise<Record<string, string>> => {
    if (!w.identity) return {};
    if (t === 'ours') return { authorization: `Bearer ${await devToken({ agency: `${w.identity.agency!.type}:${w.identity.agency!.id}`, roles: w.identity.roles, subject: w.identity.subject, hours: 12 })}` };
    return { 'x-accords-identity': await signInternalIdentity(w.identity, secret, 12 * 3600) };
  };

  const selected = process.env.BENCH_WORKLOADS ? WORKLOADS.filter((w) => process.env.BENCH_WORKLOADS!.split(',').includes(w.name)) : WORKLOADS;
  const nonce = Date.now().toString(36).toUpperCase();
  // Answers first: every target must give the same answer, or the run stops (--skip-mismatched: measure the others).
  const mismatched: { workload: string; problem: string }[] = [];
  for (const w of selected) {
    const targets = targetsOf(w);
    const answers = [];
    for (const t of targets) answers.push(await post(targetUrl(t, w), JSON.stringify({ query: w.query.replace('__SERIAL__', `${nonce}CHECK${t.toUpperCase()}`) }), await headersFor(t, w)));
    for (let i = 1; i < targets.length; i++) {
      const difference = answerDifference(answers[0], answers[i]);
      if (difference) mismatched.push({ workload: w.name, problem: `${targets[0]} and ${targets[i]} do not give the same answer: ${difference}` });
    }
    if (mismatched.some((m) => m.workload === w.name)) {
      console.log(`  ${w.name.padEnd(11)} NOT THE SAME ANSWER: ${mismatched.filter((m) => m.workload === w.name).map((m) => m.problem).join('; ')}`);
      continue;
    }
    console.log(`  ${w.name.padEnd(11)} same answer from ${targets.join(', ')} (${JSON.stringify(answers[0].data).length.toLocaleString('en')} bytes)`);
  }

  if (mismatched.length && !process.argv.includes('--skip-mismatched')) {
    throw new Error(`Stopped before measuring: ${mismatched.length} answer check(s) failed (above). --skip-mismatched measures the other workloads.`);
  }
  const measured = selected.filter((w) => !mismatched.some((m) => m.workload === w.name));
  const server = parseDatabaseUrl(data.databaseUrls.commitments);
  if (server.kind !== 'mysql') throw new Error('The benchmark databases are not MySQL');
  const monitor = await mysql.createConnection({ host: server.host, port: server.port, user: server.user, password: server.password });
  const prefix = server.database.slice(0, -'commitments'.length);
  const activeStatements = async () =>
    Number(((await monitor.query(`SELECT COUNT(*) AS n FROM information_schema.processlist WHERE command = 'Query' AND db LIKE ? AND id <> CONNECTION_ID()`, [`${prefix}%`]))[0] as { n: number }[])[0].n);
  const runs: Run[] = [];
  const peakRss: Record<string, number> = {};
  const sampleRss = () => {
    for (const [name, pid] of Object.entries(pidOf)) peakRss[name] = Math.max(peakRss[name] ?? 0, treeMemory(pid).rssMb);
  };
  const sampler = setInterval(sampleRss, 500);
  const totalRounds = measured.reduce((a, w) => a + targetsOf(w).length * ROUNDS * CONNECTIONS.length, 0);
  const pairedSeconds = measured.filter((w) => w.direct).length * (PAIRED_CYCLES > 0 ? 3 * (WARMUP + PAIRED_CYCLES * PAIRED_SECONDS) : 0);
  console.log(`\n${totalRounds} measurements of ${WARMUP} s warm-up + ${SECONDS} s, then ${pairedSeconds} s of paired cycles (about ${Math.ceil((totalRounds * (WARMUP + SECONDS) + pairedSeconds) / 60)} min)`);
  for (const w of measured) {
    const targets = targetsOf(w);
    for (const connections of CONNECTIONS) {
      for (let round = 1; round <= ROUNDS; round++) {
        for (const t of targets) {
          const bodies = w.mix
            ? [JSON.stringify({ query: w.query }), ...Array.from({ length: w.mix.every - 1 }, () => JSON.stringify({ query: w.mix!.read }))]
            : [JSON.stringify({ query: w.query })];
          const script = path.join(workDir, `${w.name}-${t}-${connections}-${round}.lua`);
          fs.writeFileSync(script, wrkScript(bodies, await headersFor(t, w), `${nonce}${t[0].toUpperCase()}${connections}R${round}`));
          wrk(targetUrl(t, w), script, connections, WARMUP);
          const watched = t === 'direct' ? services.map((s) => s.name) : [t, ...services.map((s) => s.name)];
          const before = Object.fromEntries(watched.map((n) => [n, treeCpuSeconds(pidOf[n])]));
          const result = wrk(targetUrl(t, w), script, connections, SECONDS);
          const cpuPer1k = Object.fromEntries(watched.map((n) => [n === t ? 'gateway' : n, result.requests ? ((treeCpuSeconds(pidOf[n]) - before[n]) * 1000) / result.requests : NaN]));
          runs.push({ ...result, workload: w.name, target: t, connections, round, cpuPer1k });
          const drained = await settle(Object.values(pidOf), activeStatements);
          const errors = result.non2xx + result.socketErrors;
          console.log(
            `  ${w.name.padEnd(11)} ${t.padEnd(6)} c=${String(connections).padEnd(3)} round ${round}: ${result.requestsPerSecond.toFixed(1).padStart(8)} req/s  p50 ${result.p50.toFixed(1).padStart(7)} ms  p99 ${result.p99.toFixed(1).padStart(7)} ms` +
              (errors ? `  (${result.non2xx} non-2xx, ${result.socketErrors} socket errors)` : '') +
              (drained > 2 ? `  (drained ${drained.toFixed(0)} s)` : ''),
          );
        }
      }
    }
  }
  // The single-subgraph target, paired: the p50s of a ratio are measured within seconds of each other.
  const paired: { workload: string; p50: PairedCycle }[] = [];
  for (const w of PAIRED_CYCLES > 0 ? measured.filter((m) => m.direct) : []) {
    const order: Target[] = ['direct', 'floor', 'ours'];
    const scripts: Partial<Record<Target, string>> = {};
    for (const t of order) {
      scripts[t] = path.join(workDir, `${w.name}-${t}-paired.lua`);
      fs.writeFileSync(scripts[t]!, wrkScript([JSON.stringify({ query: w.query })], await headersFor(t, w), `${nonce}${t[0].toUpperCase()}P`));
      wrk(targetUrl(t, w), scripts[t]!, 1, WARMUP);
    }
    console.log(`\n  ${w.name}: ${PAIRED_CYCLES} paired cycles at 1 connection, ${PAIRED_SECONDS} s per target`);
    for (let cycle = 1; cycle <= PAIRED_CYCLES; cycle++) {
      const p50: PairedCycle = {};
      for (const t of cycle % 2 ? order : [...order].reverse()) {
        const result = wrk(targetUrl(t, w), scripts[t]!, 1, PAIRED_SECONDS);
        if (result.requests > 0 && result.non2xx + result.socketErrors === 0) p50[t] = result.p50;
      }
      paired.push({ workload: w.name, p50 });
      const show = (t: Target) => (p50[t] === undefined ? 'none' : `${p50[t]!.toFixed(2)} ms`);
      console.log(`  cycle ${String(cycle).padStart(2)}: direct ${show('direct')}  bare proxy ${show('floor')}  ours ${show('ours')}`);
    }
  }
  clearInterval(sampler);
  await monitor.end();
  sampleRss();
  const hwm = Object.fromEntries(Object.entries(pidOf).map(([name, pid]) => [name, treeMemory(pid).hwmMb]));
  const workers = Object.fromEntries(Object.entries(pidOf).map(([name, pid]) => [name, treeMemory(pid).processes]));
  stopAll();

  // ---------------------------------------------------------------------------------------------- the report
  const of = (w: string, t: Target, c: number) => runs.filter((r) => r.workload === w && r.target === t && r.connections === c);
  const lines: string[] = [];
  const commitments = data.sizes.commitments;
  lines.push(`Side-by-side benchmark, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC: ${Number(commitments).toLocaleString('en')} generated commitments on MySQL (${data.databaseUrls.commitments.replace(/\/\/[^@]*@/, '//')}),`);
  lines.push(`wrk 1 thread, ${WARMUP} s warm-up + ${SECONDS} s per round, ${ROUNDS} interleaved rounds per gateway; req/s and latency as the range over rounds; ratio = mean ours / mean Hive.`);
  lines.push('');
  lines.push('| workload | conn | ours req/s | Hive req/s | ours / Hive | ours p50 ms | Hive p50 ms | ours p99 ms | Hive p99 ms | gateway CPU s/1k ours | Hive | subgraphs CPU s/1k ours | Hive |');
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const subgraphCpu = (rs: Run[]) => mean(rs.map((r) => services.reduce((a, s) => a + (r.cpuPer1k[s.name] ?? 0), 0)));
  const checks: { target: string; met: boolean | null; detail: string }[] = [];
  for (const w of selected) {
    for (const c of CONNECTIONS) {
      const o = of(w.name, 'ours', c);
      const h = of(w.name, 'hive', c);
      if (!o.length || !h.length) continue;
      // Only when every round completed requests on both sides (a round with none has no rate to compare).
      const complete = o.every((r) => r.requests > 0) && h.every((r) => r.requests > 0);
      const ratio = complete ? mean(o.map((r) => r.requestsPerSecond)) / mean(h.map((r) => r.requestsPerSecond)) : NaN;
      lines.push(
        `| ${w.title} | ${c} | ${range(o.map((r) => r.requestsPerSecond))} | ${range(h.map((r) => r.requestsPerSecond))} | ${Number.isFinite(ratio) ? ratio.toFixed(2) : 'n/a'} | ${range(o.map((r) => r.p50), 1)} | ${range(h.map((r) => r.p50), 1)} | ${range(o.map((r) => r.p99), 1)} | ${range(h.map((r) => r.p99), 1)} | ${fixed(mean(o.map((r) => r.cpuPer1k.gateway)))} | ${fixed(mean(h.map((r) => r.cpuPer1k.gateway)))} | ${fixed(subgraphCpu(o))} | ${fixed(subgraphCpu(h))} |`,
      );
      if (c === 10 && !w.write) checks.push({ target: `ours ≥ 1.5× Hive req/s at 10 connections: ${w.name}`, met: ratio >= 1.5, detail: Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : 'a round completed no request' });
      if (c === 1 && w.p50TargetMs) {
        const p50 = median(o.map((r) => r.p50));
        checks.push({ target: `p50 ≤ ${w.p50TargetMs} ms at 1 connection: ${w.name}`, met: Number.isFinite(p50) && p50 <= w.p50TargetMs, detail: `${Number.isFinite(p50) ? `${p50.toFixed(1)} ms` : `no request completed within ${SECONDS} s`} (at ${Number(commitments).toLocaleString('en')} commitments; the target is for 100,000)` });
      }
    }
    if (w.direct) {
      for (const c of CONNECTIONS) {
        const o = of(w.name, 'ours', c);
        const d = of(w.name, 'direct', c);
        if (!d.length) continue;
        const f = of(w.name, 'floor', c);
        lines.push(`| ↳ same query straight to the ${w.direct} subgraph | ${c} | ${range(d.map((r) => r.requestsPerSecond))} | | | ${range(d.map((r) => r.p50), 1)} | | ${range(d.map((r) => r.p99), 1)} | | | | ${fixed(subgraphCpu(d))} | |`);
        if (f.length) {
          lines.push(`| ↳ same query through a bare Node proxy (one more hop, nothing else) | ${c} | ${range(f.map((r) => r.requestsPerSecond))} | | | ${range(f.map((r) => r.p50), 1)} | | ${range(f.map((r) => r.p99), 1)} | | ${fixed(mean(f.map((r) => r.cpuPer1k.gateway)))} | | ${fixed(subgraphCpu(f))} | |`);
        }
        if (c === 1) {
          const direct = median(d.map((r) => r.p50));
          const ratio = median(o.map((r) => r.p50)) / direct;
          const rounds = `rounds: ${median(o.map((r) => r.p50)).toFixed(1)} ms vs ${direct.toFixed(1)} ms = ${ratio.toFixed(2)}×`;
          const cycles = paired.filter((p) => p.workload === w.name).map((p) => p.p50);
          const ours = pairedRatio(cycles, 'ours', 'direct');
          const floor = pairedRatio(cycles, 'floor', 'direct');
          const iqr = (r: typeof ours) => `median ${r.median.toFixed(2)}×, middle half ${r.q1.toFixed(2)}–${r.q3.toFixed(2)}× over ${r.cycles} cycles`;
          if (ours.cycles) {
            lines.push(`| ↳ paired cycles (${PAIRED_SECONDS} s each, 1 connection): p50 through our gateway / direct | 1 | | | | ${iqr(ours)} | | | | | | | |`);
            if (floor.cycles) lines.push(`| ↳ paired cycles: p50 through the bare Node proxy / direct | 1 | | | | ${iqr(floor)} | | | | | | | |`);
            checks.push({ target: `single-subgraph query: p50 through our gateway ≤ 1.5× direct (${w.name}, 1 connection, paired cycles)`, met: ours.median <= 1.5, detail: `${iqr(ours)} (${rounds})` });
          } else {
            checks.push({ target: `single-subgraph query: p50 through our gateway ≤ 1.5× direct (${w.name}, 1 connection)`, met: ratio <= 1.5, detail: rounds });
          }
          if (f.length) {
            const floorP50 = median(f.map((r) => r.p50));
            const both = floor.cycles ? `paired ${iqr(floor)}; ` : '';
            checks.push({ target: `(the floor) the same query through a bare Node proxy, p50 vs direct (${w.name}, 1 connection)`, met: null, detail: `${both}rounds: ${floorP50.toFixed(1)} ms vs ${direct.toFixed(1)} ms = ${(floorP50 / direct).toFixed(2)}×: one more hop by itself on this machine` });
          }
        }
      }
    }
  }
  lines.push('');
  lines.push('| process | peak RSS MB (sampled) | VmHWM MB | processes |');
  lines.push('|---|---:|---:|---:|');
  for (const name of Object.keys(pidOf)) lines.push(`| ${name === 'ours' ? 'our gateway' : name === 'hive' ? 'Hive Gateway' : name === 'floor' ? 'bare Node proxy (the floor)' : name} | ${peakRss[name].toFixed(0)} | ${hwm[name].toFixed(0)} | ${workers[name]} |`);
  for (const name of ['ours', ...services.map((s) => s.name)]) checks.push({ target: `≤ 400 MB RSS: ${name === 'ours' ? 'our gateway' : name}`, met: hwm[name] <= 400, detail: `peak ${hwm[name].toFixed(0)} MB` });
  const errors = runs.reduce((a, r) => a + r.non2xx + r.socketErrors, 0);
  for (const m of mismatched) lines.push(`\nNot measured: ${m.workload}: ${m.problem}`);
  lines.push('');
  lines.push('| target (issue #16) | met | measured |');
  lines.push('|---|---|---|');
  for (const c of checks) lines.push(`| ${c.target} | ${c.met === null ? 'n/a' : c.met ? 'yes' : '**no**'} | ${c.detail} |`);
  lines.push('');
  lines.push(`${runs.reduce((a, r) => a + r.requests, 0).toLocaleString('en')} requests measured; ${errors} non-2xx responses or socket errors.`);
  const report = lines.join('\n');
  console.log(`\n${report}\n`);
  const outDir = path.join(root, 'bench-results');
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, `gateways-${stamp}.md`), `${report}\n`);
  fs.writeFileSync(
    path.join(outDir, `gateways-${stamp}.json`),
    JSON.stringify({ started: started.toISOString(), settings: { warmup: WARMUP, seconds: SECONDS, rounds: ROUNDS, connections: CONNECTIONS, pairedCycles: PAIRED_CYCLES, pairedSeconds: PAIRED_SECONDS, commitments: Number(commitments), databases: data.databaseUrls }, runs, paired, peakRssMb: peakRss, vmHwmMb: hwm, processes: workers, checks }, null, 2),
  );
  console.log(`Written to bench-results/gateways-${stamp}.md and .json`);
  fs.rmSync(workDir, { recursive: true, force: true });
  process.exitCode = errors || mismatched.length ? 1 : 0;
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    stopAll();
    process.exit(1);
  });
}
