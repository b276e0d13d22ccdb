import { openTestSubgraph, runOnSubgraph, type TestSubgraph } from '@accords/testkit';
import { ministries } from './modules';

/**
 * Agency-owned reference data in the ministries subgraph: units under each central body, officials (accent-sensitive
 * identity, accent-insensitive search) and their delegations of authority, all batched through DataLoaders.
 */
let subgraph: TestSubgraph<unknown>;
beforeAll(async () => {
  subgraph = await openTestSubgraph(ministries as never, { seed: 'demo' });
});
afterAll(() => subgraph?.dispose());

const run = <T = any>(query: string, variables?: Record<string, unknown>) => runOnSubgraph<T>(subgraph, query, variables);

async function officialIds(): Promise<string[]> {
  const { data, errors } = await run('{ officials(first: 100) { edges { node { id } } } }');
  expect(errors).toBeUndefined();
  return (data as any).officials.edges.map((e: any) => e.node.id);
}

describe('ministry units', () => {
  it('lists the units of MOFA, among them the treaty department and state protocol', async () => {
    const { data, errors } = await run<any>(`{
      ministry(id: "MOFA") { units(first: 50) { totalCount edges { node { id name nameEn kind ministry { id } } } } }
      ministryUnit(id: "MOFA-DILT") { name nameEn ministry { id name } validTo }
    }`);
    expect(errors).toBeUndefined();
    const units = data.ministry.units;
    expect(units.totalCount).toBeGreaterThanOrEqual(3);
    const names = units.edges.map((e: any) => e.node.name);
    expect(names).toContain('Vụ Luật pháp và Điều ước quốc tế');
    expect(names).toContain('Cục Lễ tân Nhà nước');
    for (const e of units.edges) expect(e.node.ministry.id).toBe('MOFA');
    expect(data.ministryUnit).toEqual({
      name: 'Vụ Luật pháp và Điều ước quốc tế',
      nameEn: 'Department of International Law and Treaties',
      ministry: { id: 'MOFA', name: 'Bộ Ngoại giao' },
      validTo: null,
    });
  });

  it('pages units with cursors', async () => {
    const first = await run<any>('{ ministry(id: "MOFA") { units(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }');
    expect(first.errors).toBeUndefined();
    const page1 = first.data.ministry.units;
    expect(page1.edges).toHaveLength(2);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await run<any>('query ($after: String) { ministry(id: "MOFA") { units(first: 100, after: $after) { edges { node { id } } } } }', {
      after: page1.pageInfo.endCursor,
    });
    const ids2 = second.data.ministry.units.edges.map((e: any) => e.node.id);
    expect(ids2.length).toBe(page1.totalCount - 2);
    for (const e of page1.edges) expect(ids2).not.toContain(e.node.id);
  });

  it('has units for every central body the issue names', async () => {
    const ids = ['MOFA', 'MOIT', 'MOST', 'MOF', 'MOH', 'MOET', 'MPS', 'MOND'];
    const { data, errors } = await run<any>('query ($r: [_Any!]!) { _entities(representations: $r) { ... on Ministry { id units { totalCount } } } }', {
      r: ids.map((id) => ({ __typename: 'Ministry', id })),
    });
    expect(errors).toBeUndefined();
    for (const m of data._entities) expect(m.units.totalCount).toBeGreaterThanOrEqual(2);
  });
});

describe('batching', () => {
  it.each([
    ['MinistryUnit', 'name', async () => ['MOFA-DILT', 'MOFA-PROTOCOL', 'MOIT-MTP', 'MOST-IP', 'MOF-CUSTOMS', 'MOH-DAV', 'MOET-DIC', 'MPS-IMM', 'MOND-FRD']],
    ['Official', 'fullName', officialIds],
  ] as const)('resolves 50 %s representations with at most 2 statements, in order', async (typename, field, known) => {
    const ids = await known();
    expect(ids.length).toBeGreaterThanOrEqual(5);
    const reps = Array.from({ length: 49 }, (_, i) => ids[i % ids.length]).concat('does-not-exist');
    subgraph.database.counter.reset();
    const { data, errors } = await run<any>(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${typename} { id ${field} } } }`, {
      r: reps.map((id) => ({ __typename: typename, id })),
    });
    expect(errors).toBeUndefined();
    const statements = subgraph.database.counter.dataStatements.length;
    expect(statements).toBeGreaterThanOrEqual(1);
    expect(statements).toBeLessThanOrEqual(2);
    expect(data._entities).toHaveLength(50);
    expect(data._entities.slice(0, 49).map((e: any) => e?.id)).toEqual(reps.slice(0, 49));
    expect(data._entities[49]).toBeNull();
  });

  it('Ministry.units and Ministry.officials for 10 ministries cost the same statements as for 1', async () => {
    const ids = ['MOFA', 'MOIT', 'MOST', 'MOF', 'MOH', 'MOET', 'MPS', 'MOND', 'MOJ', 'SBV'];
    const count = async (n: number, selection: string) => {
      subgraph.database.counter.reset();
      const { data, errors } = await run<any>(`query ($r: [_Any!]!) { _entities(representations: $r) { ... on Ministry { id ${selection} } } }`, {
        r: ids.slice(0, n).map((id) => ({ __typename: 'Ministry', id })),
      });
      expect(errors).toBeUndefined();
      expect(data._entities).toHaveLength(n);
      return subgraph.database.counter.dataStatements.length;
    };
    const units = 'units(first: 2) { totalCount edges { node { id name ministry { id } } } }';
    expect(await count(10, units)).toBe(await count(1, units));
    const officials = 'officials(first: 2, activeOnly: false) { totalCount edges { node { id fullName unit { id } delegationsReceived { id } } } }';
    expect(await count(10, officials)).toBe(await count(1, officials));
  });
});

describe('officials', () => {
  it('keeps "Nguyễn Văn An" and "Nguyen Van An" as two people, and finds both without diacritics', async () => {
    const { data, errors } = await run<any>(`{
      plain: officials(search: "nguyen van an") { totalCount edges { node { id fullName position ministry { id } } } }
      accented: officials(search: "Nguyễn Văn An") { totalCount edges { node { id fullName } } }
    }`);
    expect(errors).toBeUndefined();
    const found = data.plain.edges.map((e: any) => e.node);
    const accented = found.filter((o: any) => o.fullName === 'Nguyễn Văn An');
    const plain = found.filter((o: any) => o.fullName === 'Nguyen Van An');
    expect(accented).toHaveLength(1);
    expect(plain).toHaveLength(1);
    expect(accented[0].id).not.toBe(plain[0].id);
    expect(accented[0].position).toBe('Thứ trưởng');
    expect(plain[0].position).toBe('Vụ trưởng');
    expect(data.accented.edges.map((e: any) => e.node.id).sort()).toEqual(found.map((o: any) => o.id).sort());
  });

  it('lists only active officials by default, all with activeOnly: false, and filters by ministry', async () => {
    const { data, errors } = await run<any>(`{
      ministry(id: "MOFA") {
        active: officials { totalCount edges { node { active } } }
        all: officials(activeOnly: false) { totalCount }
      }
      officials(ministryId: "MOIT", first: 100) { totalCount edges { node { ministry { id } unit { id name } } } }
    }`);
    expect(errors).toBeUndefined();
    expect(data.ministry.all.totalCount).toBeGreaterThan(data.ministry.active.totalCount);
    for (const e of data.ministry.active.edges) expect(e.node.active).toBe(true);
    expect(data.officials.totalCount).toBeGreaterThan(0);
    for (const e of data.officials.edges) expect(e.node.ministry.id).toBe('MOIT');
  });

  it('gives NOT_FOUND for an unknown official or unit id', async () => {
    const { data, errors } = await run<any>('{ official(id: "00000000-0000-5000-a000-000000000000") { id } }');
    expect(data?.official ?? null).toBeNull();
    expect(errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const unit = await run<any>('{ ministryUnit(id: "MOFA-NOPE") { id } }');
    expect(unit.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('refuses a page size of 1000 with BAD_USER_INPUT', async () => {
    for (const query of [
      '{ officials(first: 1000) { totalCount } }',
      '{ ministry(id: "MOFA") { units(first: 1000) { totalCount } } }',
      '{ ministry(id: "MOFA") { officials(first: 1000) { totalCount } } }',
    ]) {
      const { errors } = await run(query);
      expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('authority delegations', () => {
  it('tells whether a delegation is in force on a date', async () => {
    const search = await run<any>('{ officials(search: "Nguyen Van An") { edges { node { id fullName } } } }');
    const delegate = search.data.officials.edges.find((e: any) => e.node.fullName === 'Nguyen Van An').node.id;
    const { data, errors } = await run<any>(
      `query ($id: ID!) { official(id: $id) {
        delegationsReceived {
          scope instrumentScope validFrom validTo legalBasis
          delegator { fullName position } delegate { id fullName }
          inside: isValidOn(date: "2025-06-15") first: isValidOn(date: "2025-01-01") last: isValidOn(date: "2025-12-31")
          before: isValidOn(date: "2024-12-31") after: isValidOn(date: "2026-01-01")
        }
        in2025: delegationsReceived(activeOn: "2025-06-15") { validFrom }
        in2026: delegationsReceived(activeOn: "2026-06-15") { validFrom }
      } }`,
      { id: delegate },
    );
    expect(errors).toBeUndefined();
    const [d] = data.official.delegationsReceived;
    expect(d).toMatchObject({
      scope: 'SIGN',
      validFrom: '2025-01-01',
      validTo: '2025-12-31',
      delegator: { fullName: 'Nguyễn Văn An', position: 'Thứ trưởng' },
      delegate: { id: delegate, fullName: 'Nguyen Van An' },
      inside: true,
      first: true,
      last: true,
      before: false,
      after: false,
    });
    expect(d.legalBasis).toMatch(/70\/2020\/QH14/);
    expect(data.official.in2025).toHaveLength(1);
    expect(data.official.in2026).toHaveLength(0);
  });

  it('treats an open-ended delegation as in force from its first day on', async () => {
    const { data, errors } = await run<any>(`{ officials(search: "tran thi binh") { edges { node {
      delegationsReceived { scope validTo before: isValidOn(date: "2025-06-30") from: isValidOn(date: "2025-07-01") later: isValidOn(date: "2030-01-01") }
    } } } }`);
    expect(errors).toBeUndefined();
    expect(data.officials.edges[0].node.delegationsReceived).toEqual([{ scope: 'DECIDE', validTo: null, before: false, from: true, later: true }]);
  });
});

describe('seeding', () => {
  it('re-seeding units, officials and delegations writes nothing', async () => {
    const db = subgraph.database.dataSource;
    await ministries.seed!(db, { demo: true });
    subgraph.database.counter.reset();
    await ministries.seed!(db, { demo: true });
    const writes = subgraph.database.counter.dataStatements.filter((q) => /^\s*(INSERT|UPDATE|DELETE)/i.test(q.sql));
    expect(writes).toEqual([]);
  });

  it('loads units but no officials with reference seeding', async () => {
    const reference = await openTestSubgraph(ministries as never, { seed: 'reference' });
    try {
      const { data, errors } = await runOnSubgraph<any>(reference, '{ officials { totalCount } ministry(id: "MOIT") { units { totalCount } } }');
      expect(errors).toBeUndefined();
      expect(data.officials.totalCount).toBe(0);
      expect(data.ministry.units.totalCount).toBeGreaterThanOrEqual(2);
    } finally {
      await reference.dispose();
    }
  });
});

describe('bad dates', () => {
  it('refuses an impossible date literal with BAD_USER_INPUT naming the format', async () => {
    const { openTestSubgraph, runOnSubgraph } = await import('@accords/testkit');
    const { ministries } = await import('./modules');
    const subgraph = await openTestSubgraph(ministries, { seed: 'reference' });
    try {
      const result = await runOnSubgraph(subgraph, '{ ministries(activeOn: "2025-02-30") { totalCount } }');
      expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0].message).toMatch(/YYYY-MM-DD/);
    } finally {
      await subgraph.dispose();
    }
  });
});
