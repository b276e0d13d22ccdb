import { openTestSubgraph, runOnSubgraph, type TestSubgraph } from '@accords/testkit';
import { publishRuleSet } from '@accords/localities';
import { localities } from './modules';

/**
 * Provincial departments, local officials and the signing capability of a locality under the versioned rule set
 * (DESIGN section 3): the rules are data, so a new version published with an effective date changes the answers
 * from that date, and only from that date.
 */
let subgraph: TestSubgraph<unknown>;
beforeAll(async () => {
  subgraph = await openTestSubgraph(localities as never, { seed: 'demo' });
});
afterAll(() => subgraph?.dispose());

const CAPABILITY = `query ($id: ID!, $asOf: Date!, $v: String) {
  locality(id: $id) { id level isBorder signingCapability(asOf: $asOf, ruleSetVersion: $v) { maySign signatoryLevel priorConsent consultees reason ruleSetVersion legalBasis asOf } }
}`;

async function capability(id: string, asOf: string, ruleSetVersion?: string) {
  const result = await runOnSubgraph<any>(subgraph, CAPABILITY, { id, asOf, v: ruleSetVersion ?? null });
  expect(result.errors).toBeUndefined();
  return { locality: result.data!.locality, cap: result.data!.locality.signingCapability };
}

async function pickCommune(isBorder: boolean): Promise<string> {
  const result = await runOnSubgraph<any>(subgraph, `query ($b: Boolean) { localities(level: COMMUNE, isBorder: $b, first: 1) { edges { node { id } } } }`, { b: isBorder });
  expect(result.errors).toBeUndefined();
  return result.data!.localities.edges[0].node.id;
}

describe('signing capability under the versioned rule set', () => {
  let border: string;
  let nonBorder: string;
  beforeAll(async () => {
    border = await pickCommune(true);
    nonBorder = await pickCommune(false);
  });

  it('lets a border commune sign with the provincial chair\'s prior consent under rule set 2021.1', async () => {
    // Every commune in the data was (re)established on 2025-07-01, so rule set 2021.1 is asked for explicitly.
    const { locality, cap } = await capability(border, '2025-08-01', '2021.1');
    expect(locality).toMatchObject({ level: 'COMMUNE', isBorder: true });
    expect(cap).toMatchObject({ maySign: true, signatoryLevel: 'COMMUNE_PEOPLES_COMMITTEE_BORDER', priorConsent: 'PROVINCIAL_CHAIR', ruleSetVersion: '2021.1', reason: null });
    expect(cap.consultees).toEqual(expect.arrayContaining(['PROVINCIAL_DEPARTMENT_OF_FOREIGN_AFFAIRS', 'MOND_BORDER_GUARD', 'MPS']));
    expect(cap.legalBasis).toMatch(/70\/2020\/QH14/);
  });

  it('picks the rule set in force on the date', async () => {
    expect((await capability(border, '2025-08-01')).cap).toMatchObject({ maySign: true, priorConsent: 'PROVINCIAL_CHAIR', ruleSetVersion: '2025.1' });
    // A pre-2025 province still in existence in 2022 is judged under 2021.1.
    expect((await capability('20', '2022-01-01')).cap).toMatchObject({ maySign: true, ruleSetVersion: '2021.1' });
  });

  it('refuses a non-border commune, saying only border communes may sign', async () => {
    const { locality, cap } = await capability(nonBorder, '2025-08-01');
    expect(locality).toMatchObject({ level: 'COMMUNE', isBorder: false });
    expect(cap.maySign).toBe(false);
    expect(cap.reason).toMatch(/border/i);
    expect(cap.consultees).toEqual([]);
  });

  it('lets a province sign after consulting the Ministry of Foreign Affairs', async () => {
    const { cap } = await capability('20', '2025-08-01');
    expect(cap).toMatchObject({ maySign: true, signatoryLevel: 'PROVINCIAL_PEOPLES_COMMITTEE', priorConsent: null });
    expect(cap.consultees).toContain('MOFA');
  });

  it('refuses everyone before the first published rule set (the Ordinance of 2007) took effect', async () => {
    const { cap } = await capability('01', '2007-06-30');
    expect(cap.maySign).toBe(false);
    expect(cap.reason).toMatch(/not in force/);
    expect(cap.ruleSetVersion).toBe('NONE');
    // From 2007-07-01 to 2021-06-30 the Ordinance applied: a province signs under it.
    expect((await capability('01', '2020-01-01')).cap).toMatchObject({ maySign: true, ruleSetVersion: '2007.1' });
  });

  it('refuses units that did not exist on the date, naming the successor of an abolished one', async () => {
    const gone = await capability('02', '2025-08-01'); // Hà Giang, merged into Tuyên Quang on 2025-07-01
    expect(gone.cap.maySign).toBe(false);
    expect(gone.cap.reason).toMatch(/Tuyên Quang/);
    const notYet = await capability(border, '2022-01-01');
    expect(notYet.cap.maySign).toBe(false);
    expect(notYet.cap.reason).toMatch(/did not exist yet/);
    // A district People's Committee could sign under Law 70/2020/QH14 until the district tier was abolished.
    const district = await capability('026', '2022-01-01');
    expect(district.cap).toMatchObject({ maySign: true, signatoryLevel: 'DISTRICT_PEOPLES_COMMITTEE', ruleSetVersion: '2021.1' });
    const districtAfter = await capability('026', '2025-08-01');
    expect(districtAfter.cap.maySign).toBe(false);
    expect(districtAfter.cap.reason).toMatch(/Tuyên Quang \(08\)/);
  });

  it('rejects an unknown rule-set version and a malformed date with BAD_USER_INPUT', async () => {
    const unknown = await runOnSubgraph(subgraph, CAPABILITY, { id: '01', asOf: '2025-08-01', v: '1999.9' });
    expect(unknown.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(unknown.errors?.[0].message).toMatch(/1999\.9/);
    const malformed = await runOnSubgraph(subgraph, CAPABILITY, { id: '01', asOf: '2025-13-45' });
    expect(malformed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lists the published rule sets', async () => {
    const result = await runOnSubgraph<any>(subgraph, '{ signingRuleSets { version effectiveFrom legalBasis } }');
    expect(result.errors).toBeUndefined();
    expect(result.data!.signingRuleSets.slice(0, 3)).toEqual([
      expect.objectContaining({ version: '2007.1', effectiveFrom: '2007-07-01', legalBasis: expect.stringMatching(/33\/2007\/PL-UBTVQH11/) }),
      expect.objectContaining({ version: '2021.1', effectiveFrom: '2021-07-01' }),
      expect.objectContaining({ version: '2025.1', effectiveFrom: '2025-07-01' }),
    ]);
  });

  it('changes the answer from the effective date of a newly published version, with no code change', async () => {
    const ruleSets = await runOnSubgraph<any>(subgraph, '{ signingRuleSets { version } }');
    expect(ruleSets.data!.signingRuleSets.map((r: any) => r.version)).not.toContain('2027.1');
    const commune = { maySign: true, signatoryLevel: 'COMMUNE_PEOPLES_COMMITTEE', priorConsent: 'PROVINCIAL_CHAIR', consultees: ['PROVINCIAL_DEPARTMENT_OF_FOREIGN_AFFAIRS'] };
    const border2027 = { maySign: true, signatoryLevel: 'COMMUNE_PEOPLES_COMMITTEE_BORDER', priorConsent: 'PROVINCIAL_CHAIR', consultees: ['PROVINCIAL_DEPARTMENT_OF_FOREIGN_AFFAIRS', 'MOND_BORDER_GUARD', 'MPS'] };
    const province = { maySign: true, signatoryLevel: 'PROVINCIAL_PEOPLES_COMMITTEE', priorConsent: null, consultees: ['MOFA', 'RELATED_MINISTRIES'] };
    await publishRuleSet(subgraph.database.dataSource, {
      version: '2027.1',
      effectiveFrom: '2027-01-01',
      legalBasis: 'Law 70/2020/QH14 as amended (exchange agreements of non-border communes)',
      aliases: { WARD: 'COMMUNE', SPECIAL_ZONE: 'COMMUNE' },
      levels: {
        PROVINCE: province,
        CENTRAL_CITY: province,
        COMMUNE_BORDER: border2027,
        COMMUNE_NON_BORDER: commune,
        DISTRICT: { maySign: false, reason: 'District level abolished on 1 July 2025; its agreements passed to the province' },
      },
    });
    const after = await capability(nonBorder, '2027-03-01');
    expect(after.cap).toMatchObject({ maySign: true, priorConsent: 'PROVINCIAL_CHAIR', ruleSetVersion: '2027.1' });
    const before = await capability(nonBorder, '2026-06-01');
    expect(before.cap).toMatchObject({ maySign: false, ruleSetVersion: '2025.1' });
    expect(before.cap.reason).toMatch(/border/i);
    // Asking for the future version on an earlier date does not bring it forward.
    expect((await capability(nonBorder, '2026-06-01', '2027.1')).cap.maySign).toBe(false);
  });

  it('costs a constant number of statements for 30 localities in one request', async () => {
    const ids = await runOnSubgraph<any>(subgraph, '{ localities(first: 30) { edges { node { id } } } }');
    const all: string[] = ids.data!.localities.edges.map((e: any) => e.node.id);
    expect(all).toHaveLength(30);
    const run = async (n: number) => {
      subgraph.database.counter.reset();
      const result = await runOnSubgraph<any>(
        subgraph,
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Locality { id signingCapability(asOf: "2025-08-01") { maySign reason ruleSetVersion } } } }`,
        { r: all.slice(0, n).map((id) => ({ __typename: 'Locality', id })) },
      );
      expect(result.errors).toBeUndefined();
      return subgraph.database.counter.dataStatements.length;
    };
    const one = await run(1);
    const thirty = await run(30);
    // Rule sets, the localities, their dated versions (level and borders on the date), and the batched successor lookup.
    expect(thirty).toBeLessThanOrEqual(4);
    expect(thirty).toBeLessThanOrEqual(one + 1); // + the batched successor lookup for abolished units
  });
});

describe('provincial departments and local officials', () => {
  it('lists a province\'s departments, including its Department of Foreign Affairs', async () => {
    const result = await runOnSubgraph<any>(subgraph, '{ locality(id: "01") { departments(first: 10) { totalCount edges { node { id name nameEn kind province { id } } } } } }');
    expect(result.errors).toBeUndefined();
    const nodes = result.data!.locality.departments.edges.map((e: any) => e.node);
    expect(nodes).toContainEqual({ id: '01-SNV', name: 'Sở Ngoại vụ thành phố Hà Nội', nameEn: 'Hanoi Department of Foreign Affairs', kind: 'FOREIGN_AFFAIRS', province: { id: '01' } });
    expect(result.data!.locality.departments.totalCount).toBe(nodes.length);
  });

  it('pages departments with after', async () => {
    const first = await runOnSubgraph<any>(subgraph, '{ locality(id: "01") { departments(first: 1) { totalCount pageInfo { hasNextPage endCursor } edges { node { id } } } } }');
    const page = first.data!.locality.departments;
    expect(page.pageInfo.hasNextPage).toBe(true);
    const next = await runOnSubgraph<any>(subgraph, 'query ($a: String) { locality(id: "01") { departments(first: 10, after: $a) { edges { node { id } } } } }', { a: page.pageInfo.endCursor });
    const ids = next.data!.locality.departments.edges.map((e: any) => e.node.id);
    expect(ids).not.toContain(page.edges[0].node.id);
    expect(ids.length + 1).toBe(page.totalCount);
  });

  it('costs the same number of statements for 10 provinces as for 1', async () => {
    const provinces = ['01', '79', '04', '11', '12', '15', '20', '22', '31', '48'];
    const run = async (n: number) => {
      subgraph.database.counter.reset();
      const result = await runOnSubgraph<any>(
        subgraph,
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Locality { id departments(first: 2) { totalCount edges { node { id kind } } } } } }`,
        { r: provinces.slice(0, n).map((id) => ({ __typename: 'Locality', id })) },
      );
      expect(result.errors).toBeUndefined();
      return { statements: subgraph.database.counter.dataStatements.length, data: result.data!._entities };
    };
    const one = await run(1);
    const ten = await run(10);
    expect(ten.statements).toBe(one.statements);
    for (const e of ten.data) expect(e.departments.totalCount).toBeGreaterThan(0);
  });

  it('finds a department by id, NOT_FOUND otherwise, and by accent-free search', async () => {
    const found = await runOnSubgraph<any>(subgraph, '{ provincialDepartment(id: "79-SNV") { name kind province { name } } }');
    expect(found.data!.provincialDepartment).toMatchObject({ kind: 'FOREIGN_AFFAIRS', province: { name: 'Thành phố Hồ Chí Minh' } });
    const missing = await runOnSubgraph<any>(subgraph, '{ provincialDepartment(id: "99-XYZ") { id } }');
    expect(missing.data!.provincialDepartment).toBeNull();
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const search = await runOnSubgraph<any>(subgraph, '{ provincialDepartments(search: "so ngoai vu", first: 50) { totalCount edges { node { id kind } } } }');
    expect(search.errors).toBeUndefined();
    const ids = search.data!.provincialDepartments.edges.map((e: any) => e.node.id);
    expect(ids).toEqual(expect.arrayContaining(['01-SNV', '79-SNV', '20-SNV']));
    for (const e of search.data!.provincialDepartments.edges) expect(e.node.kind).toBe('FOREIGN_AFFAIRS');
  });

  it('lists a locality\'s officials, keeping names accent-sensitive', async () => {
    const result = await runOnSubgraph<any>(subgraph, '{ locality(id: "01") { officials { totalCount edges { node { fullName positionEn active department { id } locality { id } } } } } }');
    expect(result.errors).toBeUndefined();
    const names = result.data!.locality.officials.edges.map((e: any) => e.node.fullName);
    // Two different people: identity is the exact name.
    expect(names).toEqual(expect.arrayContaining(['Nguyễn Văn An', 'Nguyen Van An']));
    const director = result.data!.locality.officials.edges.find((e: any) => e.node.department)?.node;
    expect(director).toMatchObject({ department: { id: '01-SNV' }, locality: { id: '01' }, active: true });
  });

  it('costs the same number of statements for officials of 5 localities as for 1', async () => {
    const ids = ['01', '79', '20', '22', '06037'];
    const run = async (n: number) => {
      subgraph.database.counter.reset();
      const result = await runOnSubgraph<any>(
        subgraph,
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Locality { officials { totalCount edges { node { fullName } } } } } }`,
        { r: ids.slice(0, n).map((id) => ({ __typename: 'Locality', id })) },
      );
      expect(result.errors).toBeUndefined();
      return subgraph.database.counter.dataStatements.length;
    };
    expect(await run(5)).toBe(await run(1));
  });
});
