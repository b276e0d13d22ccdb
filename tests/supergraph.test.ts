import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { allModules } from './modules';

let graph: TestSupergraph;
beforeAll(async () => {
  graph = await openTestSupergraph(allModules, { seed: 'demo' });
});
afterAll(() => graph?.dispose());

describe('one request across all four subgraphs', () => {
  it("returns a commitment with its lead agency's name, each partner's name and that partner's other commitments", async () => {
    const result = await graph.query<any>(`{
      commitment(code: "20-2025-001") {
        title
        leadAgency { __typename ... on Locality { name isBorder } }
        partners {
          name
          commitments { totalCount edges { node { code leadAgency { ... on Ministry { name } ... on Locality { name } } } } }
        }
      }
      ministry(id: "MOIT") { name commitments { edges { node { code partners { id name } } } } }
    }`);
    expect(result.errors).toBeUndefined();
    const c = result.data.commitment;
    expect(c.leadAgency).toEqual({ __typename: 'Locality', name: 'Tỉnh Lạng Sơn', isBorder: true });
    expect(c.partners.map((p: any) => p.name)).toEqual(['Khu tự trị dân tộc Choang Quảng Tây']);
    const other = c.partners[0].commitments.edges.map((e: any) => e.node.code);
    expect(other).toEqual(expect.arrayContaining(['20-2025-001', '20-2024-001']));
    expect(c.partners[0].commitments.totalCount).toBe(other.length);
    const moit = result.data.ministry;
    expect(moit.name).toBe('Bộ Công Thương');
    const uae = moit.commitments.edges.find((e: any) => e.node.code === 'MOIT-2025-002');
    expect(uae.node.partners).toEqual([{ id: 'AE', name: expect.stringMatching(/Ả-rập|Arab/) }]);
  });

  it('keeps statements per request independent of how many partners and commitments a page lists', async () => {
    const query = (n: number) => `{ commitments(first: ${n}) { edges { node { code leadAgency { ... on Ministry { name } ... on Locality { name } } partners { name commitments(first: 3) { totalCount edges { node { code } } } } } } } }`;
    graph.resetCounters();
    const small = await graph.query(query(3));
    const smallCounts = graph.statementCounts();
    graph.resetCounters();
    const large = await graph.query<any>(query(25));
    const largeCounts = graph.statementCounts();
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(large.data.commitments.edges).toHaveLength(25);
    expect(largeCounts).toEqual(smallCounts);
  });

  it('searches commitments the same with or without diacritics', async () => {
    const codes = async (search: string) =>
      ((await graph.query<any>('query ($s: String) { commitments(search: $s) { edges { node { code } } } }', { s: search })).data.commitments.edges as any[]).map((e) => e.node.code).sort();
    expect(await codes('huu nghi')).toContain('20-2024-001');
    expect(await codes('Hữu Nghị')).toEqual(await codes('huu nghi'));
    expect(await codes('huu nghi')).not.toContain('MOIT-2025-002');
    expect(await codes('LẠNG SƠN')).toEqual(await codes('lang son'));
    expect(await codes('lang son')).toContain('20-2025-001');
  });

  it('pages with cursors: no row twice, none skipped', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const page: any = await graph.query('query ($after: String) { commitments(first: 7, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { code } } } }', { after });
      seen.push(...page.data.commitments.edges.map((e: any) => e.node.code));
      if (!page.data.commitments.pageInfo.hasNextPage) {
        expect(seen).toHaveLength(page.data.commitments.totalCount);
        break;
      }
      after = page.data.commitments.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThan(20);
  });
});

describe('bad input gets a clear error code, never INTERNAL_SERVER_ERROR', () => {
  it.each([
    ['an unknown commitment code', '{ commitment(code: "NOPE-1") { title } }', 'NOT_FOUND', /NOPE-1/],
    ['an unknown ministry', '{ ministry(id: "XYZ") { name } }', 'NOT_FOUND', /XYZ/],
    ['a page size above the limit', '{ commitments(first: 1000) { totalCount } }', 'BAD_USER_INPUT', /first must be between 1 and 100/],
    ['a malformed date', '{ commitments(signedFrom: "2025-13-01") { totalCount } }', 'BAD_USER_INPUT', /not a calendar date/],
    ['a reversed date range', '{ commitments(signedFrom: "2025-06-01", signedTo: "2025-01-01") { totalCount } }', 'BAD_USER_INPUT', /after signedTo/],
    ['a forged cursor', '{ partners(after: "garbage") { totalCount } }', 'BAD_USER_INPUT', /not a cursor/],
    ['both id and code', '{ commitment(id: "x", code: "y") { title } }', 'BAD_USER_INPUT', /exactly one/],
    ['an unknown field', '{ commitments { nope } }', 'GRAPHQL_VALIDATION_FAILED', /nope/],
    ['an unknown enum value', '{ commitments(field: SPACE) { totalCount } }', 'GRAPHQL_VALIDATION_FAILED', /SPACE/],
  ])('%s', async (_what, query, code, message) => {
    const result = await graph.query(query);
    expect(result.errors?.length).toBeGreaterThan(0);
    expect(result.errors![0].extensions?.code).toBe(code);
    expect(result.errors![0].message).toMatch(message);
  });
});
