import type { Identity } from '@accords/auth';
import { createSubgraphApollo } from '@accords/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@accords/testkit';
import { __NAME__ } from '../src/module';
import type { Loaders } from '../src/loaders';
import { OWNER } from '../src/owner';

// Runs on MySQL when one answers and on the embedded engine with ACCORDS_TEST_DB=embedded; the suite's database is
// created and dropped by the test kit.
let subgraph: TestSubgraph<Loaders>;
let apollo: ReturnType<typeof createSubgraphApollo<Loaders>>;

beforeAll(async () => {
  subgraph = await openTestSubgraph(__NAME__, { seed: 'reference' });
  apollo = createSubgraphApollo(subgraph, { development: false });
  await apollo.start();
});
afterAll(async () => {
  await apollo.stop();
  await subgraph.dispose();
});

const editor: Identity = { subject: 'editor-1', agency: OWNER, roles: ['editor'] };
const outsider: Identity = { subject: 'other-1', agency: { type: 'MINISTRY', id: 'MOFA-OTHER' }, roles: ['editor', 'approver'] };

async function run(query: string, variables: Record<string, unknown>, identity: Identity | null) {
  const response = await apollo.executeOperation({ query, variables }, { contextValue: subgraph.context(undefined, identity) });
  if (response.body.kind !== 'single') throw new Error('Incremental delivery is not expected');
  return response.body.singleResult;
}

const ADD = 'mutation ($partnerId: ID!, $text: String!) { add__PASCAL__Note(partnerId: $partnerId, text: $text) { id text partner { id } } }';
const NOTES = 'query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Partner { id __CAMEL__Notes { text } } } }';

describe('__NAME__ subgraph', () => {
  it('lets an editor of the owner add a note, and adds it to Partner by key', async () => {
    const added = await run(ADD, { partnerId: 'CN', text: '  First note  ' }, editor);
    expect(added.errors).toBeUndefined();
    expect(added.data).toMatchObject({ add__PASCAL__Note: { text: 'First note', partner: { id: 'CN' } } });
    const read = await run(NOTES, { reps: [{ __typename: 'Partner', id: 'CN' }, { __typename: 'Partner', id: 'JP' }] }, null);
    expect(read.data).toEqual({ _entities: [{ id: 'CN', __CAMEL__Notes: [{ text: 'First note' }] }, { id: 'JP', __CAMEL__Notes: [] }] });
  });

  it('refuses another agency, the public and bad input with registry codes, writing nothing', async () => {
    const before = await subgraph.database.dataSource.query('SELECT COUNT(*) AS n FROM __NAME___note');
    const forbidden = await run(ADD, { partnerId: 'CN', text: 'x' }, outsider);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await run(ADD, { partnerId: 'CN', text: 'x' }, null);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const empty = await run(ADD, { partnerId: 'CN', text: '   ' }, editor);
    expect(empty.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'text' } });
    const badPartner = await run(ADD, { partnerId: 'not a partner', text: 'x' }, editor);
    expect(badPartner.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'partnerId' } });
    const after = await subgraph.database.dataSource.query('SELECT COUNT(*) AS n FROM __NAME___note');
    expect(Number(after[0].n)).toBe(Number(before[0].n));
  });

  it('answers NOT_FOUND for an unknown note', async () => {
    const result = await run('query ($id: ID!) { __CAMEL__Note(id: $id) { id } }', { id: 'no-such-note' }, null);
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
