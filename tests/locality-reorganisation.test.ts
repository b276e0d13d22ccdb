import { openTestSubgraph, runOnSubgraph, type TestSubgraph } from '@accords/testkit';
import { localities } from './modules';

/**
 * Localities across the 2025 reorganisation (Resolution 202/2025/QH15): the 63 provincial-level units before
 * 2025-07-01 and the 34 after, identities that survive a merger, codes as dated attributes that may be reused, border
 * status as the law has it, and who may sign on which date, article by article.
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

const PROVINCIAL = `query ($on: Date!, $level: LocalityLevel!) {
  localities(activeOn: $on, level: $level, first: 100) { totalCount edges { node { id name code level isBorder mergedInto { id } mergedOn predecessors { id level } } } }
}`;

async function provincialOn(on: string) {
  const [cities, provinces] = await Promise.all([run(PROVINCIAL, { on, level: 'CENTRAL_CITY' }), run(PROVINCIAL, { on, level: 'PROVINCE' })]);
  return {
    cities: cities.localities.totalCount as number,
    provinces: provinces.localities.totalCount as number,
    nodes: [...cities.localities.edges, ...provinces.localities.edges].map((e: any) => e.node),
  };
}

describe('provincial-level units on either side of 2025-07-01', () => {
  it('has 63 units on 2025-06-30 (6 centrally-run cities, 57 provinces) with the names and codes they had then', async () => {
    const before = await provincialOn('2025-06-30');
    expect([before.cities, before.provinces]).toEqual([6, 57]);
    expect(before.nodes).toHaveLength(63);
    const codes = before.nodes.map((n) => n.code).sort();
    expect(new Set(codes).size).toBe(63); // no code held twice on one day
    const byCode = Object.fromEntries(before.nodes.map((n) => [n.code, n]));
    expect(byCode['15']).toMatchObject({ id: '15-YB', name: 'Tỉnh Yên Bái' });
    expect(byCode['10']).toMatchObject({ id: '15', name: 'Tỉnh Lào Cai' });
    expect(byCode['27']).toMatchObject({ id: '24', name: 'Tỉnh Bắc Ninh' });
    expect(byCode['24']).toMatchObject({ id: '24-BG', name: 'Tỉnh Bắc Giang' });
    for (const [code, id] of [['44', '44-QB'], ['52', '52-BD'], ['80', '80-LA'], ['82', '82-TG'], ['91', '91-KG']]) expect(byCode[code].id).toBe(id);
    for (const [code, id] of [['45', '44'], ['64', '52'], ['72', '80'], ['87', '82'], ['89', '91']]) expect(byCode[code].id).toBe(id);
  });

  it('has 34 units from 2025-07-01 (6 cities, 28 provinces), each under its current code', async () => {
    const after = await provincialOn('2025-07-01');
    expect([after.cities, after.provinces]).toEqual([6, 28]);
    for (const n of after.nodes) expect(n.code).toBe(n.id);
  });

  it('names the successor of each of the 29 abolished provinces, and each successor lists them', async () => {
    const before = await provincialOn('2025-06-30');
    const after = await provincialOn('2025-07-01');
    const current = new Set(after.nodes.map((n) => n.id));
    const abolished = before.nodes.filter((n) => !current.has(n.id));
    expect(abolished).toHaveLength(29);
    const successors = Object.fromEntries(after.nodes.map((n) => [n.id, n]));
    for (const a of abolished) {
      expect(a.mergedOn).toBe('2025-07-01');
      expect(current.has(a.mergedInto.id)).toBe(true);
      expect(successors[a.mergedInto.id].predecessors.map((p: any) => p.id)).toContain(a.id);
    }
    const listed = after.nodes.flatMap((n) => n.predecessors.filter((p: any) => p.level !== 'DISTRICT').map((p: any) => p.id));
    expect(listed.sort()).toEqual(abolished.map((a) => a.id).sort());
  });

  it('keeps a continuing unit (Hồ Chí Minh City) as one identity with dated versions', async () => {
    const data = await run(`{ locality(id: "79") { validFrom codeHistory { code name validFrom validTo borderTypes source } predecessors { id name } } }`);
    expect(data.locality.validFrom).toBeNull();
    expect(data.locality.codeHistory).toHaveLength(2);
    expect(data.locality.codeHistory.map((v: any) => [v.code, v.validFrom, v.validTo])).toEqual([['79', null, '2025-06-30'], ['79', '2025-07-01', null]]);
    for (const v of data.locality.codeHistory) expect(v.source).toMatch(/\d+\/\d{4}\//);
    expect(data.locality.predecessors.map((p: any) => p.name).sort()).toEqual(['Tỉnh Bà Rịa - Vũng Tàu', 'Tỉnh Bình Dương']);
  });
});

describe('a code is a dated attribute', () => {
  it('resolves a code on a date to the unit that held it that day', async () => {
    const data = await run(`{
      yb: locality(code: "15", on: "2025-04-03") { id name }
      lc: locality(code: "15", on: "2025-07-01") { id name }
      old: locality(code: "10", on: "2025-04-03") { id name code now: code(on: "2025-07-01") }
      today: locality(code: "24") { id name }
      lcHistory: locality(id: "15") { codeHistory { code validFrom validTo } }
    }`);
    expect(data.yb).toEqual({ id: '15-YB', name: 'Tỉnh Yên Bái' });
    expect(data.lc).toEqual({ id: '15', name: 'Tỉnh Lào Cai' });
    expect(data.old).toEqual({ id: '15', name: 'Tỉnh Lào Cai', code: '10', now: '15' });
    expect(data.today).toEqual({ id: '24', name: 'Tỉnh Bắc Ninh' });
    expect(data.lcHistory.codeHistory).toEqual([
      { code: '10', validFrom: null, validTo: '2025-06-30' },
      { code: '15', validFrom: '2025-07-01', validTo: null },
    ]);
  });

  it('answers null for the code of a unit on a date it did not exist, and NOT_FOUND for a code nobody held', async () => {
    const data = await run(`{ locality(id: "15-YB") { code(on: "2025-07-01") before: code(on: "2020-01-01") } }`);
    expect(data.locality).toEqual({ code: null, before: '15' });
    const missing = await runOnSubgraph<any>(subgraph, `{ locality(code: "10", on: "2025-08-01") { id } }`);
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('needs exactly one of id or code, naming the field', async () => {
    const both = await runOnSubgraph<any>(subgraph, `{ locality(id: "15", code: "15") { id } }`);
    expect(both.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'code' });
    const none = await runOnSubgraph<any>(subgraph, `{ locality { id } }`);
    expect(none.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const idOn = await runOnSubgraph<any>(subgraph, `{ locality(id: "15", on: "2025-01-01") { id } }`);
    expect(idOn.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'on' });
  });

  it('finds a unit by any code it has held', async () => {
    const data = await run(`{ localities(search: "10", level: PROVINCE, first: 100) { edges { node { id } } } }`);
    expect(data.localities.edges.map((e: any) => e.node.id)).toContain('15');
  });
});

describe('border status as the law has it', () => {
  it('records both a land and a sea border area where a unit has both, keeping the deprecated single value', async () => {
    const data = await run(`{
      qn: locality(id: "22") { borderTypes borderType isBorder }
      hue: locality(id: "46") { borderTypes }
      dn: locality(id: "48") { borderTypes }
      hn: locality(id: "01") { borderTypes isBorder }
      hcm: locality(id: "79") { borderTypes }
    }`);
    expect(data.qn).toEqual({ borderTypes: ['LAND', 'SEA'], borderType: 'LAND', isBorder: true });
    expect(data.hue.borderTypes).toEqual(['LAND', 'SEA']);
    expect(data.dn.borderTypes).toEqual(['LAND', 'SEA']);
    expect(data.hn).toEqual({ borderTypes: [], isBorder: false });
    expect(data.hcm.borderTypes).toEqual(['SEA']);
  });

  it('answers the border status a unit had on the listing date (Đà Nẵng had only a coast before absorbing Quảng Nam)', async () => {
    const data = await run(`{ localities(activeOn: "2025-06-30", search: "Da Nang", level: CENTRAL_CITY) { edges { node { id borderTypes } } } }`);
    expect(data.localities.edges.map((e: any) => e.node)).toEqual([{ id: '48', borderTypes: ['SEA'] }]);
  });
});

describe('every reference record carries its source', () => {
  it('gives each provincial-level unit and district, and each of their versions, a document', async () => {
    for (const level of ['PROVINCE', 'CENTRAL_CITY', 'DISTRICT']) {
      const data = await run(`query ($l: LocalityLevel) { localities(level: $l, first: 100) { edges { node { id source codeHistory { source } } } } }`, { l: level });
      for (const e of data.localities.edges) {
        expect(e.node.source).toMatch(/(Resolution|Decree|Decision) \d+\/\d{4}\//);
        for (const v of e.node.codeHistory) expect(v.source).toBeTruthy();
      }
    }
  });
});
