/**
 * `npm run soak`: a bounded soak of the whole stack as `npm start` runs it (separate processes: four subgraphs and
 * the gateway, demo data), under a steady mix of reads and writes over loopback, for a fixed time. Prints, per
 * minute, requests, errors by code and latency, and per service the resident memory at the start, the end and its
 * peak (from each service's own /metrics), so latency drift and memory growth are visible.
 *
 *   SOAK_SECONDS      how long the load runs (default 600)
 *   SOAK_CONNECTIONS  concurrent clients (default 8)
 *   SOAK_MYSQL_URL    run on MySQL (databases accords_<subgraph> on that server: not alongside a running stack);
 *                     default: the embedded engine in a fresh temporary folder
 * The stack listens on the ports of supergraph.config.json and 4000: stop `npm start` first.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { devToken, ensureDevKeys } from './dev-keys';
import { configuredSubgraphs } from './subgraphs';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 600);
const CONNECTIONS = Number(process.env.SOAK_CONNECTIONS ?? 8);
const GATEWAY = 'http://127.0.0.1:4000/graphql';
const root = path.join(__dirname, '..');

const README_QUERY = `query ($code: String!) { commitment(code: $code) { code title leadAgency { ... on Locality { name } ... on Ministry { name } }
  partners { name commitments(first: 5) { totalCount edges { node { code } } } } } }`;
const SEARCH = 'query ($s: String) { commitments(search: $s, first: 20) { totalCount edges { node { code title } } } }';
const PROVINCE = `{ locality(id: "20") { name commitments(first: 20) { edges { node { code sixClear { complete score } progress { ratio } } } } } }`;
const PROPOSE = 'mutation ($input: ProposeCommitmentInput!) { proposeCommitment(input: $input) { id version } }';
const UPDATE = 'mutation ($id: ID!, $v: Int!, $input: UpdateCommitmentInput!) { updateCommitment(id: $id, version: $v, input: $input) { version } }';

interface Window {
  latencies: number[];
  errors: Record<string, number>;
}

function percentile(values: number[], p: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))];
}

async function post(query: string, variables: Record<string, unknown>, token?: string): Promise<{ data?: any; errors?: any[] }> {
  const res = await fetch(GATEWAY, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as { data?: any; errors?: any[] };
}

async function waitReady(url: string, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} not ready within ${timeoutMs / 1000} s`);
}

async function rss(): Promise<Record<string, number>> {
  const services = [['gateway', 'http://127.0.0.1:4000/metrics'], ...configuredSubgraphs().map((s) => [s.name, s.routingUrl.replace(/\/graphql$/, '/metrics')])];
  const out: Record<string, number> = {};
  for (const [name, url] of services) {
    try {
      const text = await (await fetch(url)).text();
      const m = /^accords_process_resident_memory_bytes(?:\{[^}]*\})? (\S+)/m.exec(text);
      if (m) out[name] = Number(m[1]) / 1024 / 1024;
    } catch {
      /* a service that does not answer shows as missing */
    }
  }
  return out;
}

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accords-soak-'));
  await ensureDevKeys();
  // Rate limits off: the soak is one client address sending far more than a person would.
  const env = { ...process.env, SEED: 'demo', NODE_ENV: 'development', LOG_LEVEL: 'warn', DATA_DIR: dataDir, RATE_LIMIT_IP_PER_MINUTE: '0', RATE_LIMIT_USER_PER_MINUTE: '0', ...(process.env.SOAK_MYSQL_URL ? { MYSQL_URL: process.env.SOAK_MYSQL_URL } : {}) };
  const stack = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'scripts', 'start.ts')], { cwd: root, env, stdio: ['ignore', 'ignore', 'inherit'], detached: false });
  const stopStack = () => stack.exitCode === null && stack.kill('SIGTERM');
  process.on('exit', stopStack);
  const exited = new Promise<never>((_, reject) => stack.once('exit', (code) => reject(new Error(`The stack exited (${code}) before it was ready; see its output above.`))));
  exited.catch(() => undefined);
  await Promise.race([waitReady('http://127.0.0.1:4000/ready'), exited]);
  // The demo story runs after the gateway is ready; give it a moment to finish before measuring.
  await new Promise((r) => setTimeout(r, 5_000));
  const editor = await devToken({ agency: 'LOCALITY:20', roles: ['editor'], subject: 'soak-editor', hours: 24 });
  const codes: string[] = ((await post('{ commitments(first: 50) { edges { node { code } } } }', {})).data?.commitments?.edges ?? []).map((e: any) => e.node.code);
  if (!codes.length) throw new Error('No demo commitments to read');
  const mine: { id: string; version: number }[] = [];

  const windows: Window[] = [];
  const rssStart = await rss();
  const rssPeak = { ...rssStart };
  const started = Date.now();
  const windowOf = () => {
    const i = Math.floor((Date.now() - started) / 60_000);
    windows[i] ??= { latencies: [], errors: {} };
    return windows[i];
  };
  let serial = 0;
  const client = async (n: number) => {
    while (Date.now() - started < SECONDS * 1000) {
      const pick = (serial++ * 7 + n) % 20;
      const t0 = performance.now();
      let result: { data?: any; errors?: any[] };
      try {
        if (pick < 12) result = await post(README_QUERY, { code: codes[serial % codes.length] });
        else if (pick < 15) result = await post(SEARCH, { s: ['hop tac', 'lang son', 'năng lượng', 'giáo dục'][serial % 4] });
        else if (pick < 17) result = await post(PROVINCE, {});
        else if (pick < 19 || mine.length === 0) {
          const input = { code: `20-S${Date.now().toString(36).toUpperCase()}-${serial}`, title: 'Thỏa thuận thử tải dài hạn', kind: 'INTERNATIONAL_AGREEMENT', documentType: 'AGREEMENT', leadAgency: { type: 'LOCALITY', id: '20' }, partnerIds: ['CN'], fields: ['ECONOMY_TRADE_INVESTMENT'] };
          result = await post(PROPOSE, { input }, editor);
          if (result.data?.proposeCommitment) mine.push(result.data.proposeCommitment);
        } else {
          const target = mine[serial % mine.length];
          result = await post(UPDATE, { id: target.id, v: target.version, input: { summary: `Cập nhật ${serial}` } }, editor);
          if (result.data?.updateCommitment) target.version = result.data.updateCommitment.version;
        }
      } catch (error) {
        result = { errors: [{ extensions: { code: `NETWORK:${(error as Error).message.slice(0, 40)}` } }] };
      }
      const w = windowOf();
      w.latencies.push(performance.now() - t0);
      // CONFLICT is expected when two clients update the same commitment: the second reloads, as a user would.
      for (const e of result.errors ?? []) {
        const code = String(e.extensions?.code ?? 'UNKNOWN');
        w.errors[code] = (w.errors[code] ?? 0) + 1;
        if (code === 'CONFLICT') {
          const fresh = await post('query ($id: ID) { commitment(id: $id) { version } }', { id: mine[serial % mine.length]?.id });
          if (fresh.data?.commitment) mine[serial % mine.length].version = fresh.data.commitment.version;
        }
      }
    }
  };
  const sampler = setInterval(async () => {
    const now = await rss();
    for (const [k, v] of Object.entries(now)) rssPeak[k] = Math.max(rssPeak[k] ?? 0, v);
  }, 10_000);
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => client(i)));
  clearInterval(sampler);
  const rssEnd = await rss();

  console.log(`\nSoak: ${SECONDS} s, ${CONNECTIONS} clients, ${process.env.SOAK_MYSQL_URL ? 'MySQL' : 'embedded engine'}; mix 60% cross-subgraph read, 15% search, 10% province page, 10% propose, 5% update\n`);
  console.log('minute | requests | req/s | p50 ms | p99 ms | errors');
  console.log('------:|---------:|------:|-------:|-------:|-------');
  windows.forEach((w, i) => {
    const errors = Object.entries(w.errors).map(([k, n]) => `${k} ${n}`).join(', ') || 'none';
    console.log(`${String(i + 1).padStart(6)} | ${String(w.latencies.length).padStart(8)} | ${(w.latencies.length / 60).toFixed(1).padStart(5)} | ${percentile(w.latencies, 0.5).toFixed(1).padStart(6)} | ${percentile(w.latencies, 0.99).toFixed(1).padStart(6)} | ${errors}`);
  });
  console.log('\nservice     | RSS start MB | RSS end MB | peak MB | growth MB');
  console.log('------------|-------------:|-----------:|--------:|---------:');
  for (const name of Object.keys(rssStart)) {
    console.log(`${name.padEnd(11)} | ${rssStart[name].toFixed(0).padStart(12)} | ${(rssEnd[name] ?? NaN).toFixed(0).padStart(10)} | ${rssPeak[name].toFixed(0).padStart(7)} | ${((rssEnd[name] ?? NaN) - rssStart[name]).toFixed(0).padStart(8)}`);
  }
  const total = windows.reduce((a, w) => a + w.latencies.length, 0);
  const serverErrors = windows.reduce((a, w) => a + (w.errors.INTERNAL_SERVER_ERROR ?? 0) + Object.entries(w.errors).filter(([k]) => k.startsWith('NETWORK')).reduce((x, [, n]) => x + n, 0), 0);
  console.log(`\n${total} requests; ${serverErrors} server or network errors.`);
  stopStack();
  await new Promise((r) => stack.once('exit', r));
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exitCode = serverErrors ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
