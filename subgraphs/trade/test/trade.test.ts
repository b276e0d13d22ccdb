import { openTestSubgraph, runOnSubgraph, type TestSubgraph } from '@accords/testkit';
import { trade } from '../src/module';
import type { Loaders } from '../src/loaders';
import flowsData from '../src/data/trade-flows.json';

// MySQL when one answers, the embedded engine with ACCORDS_TEST_DB=embedded; the kit creates and drops the database.
let subgraph: TestSubgraph<Loaders>;
beforeAll(async () => {
  subgraph = await openTestSubgraph(trade, { seed: 'reference' });
});
afterAll(() => subgraph.dispose());

interface Year {
  year: number;
  exports: string | null;
  imports: string | null;
  turnover: string | null;
  estimate: boolean;
  source: string;
}

const PARTNER_TRADE = `query ($reps: [_Any!]!, $asOf: Date!) { _entities(representations: $reps) { ... on Partner { id trade {
  years { year exports imports turnover estimate source }
  agreementsInForce(asOf: $asOf) { agreement { code } inForceOn }
  agreements { agreement { code signedOn } inForceOn }
} } } }`;

async function partnerTrade(ids: string[], asOf: string) {
  const { data, errors } = await runOnSubgraph<{ _entities: { id: string; trade: { years: Year[]; agreementsInForce: { agreement: { code: string } }[]; agreements: { agreement: { code: string; signedOn: string }; inForceOn: string | null }[] } }[] }>(
    subgraph,
    PARTNER_TRADE,
    { reps: ids.map((id) => ({ __typename: 'Partner', id })), asOf },
  );
  expect(errors).toBeUndefined();
  return data!._entities;
}

describe('trade subgraph', () => {
  it('gives a partner its yearly figures with sources, completing turnover from the two flows', async () => {
    const [us, cn, fr] = await partnerTrade(['US', 'CN', 'FR'], '2025-01-01');
    expect(cn.trade.years.map((y) => y.year)).toEqual(flowsData.partners.filter((r) => r.partnerId === 'CN').map((r) => r.year));
    expect(fr.trade.years).toEqual([]);
    for (const y of [...us.trade.years, ...cn.trade.years]) expect(y.source.length).toBeGreaterThan(10);
    // 2024 (US side) publishes the two flows only: the turnover is their sum, computed by the subgraph.
    const us2024 = us.trade.years.find((y) => y.year === 2024)!;
    expect(flowsData.partners.find((r) => r.partnerId === 'US' && r.year === 2024)!.turnover).toBeNull();
    expect(us2024.turnover).toBe((Number(us2024.exports) + Number(us2024.imports)).toFixed(1));
    // Approximate figures are marked as estimates.
    expect(cn.trade.years.find((y) => y.year === 2020)!.estimate).toBe(true);
    expect(cn.trade.years.find((y) => y.year === 2023)!.estimate).toBe(false);
  });

  it('lists the agreements in force on a date, not before entry into force, and never a signed-only one', async () => {
    const before = await partnerTrade(['IL', 'GB', 'AE'], '2024-11-16');
    const after = await partnerTrade(['IL', 'GB', 'AE'], '2024-11-17');
    expect(before.map((p) => p.trade.agreementsInForce.map((a) => a.agreement.code))).toEqual([[], ['UKVFTA'], []]);
    expect(after.map((p) => p.trade.agreementsInForce.map((a) => a.agreement.code))).toEqual([['VIFTA'], ['UKVFTA'], []]);
    // The UAE agreement is signed (2021–2025 term) and listed, with no entry into force recorded.
    expect(after[2].trade.agreements).toEqual([{ agreement: { code: 'VN-UAE-CEPA', signedOn: '2024-10-28' }, inForceOn: null }]);
    // CPTPP with Malaysia: in force from Malaysia's own date, later than Viet Nam's.
    const [my] = await partnerTrade(['MY'], '2022-11-28');
    expect(my.trade.agreementsInForce.map((a) => a.agreement.code)).toEqual(['RCEP']);
    const [myLater] = await partnerTrade(['MY'], '2022-11-29');
    expect(myLater.trade.agreementsInForce.map((a) => a.agreement.code).sort()).toEqual(['CPTPP', 'RCEP']);
  });

  it("sums a commitment's partners' turnover in SQL, naming the partners without a figure, in a fixed number of statements per page", async () => {
    const [cn, kr] = await partnerTrade(['CN', 'KR'], '2023-12-31');
    const turnover2023 = (p: typeof cn) => Number(p.trade.years.find((y) => y.year === 2023)!.turnover);
    const reps = [
      { __typename: 'Commitment', id: 'c1', partners: [{ id: 'CN' }, { id: 'KR' }, { id: 'FR' }] },
      { __typename: 'Commitment', id: 'c2', partners: [{ id: 'FR' }] },
      { __typename: 'Commitment', id: 'c3', partners: [{ id: 'KR' }] },
    ];
    subgraph.database.counter.reset();
    const { data, errors } = await runOnSubgraph<{ _entities: { tradeImpact: { turnover: string | null; estimate: boolean; partnersWithoutFigure: string[]; partners: { partner: { id: string } }[]; agreementsInForce: { code: string }[] } }[] }>(
      subgraph,
      'query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Commitment { tradeImpact(year: 2023) { turnover estimate partnersWithoutFigure partners { partner { id } } agreementsInForce { code } } } } }',
      { reps },
    );
    expect(errors).toBeUndefined();
    const statements = subgraph.database.counter.dataStatements.length;
    const [c1, c2, c3] = data!._entities.map((e) => e.tradeImpact);
    expect(c1.turnover).toBe((turnover2023(cn) + turnover2023(kr)).toFixed(1));
    expect(c1).toMatchObject({ estimate: false, partnersWithoutFigure: ['FR'], partners: [{ partner: { id: 'CN' } }, { partner: { id: 'KR' } }] });
    expect(c1.agreementsInForce.map((a) => a.code)).toEqual(['VKFTA', 'EVFTA', 'RCEP']);
    expect(c2).toMatchObject({ turnover: null, partnersWithoutFigure: ['FR'], partners: [] });
    expect(c3.turnover).toBe(turnover2023(kr).toFixed(1));
    // Turnover, figures, agreement parties, agreements: one statement each for the whole page.
    expect(statements).toBeLessThanOrEqual(4);
  });

  it('refuses a year that is not a calendar year with BAD_USER_INPUT naming the field', async () => {
    const { errors } = await runOnSubgraph(subgraph, 'query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Commitment { tradeImpact(year: 20230) { turnover } } } }', {
      reps: [{ __typename: 'Commitment', id: 'c1', partners: [{ id: 'CN' }] }],
    });
    expect(errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'year' } });
  });

  it('gives the national context with sources: 2025 against 2020, both estimates', async () => {
    const { data } = await runOnSubgraph<{ nationalTrade: Year[] }>(subgraph, '{ nationalTrade { year turnover estimate source } }');
    const byYear = new Map(data!.nationalTrade.map((y) => [y.year, y]));
    expect(byYear.get(2020)).toMatchObject({ estimate: true, turnover: flowsData.national.find((r) => r.year === 2020)!.turnover });
    expect(byYear.get(2025)!.estimate).toBe(true);
    expect(Number(byYear.get(2025)!.turnover) / Number(byYear.get(2020)!.turnover)).toBeGreaterThan(1.6);
    expect(data!.nationalTrade.every((y) => y.source.length > 10)).toBe(true);
  });

  it('seeds idempotently: a second run changes nothing', async () => {
    const before = await subgraph.database.dataSource.query('SELECT COUNT(*) AS n, SUM(version) AS v FROM trade_agreement_party');
    await trade.seed!(subgraph.database.dataSource, { demo: false });
    const after = await subgraph.database.dataSource.query('SELECT COUNT(*) AS n, SUM(version) AS v FROM trade_agreement_party');
    expect(after.map((r: { n: unknown; v: unknown }) => [Number(r.n), Number(r.v)])).toEqual(before.map((r: { n: unknown; v: unknown }) => [Number(r.n), Number(r.v)]));
  });
});
