import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { CommitmentEntity } from '@accords/commitments/src/db';
import { commitments, localities, ministries, partners } from './modules';

/**
 * Commitments across the 2025 mergers, through the gateway: the demo commitments led before 2025-07-01 name the unit
 * that existed then, and a successor's `commitments` includes those its predecessors led (a merged province's, an
 * abolished district's), each marked with the predecessor, unless asked to leave them out.
 */
let graph: TestSupergraph;
beforeAll(async () => {
  graph = await openTestSupergraph([ministries, localities, partners, commitments] as never, { seed: 'demo' });
  const db = graph.subgraphs.commitments.database.dataSource;
  const row = (id: string, lead: string, signedOn: string, titleVi: string) =>
    Object.assign(new CommitmentEntity(), {
      id,
      code: `${lead}-T-${id}`,
      titleVi,
      instrumentClass: 'INTERNATIONAL_AGREEMENT',
      documentType: 'MEMORANDUM',
      leadAgencyType: 'LOCALITY',
      leadAgencyId: lead,
      ownerAgency: `LOCALITY:${lead}`, // a locality owns itself
      signedOn,
      legalStatus: 'SIGNED',
      searchText: titleVi,
      createdAt: new Date(`${signedOn}T00:00:00Z`),
    });
  await db.getRepository(CommitmentEntity).save([
    row('inh-74', '74', '2024-05-15', 'Biên bản ghi nhớ của tỉnh Bình Dương (kiểm thử)'),
    row('inh-183', '183', '2023-03-01', 'Thỏa thuận của huyện Cao Lộc (kiểm thử)'),
  ]);
});
afterAll(() => graph?.dispose());

async function query(text: string, variables: Record<string, unknown> = {}) {
  const result = await graph.query<any>(text, variables);
  expect(result.errors).toBeUndefined();
  return result.data!;
}

describe('demo commitments led before 2025-07-01', () => {
  it('name the unit that existed on the signing date, which could sign then', async () => {
    const data = await query(`{
      hcm: commitment(code: "79-2024-001") { signedOn leadAgency { ... on Locality { id name(on: "2024-08-19") code(on: "2024-08-19") signingCapability(asOf: "2024-08-19") { maySign reason } } } }
      lc: commitment(code: "15-2025-001") { signedOn leadAgency { ... on Locality { id name(on: "2025-04-03") code(on: "2025-04-03") signingCapability(asOf: "2025-04-03") { maySign reason } } } }
    }`);
    expect(data.hcm).toEqual({ signedOn: '2024-08-19', leadAgency: { id: '79', name: 'Thành phố Hồ Chí Minh', code: '79', signingCapability: { maySign: true, reason: null } } });
    // Lào Cai (code 10 until 2025-06-30) signed with Yunnan; code 15 was Yên Bái's that day.
    expect(data.lc).toEqual({ signedOn: '2025-04-03', leadAgency: { id: '15', name: 'Tỉnh Lào Cai', code: '10', signingCapability: { maySign: true, reason: null } } });
  });

  it('all have a lead that existed on their signing date', async () => {
    const data = await query(`{ commitments(first: 100) { edges { node { code signedOn leadAgency { __typename ... on Locality { id } } } } } }`);
    const led = data.commitments.edges.map((e: any) => e.node).filter((n: any) => n.leadAgency?.__typename === 'Locality' && n.signedOn);
    expect(led.length).toBeGreaterThan(3);
    for (const n of led) {
      const check = await query(`query ($id: ID!, $on: Date!) { locality(id: $id) { code(on: $on) } }`, { id: n.leadAgency.id, on: n.signedOn });
      expect([n.code, check.locality.code]).not.toEqual([n.code, null]);
    }
  });
});

describe('a successor\'s commitments', () => {
  it('include those its predecessors led, marked with the predecessor, and leave them out on request', async () => {
    const data = await query(`{
      hcm: locality(id: "79") {
        all: commitments(first: 50) { totalCount edges { node { code } inheritedFrom { id name } } }
        own: commitments(first: 50, includeInherited: false) { totalCount edges { node { code } inheritedFrom { id } } }
      }
      ls: locality(id: "20") { commitments(first: 50) { edges { node { code } inheritedFrom { id level } } } }
      bd: locality(id: "74") { commitments(first: 50) { totalCount edges { inheritedFrom { id } } } }
    }`);
    const all = data.hcm.all.edges;
    expect(all).toContainEqual({ node: { code: '74-T-inh-74' }, inheritedFrom: { id: '74', name: 'Tỉnh Bình Dương' } });
    expect(all).toContainEqual({ node: { code: '79-2024-001' }, inheritedFrom: null });
    expect(data.hcm.own.edges.map((e: any) => e.node.code)).not.toContain('74-T-inh-74');
    for (const e of data.hcm.own.edges) expect(e.inheritedFrom).toBeNull();
    expect(data.hcm.all.totalCount).toBe(data.hcm.own.totalCount + 1);
    expect(data.hcm.all.edges).toHaveLength(data.hcm.all.totalCount);
    // An abolished district's agreement passed to its province (Decree 177/2025/ND-CP).
    expect(data.ls.commitments.edges).toContainEqual({ node: { code: '183-T-inh-183' }, inheritedFrom: { id: '183', level: 'DISTRICT' } });
    // The predecessor itself still lists its own commitment, not inherited.
    expect(data.bd.commitments).toEqual({ totalCount: 1, edges: [{ inheritedFrom: null }] });
  });

  it('pages the combined list in one order (latest first) without repeating or losing a row', async () => {
    const full = await query(`{ locality(id: "79") { commitments(first: 50) { edges { node { code } } } } }`);
    const codes: string[] = full.locality.commitments.edges.map((e: any) => e.node.code);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 20; i++) {
      const page: any = await query(`query ($a: String) { locality(id: "79") { commitments(first: 1, after: $a) { pageInfo { hasNextPage endCursor } edges { node { code } } } } }`, { a: after });
      seen.push(...page.locality.commitments.edges.map((e: any) => e.node.code));
      if (!page.locality.commitments.pageInfo.hasNextPage) break;
      after = page.locality.commitments.pageInfo.endCursor;
    }
    expect(seen).toEqual(codes);
  });
});
