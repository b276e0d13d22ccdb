/**
 * GATEWAY_WORKERS: the configuration rule (several processes need Redis for their budgets, or an explicit
 * per-process scope) and a real 2-worker gateway process: both workers answer, /ready works, a killed worker is
 * replaced, SIGTERM drains every worker and the primary exits 0. Ports: 5210–5211.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadGatewayConfig } from '../src/config';
import { HELLO_SUPERGRAPH } from './support/supergraph';

describe('GATEWAY_WORKERS configuration', () => {
  it('defaults to one process; auto is one per CPU', () => {
    expect(loadGatewayConfig({}).workers).toBe(1);
    expect(loadGatewayConfig({ GATEWAY_WORKERS: 'auto', REDIS_URL: 'redis://127.0.0.1:6379' }).workers).toBe(os.availableParallelism());
    expect(loadGatewayConfig({ GATEWAY_WORKERS: '2', REDIS_URL: 'redis://127.0.0.1:6379' }).workers).toBe(2);
  });

  it('refuses several workers with per-process budgets unless asked for explicitly (or the budgets are off)', () => {
    expect(() => loadGatewayConfig({ GATEWAY_WORKERS: '2' })).toThrow(/GATEWAY_WORKERS=2 .*without REDIS_URL.*RATE_LIMIT_SCOPE=process/);
    expect(loadGatewayConfig({ GATEWAY_WORKERS: '2', RATE_LIMIT_SCOPE: 'process' }).workers).toBe(2);
    expect(loadGatewayConfig({ GATEWAY_WORKERS: '2', RATE_LIMIT_USER_PER_MINUTE: '0', RATE_LIMIT_IP_PER_MINUTE: '0', RATE_LIMIT_PUBLIC_MUTATIONS_PER_HOUR: '0' }).workers).toBe(2);
    expect(() => loadGatewayConfig({ GATEWAY_WORKERS: '0' })).toThrow(/GATEWAY_WORKERS/);
    expect(() => loadGatewayConfig({ GATEWAY_WORKERS: 'many' })).toThrow(/GATEWAY_WORKERS/);
    expect(() => loadGatewayConfig({ RATE_LIMIT_SCOPE: 'global' })).toThrow(/RATE_LIMIT_SCOPE/);
  });
});

const SDL = HELLO_SUPERGRAPH;

describe('a 2-worker gateway', () => {
  const port = 5210;
  let child: ChildProcess;
  const logs: Record<string, unknown>[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accords-cluster-'));

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const until = async (condition: () => boolean | Promise<boolean>, what: string, limitMs = 120_000) => {
    const deadline = Date.now() + limitMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`Gave up waiting for ${what}; logs: ${JSON.stringify(logs.slice(-5))}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const listening = () => logs.filter((l) => l.msg === 'Gateway worker listening').map((l) => l.worker as number);

  it('answers from both workers, replaces a killed one, and drains all on SIGTERM (exit 0)', async () => {
    const supergraph = path.join(dir, 'supergraph.graphql');
    fs.writeFileSync(supergraph, SDL);
    const root = path.join(__dirname, '..', '..');
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(REDIS_URL|AUTH_JWKS_|RATE_LIMIT_|GATEWAY_|SUBGRAPH_)/.test(k)));
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: path.join(root, 'gateway'),
      env: {
        ...inherited, TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.base.json'), NODE_ENV: 'production', LOG_LEVEL: 'info', PORT: String(port),
        SUPERGRAPH_PATH: supergraph, INTERNAL_IDENTITY_SECRET: 'cluster-test-secret-with-32-characters!', GATEWAY_WORKERS: '2', RATE_LIMIT_SCOPE: 'process',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffer = '';
    child.stdout!.on('data', (chunk) => {
      buffer += String(chunk);
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      for (const line of parts) if (line.startsWith('{')) logs.push(JSON.parse(line));
    });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

    await until(() => new Set(listening()).size === 2, 'two workers to listen');
    const workers = [...new Set(listening())];
    expect(workers).not.toContain(child.pid);
    expect(logs.find((l) => l.msg === 'Gateway primary started its workers')).toMatchObject({ workers: 2, primary: child.pid });

    const ask = async () => {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
      return { status: res.status, body: await res.json() };
    };
    for (let i = 0; i < 4; i++) expect(await ask()).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    const ready = await fetch(`http://127.0.0.1:${port}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, service: 'gateway' });

    // A worker that dies is replaced; the gateway keeps answering meanwhile.
    process.kill(workers[0], 'SIGKILL');
    await until(() => listening().length === 3, 'a replacement worker');
    const replacement = listening()[2];
    expect(workers).not.toContain(replacement);
    expect(logs.some((l) => l.msg === 'Gateway worker died: starting a replacement' && l.worker === workers[0])).toBe(true);
    expect((await ask()).status).toBe(200);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const drained = logs.filter((l) => l.msg === 'Gateway worker drained and exited').map((l) => l.worker);
    expect(drained.sort()).toEqual([workers[1], replacement].sort());
    // Each worker's own lines carry its process id: the two that were running drained themselves.
    expect(logs.filter((l) => l.msg === 'Shutting down: draining in-flight requests').map((l) => l.worker).sort()).toEqual([workers[1], replacement].sort());
    expect(logs.filter((l) => l.msg === 'Gateway listening').map((l) => l.worker).sort()).toEqual([...workers, replacement].sort());
    expect(stderr).not.toMatch(/Error/);
  }, 240_000);
});
