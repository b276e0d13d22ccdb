import { noPeers } from '@accords/subgraph-kit';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { allModules } from './modules';
import { COMMITMENT_TABLES, Workflow, errorOf, ok, user } from './workflow';

let graph: TestSupergraph;
let flow: Workflow;
beforeAll(async () => {
  graph = await openTestSupergraph(allModules, { seed: 'reference' });
  flow = new Workflow(graph);
});
afterAll(() => graph?.dispose());

const PROVINCE = { type: 'LOCALITY', id: '20' };
const editor = user('LOCALITY:20', ['editor']);

const UPDATE = 'mutation ($id: ID!, $v: Int!, $input: UpdateCommitmentInput!) { updateCommitment(id: $id, version: $v, input: $input) { version summary } }';

const db = () => graph.subgraphs.commitments.database.dataSource;
const embedded = () => db().options.type === 'sqljs';

async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COMMITMENT_TABLES) counts[table] = Number((await db().query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
  return counts;
}

/** A real fault inside the transaction: the database refuses inserts into `table` (a trigger), as a full disk or a lost connection would. */
async function injectFault(table: string): Promise<() => Promise<void>> {
  const name = `accords_fault_${table}`;
  if (embedded()) await db().query(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, 'injected fault'); END`);
  else await db().query(`CREATE TRIGGER ${name} BEFORE INSERT ON ${table} FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected fault'`);
  return async () => {
    await db().query(`DROP TRIGGER ${name}`);
  };
}

describe('optimistic concurrency', () => {
  it('50 concurrent updates from the same version: exactly one applies, the other 49 get CONFLICT, none is lost silently', async () => {
    const { id, version } = ok(await flow.propose(editor, { lead: PROVINCE })).proposeCommitment;
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => graph.query<any>(UPDATE, { id, v: version, input: { summary: `writer ${i}` } }, editor)));
    const applied = results.filter((r) => !r.errors);
    const conflicts = results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT');
    expect(applied).toHaveLength(1);
    expect(conflicts).toHaveLength(49);
    expect(conflicts[0].errors![0].message).toMatch(/changed by someone else.*you sent version 1, it is now 2/);
    const winner = applied[0].data.updateCommitment.summary;
    const { commitment } = ok(await graph.query<any>('query ($id: ID) { commitment(id: $id) { version summary history(first: 100) { edges { node { action changes } } } } }', { id }, editor));
    expect(commitment).toMatchObject({ version: version + 1, summary: winner });
    const updates = commitment.history.edges.filter((e: any) => e.node.action === 'UPDATE' && JSON.parse(e.node.changes).summary);
    expect(updates).toHaveLength(1);
  });

  it('25 concurrent writers that reload and retry on CONFLICT all land, each once, in the audit trail', async () => {
    const { id, version } = ok(await flow.propose(editor, { lead: PROVINCE })).proposeCommitment;
    const writer = async (i: number) => {
      for (let attempt = 0; attempt < 200; attempt++) {
        const current = await flow.version(id);
        const result = await graph.query<any>(UPDATE, { id, v: current, input: { summary: `writer ${i}` } }, editor);
        if (!result.errors) return attempt;
        expect(result.errors[0].extensions?.code).toBe('CONFLICT');
      }
      throw new Error(`writer ${i} never landed`);
    };
    await Promise.all(Array.from({ length: 25 }, (_, i) => writer(i)));
    const { commitment } = ok(await graph.query<any>('query ($id: ID) { commitment(id: $id) { version summary history(first: 100) { edges { node { action changes } } } } }', { id }, editor));
    expect(commitment.version).toBe(version + 25);
    const summaries = commitment.history.edges.map((e: any) => JSON.parse(e.node.changes).summary?.after).filter(Boolean);
    expect(new Set(summaries).size).toBe(25);
    expect(summaries[summaries.length - 1]).toBe(commitment.summary);
  });
});

describe('a failure injected mid-transaction', () => {
  it('leaves no partial rows and no audit entry when the audit write itself fails (the last statement)', async () => {
    const before = await rowCounts();
    const removeFault = await injectFault('audit_entry');
    try {
      const result = await flow.propose(editor, { lead: PROVINCE, partnerIds: ['CN', 'LA'], fields: ['ENERGY', 'HEALTH'] });
      expect(errorOf(result)).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', message: expect.not.stringMatching(/injected|INSERT|SQL/) });
    } finally {
      await removeFault();
    }
    expect(await rowCounts()).toEqual(before);
  });

  it('rolls back an update whose list rewrite fails half-way: partners, version and audit trail stay as they were', async () => {
    const { id, version } = ok(await flow.propose(editor, { lead: PROVINCE, partnerIds: ['CN'] })).proposeCommitment;
    const before = await rowCounts();
    const removeFault = await injectFault('commitment_field');
    try {
      // The commitment row, its partners and their delete run first; the field insert then fails.
      const result = await graph.query<any>(UPDATE, { id, v: version, input: { summary: 'half-done', partnerIds: ['LA', 'KH'], fields: ['ENERGY'] } }, editor);
      expect(errorOf(result).code).toBe('INTERNAL_SERVER_ERROR');
    } finally {
      await removeFault();
    }
    expect(await rowCounts()).toEqual(before);
    const { commitment } = ok(await graph.query<any>('query ($id: ID) { commitment(id: $id) { version summary partners { id } fields } }', { id }));
    expect(commitment).toEqual({ version, summary: null, partners: [{ id: 'CN' }], fields: ['ECONOMY_TRADE_INVESTMENT'] });
    // With the fault gone the same change applies in full.
    expect(ok(await graph.query<any>(UPDATE, { id, v: version, input: { summary: 'done', partnerIds: ['LA', 'KH'], fields: ['ENERGY'] } }, editor)).updateCommitment.version).toBe(version + 1);
  });
});

describe('a peer subgraph that does not answer', () => {
  it('refuses the write with SERVICE_UNAVAILABLE naming the service, and writes nothing', async () => {
    const runtime = graph.subgraphs.commitments;
    const peers = runtime.peers;
    const before = await rowCounts();
    runtime.peers = {
      query: (service, query, variables, caller) => (service === 'partners' ? noPeers.query(service, query, variables, caller) : peers.query(service, query, variables, caller)),
    };
    try {
      const refused = errorOf(await flow.propose(editor, { lead: PROVINCE }));
      expect(refused).toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringMatching(/partners service/) });
    } finally {
      runtime.peers = peers;
    }
    expect(await rowCounts()).toEqual(before);
  });
});
