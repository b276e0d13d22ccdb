import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeSupergraph } from '@accords/gateway';
import { subgraphTypeDefs, type SubgraphModule } from '@accords/subgraph-kit';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { parse } from 'graphql';
import { allModules, trade } from './modules';

// Hot registration: the gateway serves a supergraph file with the four built-in subgraphs; under a steady loop of
// requests the file is replaced by one with the fifth subgraph (trade), which the gateway takes without a restart and
// without failing a request. A broken file and one naming a subgraph that does not answer leave it serving.

const QUERY = 'query PartnerName($id: ID!) { partner(id: $id) { id name } }';
const TRADE = 'query { partner(id: "KR") { name trade { years { year turnover } } } }';

function supergraphOf(modules: SubgraphModule<unknown>[], urls: Record<string, string> = {}): string {
  const composed = composeSupergraph(modules.map((m) => ({ name: m.name, url: urls[m.name] ?? `http://127.0.0.1:9/${m.name}`, typeDefs: subgraphTypeDefs(m) })));
  if (!composed.ok) throw new Error(composed.errors.join('; '));
  return composed.supergraphSdl;
}

/** Replaces the file in one step, as a deployment would (write aside, then rename). */
function publish(file: string, text: string) {
  const aside = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(aside, text);
  fs.renameSync(aside, file);
}

interface ReadyBody {
  ready: boolean;
  supergraph: { id: string; reloads: number; subgraphs: string[]; warmed: number; refused: { stage: string; reason: string } | null };
}

const builtIn = allModules.filter((m) => m.name !== 'trade');
const builtInNames = builtIn.map((m) => m.name).sort();
const withTrade = [...builtInNames, 'trade'].sort();
const absent = { ...trade, name: 'absent', typeDefs: parse('type Query { absentField: String }') } as SubgraphModule<unknown>;

let graph: TestSupergraph;
let server: Awaited<ReturnType<TestSupergraph['serveHttp']>>;
let dir: string;
let file: string;
let readyUrl: string;

async function post(query: string, variables: Record<string, unknown> = {}) {
  const response = await fetch(server.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, unknown> | null; errors?: { message: string }[] } };
}

async function ready(): Promise<ReadyBody> {
  // Polled every 50 ms: a kept-alive connection the server has just closed can reset once; ask again (at most twice).
  for (let attempt = 1; ; attempt++) {
    try {
      return (await (await fetch(readyUrl)).json()) as ReadyBody;
    } catch (error) {
      if (attempt >= 3) throw error;
    }
  }
}

async function until(what: string, test: (r: ReadyBody) => boolean, timeoutMs = 60_000): Promise<ReadyBody> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await ready();
    if (test(r)) return r;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}: ${JSON.stringify(r.supergraph)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  graph = await openTestSupergraph(allModules, { seed: 'reference' });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hot-reload-'));
  file = path.join(dir, 'supergraph.graphql');
  publish(file, supergraphOf(builtIn));
  server = await graph.serveHttp({
    gateway: {
      supergraphPath: file,
      supergraphPollMs: 100,
      warmOperations: [{ query: QUERY, operationName: 'PartnerName' }, { query: TRADE }],
      rateLimits: { userPerMinute: 0, ipPerMinute: 0, publicMutationsPerHour: 0 },
    },
  });
  readyUrl = server.gatewayUrl.replace(/\/graphql$/, '/ready');
});

afterAll(async () => {
  await server?.stop();
  await graph?.dispose();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

describe('supergraph hot reload', () => {
  it('serves the four built-in subgraphs first: the trade field does not exist yet', async () => {
    const r = await ready();
    expect(r.supergraph).toMatchObject({ subgraphs: builtInNames, reloads: 0, refused: null });
    const { body } = await post(TRADE);
    expect(body.errors?.[0]?.message).toMatch(/Cannot query field "trade" on type "Partner"/);
  });

  it('switches to the supergraph with the fifth subgraph under steady load with zero failed requests', async () => {
    const ids = ['CN', 'JP', 'KR', 'US', 'FR', 'DE'];
    const samples: { at: number; ms: number; ok: boolean; detail?: string }[] = [];
    let switchedAt = Number.POSITIVE_INFINITY;
    let stop = false;
    const worker = async (w: number) => {
      for (let i = 0; !stop && i < 5_000; i++) {
        const started = performance.now();
        let ok = false;
        let detail: string | undefined;
        try {
          const id = ids[(w + i) % ids.length];
          const { status, body } = await post(QUERY, { id });
          ok = status === 200 && !body.errors && (body.data?.partner as { id?: string } | undefined)?.id === id;
          if (!ok) detail = `${status} ${JSON.stringify(body).slice(0, 300)}`;
        } catch (error) {
          detail = String(error);
        }
        samples.push({ at: started, ms: performance.now() - started, ok, detail });
      }
    };
    const settle = async (what: string, done: () => boolean) => {
      const deadline = Date.now() + 90_000;
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    // Warm (first requests build the plans on the current supergraph), then steady load: the switch happens after a
    // number of requests, not a time, so a busy machine changes nothing but the duration.
    for (const id of ids) await post(QUERY, { id });
    const load = Promise.all([0, 1, 2, 3].map(worker));
    await settle('requests before the switch', () => samples.length >= 60);
    publish(file, supergraphOf([...builtIn, trade]));
    const after = await until('the switch', (r) => r.supergraph.reloads === 1, 60_000);
    switchedAt = performance.now();
    const atSwitch = samples.length;
    await settle('requests after the switch', () => samples.length >= atSwitch + 60);
    stop = true;
    await load;

    expect(after.supergraph).toMatchObject({ subgraphs: withTrade, refused: null, warmed: 2 });
    const failed = samples.filter((s) => !s.ok);
    expect(failed.map((s) => s.detail)).toEqual([]);
    const before = samples.filter((s) => s.at < switchedAt).map((s) => s.ms);
    const afterSwitch = samples.filter((s) => s.at >= switchedAt).map((s) => s.ms);
    expect(before.length).toBeGreaterThan(20);
    expect(afterSwitch.length).toBeGreaterThan(20);
    // Recorded for the log; the one-minute benchmark (npm run bench:reload) holds the 1.5× bound.
    console.log(`hot reload: ${samples.length} requests, 0 failed; p99 before ${percentile(before, 99).toFixed(1)} ms, after ${percentile(afterSwitch, 99).toFixed(1)} ms`);

    const { body } = await post(TRADE);
    expect(body.errors).toBeUndefined();
    expect(body.data).toMatchObject({ partner: { name: 'Hàn Quốc', trade: { years: expect.any(Array) } } });
  }, 240_000);

  it('refuses a broken supergraph file, keeps serving the current one and says why in /ready', async () => {
    const current = (await ready()).supergraph.id;
    publish(file, 'schema @link(url: "https://specs.apollo.dev/link/v1.0") { query: Query }\ntype Query { broken: Nope }\n');
    const r = await until('the refusal', (x) => x.supergraph.refused !== null);
    expect(r.ready).toBe(true);
    expect(r.supergraph).toMatchObject({ id: current, subgraphs: withTrade, refused: { stage: 'validate' } });
    expect(r.supergraph.refused!.reason.length).toBeGreaterThan(0);
    const { body } = await post(TRADE);
    expect(body.errors).toBeUndefined();
  });

  it('refuses a supergraph whose new subgraph does not answer the health probe', async () => {
    const current = (await ready()).supergraph.id;
    // A sixth subgraph nobody serves: its routing URL answers nothing.
    publish(file, supergraphOf([...builtIn, trade, absent], { absent: 'http://127.0.0.1:9/graphql' }));
    const r = await until('the health-check refusal', (x) => x.supergraph.refused?.stage === 'health-check');
    expect(r.supergraph).toMatchObject({ id: current, subgraphs: withTrade });
    expect(r.supergraph.refused!.reason).toMatch(/absent/);
    const { body } = await post(QUERY, { id: 'CN' });
    expect(body.errors).toBeUndefined();
  });
});
