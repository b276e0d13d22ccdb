/**
 * Export of the register (issue #13, must-show 2): the demo register exported through the gateway, imported into an
 * empty database by each owning agency, exported again: identical files (CSV bytes and XLSX cells).
 */
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import type { Identity } from '@accords/auth';
import { ownerIdOf } from '@accords/commitments/src/exchange/columns';
import { exportCommitments, type RunOperation } from '@accords/commitments/src/exchange/export';
import { importInBatches, readCsv, readXlsx, registerCsv, registerWorkbook, type SendBatch } from '@accords/commitments/src/exchange/files';
import { allModules } from './modules';
import { user } from './workflow';

let demo: TestSupergraph;
let empty: TestSupergraph;
beforeAll(async () => {
  [demo, empty] = await Promise.all([openTestSupergraph(allModules, { seed: 'demo' }), openTestSupergraph(allModules, { seed: 'reference' })]);
}, 180_000);
afterAll(async () => {
  await demo?.dispose();
  await empty?.dispose();
});

const central = user('MINISTRY:MOFA', ['viewer']);

const runner = (graph: TestSupergraph, as: Identity): RunOperation => async <T>(query: string, variables: Record<string, unknown>) => {
  const result = await graph.query<any>(query, variables, as);
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
  return result.data as T;
};

const MUTATION = `mutation ($input: ImportRegisterInput!) { importRegister(input: $input) { dryRun rows created updated unchanged refused findings problems { sheet row column message } } }`;
const sender = (graph: TestSupergraph, as: Identity): SendBatch => async (input) => {
  const result = await graph.query<any>(MUTATION, { input }, as);
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
  return result.data.importRegister;
};

/** The owner's editor imports that owner's rows (an agency imports only its own commitments). */
async function importAsOwners(graph: TestSupergraph, csv: string) {
  const rows = readCsv(csv).rows;
  const byOwner = new Map<string, typeof rows>();
  for (const r of rows) {
    const [type, id] = String(r.leadAgency).split(':');
    const owner = `${type === 'MINISTRY_UNIT' ? 'MINISTRY' : type === 'PROVINCIAL_DEPARTMENT' ? 'LOCALITY' : type}:${ownerIdOf({ type, id })}`;
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), r]);
  }
  const totals = { created: 0, updated: 0, unchanged: 0, problems: [] as unknown[] };
  for (const [owner, ownRows] of byOwner) {
    const report = await importInBatches(sender(graph, user(owner, ['editor'])), 'demo-export.csv', ownRows);
    totals.created += report.created;
    totals.updated += report.updated;
    totals.unchanged += report.unchanged;
    totals.problems.push(...report.problems);
  }
  return totals;
}

describe('export of the commitments register', () => {
  it('round trip: export the demo register, import it into an empty database, export again: identical files', async () => {
    const first = await exportCommitments(runner(demo, central));
    expect(first.length).toBeGreaterThan(10);
    const csv = registerCsv(first);

    // Re-importing the export into the database it came from changes nothing.
    const again = await importAsOwners(demo, csv);
    expect(again).toEqual({ created: 0, updated: 0, unchanged: first.length, problems: [] });

    const imported = await importAsOwners(empty, csv);
    expect(imported).toEqual({ created: first.length, updated: 0, unchanged: 0, problems: [] });
    const second = await exportCommitments(runner(empty, central));
    expect(registerCsv(second)).toBe(csv);

    // XLSX: the same cells read back from both workbooks.
    const [a, b] = await Promise.all([first, second].map(async (rows) => (await readXlsx(Buffer.from(await registerWorkbook(rows).xlsx.writeBuffer()))).rows));
    expect(b).toEqual(a);
    expect(a.length).toBe(first.length);
  });
});
