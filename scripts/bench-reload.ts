/**
 * `npm run bench:reload`: hot registration under steady load. The gateway serves a supergraph file with the four
 * built-in subgraphs (served over HTTP on loopback, databases from the test kit: MySQL when one answers); workers send
 * a steady stream of persisted-style queries for BENCH_RELOAD_SECONDS (default 60); the file is then replaced by the
 * supergraph with the fifth subgraph (trade) and the load continues as long again. Prints failed requests and the
 * latency percentiles of the window before and after the switch (the bound: p99 after ≤ 1.5× before).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { composeSupergraph } from '@accords/gateway';
import { subgraphTypeDefs, type SubgraphModule } from '@accords/subgraph-kit';
import { openTestSupergraph } from '@accords/gateway/testing';
import { allModules } from '../tests/modules';

const seconds = Number(process.env.BENCH_RELOAD_SECONDS ?? 60);
const workers = Number(process.env.BENCH_RELOAD_WORKERS ?? 4);
const QUERY = 'query PartnerCard($id: ID!) { partner(id: $id) { id name framework groupings } }';
const ids = ['CN', 'JP', 'KR', 'US', 'FR', 'DE', 'IN', 'AU', 'SG', 'RU'];

function supergraphOf(modules: SubgraphModule<unknown>[]): string {
  const composed = composeSupergraph(modules.map((m) => ({ name: m.name, url: `http://127.0.0.1:9/${m.name}`, typeDefs: subgraphTypeDefs(m) })));
  if (!composed.ok) throw new Error(composed.errors.join('; '));
  return composed.supergraphSdl;
}

function publish(file: string, text: string) {
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
}

const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : NaN;
};

async function main() {
  const builtIn = allModules.filter((m) => m.name !== 'trade');
  const trade = allModules.find((m) => m.name === 'trade')!;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-reload-'));
  const file = path.join(dir, 'supergraph.graphql');
  publish(file, supergraphOf(builtIn));
  const graph = await openTestSupergraph(allModules, { seed: 'reference' });
  const server = await graph.serveHttp({
    gateway: { supergraphPath: file, supergraphPollMs: 200, warmOperations: [{ query: QUERY, operationName: 'PartnerCard' }], rateLimits: { userPerMinute: 0, ipPerMinute: 0, publicMutationsPerHour: 0 } },
  });
  const readyUrl = server.gatewayUrl.replace(/\/graphql$/, '/ready');
  const samples: { at: number; ms: number; ok: boolean }[] = [];
  let stop = false;
  const post = async (id: string) => {
    const r = await fetch(server.gatewayUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: QUERY, variables: { id }, operationName: 'PartnerCard' }) });
    const body = (await r.json()) as { data?: { partner?: { id?: string } }; errors?: unknown[] };
    return r.status === 200 && !body.errors && body.data?.partner?.id === id;
  };
  for (const id of ids) await post(id);
  const worker = async (w: number) => {
    for (let i = 0; !stop; i++) {
      const started = performance.now();
      let ok = false;
      try {
        ok = await post(ids[(w + i) % ids.length]);
      } catch {
        ok = false;
      }
      samples.push({ at: started, ms: performance.now() - started, ok });
    }
  };
  const load = Promise.all(Array.from({ length: workers }, (_, w) => worker(w)));
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const publishedAt = performance.now();
  publish(file, supergraphOf([...builtIn, trade]));
  let status: { reloads: number; warmed: number; refused: unknown } = { reloads: 0, warmed: 0, refused: null };
  while (status.reloads < 1) {
    await new Promise((r) => setTimeout(r, 50));
    status = ((await (await fetch(readyUrl)).json()) as { supergraph: typeof status }).supergraph;
    if (status.refused) throw new Error(`Refused: ${JSON.stringify(status.refused)}`);
  }
  const switchedAt = performance.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  stop = true;
  await load;
  const before = samples.filter((s) => s.at < publishedAt);
  const after = samples.filter((s) => s.at >= switchedAt);
  const during = samples.filter((s) => s.at >= publishedAt && s.at < switchedAt);
  const row = (label: string, list: typeof samples) =>
    `| ${label.padEnd(26)} | ${String(list.length).padStart(8)} | ${String(list.filter((s) => !s.ok).length).padStart(6)} | ${pct(list.map((s) => s.ms), 50).toFixed(1).padStart(6)} | ${pct(list.map((s) => s.ms), 99).toFixed(1).padStart(6)} |`;
  console.log(`\nHot reload under load: ${workers} workers on loopback, ${seconds} s before and after; switch took ${(switchedAt - publishedAt).toFixed(0)} ms from publish to served, ${status.warmed} plan(s) warmed.\n`);
  console.log('| window                     | requests | failed | p50 ms | p99 ms |');
  console.log('|----------------------------|---------:|-------:|-------:|-------:|');
  console.log(row('before the switch', before));
  console.log(row('during the switch', during));
  console.log(row('after the switch', after));
  const ratio = pct(after.map((s) => s.ms), 99) / pct(before.map((s) => s.ms), 99);
  console.log(`\np99 after / before: ${ratio.toFixed(2)} (bound 1.5); failed requests: ${samples.filter((s) => !s.ok).length}`);
  await server.stop();
  await graph.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
  process.exit(samples.some((s) => !s.ok) || ratio > 1.5 ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
