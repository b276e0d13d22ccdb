/**
 * The side-by-side benchmark's pieces that can fail cheaply (issue #16): the answer comparison that stops a run when
 * two gateways disagree, the reading of wrk's output and the wrk script (run for real against a local server), and
 * the national-scale generator at a tiny size (MySQL only): promised row counts, idempotence, and KPI figures over
 * its data that are not zero. No timings are asserted.
 */
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { parseDatabaseUrl } from '@accords/db';
import { testEngine } from '@accords/testkit';
import { openTestSupergraph } from '@accords/gateway/testing';
import { answerDifference, canonical, cpuSecondsOf, pairedRatio, parseWrk, wrkScript } from '../scripts/bench/measure';
import { countGenerated, generateBenchData } from '../scripts/bench/generate';
import { allModules } from './modules';

describe('answers compared between gateways', () => {
  it('are equal modulo key order, at every depth', () => {
    const a = { data: { partners: { edges: [{ node: { id: 'CN', name: 'Trung Quốc' } }], totalCount: 1 } } };
    const b = { data: { partners: { totalCount: 1, edges: [{ node: { name: 'Trung Quốc', id: 'CN' } }] } } };
    expect(answerDifference(a, b)).toBeNull();
    expect(JSON.stringify(canonical(b.data))).toBe(JSON.stringify(canonical(a.data)));
  });

  it('differ on a value, a missing key, list order or length, and name where', () => {
    const base = { data: { list: [{ code: 'A', n: 1 }, { code: 'B', n: 2 }] } };
    expect(answerDifference(base, { data: { list: [{ code: 'A', n: 1 }, { code: 'B', n: 3 }] } })).toBe('data.list[1].n: 2 vs 3');
    expect(answerDifference(base, { data: { list: [{ code: 'A', n: 1 }, { code: 'B' }] } })).toBe('data.list[1]: keys differ (n)');
    expect(answerDifference(base, { data: { list: [{ code: 'B', n: 2 }, { code: 'A', n: 1 }] } })).toMatch(/^data\.list\[0\]\.code/);
    expect(answerDifference(base, { data: { list: [{ code: 'A', n: 1 }] } })).toBe('data.list: 2 items vs 1');
    expect(answerDifference({ data: { x: null } }, { data: { x: [] } })).toBe('data.x: null vs list');
  });

  it('are never equal when either side has errors or no data', () => {
    const ok = { data: { a: 1 } };
    expect(answerDifference({ data: { a: 1 }, errors: [{ message: 'boom' }] }, ok)).toMatch(/first answer has errors/);
    expect(answerDifference(ok, { data: { a: 1 }, errors: [{ message: 'boom' }] })).toMatch(/second answer has errors/);
    expect(answerDifference({ data: null }, { data: null })).toBe('first answer has no data');
  });
});

const WRK_SAMPLE = `Running 15s test @ http://127.0.0.1:5000/graphql
  1 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    25.61ms   12.44ms 142.81ms   80.12%
    Req/Sec   391.07     60.55   505.00     70.00%
  Latency Distribution
     50%  750.00us
     75%   28.10ms
     90%    1.20s
     99%    2.50s
  5857 requests in 15.02s, 10.21MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 4
Requests/sec:    389.95
Transfer/sec:    696.34KB
`;

describe('wrk output', () => {
  it('is read with its units (us, ms, s), errors and rate', () => {
    expect(parseWrk(WRK_SAMPLE)).toEqual({ requests: 5857, seconds: 15.02, requestsPerSecond: 389.95, p50: 0.75, p75: 28.1, p90: 1200, p99: 2500, non2xx: 4, socketErrors: 5 });
  });

  it('without --latency percentiles, or without a run, is refused', () => {
    expect(() => parseWrk(WRK_SAMPLE.replace(/ {5}99%.*\n/, ''))).toThrow(/99th percentile/);
    expect(() => parseWrk('unable to connect to 127.0.0.1:5000 Connection refused')).toThrow(/no request count/);
  });

  it('reports no latency when no request completed in the run', () => {
    const none = parseWrk(WRK_SAMPLE.replace('5857 requests in', '0 requests in').replace('389.95', '0.00'));
    expect(none.requests).toBe(0);
    expect(Number.isNaN(none.p50)).toBe(true);
  });

  it('CPU time is read from /proc/<pid>/stat after the command name, spaces and parentheses included', () => {
    // pid (comm) state ppid ... utime (14) stime (15): 250 + 150 ticks = 4 s
    const stat = `4242 (node (worker) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 150 0 0 20 0 11 0 1000 100000 5000`;
    expect(cpuSecondsOf(stat)).toBe(4);
  });

  const hasWrk = !spawnSync('wrk', ['--version']).error;
  (hasWrk ? it : it.skip)('the generated script POSTs each body in turn with its headers and a unique serial (a real wrk run)', async () => {
    const seen: { body: string; auth?: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ body, auth: req.headers.authorization });
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-wrk-'));
    try {
      const script = path.join(dir, 'post.lua');
      fs.writeFileSync(script, wrkScript(['{"query":"mutation { p(code: \\"20-W__SERIAL__\\") }"}', '{"query":"{ read }"}'], { authorization: 'Bearer abc' }, 'RUN1'));
      // wrk runs in a child process so this process's server keeps answering.
      const out = await new Promise<string>((resolve, reject) => {
        const { spawn } = require('node:child_process') as typeof import('node:child_process');
        const child = spawn('wrk', ['-t1', '-c2', '-d1s', '--latency', '-s', script, `http://127.0.0.1:${port}/graphql`]);
        let text = '';
        child.stdout.on('data', (c: Buffer) => (text += c));
        child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}`))));
      });
      const result = parseWrk(out);
      expect(result.requests).toBeGreaterThan(0);
      expect(seen.length).toBeGreaterThanOrEqual(result.requests);
      expect(result.p50).toBeLessThanOrEqual(result.p99);
      expect(seen.every((s) => s.auth === 'Bearer abc')).toBe(true);
      const writes = seen.filter((s) => s.body.includes('mutation')).map((s) => JSON.parse(s.body).query as string);
      const reads = seen.filter((s) => s.body === '{"query":"{ read }"}');
      expect(writes.length + reads.length).toBe(seen.length);
      expect(Math.abs(writes.length - reads.length)).toBeLessThanOrEqual(2);
      expect(writes.every((q) => /"20-WRUN1T1N\d+"/.test(q))).toBe(true);
      expect(new Set(writes).size).toBe(writes.length);
    } finally {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('paired cycles (the single-subgraph target)', () => {
  it('take the ratio within each cycle, then its median and quartiles', () => {
    // The machine is twice as slow in the last two cycles: both sides of those ratios slowed down together.
    const cycles = [
      { direct: 1.0, ours: 1.4 },
      { direct: 1.0, ours: 1.5 },
      { direct: 2.0, ours: 2.8 },
      { direct: 2.0, ours: 3.0 },
    ];
    const r = pairedRatio(cycles, 'ours', 'direct');
    expect(r.cycles).toBe(4);
    expect(r.median).toBeCloseTo(1.45, 10);
    expect(r.q1).toBeCloseTo(1.4, 10);
    expect(r.q3).toBeCloseTo(1.5, 10);
  });

  it('interpolate the quartiles and skip cycles in which a side completed nothing', () => {
    const cycles = [{ direct: 1, ours: 1.2 }, { direct: 1, ours: 1.6 }, { direct: 1 }, { ours: 9 }, { direct: 1, ours: 1.3 }, { direct: 0, ours: 1 }];
    const r = pairedRatio(cycles, 'ours', 'direct');
    expect(r.cycles).toBe(3);
    expect(r.median).toBeCloseTo(1.3, 10);
    expect(r.q1).toBeCloseTo(1.25, 10);
    expect(r.q3).toBeCloseTo(1.45, 10);
    expect(pairedRatio([{ direct: 1 }], 'ours', 'direct')).toEqual({ cycles: 0, median: NaN, q1: NaN, q3: NaN });
  });
});

describe('national-scale generator (tiny size)', () => {
  let engine: string;
  beforeAll(async () => {
    engine = await testEngine();
  });

  it('fills every table the KPIs read, exactly as many rows as promised, idempotently, with non-zero KPI figures', async () => {
    if (engine !== 'mysql') {
      // The generator writes MySQL databases (the benchmark measures MySQL); the embedded engine has nothing to test.
      console.warn('bench-harness: generator test skipped on the embedded engine (the generator is MySQL-only)');
      return;
    }
    const serverUrl = process.env.ACCORDS_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/';
    const prefix = `accords_t_bench_${randomBytes(3).toString('hex')}_`;
    const lines: string[] = [];
    const sizes = { commitments: 200, milestonesPer: 5, feedback: 100 };
    const first = await generateBenchData({ mysqlUrl: serverUrl, prefix, ...sizes, log: (l) => lines.push(l) });
    let disposed = false;
    const graph = await openTestSupergraph(allModules, { seed: 'none', databaseUrls: first.databaseUrls });
    try {
      expect(first.skipped).toBe(false);
      expect(first.rows.commitment).toBe(200);
      expect(first.rows.milestone).toBe(1000);
      expect(first.rows.feedback).toBe(100);
      for (const table of ['legal_event', 'feasibility_assessment', 'consultation', 'action_program', 'indicator_period', 'progress_report', 'obstacle', 'review', 'review_entry', 'review_decision']) {
        expect([table, first.rows[table] ?? 0]).toEqual([table, expect.any(Number)]);
        expect(first.rows[table]).toBeGreaterThan(0);
      }
      const target = parseDatabaseUrl(serverUrl);
      if (target.kind !== 'mysql') throw new Error('not mysql');
      const connection = await mysql.createConnection({ host: target.host, port: target.port, user: target.user, password: target.password });
      try {
        const query = async <T>(sql: string, params: unknown[] = []) => (await connection.query(sql, params))[0] as T[];
        expect(await countGenerated(query, `${prefix}commitments`)).toEqual({ commitments: 200, milestones: 1000, feedback: 100 });
        // Spread: several lead types, abolished provinces before 1 July 2025 only, several years.
        const leads = await query<{ t: string }>(`SELECT DISTINCT lead_agency_type AS t FROM \`${prefix}commitments\`.commitment WHERE code REGEXP '-B[0-9]{6}$'`);
        expect(leads.length).toBeGreaterThanOrEqual(3);
        const [abolishedLate] = await query<{ n: number }>(
          `SELECT COUNT(*) AS n FROM \`${prefix}commitments\`.commitment c JOIN \`${prefix}localities\`.locality l ON l.id = c.lead_agency_id
            WHERE c.lead_agency_type = 'LOCALITY' AND l.valid_to IS NOT NULL AND c.signed_on > l.valid_to`,
        );
        expect(Number(abolishedLate.n)).toBe(0);
        const years = await query<{ y: number }>(`SELECT DISTINCT YEAR(signed_on) AS y FROM \`${prefix}commitments\`.commitment WHERE signed_on IS NOT NULL AND code REGEXP '-B[0-9]{6}$'`);
        expect(years.length).toBeGreaterThanOrEqual(5);
      } finally {
        await connection.end();
      }

      // Idempotent: the same size again does nothing; another size asks for --fresh.
      const again = await generateBenchData({ mysqlUrl: serverUrl, prefix, ...sizes, log: () => undefined });
      expect(again.skipped).toBe(true);
      expect(again.sizes).toEqual({ commitments: 200, milestones: 1000, feedback: 100 });
      await expect(generateBenchData({ mysqlUrl: serverUrl, prefix, ...sizes, commitments: 300, log: () => undefined })).rejects.toThrow(/--fresh/);

      // The KPIs over the generated register (through the gateway, in-process) are not zero.
      const kpis = await graph.query<{ kpis: any; leagueTable: any[] }>(
        `{ kpis(period: { kind: TERM }) { signed { count { value } } sixClear { rate { value } } milestones { due onTimeRate { value } } stalled { rate { value } }
             feasibility { value } copies { value } feedback { received } obstacleResolution { medianDays } }
           leagueTable(kind: PROVINCE, period: { kind: YEAR, year: 2024 }) { signed onTimeRate } }`,
      );
      expect(kpis.errors).toBeUndefined();
      const k = kpis.data!.kpis;
      expect(k.signed.count.value).toBeGreaterThan(100);
      expect(k.sixClear.rate.value).toBeGreaterThan(0);
      expect(k.milestones.due).toBeGreaterThan(100);
      expect(k.milestones.onTimeRate.value).toBeGreaterThan(0);
      expect(k.stalled.rate.value).toBeGreaterThan(0);
      expect(k.feasibility.value).toBeGreaterThan(0);
      expect(k.copies.value).toBeGreaterThan(0);
      expect(k.feedback.received).toBeGreaterThan(10);
      expect(kpis.data!.leagueTable.filter((r) => r.signed > 0).length).toBeGreaterThan(3);
      await graph.dispose(); // drops the five databases
      disposed = true;
    } finally {
      if (!disposed) await graph.dispose();
    }
  }, 600_000);
});
