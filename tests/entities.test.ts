import { openTestSubgraph, runOnSubgraph, type TestSubgraph } from '@accords/testkit';
import { commitments, localities, ministries, partners } from './modules';
import type { SubgraphModule } from '@accords/subgraph-kit';

/**
 * Every entity a subgraph owns resolves through `_entities`, and resolving 100 representations of one type costs
 * at most 2 SQL statements (DataLoader batches them into one IN (...) query).
 */
interface Case {
  module: SubgraphModule<unknown>;
  typename: string;
  /** Ids known to exist after seeding; the case repeats them up to 100 representations. */
  ids: (s: TestSubgraph<unknown>) => Promise<string[]>;
  field: string;
}

async function idsFrom(s: TestSubgraph<unknown>, query: string, path: (data: any) => string[]): Promise<string[]> {
  const result = await runOnSubgraph(s, query);
  expect(result.errors).toBeUndefined();
  return path(result.data);
}

const cases: Case[] = [
  { module: ministries as never, typename: 'Ministry', field: 'name', ids: (s) => idsFrom(s, '{ ministries(first: 100) { edges { node { id } } } }', (d) => d.ministries.edges.map((e: any) => e.node.id)) },
  { module: localities as never, typename: 'Locality', field: 'name', ids: (s) => idsFrom(s, '{ localities(first: 100) { edges { node { id } } } }', (d) => d.localities.edges.map((e: any) => e.node.id)) },
  { module: partners as never, typename: 'Partner', field: 'name', ids: (s) => idsFrom(s, '{ partners(first: 100) { edges { node { id } } } }', (d) => d.partners.edges.map((e: any) => e.node.id)) },
  { module: commitments as never, typename: 'Commitment', field: 'code', ids: (s) => idsFrom(s, '{ commitments(first: 100) { edges { node { id } } } }', (d) => d.commitments.edges.map((e: any) => e.node.id)) },
];

describe.each(cases.map((c) => [c.typename, c] as const))('%s through _entities', (_t, c) => {
  let subgraph: TestSubgraph<unknown>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(c.module, { seed: 'demo' });
  });
  afterAll(() => subgraph?.dispose());

  it('resolves 100 representations with at most 2 SQL statements, in order, null for unknown ids', async () => {
    const known = await c.ids(subgraph);
    expect(known.length).toBeGreaterThanOrEqual(20);
    const ids = Array.from({ length: 99 }, (_, i) => known[i % known.length]).concat('does-not-exist');
    subgraph.database.counter.reset();
    const result = await runOnSubgraph<{ _entities: ({ id: string } | null)[] }>(
      subgraph,
      `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${c.typename} { id ${c.field} } } }`,
      { r: ids.map((id) => ({ __typename: c.typename, id })) },
    );
    expect(result.errors).toBeUndefined();
    const statements = subgraph.database.counter.dataStatements.length;
    expect(statements).toBeGreaterThanOrEqual(1);
    expect(statements).toBeLessThanOrEqual(2);
    const entities = result.data!._entities;
    expect(entities).toHaveLength(100);
    expect(entities.slice(0, 99).map((e) => e?.id)).toEqual(ids.slice(0, 99));
    expect(entities[99]).toBeNull();
  });
});

describe('contributed fields', () => {
  let subgraph: TestSubgraph<unknown>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(commitments as never, { seed: 'demo' });
  });
  afterAll(() => subgraph?.dispose());

  it.each(['Ministry', 'Locality', 'Partner'])('%s.commitments for many parents costs a constant number of statements', async (typename) => {
    const ids: Record<string, string[]> = {
      Ministry: ['MOIT', 'MOST', 'MOFA', 'MOC', 'MOH', 'MOET', 'MOJ', 'MPS', 'SBV', 'MOF'],
      Locality: ['01', '15', '20', '22', '44', '48', '79', '91', '04', '08'],
      Partner: ['CN', 'JP', 'KR', 'US', 'AE', 'IL', 'LA', 'KH', 'SG', 'FR'],
    };
    const run = async (n: number) => {
      subgraph.database.counter.reset();
      const reps = ids[typename].slice(0, n).map((id) => ({ __typename: typename, id }));
      const result = await runOnSubgraph<any>(
        subgraph,
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { commitments(first: 2) { totalCount edges { node { code partners { id } fields } } } } } }`,
        { r: reps },
      );
      expect(result.errors).toBeUndefined();
      return { statements: subgraph.database.counter.dataStatements.length, data: result.data._entities };
    };
    const one = await run(1);
    const ten = await run(10);
    expect(ten.statements).toBe(one.statements);
    expect(ten.data.some((e: any) => e.commitments.totalCount > 2 || e.commitments.edges.length === 2)).toBe(true);
    for (const entity of ten.data) expect(entity.commitments.edges.length).toBeLessThanOrEqual(2);
  });
});
