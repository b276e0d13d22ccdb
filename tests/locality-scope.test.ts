import { openTestSubgraph, runOnSubgraph, type TestSubgraph } from '@accords/testkit';
import { localities } from './modules';

/**
 * The contract the KPIs group by: `Locality.scopeIds` (the unit, everything under it, and recursively every unit
 * merged into it and everything under those) and `Locality.predecessors` with `mergedOn`. One statement per batch.
 */
let subgraph: TestSubgraph<unknown>;
beforeAll(async () => {
  subgraph = await openTestSubgraph(localities as never, { seed: 'reference' });
});
afterAll(() => subgraph?.dispose());

async function run(query: string, variables: Record<string, unknown> = {}) {
  const result = await runOnSubgraph<any>(subgraph, query, variables);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

describe('Locality.scopeIds and Locality.predecessors', () => {
  it('names the provinces merged into a successor, with the day the merger took effect', async () => {
    const data = await run(`{ locality(id: "79") { predecessors { id name level validTo mergedOn mergedInto { id } } } }`);
    const provinces = data.locality.predecessors.filter((p: any) => p.level === 'PROVINCE');
    expect(provinces.map((p: any) => p.id).sort()).toEqual(['74', '77']);
    for (const p of provinces) expect(p).toMatchObject({ validTo: '2025-06-30', mergedOn: '2025-07-01', mergedInto: { id: '79' } });
  });

  it('gives a continuing unit with no merger no predecessors and a null mergedOn', async () => {
    const data = await run(`{ locality(id: "01") { mergedOn predecessors { id } } }`);
    expect(data.locality).toEqual({ mergedOn: null, predecessors: [] });
  });

  it('covers the unit, its communes, its predecessors and what was under them', async () => {
    const data = await run(`{
      s: locality(id: "08") { scopeIds communes(first: 100) { edges { node { id } } } predecessors { id } }
      hg: locality(id: "02") { scopeIds }
    }`);
    const scope: string[] = data.s.scopeIds;
    expect(scope).toContain('08');
    for (const e of data.s.communes.edges) expect(scope).toContain(e.node.id);
    for (const p of data.s.predecessors) expect(scope).toContain(p.id);
    // Hà Giang (02) was merged into Tuyên Quang: its scope (and its historical district Đồng Văn) is inside 08's.
    expect(data.hg.scopeIds).toContain('02');
    for (const id of data.hg.scopeIds) expect(scope).toContain(id);
    expect(new Set(scope).size).toBe(scope.length);
    // A province that absorbed nothing does not include another province's units.
    const other = await run(`{ locality(id: "20") { scopeIds } }`);
    expect(other.locality.scopeIds).toContain('20');
    expect(other.locality.scopeIds).not.toContain('02');
    expect(other.locality.scopeIds).not.toContain('08');
  });

  it('answers the scope of a whole page of provinces in one statement', async () => {
    const counter = subgraph.database.counter;
    counter.reset();
    const data = await run(`{ localities(level: PROVINCE, activeOn: "2025-07-01", first: 100) { edges { node { id scopeIds } } } }`);
    expect(data.localities.edges.length).toBeGreaterThan(10);
    for (const e of data.localities.edges) expect(e.node.scopeIds).toContain(e.node.id);
    const recursive = counter.dataStatements.filter((q) => /WITH RECURSIVE/i.test(q.sql));
    expect(recursive).toHaveLength(1);
  });
});
