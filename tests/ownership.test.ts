import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { allModules } from './modules';
import { Workflow, errorOf, nextCode, ok, user } from './workflow';

/**
 * Who owns a commitment is stored when it is proposed (`owner_agency`), as the lead's register says (a unit's
 * ministry, a department's province), and every ownership check reads the stored value. Before, the owner was
 * parsed from the lead's id up to its first hyphen, so a unit of the Office of the National Assembly (`NA-OFFICE-…`)
 * belonged to a ministry "NA" that does not exist, and its own editors were refused.
 */
let graph: TestSupergraph;
let flow: Workflow;
const UNIT = 'NA-OFFICE-TEST';

beforeAll(async () => {
  graph = await openTestSupergraph(allModules, { seed: 'reference' });
  flow = new Workflow(graph);
  // A unit of a central body whose own id holds a hyphen, in the ministries register (a test fixture, not reference data).
  await graph.subgraphs.ministries.database.dataSource.query(
    "INSERT INTO ministry_unit (id, ministry_id, kind, name_vi, name_en, search_text, valid_from, valid_to, version) VALUES (?, 'NA-OFFICE', 'DEPARTMENT', 'Vụ thử nghiệm', 'Test department', 'vu thu nghiem', NULL, NULL, 1)",
    [UNIT],
  );
});
afterAll(() => graph?.dispose());

const naEditor = user('MINISTRY:NA-OFFICE', ['editor']);
const wrongParse = user('MINISTRY:NA', ['editor']);
const lead = { type: 'MINISTRY_UNIT', id: UNIT };
const ownerOf = async (id: string) => (await graph.subgraphs.commitments.database.dataSource.query('SELECT owner_agency AS owner FROM commitment WHERE id = ?', [id]))[0].owner;
const UPDATE = 'mutation ($id: ID!, $v: Int!, $input: UpdateCommitmentInput!) { updateCommitment(id: $id, version: $v, input: $input) { version summary } }';

describe('the stored owner', () => {
  it('a unit whose ministry id holds a hyphen is owned by that ministry, as its register says', async () => {
    const refused = await flow.propose(wrongParse, { lead });
    expect(errorOf(refused).code).toBe('FORBIDDEN');
    const { id } = ok(await flow.propose(naEditor, { lead })).proposeCommitment;
    expect(await ownerOf(id)).toBe('MINISTRY:NA-OFFICE');
    ok(await graph.query(UPDATE, { id, v: await flow.version(id), input: { summary: 'Cập nhật bởi Văn phòng Quốc hội' } }, naEditor));
    expect(errorOf(await graph.query(UPDATE, { id, v: await flow.version(id), input: { summary: 'x' } }, wrongParse)).code).toBe('FORBIDDEN');
  });

  it('a lead unit that is not in the register is refused naming the field, and nothing is written', async () => {
    const code = nextCode('NA-OFFICE');
    const result = await flow.propose(naEditor, { lead: { type: 'MINISTRY_UNIT', id: 'NA-OFFICE-NONE' }, extra: { code } });
    expect(errorOf(result).code).toBe('BAD_USER_INPUT');
    const rows = await graph.subgraphs.commitments.database.dataSource.query('SELECT id FROM commitment WHERE code = ?', [code]);
    expect(rows).toEqual([]);
  });

  it('checks read the stored owner, not the lead id', async () => {
    const { id } = ok(await flow.propose(user('LOCALITY:20', ['editor']), { lead: { type: 'LOCALITY', id: '20' } })).proposeCommitment;
    // A correction of the register moves the commitment to another owner: from then on only that owner's users write.
    await graph.subgraphs.commitments.database.dataSource.query("UPDATE commitment SET owner_agency = 'LOCALITY:01' WHERE id = ?", [id]);
    const asLangSon = await graph.query(UPDATE, { id, v: await flow.version(id), input: { summary: 'Lạng Sơn' } }, user('LOCALITY:20', ['editor']));
    expect(errorOf(asLangSon).code).toBe('FORBIDDEN');
    ok(await graph.query(UPDATE, { id, v: await flow.version(id), input: { summary: 'Hà Nội' } }, user('LOCALITY:01', ['editor'])));
  });
});
