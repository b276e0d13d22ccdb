import { openTestSubgraph, runOnSubgraph, type TestSubgraph } from '@accords/testkit';
import { localities } from './modules';

/**
 * Who may sign an international agreement, by signatory level and date, from the text of the law: the Ordinance of
 * 2007 (33/2007/PL-UBTVQH11) until 2021-06-30, Law 70/2020/QH14 from 2021-07-01 (art. 2(2) lists the signatories,
 * district People's Committees and border-area commune People's Committees among them), and the two-tier model from
 * 2025-07-01, when the districts were abolished and their agreements passed to the province (Decree 177/2025/ND-CP).
 */
let subgraph: TestSubgraph<unknown>;
beforeAll(async () => {
  subgraph = await openTestSubgraph(localities as never, { seed: 'reference' });
});
afterAll(() => subgraph?.dispose());

const FIELDS = 'maySign signatoryLevel priorConsent consultees reason ruleSetVersion legalBasis article bordersRequired';

async function cap(id: string, asOf: string, ruleSetVersion?: string) {
  const result = await runOnSubgraph<any>(subgraph, `query ($id: ID!, $asOf: Date!, $v: String) { locality(id: $id) { signingCapability(asOf: $asOf, ruleSetVersion: $v) { ${FIELDS} } } }`, {
    id,
    asOf,
    v: ruleSetVersion ?? null,
  });
  expect(result.errors).toBeUndefined();
  return result.data!.locality.signingCapability;
}

async function firstCommune(isBorder: boolean): Promise<string> {
  const result = await runOnSubgraph<any>(subgraph, `query ($b: Boolean) { localities(level: COMMUNE, isBorder: $b, first: 1) { edges { node { id } } } }`, { b: isBorder });
  return result.data!.localities.edges[0].node.id;
}

describe('provincial People\'s Committees', () => {
  it.each([
    ['2020-06-30', '2007.1', /33\/2007\/PL-UBTVQH11 art\. 1.*art\. 16/],
    ['2021-07-01', '2021.1', /70\/2020\/QH14 art\. 2\(2\).*art\. 18.*art\. 19/],
    ['2025-07-01', '2025.1', /70\/2020\/QH14 art\. 2\(2\)/],
  ])('may sign on %s under rule set %s, after consulting MOFA, citing the article', async (asOf, version, article) => {
    const answer = await cap('20', asOf);
    expect(answer).toMatchObject({ maySign: true, signatoryLevel: 'PROVINCIAL_PEOPLES_COMMITTEE', priorConsent: null, ruleSetVersion: version, bordersRequired: [] });
    expect(answer.consultees).toContain('MOFA');
    expect(answer.article).toMatch(article);
  });

  it('lets a continuing unit sign before the merger that changed its territory (Hồ Chí Minh City, 2024-08-19)', async () => {
    expect(await cap('79', '2024-08-19')).toMatchObject({ maySign: true, ruleSetVersion: '2021.1' });
    // and the absorbed province on the same date, but not after it was abolished
    expect(await cap('74', '2024-08-19')).toMatchObject({ maySign: true });
    const gone = await cap('74', '2025-08-01');
    expect(gone.maySign).toBe(false);
    expect(gone.reason).toMatch(/Thành phố Hồ Chí Minh \(79\)/);
  });

  it('judges Huế as the province it was before 2025-01-01 and the city it is after', async () => {
    expect(await cap('46', '2024-06-01')).toMatchObject({ maySign: true, signatoryLevel: 'PROVINCIAL_PEOPLES_COMMITTEE' });
    expect(await cap('46', '2025-03-01')).toMatchObject({ maySign: true, signatoryLevel: 'PROVINCIAL_PEOPLES_COMMITTEE' });
  });
});

describe('district People\'s Committees', () => {
  it('could not sign under the Ordinance of 2007 (before 2021-07-01)', async () => {
    const answer = await cap('183', '2021-06-30');
    expect(answer).toMatchObject({ maySign: false, ruleSetVersion: '2007.1' });
    expect(answer.reason).toMatch(/district/i);
    expect(answer.article).toMatch(/33\/2007\/PL-UBTVQH11 art\. 1/);
  });

  it.each([
    ['183', 'a border district (Cao Lộc, Lạng Sơn)'],
    ['082', 'a border district (Bát Xát, Lào Cai)'],
    ['198', 'a border district (Bình Liêu, Quảng Ninh)'],
    ['181', 'a district outside the border area (Bình Gia, Lạng Sơn): art. 2(2) names district People\'s Committees without a border condition'],
  ])('%s could sign from 2021-07-01 to 2025-06-30 with the provincial People\'s Committee\'s consent: %s', async (id) => {
    for (const asOf of ['2021-07-01', '2025-06-30']) {
      const answer = await cap(id, asOf);
      expect(answer).toMatchObject({ maySign: true, signatoryLevel: 'DISTRICT_PEOPLES_COMMITTEE', priorConsent: 'PROVINCIAL_PEOPLES_COMMITTEE', ruleSetVersion: '2021.1', bordersRequired: [] });
      expect(answer.article).toMatch(/70\/2020\/QH14 art\. 2\(2\).*art\. 20/);
    }
  });

  it('no longer exists from 2025-07-01: the answer names its successor (the province its agreements passed to)', async () => {
    const answer = await cap('183', '2025-07-01');
    expect(answer.maySign).toBe(false);
    expect(answer.reason).toMatch(/no longer existed on 2025-07-01.*Tỉnh Lạng Sơn \(20\)/);
    const data = await runOnSubgraph<any>(subgraph, '{ locality(id: "183") { validTo mergedOn mergedInto { id } province { id } } }');
    expect(data.data!.locality).toEqual({ validTo: '2025-06-30', mergedOn: '2025-07-01', mergedInto: { id: '20' }, province: { id: '20' } });
  });

  it('is a predecessor of its province, inside the province\'s scope', async () => {
    const data = await runOnSubgraph<any>(subgraph, '{ locality(id: "20") { scopeIds predecessors { id level } } }');
    expect(data.data!.locality.scopeIds).toEqual(expect.arrayContaining(['20', '181', '183']));
    expect(data.data!.locality.predecessors).toEqual(expect.arrayContaining([{ id: '183', level: 'DISTRICT' }]));
  });
});

describe('commune People\'s Committees', () => {
  it('in a border area: refused under the Ordinance, allowed from 2021-07-01 with the provincial chair\'s consent, naming the border it needs', async () => {
    const border = await firstCommune(true);
    expect((await cap(border, '2025-08-01', '2007.1')).maySign).toBe(false);
    for (const version of ['2021.1', '2025.1']) {
      const answer = await cap(border, '2025-08-01', version);
      expect(answer).toMatchObject({ maySign: true, signatoryLevel: 'COMMUNE_PEOPLES_COMMITTEE_BORDER', priorConsent: 'PROVINCIAL_CHAIR', bordersRequired: ['LAND', 'SEA'] });
      expect(answer.article).toMatch(/art\. 2\(2\)/);
    }
  });

  it('outside a border area: refused, saying which border areas qualify and citing art. 2(2)', async () => {
    const inland = await firstCommune(false);
    const answer = await cap(inland, '2025-08-01');
    expect(answer).toMatchObject({ maySign: false, bordersRequired: ['LAND', 'SEA'], article: 'Law 70/2020/QH14 art. 2(2)' });
    expect(answer.reason).toMatch(/border/);
  });
});
