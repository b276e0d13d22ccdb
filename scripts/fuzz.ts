/**
 * `npm run fuzz`: the hostile-input properties of `tests/fuzz/hostile.ts` over every mutation and every query with
 * arguments, through the gateway with all subgraphs in-process on MySQL (or the embedded engine), with a fresh seed.
 * Prints cases run, outcomes and failures per operation; exits 1 when any case failed (rerun a failure with its seed).
 *
 *   FUZZ_RUNS  cases per operation (default 1000)
 *   FUZZ_SEED  seed (default: random, printed)
 */
import fc from 'fast-check';
import { testEngine } from '@accords/testkit';
import { openTestSupergraph } from '@accords/gateway/testing';
import { allModules } from '../tests/modules';
import { collectIds, describeFailure, operations, runCase, type Failure, type Outcomes } from '../tests/fuzz/hostile';
import { user } from '../tests/workflow';

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

async function main() {
  process.env.ACCORDS_FIXED_NOW ??= '2026-11-30T03:00:00Z';
  const engine = await testEngine();
  console.log(`Fuzzing through the gateway on ${engine}: ${RUNS} cases per operation, seed ${SEED}`);
  const graph = await openTestSupergraph(allModules, { seed: 'demo' });
  await collectIds(graph);
  const actor = user('LOCALITY:20', ['editor', 'approver'], 'fuzz-editor');
  const rows: { op: string; cases: number; failures: number; outcomes: Outcomes; first?: Failure }[] = [];
  const started = Date.now();
  try {
    for (const op of operations()) {
      const outcomes: Outcomes = {};
      const failures: Failure[] = [];
      let cases = 0;
      await fc.check(
        fc.asyncProperty(op.args, async (variables) => {
          cases++;
          const failure = await runCase(graph, op, variables, actor, outcomes);
          if (failure) failures.push(failure);
          return true; // keep going: report every failure, not just the first shrunk one
        }),
        { seed: SEED, numRuns: RUNS },
      );
      rows.push({ op: `${op.kind} ${op.name}`, cases, failures: failures.length, outcomes, first: failures[0] });
      process.stdout.write('.');
    }
  } finally {
    await graph.dispose();
  }
  console.log('\n');
  const width = Math.max(...rows.map((r) => r.op.length));
  console.log(`${'operation'.padEnd(width)} | cases | server errors/writes on refusal | outcomes`);
  console.log(`${'-'.repeat(width)}-|------:|-------------------------------:|---------`);
  for (const r of rows) {
    const outcomes = Object.entries(r.outcomes).sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`).join(', ');
    console.log(`${r.op.padEnd(width)} | ${String(r.cases).padStart(5)} | ${String(r.failures).padStart(31)} | ${outcomes}`);
  }
  const total = rows.reduce((a, r) => a + r.cases, 0);
  const failed = rows.filter((r) => r.failures > 0);
  console.log(`\n${total} cases over ${rows.length} operations in ${Math.round((Date.now() - started) / 1000)} s; ${failed.length} operations with failures (seed ${SEED}).`);
  for (const r of failed) console.log(`  ${describeFailure(r.first!)}`);
  process.exitCode = failed.length ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
