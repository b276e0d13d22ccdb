import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { allModules } from './modules';
import { Workflow, nextCode, ok, signedCommitment, user } from './workflow';

/**
 * Many writers on the same records at once, through the gateway: no lost update, no duplicate, and every loser
 * told why (CONFLICT with the current version), never INTERNAL_SERVER_ERROR. On MySQL the writers really overlap
 * (row locks, unique keys, deadlock retries); on the embedded engine transactions take turns and the same rules hold.
 */
let graph: TestSupergraph;
let flow: Workflow;
beforeAll(async () => {
  graph = await openTestSupergraph(allModules, { seed: 'reference' });
  flow = new Workflow(graph);
});
afterAll(() => graph?.dispose());

const PROVINCE = { type: 'LOCALITY', id: '20' };
const editor = user('LOCALITY:20', ['editor']);
const approver = user('LOCALITY:20', ['approver']);
const WRITERS = 12;

const codesOf = (results: { errors?: readonly { extensions?: Record<string, unknown> }[] }[]) => results.map((r) => (r.errors?.length ? String(r.errors[0].extensions?.code) : 'OK'));
const count = (codes: string[]) => codes.reduce<Record<string, number>>((acc, c) => ({ ...acc, [c]: (acc[c] ?? 0) + 1 }), {});

describe('concurrent writers', () => {
  it(`${WRITERS} proposals with the same code: one commitment, the others CONFLICT`, async () => {
    const code = nextCode('20');
    const input = { code, title: 'Thỏa thuận đề xuất đồng thời', kind: 'INTERNATIONAL_AGREEMENT', documentType: 'AGREEMENT', leadAgency: PROVINCE, partnerIds: ['CN'], fields: ['ECONOMY_TRADE_INVESTMENT'] };
    const results = await Promise.all(
      Array.from({ length: WRITERS }, () => graph.query('mutation ($input: ProposeCommitmentInput!) { proposeCommitment(input: $input) { id } }', { input }, editor)),
    );
    expect(count(codesOf(results))).toEqual({ OK: 1, CONFLICT: WRITERS - 1 });
    const [row] = await graph.subgraphs.commitments.database.dataSource.query('SELECT COUNT(*) AS n FROM commitment WHERE code = ?', [code]);
    expect(Number(row.n)).toBe(1);
  });

  it(`${WRITERS} updates of one milestone from the same version: one applies, the others CONFLICT, none lost`, async () => {
    const id = await signedCommitment(flow, editor, approver, { lead: PROVINCE });
    const program = ok(await graph.query<any>('mutation ($id: ID!, $input: ActionProgramInput!) { createActionProgram(commitmentId: $id, input: $input) { id } }', { id, input: { kind: 'ANNUAL', year: 2027, title: 'Kế hoạch năm 2027' } }, editor)).createActionProgram;
    const milestone = ok(await graph.query<any>('mutation ($id: ID!, $input: MilestoneInput!) { addMilestone(programId: $id, input: $input) { id version } }', { id: program.id, input: { task: 'Khảo sát', dueOn: '2027-03-31' } }, editor)).addMilestone;
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        graph.query('mutation ($id: ID!, $v: Int!, $input: MilestoneUpdateInput!) { updateMilestone(id: $id, version: $v, input: $input) { version deliverable } }', { id: milestone.id, v: milestone.version, input: { deliverable: `Báo cáo ${i}` } }, editor),
      ),
    );
    const codes = codesOf(results);
    expect(count(codes)).toEqual({ OK: 1, CONFLICT: WRITERS - 1 });
    const winner = results[codes.indexOf('OK')].data as any;
    const after = ok(await graph.query<any>('query ($id: ID) { commitment(id: $id) { milestones { id version deliverable } } }', { id }, editor)).commitment.milestones[0];
    // The stored value is the acknowledged one, at the next version: the other writers changed nothing.
    expect(after).toEqual({ id: milestone.id, version: milestone.version + 1, deliverable: winner.updateMilestone.deliverable });
    for (const loser of results.filter((r) => r.errors?.length)) expect(loser.errors![0].extensions?.currentVersion).toBeGreaterThanOrEqual(milestone.version);
  });

  it(`${WRITERS} opinions recorded at once on one consultation: exactly one lands`, async () => {
    const { id } = ok(await flow.propose(editor, { lead: PROVINCE })).proposeCommitment;
    await flow.passFeasibility(id, editor, approver, '2026-09-18T10:00:00+07:00');
    ok(await flow.requestOpinions(id, editor, [{ type: 'MINISTRY', id: 'MOFA' }], '2026-09-22'));
    const consultation = await flow.consultation(id, 'MOFA');
    const mofa = user('MINISTRY:MOFA', ['editor']);
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        graph.query('mutation ($cid: ID!, $v: Int!, $input: OpinionInput!) { recordOpinion(consultationId: $cid, version: $v, input: $input) { id } }', { cid: consultation.id, v: consultation.version, input: { opinion: i % 2 ? 'AGREE' : 'DISAGREE', repliedAt: '2026-09-25T09:00:00+07:00', comments: `Ý kiến ${i}`, document: `CV ${i}` } }, mofa),
      ),
    );
    expect(count(codesOf(results))).toEqual({ OK: 1, CONFLICT: WRITERS - 1 });
    const [row] = await graph.subgraphs.commitments.database.dataSource.query("SELECT COUNT(*) AS n FROM audit_entry WHERE entity_type = 'Consultation' AND entity_id = ? AND action = 'UPDATE'", [consultation.id]);
    expect(Number(row.n)).toBe(1);
  });

  it(`${WRITERS} public feedback submissions at once: all kept, each with its own receipt`, async () => {
    const before = Number((await graph.subgraphs.commitments.database.dataSource.query('SELECT COUNT(*) AS n FROM feedback'))[0].n);
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        graph.query<any>('mutation ($input: FeedbackInput!) { submitFeedback(input: $input) { id receipt } }', { input: { submitterKind: 'BUSINESS', subject: `Vướng mắc thủ tục ${i}`, body: 'Thủ tục thông quan kéo dài.', localityId: '20' } }, null),
      ),
    );
    const receipts = results.map((r) => ok(r).submitFeedback.receipt);
    expect(new Set(receipts).size).toBe(WRITERS);
    const after = Number((await graph.subgraphs.commitments.database.dataSource.query('SELECT COUNT(*) AS n FROM feedback'))[0].n);
    expect(after - before).toBe(WRITERS);
  });
});
