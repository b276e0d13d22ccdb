import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { allModules } from './modules';
import { Workflow, ok, signedCommitment, user } from './workflow';

/**
 * What a frontend asks for one province's page: its commitments with their six-clear state and progress, overdue
 * milestones with the officials answerable, open obstacles, and recent feedback. The SQL it costs must not grow with
 * the number of commitments.
 */
let graph: TestSupergraph;
let flow: Workflow;
beforeAll(async () => {
  graph = await openTestSupergraph(allModules, { seed: 'demo' });
  flow = new Workflow(graph);
});
afterAll(() => graph?.dispose());

const PROVINCE = { type: 'LOCALITY', id: '20' }; // Lạng Sơn
const SCT = { type: 'PROVINCIAL_DEPARTMENT', id: '20-SCT' };
const SCT_DEPUTY = 'a1f0c6de-0001-4c1e-9a00-000000000005'; // demo LocalOfficial of 20-SCT
const editor = user('LOCALITY:20', ['editor']);
const approver = user('LOCALITY:20', ['approver']);
const AS_OF = '2026-11-20';

const PAGE = `query ProvincePage($asOf: Date) {
  locality(id: "20") {
    name
    commitments(first: 100) {
      totalCount
      edges { node {
        code title
        sixClear(asOf: $asOf) { complete score flags { name clear missing } }
        progress(asOf: $asOf) { ratio weighted }
        overdue: milestones(status: OPEN_OVERDUE, asOf: $asOf) {
          task dueOn daysOverdue(asOf: $asOf)
          ownerAgency { __typename ... on ProvincialDepartment { name } }
          responsibleOfficial { __typename ... on LocalOfficial { fullName positionVi } ... on Official { fullName } }
        }
        obstacles(open: true) { category severity description detectedAt }
      } }
    }
    feedback(first: 10) { subject status receivedAt commitment { code } }
  }
}`;

async function mutate(query: string, variables: Record<string, unknown>, as: ReturnType<typeof user> | null = editor): Promise<any> {
  return Object.values(ok(await graph.query<any>(query, variables, as)))[0];
}

/** A signed commitment with an approved plan, one milestone done and one overdue, an open obstacle and public feedback. */
async function deliveringCommitment(n: number): Promise<string> {
  const id = await signedCommitment(flow, editor, approver, { lead: PROVINCE, extra: { plannedEnd: '2028-12-31', parties: [{ agency: SCT, role: 'IMPLEMENTING', roleDescription: 'Xúc tiến thương mại' }] } });
  const program = await mutate('mutation ($id: ID!) { createActionProgram(commitmentId: $id, input: { kind: ANNUAL, year: 2026, title: "Kế hoạch 2026" }) { id version } }', { id });
  await mutate('mutation ($id: ID!, $v: Int!) { approveActionProgram(id: $id, version: $v) { id } }', { id: program.id, v: program.version }, approver);
  const MILESTONE = 'mutation ($id: ID!, $input: MilestoneInput!) { addMilestone(programId: $id, input: $input) { id version } }';
  const done = await mutate(MILESTONE, { id: program.id, input: { task: `Khảo sát ${n}`, dueOn: '2026-10-30', deliverable: 'Báo cáo', responsibleOfficialId: SCT_DEPUTY, ownerAgency: SCT } });
  const late = await mutate(MILESTONE, { id: program.id, input: { task: `Hội chợ ${n}`, dueOn: '2026-11-13', deliverable: 'Hội chợ', responsibleOfficialId: SCT_DEPUTY, ownerAgency: SCT } });
  await mutate('mutation ($id: ID!, $v: Int!) { completeMilestone(id: $id, version: $v, completedAt: "2026-10-29T10:00:00+07:00") { id } }', { id: done.id, v: done.version });
  await mutate('mutation ($id: ID!, $m: ID!) { reportObstacle(commitmentId: $id, input: { category: ADMINISTRATIVE, description: "Chậm cấp phép gian hàng", severity: MEDIUM, milestoneId: $m }) { id } }', { id, m: late.id });
  await mutate('mutation ($input: FeedbackInput!) { submitFeedback(input: $input) { id } }', { input: { submitterKind: 'ASSOCIATION', subject: `Góp ý ${n}`, body: 'Đề nghị công bố lịch hội chợ sớm.', commitmentId: id } }, null);
  return id;
}

/** The distinct statements the commitments subgraph sent (their first 60 characters), sorted. */
const statementKinds = () => [...new Set(graph.subgraphs.commitments.database.counter.dataStatements.map((q) => q.sql.replace(/\s+/g, ' ').slice(0, 60)))].sort();

describe('one province page through the gateway', () => {
  it('costs the same SQL statements per request whatever the number of commitments', async () => {
    for (let n = 1; n <= 2; n++) await deliveringCommitment(n);
    graph.resetCounters();
    const small = await graph.query<any>(PAGE, { asOf: AS_OF }, editor);
    const smallCounts = graph.statementCounts();
    const smallKinds = statementKinds();
    expect(small.errors).toBeUndefined();

    for (let n = 3; n <= 6; n++) await deliveringCommitment(n);
    graph.resetCounters();
    const large = await graph.query<any>(PAGE, { asOf: AS_OF }, editor);
    const largeCounts = graph.statementCounts();
    const largeKinds = statementKinds();
    expect(large.errors).toBeUndefined();

    const page = large.data.locality;
    const mine = page.commitments.edges.map((e: any) => e.node).filter((c: any) => c.overdue.length);
    expect(mine).toHaveLength(6);
    expect(page.commitments.totalCount).toBeGreaterThanOrEqual(6);
    expect(mine[0].sixClear).toMatchObject({ complete: false, score: 4 / 6 });
    expect(mine[0].sixClear.flags.filter((f: any) => !f.clear)).toEqual([
      { name: 'PERSON', clear: false, missing: 'no responsible official is named for the commitment (the lead party)' },
      { name: 'PRODUCT', clear: false, missing: 'no result indicator has a target' },
    ]);
    expect(mine[0].progress).toEqual({ ratio: 0.5, weighted: false });
    expect(mine[0].overdue).toEqual([
      {
        task: expect.stringMatching(/^Hội chợ \d$/),
        dueOn: '2026-11-13',
        daysOverdue: 7,
        ownerAgency: { __typename: 'ProvincialDepartment', name: expect.any(String) },
        responsibleOfficial: { __typename: 'LocalOfficial', fullName: expect.any(String), positionVi: expect.any(String) },
      },
    ]);
    expect(mine[0].obstacles).toEqual([expect.objectContaining({ category: 'ADMINISTRATIVE', severity: 'MEDIUM' })]);
    expect(page.feedback).toHaveLength(6);
    // Newest first (several may share a second: the order among those is by id, not by subject).
    const received = page.feedback.map((f: any) => Date.parse(f.receivedAt));
    expect(received).toEqual([...received].sort((a, b) => b - a));
    expect(page.feedback.map((f: any) => f.subject).sort()).toEqual(['Góp ý 1', 'Góp ý 2', 'Góp ý 3', 'Góp ý 4', 'Góp ý 5', 'Góp ý 6']);
    expect(page.feedback.every((f: any) => f.status === 'RECEIVED')).toBe(true);

    // Three times the commitments, the same statements in every subgraph. One allowance: the commitments by id are
    // asked for by two independent fields (the page's rows and the feedback's commitments), and their DataLoader
    // batches per tick, so when the two answers arrive in different ticks that is two statements of the same kind
    // instead of one (seen both ways, small and large): the kinds are the same, the count within one.
    expect(largeKinds).toEqual(smallKinds);
    expect({ ...largeCounts, commitments: 0 }).toEqual({ ...smallCounts, commitments: 0 });
    expect(Math.abs(largeCounts.commitments - smallCounts.commitments)).toBeLessThanOrEqual(1);
    expect(Object.values(largeCounts).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(20);
  });

  it("lists an official's assigned milestones by status (LocalOfficial and Official)", async () => {
    const { localOfficial } = ok(await graph.query<any>('query ($id: ID!) { localOfficial(id: $id) { fullName assignedMilestones(status: OPEN_OVERDUE, asOf: "2026-11-20") { task } } }', { id: SCT_DEPUTY }, null));
    expect(localOfficial.assignedMilestones.length).toBeGreaterThanOrEqual(6);
    expect(localOfficial.assignedMilestones.every((m: any) => m.task.startsWith('Hội chợ'))).toBe(true);

    const official = ok(await graph.query<any>('{ ministry(id: "MOFA") { officials(first: 1) { edges { node { id fullName } } } } }')).ministry.officials.edges[0].node;
    const id = await signedCommitment(flow, editor, approver, { lead: PROVINCE, extra: { parties: [{ agency: { type: 'MINISTRY', id: 'MOFA' }, role: 'COORDINATING', roleDescription: 'Hướng dẫn đối ngoại' }] } });
    const program = await mutate('mutation ($id: ID!) { createActionProgram(commitmentId: $id, input: { kind: LONG_TERM, title: "Chương trình 2026-2030" }) { id } }', { id });
    await mutate('mutation ($id: ID!, $input: MilestoneInput!) { addMilestone(programId: $id, input: $input) { id } }', {
      id: program.id,
      input: { task: 'Hướng dẫn lễ tân đối ngoại', dueOn: '2026-12-15', ownerAgency: { type: 'MINISTRY', id: 'MOFA' }, responsibleOfficialId: official.id },
    });
    const found = ok(await graph.query<any>('query ($id: ID!) { official(id: $id) { assignedMilestones(status: OPEN_WITHIN_DEADLINE, asOf: "2026-11-20") { task responsibleOfficial { ... on Official { fullName } } commitment { id } } } }', { id: official.id }));
    expect(found.official.assignedMilestones).toEqual([{ task: 'Hướng dẫn lễ tân đối ngoại', responsibleOfficial: { fullName: official.fullName }, commitment: { id } }]);
  });
});
