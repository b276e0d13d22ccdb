import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { allModules } from './modules';

// The fifth subgraph through the real gateway: Partner.trade joins the partners subgraph's Partner by key, and
// Commitment.tradeImpact gets the commitment's partners from the commitments subgraph (@requires).
let graph: TestSupergraph;
beforeAll(async () => {
  graph = await openTestSupergraph(allModules, { seed: 'demo' });
});
afterAll(() => graph.dispose());

describe('trade subgraph through the gateway', () => {
  it("adds Partner.trade to the partners subgraph's Partner", async () => {
    const { data, errors } = await graph.query<{ partner: { name: string; trade: { years: { year: number; turnover: string | null; source: string }[]; agreementsInForce: { agreement: { code: string; name: string } }[] } } }>(
      'query { partner(id: "KR") { name trade { years { year turnover source } agreementsInForce(asOf: "2024-06-30") { agreement { code name } } } } }',
    );
    expect(errors).toBeUndefined();
    expect(data!.partner.name).toBe('Hàn Quốc');
    expect(data!.partner.trade.years.length).toBeGreaterThan(0);
    expect(data!.partner.trade.agreementsInForce.map((a) => a.agreement.code).sort()).toEqual(['RCEP', 'VKFTA']);
  });

  it("computes Commitment.tradeImpact from the commitment's partners as the commitments subgraph records them", async () => {
    const { data, errors } = await graph.query<{ commitments: { edges: { node: { code: string; partners: { id: string }[]; tradeImpact: { partnersWithoutFigure: string[]; partners: { partner: { id: string; name: string } }[] } } }[] } }>(
      'query { commitments(first: 10) { edges { node { code partners { id } tradeImpact(year: 2023) { partnersWithoutFigure partners { partner { id name } } } } } } }',
    );
    expect(errors).toBeUndefined();
    const nodes = data!.commitments.edges.map((e) => e.node);
    expect(nodes.length).toBeGreaterThan(0);
    for (const node of nodes) {
      const withFigure = node.tradeImpact.partners.map((p) => p.partner.id);
      // Every partner of the commitment is either counted or named as missing; names resolve in the partners subgraph.
      expect([...withFigure, ...node.tradeImpact.partnersWithoutFigure].sort()).toEqual([...new Set(node.partners.map((p) => p.id))].sort());
      for (const p of node.tradeImpact.partners) expect(p.partner.name.length).toBeGreaterThan(0);
    }
  });
});
