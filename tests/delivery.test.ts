import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { allModules } from './modules';
import { Workflow, driveToSigned, errorOf, ok, signedCommitment, user } from './workflow';

let graph: TestSupergraph;
let flow: Workflow;
beforeAll(async () => {
  graph = await openTestSupergraph(allModules, { seed: 'reference' });
  flow = new Workflow(graph);
});
afterAll(() => graph?.dispose());

const PROVINCE = { type: 'LOCALITY', id: '20' }; // Lạng Sơn
const SCT = { type: 'PROVINCIAL_DEPARTMENT', id: '20-SCT' };
const editor = user('LOCALITY:20', ['editor']);
const approver = user('LOCALITY:20', ['approver']);
const otherProvince = user('LOCALITY:01', ['approver']);
const mofa = user('MINISTRY:MOFA', ['editor']);

const run = (query: string, variables: Record<string, unknown>, as: ReturnType<typeof user> | null) => graph.query<any>(query, variables, as);
const mutate = async (query: string, variables: Record<string, unknown>, as: ReturnType<typeof user> | null = editor) => Object.values(ok(await run(query, variables, as)))[0] as any;

const SIX_CLEAR = 'query ($id: ID) { commitment(id: $id) { sixClear { complete score flags { name clear missing } } } }';
async function missingFlags(id: string): Promise<Record<string, string>> {
  const { sixClear } = ok(await run(SIX_CLEAR, { id }, null)).commitment;
  expect(sixClear.score).toBeCloseTo(sixClear.flags.filter((f: any) => f.clear).length / 6);
  return Object.fromEntries(sixClear.flags.filter((f: any) => !f.clear).map((f: any) => [f.name, f.missing]));
}

const update = async (id: string, input: Record<string, unknown>) =>
  mutate('mutation ($id: ID!, $v: Int!, $input: UpdateCommitmentInput!) { updateCommitment(id: $id, version: $v, input: $input) { version } }', { id, v: await flow.version(id), input });
const createProgram = (commitmentId: string, input: Record<string, unknown> = { kind: 'ANNUAL', year: 2027, title: 'Kế hoạch năm 2027' }) =>
  mutate('mutation ($id: ID!, $input: ActionProgramInput!) { createActionProgram(commitmentId: $id, input: $input) { id status version ownerAgency { ... on Locality { id } } } }', { id: commitmentId, input });
const approveProgram = (program: { id: string; version: number }) =>
  mutate('mutation ($id: ID!, $v: Int!) { approveActionProgram(id: $id, version: $v, approvedAt: "2026-10-20T09:00:00+07:00", document: "QĐ 1234/QĐ-UBND") { status version } }', { id: program.id, v: program.version }, approver);
const addMilestone = (programId: string, input: Record<string, unknown>) =>
  mutate('mutation ($id: ID!, $input: MilestoneInput!) { addMilestone(programId: $id, input: $input) { id version } }', { id: programId, input });
const complete = (m: { id: string; version: number }, completedAt: string) =>
  mutate('mutation ($id: ID!, $v: Int!, $at: DateTime!) { completeMilestone(id: $id, version: $v, completedAt: $at) { id version } }', { id: m.id, v: m.version, at: completedAt });

describe('six clear: a signed commitment with an action plan', () => {
  it('flips each flag from missing to clear as it is supplied, naming what is missing at each step', async () => {
    const { id } = ok(await flow.propose(editor, { lead: PROVINCE, extra: { parties: [{ agency: SCT, role: 'IMPLEMENTING' }] } })).proposeCommitment;
    expect(Object.keys(await missingFlags(id))).toEqual(['PERSON', 'TASK', 'TIME', 'AUTHORITY', 'RESPONSIBILITY', 'PRODUCT']);
    expect((await missingFlags(id)).AUTHORITY).toBe('the commitment is not signed yet');

    await driveToSigned(flow, id, editor, approver); // decided and signed by the same official, competent under V1
    expect(await missingFlags(id)).toEqual({
      PERSON: 'no responsible official is named for the commitment (the lead party)',
      TASK: 'no action programme has been drawn up',
      TIME: 'the commitment has no planned end date',
      RESPONSIBILITY: 'PROVINCIAL_DEPARTMENT:20-SCT (implementing) has no stated role',
      PRODUCT: 'no result indicator has a target',
    });

    await update(id, { parties: [{ agency: SCT, role: 'IMPLEMENTING', roleDescription: 'Xúc tiến thương mại qua cửa khẩu' }] });
    expect(Object.keys(await missingFlags(id))).toEqual(['PERSON', 'TASK', 'TIME', 'PRODUCT']);

    await update(id, { parties: [{ agency: PROVINCE, role: 'LEAD', responsibleOfficialId: 'LS-CHAIR' }, { agency: SCT, role: 'IMPLEMENTING', roleDescription: 'Xúc tiến thương mại qua cửa khẩu' }] });
    expect(Object.keys(await missingFlags(id))).toEqual(['TASK', 'TIME', 'PRODUCT']);

    await update(id, { plannedEnd: '2028-12-31' });
    expect(Object.keys(await missingFlags(id))).toEqual(['TASK', 'PRODUCT']);

    const program = await createProgram(id);
    expect(program).toMatchObject({ status: 'DRAFT', ownerAgency: { id: '20' } });
    expect((await missingFlags(id)).TASK).toBe('no action programme is approved yet');
    await addMilestone(program.id, { task: 'Khảo sát hạ tầng cửa khẩu', dueOn: '2027-03-31', deliverable: 'Báo cáo khảo sát', responsibleOfficialId: 'SCT-DEPUTY', ownerAgency: SCT });
    expect(await missingFlags(id)).toEqual({ TASK: 'no action programme is approved yet', PRODUCT: 'no result indicator has a target' });

    // Only an approver of the owner approves; an editor is refused.
    expect(errorOf(await run('mutation ($id: ID!) { approveActionProgram(id: $id, version: 1) { status } }', { id: program.id }, editor)).code).toBe('FORBIDDEN');
    expect((await approveProgram(program)).status).toBe('APPROVED');
    expect(await missingFlags(id)).toEqual({ PRODUCT: 'no result indicator has a target' });

    const result = await mutate('mutation ($id: ID!) { addResult(commitmentId: $id, input: { type: OUTCOME, title: "Kim ngạch thương mại qua cửa khẩu tăng" }) { id } }', { id });
    const indicator = await mutate('mutation ($id: ID!) { addIndicator(resultId: $id, input: { title: "Kim ngạch (triệu USD)", measure: UNIT, direction: ASCENDING, baselineValue: "120", baselineYear: 2025 }) { id } }', { id: result.id });
    expect(Object.keys(await missingFlags(id))).toEqual(['PRODUCT']);
    await mutate('mutation ($id: ID!) { setIndicatorPeriod(indicatorId: $id, input: { periodStart: "2027-01-01", periodEnd: "2027-12-31", target: "150" }) { id } }', { id: indicator.id });
    const { sixClear } = ok(await run(SIX_CLEAR, { id }, null)).commitment;
    expect(sixClear).toMatchObject({ complete: true, score: 1 });

    // A new milestone with no date, deliverable or official takes three flags back, naming it.
    await addMilestone(program.id, { task: 'Hội chợ thương mại biên giới' });
    expect(await missingFlags(id)).toEqual({
      PERSON: 'milestone "Hội chợ thương mại biên giới" has no responsible official',
      TIME: 'milestone "Hội chợ thương mại biên giới" has no due date',
      PRODUCT: 'milestone "Hội chợ thương mại biên giới" names no deliverable',
    });

    const { commitment } = ok(await run('query ($id: ID) { commitment(id: $id) { history(first: 100) { edges { node { entityType action actorAgency } } } } }', { id }, editor));
    const steps = commitment.history.edges.map((e: any) => `${e.node.entityType}:${e.node.action}`);
    expect(steps).toEqual(expect.arrayContaining(['ActionProgram:CREATE', 'ActionProgram:UPDATE', 'Milestone:CREATE', 'Result:CREATE', 'Indicator:CREATE', 'IndicatorPeriod:CREATE']));
  });
});

describe('milestone status on a fixed clock, and the weighted roll-up', () => {
  const STATUS = `query ($id: ID, $asOf: Date) { commitment(id: $id) {
    milestones(asOf: $asOf) { task dueOn status(asOf: $asOf) daysOverdue(asOf: $asOf) }
    progress(asOf: $asOf) { ratio counted weighted } } }`;

  it('derives done on time, done late, within deadline and overdue (a due date on a holiday is not moved)', async () => {
    const id = await signedCommitment(flow, editor, approver, { lead: PROVINCE });
    const program = await createProgram(id);
    const onTime = await addMilestone(program.id, { task: 'A on time', dueOn: '2026-11-02', weight: '3' });
    const late = await addMilestone(program.id, { task: 'B late', dueOn: '2026-11-03', weight: '1' });
    await addMilestone(program.id, { task: 'C within deadline', dueOn: '2026-12-31', weight: '2' });
    // 2 September 2026 is National Day: still due that day, not on the next working day (3 September).
    await addMilestone(program.id, { task: 'D due on a holiday', dueOn: '2026-09-02', weight: '2' });
    const cancelled = await addMilestone(program.id, { task: 'E cancelled', dueOn: '2026-10-30', weight: '5' });
    await complete(onTime, '2026-11-02T22:30:00+07:00');
    await complete(late, '2026-11-05T08:00:00+07:00');
    await mutate('mutation ($id: ID!, $v: Int!) { cancelMilestone(id: $id, version: $v, reason: "Đối tác rút nội dung này", at: "2026-10-15T09:00:00+07:00") { id } }', { id: cancelled.id, v: cancelled.version });

    const at = async (asOf: string) => ok(await run(STATUS, { id, asOf }, null)).commitment;
    const now = await at('2026-11-20');
    expect(Object.fromEntries(now.milestones.map((m: any) => [m.task, [m.status, m.daysOverdue]]))).toEqual({
      'A on time': ['DONE_ON_TIME', null],
      'B late': ['DONE_LATE', null],
      'C within deadline': ['OPEN_WITHIN_DEADLINE', null],
      'D due on a holiday': ['OPEN_OVERDUE', 79],
      'E cancelled': ['CANCELLED', null],
    });
    expect((await at('2026-09-02')).milestones.find((m: any) => m.task.startsWith('D')).status).toBe('OPEN_WITHIN_DEADLINE');
    expect((await at('2026-09-03')).milestones.find((m: any) => m.task.startsWith('D')).status).toBe('OPEN_OVERDUE');
    // Weighted: (3 + 1) done of 3 + 1 + 2 + 2 (the cancelled 5 is left out).
    expect(now.progress).toEqual({ ratio: 0.5, counted: 4, weighted: true });
    // Judged on 1 November, nothing was done yet (the cancellation of 15 October already counts).
    expect((await at('2026-11-01')).progress).toEqual({ ratio: 0, counted: 4, weighted: true });

    const filtered = ok(await run('query ($id: ID) { commitment(id: $id) { milestones(status: OPEN_OVERDUE, asOf: "2026-11-20") { task } } }', { id }, null)).commitment.milestones;
    expect(filtered).toEqual([{ task: 'D due on a holiday' }]);
  });

  it('takes the plain mean without weights; refuses moving a due date and completing in the future', async () => {
    const id = await signedCommitment(flow, editor, approver, { lead: PROVINCE });
    const program = await createProgram(id);
    const first = await addMilestone(program.id, { task: 'One', dueOn: '2026-11-10' });
    await addMilestone(program.id, { task: 'Two', dueOn: '2026-12-10' });
    await addMilestone(program.id, { task: 'Three', dueOn: '2027-01-10' });
    await complete(first, '2026-11-09T10:00:00+07:00');
    expect(ok(await run(STATUS, { id, asOf: '2026-11-20' }, null)).commitment.progress).toEqual({ ratio: 1 / 3, counted: 3, weighted: false });

    const moved = errorOf(await run('mutation ($id: ID!) { updateMilestone(id: $id, version: 2, input: { dueOn: "2026-12-01" }) { id } }', { id: first.id }, editor));
    expect(moved).toMatchObject({ code: 'FAILED_PRECONDITION', message: expect.stringMatching(/due on 2026-11-10; a due date is never moved/) });
    const stale = errorOf(await run('mutation ($id: ID!) { updateMilestone(id: $id, version: 1, input: { deliverable: "Biên bản" }) { id } }', { id: first.id }, editor));
    expect(stale.code).toBe('CONFLICT');
    const future = errorOf(await run('mutation ($id: ID!) { completeMilestone(id: $id, version: 2, completedAt: "2099-01-01T00:00:00+07:00") { id } }', { id: first.id }, editor));
    expect(future).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/completedAt is in the future/) });
    const foreign = errorOf(await run('mutation ($id: ID!) { addMilestone(programId: $id, input: { task: "X" }) { id } }', { id: program.id }, otherProvince));
    expect(foreign.code).toBe('FORBIDDEN');
    const unsigned = ok(await flow.propose(editor, { lead: PROVINCE })).proposeCommitment;
    expect(errorOf(await run('mutation ($id: ID!) { createActionProgram(commitmentId: $id, input: { kind: LONG_TERM, title: "Kế hoạch" }) { id } }', { id: unsigned.id }, editor)).code).toBe('FAILED_PRECONDITION');
  });
});

describe('feedback from the public', () => {
  const SUBMIT = 'mutation ($input: FeedbackInput!) { submitFeedback(input: $input) { id receipt receivedAt } }';
  const feedback = (input: Record<string, unknown>) => ({ submitterKind: 'BUSINESS', submitterName: 'Công ty TNHH Nông sản Lạng Sơn', contact: 'lienhe@nongsan.example.vn', subject: 'Ách tắc thông quan', body: 'Xe chở nông sản chờ thông quan 3 ngày tại cửa khẩu Tân Thanh.', ...input });

  it('accepts anonymous feedback, refuses oversized or malformed input, and never shows it to the public or other agencies', async () => {
    const id = await signedCommitment(flow, editor, approver, { lead: PROVINCE });
    const receipt = ok(await run(SUBMIT, { input: feedback({ commitmentId: id }) }, null)).submitFeedback;
    expect(receipt.receipt).toMatch(new RegExp(`^${receipt.id}\\.`));

    for (const [input, field] of [
      [{ body: 'x'.repeat(5001) }, 'body'],
      [{ subject: '' }, 'subject'],
      [{ contact: 'gọi cho tôi' }, 'contact'],
      [{ submitterName: 'n'.repeat(201) }, 'submitterName'],
      [{ body: 'null\u0000byte' }, 'body'],
      [{ localityId: 'XX' }, 'localityId'],
      [{ commitmentId: '00000000-0000-4000-8000-000000000000' }, 'commitmentId'],
    ] as const) {
      const refused = errorOf(await run(SUBMIT, { input: feedback(input) }, null));
      expect({ field, code: refused.code, names: refused.message.includes(field) }).toEqual({ field, code: 'BAD_USER_INPUT', names: true });
    }
    const wrongKind = errorOf(await run(SUBMIT, { input: feedback({ submitterKind: 'ROBOT' }) }, null));
    expect(wrongKind.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);

    // The submitter follows it by receipt; nobody else reads it without an account of the right agency.
    const STATUS = 'query ($r: String!) { feedbackByReceipt(receipt: $r) { id status acknowledgedAt } }';
    expect(ok(await run(STATUS, { r: receipt.receipt }, null)).feedbackByReceipt).toEqual({ id: receipt.id, status: 'RECEIVED', acknowledgedAt: null });
    expect(ok(await run(STATUS, { r: `${receipt.id}.${'A'.repeat(32)}` }, null)).feedbackByReceipt).toBeNull();
    expect(errorOf(await run('{ feedback { edges { node { id body } } } }', {}, null)).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await run('{ locality(id: "20") { name feedback { id body } } }', {}, null)).code).toBe('UNAUTHENTICATED');
    expect(errorOf(await run('{ locality(id: "20") { feedback { id } } }', {}, otherProvince)).code).toBe('FORBIDDEN');
    const othersList = ok(await run('{ feedback(first: 100) { edges { node { id } } } }', {}, otherProvince)).feedback.edges.map((e: any) => e.node.id);
    expect(othersList).not.toContain(receipt.id);
    const mine = ok(await run('{ locality(id: "20") { feedback(status: RECEIVED) { id body contact agency { ... on Locality { id } } commitment { id } } } }', {}, editor)).locality.feedback;
    expect(mine.find((f: any) => f.id === receipt.id)).toMatchObject({ contact: 'lienhe@nongsan.example.vn', agency: { id: '20' }, commitment: { id } });
    expect(ok(await run('{ feedback(first: 100) { edges { node { id } } } }', {}, mofa)).feedback.edges.map((e: any) => e.node.id)).toContain(receipt.id);

    // The province acknowledges it, turns it into an obstacle, answers and resolves it; each step is audited.
    const ack = await mutate('mutation ($id: ID!) { acknowledgeFeedback(id: $id, version: 1) { status version } }', { id: receipt.id });
    expect(ack).toEqual({ status: 'ACKNOWLEDGED', version: 2 });
    expect(errorOf(await run('mutation ($id: ID!) { respondToFeedback(id: $id, version: 1, response: "x") { id } }', { id: receipt.id }, editor)).code).toBe('CONFLICT');
    expect(errorOf(await run('mutation ($id: ID!) { respondToFeedback(id: $id, version: 2, response: "x") { id } }', { id: receipt.id }, otherProvince)).code).toBe('FORBIDDEN');
    const obstacle = await mutate(
      'mutation ($id: ID!) { reportObstacle(commitmentId: $id, input: { category: ADMINISTRATIVE, description: "Thủ tục kiểm dịch kéo dài", severity: HIGH, detectedAt: "2026-11-20T09:00:00+07:00" }) { id version } }',
      { id },
    );
    await mutate('mutation ($id: ID!, $o: ID!) { linkFeedbackToObstacle(id: $id, version: 2, obstacleId: $o) { obstacle { id } } }', { id: receipt.id, o: obstacle.id });
    await mutate('mutation ($id: ID!) { respondToFeedback(id: $id, version: 3, response: "Sở Công Thương đang làm việc với hải quan.") { status } }', { id: receipt.id });
    const resolved = await mutate('mutation ($id: ID!) { resolveFeedback(id: $id, version: 4, resolution: "Đã bố trí luồng xanh cho nông sản.") { status resolvedAt } }', { id: receipt.id });
    expect(resolved.status).toBe('RESOLVED');
    expect(ok(await run(STATUS, { r: receipt.receipt }, null)).feedbackByReceipt.status).toBe('RESOLVED');
    const history = ok(await run('query ($id: ID) { commitment(id: $id) { history(first: 100) { edges { node { entityType action actor changes } } } } }', { id }, editor)).commitment.history.edges.map((e: any) => e.node);
    const feedbackLines = history.filter((h: any) => h.entityType === 'Feedback');
    expect(feedbackLines.map((h: any) => `${h.action}:${h.actor}`)).toEqual(['CREATE:public', ...Array(4).fill(`UPDATE:${editor.subject}`)]);
    expect(feedbackLines[0].changes).not.toMatch(/receiptHash/);
  });

  it('keeps feedback without a commitment for central oversight to assign', async () => {
    const receipt = ok(await run(SUBMIT, { input: feedback({ submitterKind: 'EXPERT', contact: '+84 24 3823 4567' }) }, null)).submitFeedback;
    expect(errorOf(await run('mutation ($id: ID!) { acknowledgeFeedback(id: $id, version: 1) { id } }', { id: receipt.id }, editor)).code).toBe('FORBIDDEN');
    const assigned = await mutate('mutation ($id: ID!) { assignFeedback(id: $id, version: 1, agency: { type: LOCALITY, id: "20" }) { agency { ... on Locality { id } } version } }', { id: receipt.id }, mofa);
    expect(assigned).toEqual({ agency: { id: '20' }, version: 2 });
    expect((await mutate('mutation ($id: ID!) { acknowledgeFeedback(id: $id, version: 2) { status } }', { id: receipt.id })).status).toBe('ACKNOWLEDGED');
  });
});

describe('obstacles, progress reports, reviews and pending opinions', () => {
  it('escalates and resolves an obstacle; one progress report per period with a justified confidence; a review with entries and decisions', async () => {
    const id = await signedCommitment(flow, editor, approver, { lead: PROVINCE });
    const obstacle = await mutate('mutation ($id: ID!) { reportObstacle(commitmentId: $id, input: { category: FINANCIAL, description: "Chưa bố trí vốn đối ứng", severity: CRITICAL }) { id version beyondAuthority } }', { id });
    expect(obstacle.beyondAuthority).toBe(false);
    const escalated = await mutate('mutation ($id: ID!) { escalateObstacle(id: $id, version: 1, to: { type: MINISTRY, id: "MOF" }) { beyondAuthority escalatedTo { ... on Ministry { id } } version } }', { id: obstacle.id });
    expect(escalated).toEqual({ beyondAuthority: true, escalatedTo: { id: 'MOF' }, version: 2 });
    const OPEN = 'query ($id: ID) { commitment(id: $id) { obstacles(open: true) { id } } }';
    expect(ok(await run(OPEN, { id }, null)).commitment.obstacles).toHaveLength(1);
    await mutate('mutation ($id: ID!) { resolveObstacle(id: $id, version: 2, resolution: "Bộ Tài chính bổ sung dự toán") { resolvedAt } }', { id: obstacle.id });
    expect(ok(await run(OPEN, { id }, null)).commitment.obstacles).toEqual([]);

    const REPORT = 'mutation ($id: ID!, $input: ProgressReportInput!) { submitProgressReport(commitmentId: $id, input: $input) { id completionLevel deliveryConfidence version } }';
    const report = { periodStart: '2026-10-01', periodEnd: '2026-12-31', achievements: 'Hoàn thành khảo sát', completionLevel: 'LIMITED', deliveryConfidence: 'AMBER_GREEN', confidenceJustification: 'Vốn đã bố trí, đối tác sẵn sàng' };
    expect(await mutate(REPORT, { id, input: report })).toMatchObject({ completionLevel: 'LIMITED', deliveryConfidence: 'AMBER_GREEN', version: 1 });
    expect(errorOf(await run(REPORT, { id, input: report }, editor)).code).toBe('CONFLICT');
    expect(errorOf(await run(REPORT, { id, input: { ...report, periodStart: '2027-01-01', periodEnd: '2027-03-31', confidenceJustification: ' ' } }, editor))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/confidenceJustification/) });

    const review = await mutate(
      `mutation ($input: ReviewInput!) { recordReview(input: $input) { id kind entries { commitment { id } completionLevel deliveryConfidence } decisions { id assignee { ... on Ministry { id } } dueOn version } } }`,
      {
        input: {
          kind: 'QUARTERLY', periodStart: '2026-10-01', periodEnd: '2026-12-31', scope: 'Các thỏa thuận của tỉnh với Trung Quốc', chair: 'Chủ tịch UBND tỉnh', heldAt: '2026-11-20T14:00:00+07:00',
          entries: [{ commitmentId: id, completionLevel: 'LIMITED', deliveryConfidence: 'AMBER', confidenceJustification: 'Chậm giải ngân' }],
          decisions: [{ decision: 'Đề nghị Bộ Tài chính bố trí vốn', assignee: { type: 'MINISTRY', id: 'MOF' }, dueOn: '2027-01-15' }],
        },
      },
    );
    expect(review.entries).toEqual([{ commitment: { id }, completionLevel: 'LIMITED', deliveryConfidence: 'AMBER' }]);
    expect(review.decisions[0]).toMatchObject({ assignee: { id: 'MOF' }, dueOn: '2027-01-15' });
    const entries = 'query ($id: ID) { commitment(id: $id) { reviewEntries { review { chair } deliveryConfidence } } }';
    expect(ok(await run(entries, { id }, editor)).commitment.reviewEntries).toEqual([{ review: { chair: 'Chủ tịch UBND tỉnh' }, deliveryConfidence: 'AMBER' }]);
    // Reviews are internal stocktakes: the public does not read them.
    expect(errorOf(await run(entries, { id }, null)).code).toBe('UNAUTHENTICATED');
    // Another province may not review Lạng Sơn's commitments.
    const foreign = errorOf(await run('mutation ($input: ReviewInput!) { recordReview(input: $input) { id } }', { input: { kind: 'ANNUAL', periodStart: '2026-01-01', periodEnd: '2026-12-31', scope: 'x', chair: 'y', heldAt: '2026-11-20T14:00:00+07:00', entries: [{ commitmentId: id, completionLevel: 'LIMITED', deliveryConfidence: 'AMBER', confidenceJustification: 'z' }] } }, user('LOCALITY:01', ['editor'])));
    expect(foreign.code).toBe('FORBIDDEN');
    const done = await mutate('mutation ($id: ID!) { completeReviewDecision(id: $id, version: 1, doneAt: "2026-11-21T10:00:00+07:00") { doneAt version } }', { id: review.decisions[0].id }, user('MINISTRY:MOF', ['editor']));
    expect(done.version).toBe(2);
  });

  it("shows the opinions a ministry still owes, with working days left, and a ministry's action programmes", async () => {
    const { id, code } = ok(await flow.propose(editor, { lead: PROVINCE })).proposeCommitment;
    ok(await flow.requestOpinions(id, editor, [{ type: 'MINISTRY', id: 'MOFA' }], '2026-11-20'));
    const pending = ok(await run('{ ministry(id: "MOFA") { consultationsPending(asOf: "2026-11-23") { daysLeft consultation { dueOn commitment { code } } } } }', {}, null)).ministry.consultationsPending;
    // Friday 20 Nov + 7 working days = Tuesday 1 Dec; from Monday 23 Nov that is 6 working days away.
    expect(pending).toContainEqual({ daysLeft: 6, consultation: { dueOn: '2026-12-01', commitment: { code } } });
    const moitLead = user('MINISTRY:MOIT', ['editor']);
    const moitApprover = user('MINISTRY:MOIT', ['approver']);
    const { id: moitId } = ok(await flow.propose(moitLead, { lead: { type: 'MINISTRY', id: 'MOIT' }, kind: 'POLITICAL_COMMITMENT', partnerIds: ['JP'] })).proposeCommitment;
    await flow.passFeasibility(moitId, moitLead, moitApprover, '2026-09-18T10:00:00+07:00');
    ok(await flow.sign(moitId, moitApprover, '2026-10-09T10:00:00+07:00'));
    await mutate('mutation ($id: ID!) { createActionProgram(commitmentId: $id, input: { kind: ANNUAL, year: 2027, title: "Kế hoạch 2027" }) { id } }', { id: moitId }, moitLead);
    const programs = ok(await run('{ ministry(id: "MOIT") { actionPrograms(year: 2027) { title commitment { id } } } }', {}, null)).ministry.actionPrograms;
    expect(programs).toEqual([{ title: 'Kế hoạch 2027', commitment: { id: moitId } }]);
    expect(ok(await run('{ ministry(id: "MOIT") { actionPrograms(year: 2026) { title } } }', {}, null)).ministry.actionPrograms).toEqual([]);
  });

  it('judges the annual plan deadline (V7): 15 November of the year before, moved past a weekend', async () => {
    const id = await signedCommitment(flow, editor, approver, { lead: PROVINCE });
    // 15 November 2026 is a Sunday: the 2027 plan is due on Monday 16 November.
    const onTime = await createProgram(id);
    const late = await createProgram(id, { kind: 'ANNUAL', year: 2027, title: 'Kế hoạch bổ sung năm 2027' });
    const submit = (p: { id: string; version: number }, at: string) =>
      mutate('mutation ($id: ID!, $v: Int!, $at: DateTime!) { recordActionProgramSubmission(id: $id, version: $v, submittedAt: $at) { submissionDueOn submittedOnTime } }', { id: p.id, v: p.version, at });
    expect(await submit(onTime, '2026-11-16T16:30:00+07:00')).toEqual({ submissionDueOn: '2026-11-16', submittedOnTime: true });
    expect(await submit(late, '2026-11-17T08:00:00+07:00')).toEqual({ submissionDueOn: '2026-11-16', submittedOnTime: false });
    const longTerm = await createProgram(id, { kind: 'LONG_TERM', title: 'Chương trình 2026-2030' });
    expect(ok(await run('query ($id: ID) { commitment(id: $id) { actionPrograms { id submissionDueOn submittedOnTime } } }', { id }, null)).commitment.actionPrograms).toContainEqual({ id: longTerm.id, submissionDueOn: null, submittedOnTime: null });
  });
});

describe('editing results, indicators and their periods', () => {
  const foreignEditor = user('LOCALITY:01', ['editor']);
  const UPDATE_RESULT = 'mutation ($id: ID!, $v: Int!, $input: ResultUpdateInput!) { updateResult(id: $id, version: $v, input: $input) { type title description version } }';
  const UPDATE_INDICATOR = 'mutation ($id: ID!, $v: Int!, $input: IndicatorUpdateInput!) { updateIndicator(id: $id, version: $v, input: $input) { title measure direction baselineValue baselineYear version } }';
  const SET_PERIOD = 'mutation ($id: ID!, $input: IndicatorPeriodInput!) { setIndicatorPeriod(indicatorId: $id, input: $input) { id version } }';
  const REMOVE_PERIOD = 'mutation ($id: ID!, $v: Int!) { removeIndicatorPeriod(id: $id, version: $v) { id version periods { periodStart target actual } } }';
  const RESULTS = 'query ($id: ID) { commitment(id: $id) { results { type title description version indicators { title direction baselineValue version periods { periodStart actual } } } } }';

  it('edits a result and an indicator and removes a period, under the version read, by the owner only, with audit lines', async () => {
    const id = await signedCommitment(flow, editor, approver, { lead: PROVINCE });
    const result = await mutate('mutation ($id: ID!) { addResult(commitmentId: $id, input: { type: OUTPUT, title: "Trung tâm logistics" }) { id version } }', { id });
    const indicator = await mutate(
      'mutation ($id: ID!) { addIndicator(resultId: $id, input: { title: "Thời gian thông quan", measure: UNIT, direction: ASCENDING, baselineValue: "48", baselineYear: 2025 }) { id version } }',
      { id: result.id },
    );
    const before = ok(await run(RESULTS, { id }, null)).commitment.results;

    // Another province is refused and nothing changes.
    expect(errorOf(await run(UPDATE_RESULT, { id: result.id, v: 1, input: { title: 'Khác' } }, foreignEditor)).code).toBe('FORBIDDEN');
    expect(errorOf(await run(UPDATE_INDICATOR, { id: indicator.id, v: 1, input: { direction: 'DESCENDING' } }, foreignEditor)).code).toBe('FORBIDDEN');
    expect(ok(await run(RESULTS, { id }, null)).commitment.results).toEqual(before);

    expect(await mutate(UPDATE_RESULT, { id: result.id, v: 1, input: { type: 'OUTCOME', title: 'Trung tâm logistics cửa khẩu', description: 'Giai đoạn 1' } })).toEqual({
      type: 'OUTCOME', title: 'Trung tâm logistics cửa khẩu', description: 'Giai đoạn 1', version: 2,
    });
    expect(errorOf(await run(UPDATE_RESULT, { id: result.id, v: 1, input: { title: 'Cũ' } }, editor)).code).toBe('CONFLICT');
    expect(errorOf(await run(UPDATE_RESULT, { id: result.id, v: 2, input: { title: ' ' } }, editor))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/title/) });

    // No actual yet: the direction may still change (hours of clearance: the lower the better).
    const changed = await mutate(UPDATE_INDICATOR, { id: indicator.id, v: 1, input: { title: 'Thời gian thông quan (giờ)', direction: 'DESCENDING', baselineValue: '36', baselineYear: 2024 } });
    expect(changed).toMatchObject({ title: 'Thời gian thông quan (giờ)', measure: 'UNIT', direction: 'DESCENDING', baselineYear: 2024, version: 2 });
    expect(Number(changed.baselineValue)).toBe(36);
    expect(errorOf(await run(UPDATE_INDICATOR, { id: indicator.id, v: 1, input: { title: 'Cũ' } }, editor)).code).toBe('CONFLICT');

    // Once a period has an actual, flipping the direction would invert the attainment already reported (K14).
    await mutate(SET_PERIOD, { id: indicator.id, input: { periodStart: '2027-01-01', periodEnd: '2027-12-31', target: '24' } });
    const reported = await mutate(SET_PERIOD, { id: indicator.id, input: { periodStart: '2026-01-01', periodEnd: '2026-12-31', target: '30', actual: '28' } });
    const flip = errorOf(await run(UPDATE_INDICATOR, { id: indicator.id, v: 2, input: { direction: 'ASCENDING' } }, editor));
    expect(flip).toMatchObject({ code: 'FAILED_PRECONDITION', rules: [{ rule: 'FIXED_DIRECTION', message: expect.stringMatching(/1 period.*invert the attainment already reported \(K14\)/) }] });
    expect((await mutate(UPDATE_INDICATOR, { id: indicator.id, v: 2, input: { direction: 'DESCENDING', measure: 'ORDINAL' } })).version).toBe(3);

    // Removing a period: the owner only, under its version; gone afterwards.
    expect(errorOf(await run(REMOVE_PERIOD, { id: reported.id, v: 1 }, foreignEditor)).code).toBe('FORBIDDEN');
    expect(errorOf(await run(REMOVE_PERIOD, { id: reported.id, v: 2 }, editor)).code).toBe('CONFLICT');
    const remaining = await mutate(REMOVE_PERIOD, { id: reported.id, v: 1 });
    expect(remaining).toMatchObject({ id: indicator.id, version: 3 });
    expect(remaining.periods.map((p: any) => [p.periodStart, p.actual])).toEqual([['2027-01-01', null]]);
    expect(errorOf(await run(REMOVE_PERIOD, { id: reported.id, v: 1 }, editor)).code).toBe('NOT_FOUND');
    // With no actual left, the direction is free again.
    expect((await mutate(UPDATE_INDICATOR, { id: indicator.id, v: 3, input: { direction: 'ASCENDING' } })).direction).toBe('ASCENDING');

    const history = ok(await run('query ($id: ID) { commitment(id: $id) { history(first: 100) { edges { node { entityType entityId action actor changes } } } } }', { id }, editor)).commitment.history.edges.map((e: any) => e.node);
    const line = (entityType: string, action: string, entityId: string) => history.filter((h: any) => h.entityType === entityType && h.action === action && h.entityId === entityId).map((h: any) => ({ actor: h.actor, changes: JSON.parse(h.changes) }));
    expect(line('Result', 'UPDATE', result.id)).toEqual([
      { actor: editor.subject, changes: { type: { before: 'OUTPUT', after: 'OUTCOME' }, title: { before: 'Trung tâm logistics', after: 'Trung tâm logistics cửa khẩu' }, description: { before: null, after: 'Giai đoạn 1' } } },
    ]);
    expect(line('Indicator', 'UPDATE', indicator.id).map((l: any) => l.changes.direction)).toEqual([{ before: 'ASCENDING', after: 'DESCENDING' }, undefined, { before: 'DESCENDING', after: 'ASCENDING' }]);
    const removed = line('IndicatorPeriod', 'DELETE', reported.id);
    expect(removed).toHaveLength(1);
    expect(removed[0].changes).toMatchObject({ periodStart: { before: '2026-01-01', after: null }, actual: { before: expect.stringMatching(/^28/), after: null } });
  });
});

describe('reviews: the paged list and the reviews of a ministry or province', () => {
  const REVIEW = 'mutation ($input: ReviewInput!) { recordReview(input: $input) { id heldAt } }';
  const review = (input: Record<string, unknown>) => ({ scope: 'Rà soát thực hiện', chair: 'Chủ tịch', entries: [], decisions: [], ...input });
  const LIST = 'query ($first: Int, $after: String, $kind: ReviewKind, $from: Date, $to: Date) { reviews(first: $first, after: $after, kind: $kind, periodFrom: $from, periodTo: $to) { edges { cursor node { id kind heldAt } } pageInfo { hasNextPage endCursor } } }';

  async function everyPage(variables: Record<string, unknown>, first = 2): Promise<any[]> {
    const nodes: any[] = [];
    let after: string | null = null;
    for (;;) {
      const { reviews }: { reviews: any } = ok(await run(LIST, { ...variables, first, after }, otherProvince));
      nodes.push(...reviews.edges.map((e: any) => e.node));
      if (!reviews.pageInfo.hasNextPage) return nodes;
      after = reviews.pageInfo.endCursor;
    }
  }

  it('pages newest held first, filters by kind and period, and lists the reviews touching an agency in one statement per field', async () => {
    const id = await signedCommitment(flow, editor, approver, { lead: PROVINCE });
    const entry = { commitmentId: id, completionLevel: 'LIMITED', deliveryConfidence: 'AMBER', confidenceJustification: 'Chậm giải ngân' };
    const q3 = await mutate(REVIEW, { input: review({ kind: 'QUARTERLY', periodStart: '2026-07-01', periodEnd: '2026-09-30', heldAt: '2026-10-05T09:00:00+07:00', entries: [entry], decisions: [{ decision: 'Bố trí vốn', assignee: { type: 'MINISTRY', id: 'MOF' }, dueOn: '2026-12-31' }] }) });
    const q4 = await mutate(REVIEW, { input: review({ kind: 'QUARTERLY', periodStart: '2026-10-01', periodEnd: '2026-12-31', heldAt: '2026-11-21T09:00:00+07:00', entries: [entry] }) });
    // Central oversight's annual review with no entry of Lạng Sơn, only a decision given to it.
    const annual = await mutate(REVIEW, { input: review({ kind: 'ANNUAL', periodStart: '2026-01-01', periodEnd: '2026-12-31', heldAt: '2026-11-22T09:00:00+07:00', decisions: [{ decision: 'Báo cáo cửa khẩu', assignee: PROVINCE, dueOn: '2027-01-15' }] }) }, mofa);
    const mine = new Set([q3.id, q4.id, annual.id]);

    expect(errorOf(await run(LIST, {}, null)).code).toBe('UNAUTHENTICATED');
    const all = await everyPage({});
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    const held = all.map((r) => Date.parse(r.heldAt));
    expect(held).toEqual([...held].sort((a, b) => b - a));
    expect(all.filter((r) => mine.has(r.id)).map((r) => r.id)).toEqual([annual.id, q4.id, q3.id]);
    expect((await everyPage({ kind: 'QUARTERLY' })).filter((r) => mine.has(r.id)).map((r) => r.id)).toEqual([q4.id, q3.id]);
    expect((await everyPage({ from: '2026-10-01', to: '2026-10-31' }, 1)).filter((r) => mine.has(r.id)).map((r) => r.id)).toEqual([annual.id, q4.id]);
    expect(errorOf(await run(LIST, { from: '2026-12-01', to: '2026-10-31' }, otherProvince))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/periodFrom/) });

    // Lạng Sơn: its entries and the decision given to it; the Ministry of Finance: the decision given to it.
    const ofLocality = ok(await run('{ locality(id: "20") { reviews(first: 100) { id } q: reviews(kind: QUARTERLY, first: 1) { id } } }', {}, otherProvince)).locality;
    expect(ofLocality.reviews.map((r: any) => r.id).filter((r: string) => mine.has(r))).toEqual([annual.id, q4.id, q3.id]);
    expect(ofLocality.q).toEqual([{ id: q4.id }]);
    const ofMof = ok(await run('{ ministry(id: "MOF") { reviews(first: 100) { id } } }', {}, otherProvince)).ministry.reviews.map((r: any) => r.id);
    expect(ofMof).toContain(q3.id);
    expect(ofMof).not.toContain(q4.id);
    expect(errorOf(await run('{ ministry(id: "MOF") { reviews { id } } }', {}, null)).code).toBe('UNAUTHENTICATED');

    // One statement per field, whatever the number of ministries and localities.
    const MANY = 'query ($n: Int) { ministries(first: $n) { edges { node { id reviews(first: 5) { id kind } } } } localities(first: $n, level: PROVINCE) { edges { node { id reviews(first: 5) { id } } } } }';
    const statements = async (n: number) => {
      graph.resetCounters();
      const data = ok(await run(MANY, { n }, otherProvince));
      return { counts: graph.statementCounts(), parents: data.ministries.edges.length + data.localities.edges.length, data };
    };
    const few = await statements(2);
    const many = await statements(40);
    expect(many.parents).toBeGreaterThan(few.parents * 5);
    expect(many.counts.commitments).toBe(2);
    expect(few.counts.commitments).toBe(2);
    expect(many.data.ministries.edges.find((e: any) => e.node.id === 'MOF').node.reviews.map((r: any) => r.id)).toContain(q3.id);
  });
});

describe('feedback list: totalCount and a deterministic order within a second', () => {
  it('pages 7 items received in the same second exactly once each, in the order Locality.feedback uses, and counts what the caller may read', async () => {
    const hanoi = user('LOCALITY:01', ['editor']);
    // Start at the top of a second so that all seven land in it (received_at keeps whole seconds on MariaDB).
    await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000)));
    const submitted = await Promise.all(
      Array.from({ length: 7 }, (_, n) =>
        mutate('mutation ($input: FeedbackInput!) { submitFeedback(input: $input) { id receivedAt } }', { input: { submitterKind: 'CITIZEN', subject: `Góp ý ${n}`, body: 'Đề nghị niêm yết thủ tục.', localityId: '01' } }, hanoi),
      ),
    );
    const ids = submitted.map((s) => s.id).sort();
    expect(new Set(submitted.map((s) => s.receivedAt.slice(0, 19))).size).toBe(1);

    const PAGE = 'query ($after: String, $status: FeedbackStatus) { feedback(first: 3, after: $after, status: $status) { totalCount edges { node { id receivedAt } } pageInfo { hasNextPage endCursor } } }';
    const nodes: { id: string; receivedAt: string }[] = [];
    let after: string | null = null;
    for (let pages = 1; ; pages++) {
      const { feedback }: { feedback: any } = ok(await run(PAGE, { after }, hanoi));
      expect(feedback.totalCount).toBe(7);
      expect(feedback.edges.length).toBe(pages < 3 ? 3 : 1);
      nodes.push(...feedback.edges.map((e: any) => e.node));
      if (!feedback.pageInfo.hasNextPage) break;
      after = feedback.pageInfo.endCursor;
    }
    expect(new Set(nodes.map((n) => n.receivedAt.slice(0, 19))).size).toBe(1); // as stored: one second
    const seen = nodes.map((n) => n.id);
    expect([...seen].sort()).toEqual(ids);
    // Newest first, and by id (largest first) among equal instants; Locality.feedback's window uses the same order.
    const newestFirst = [...nodes].sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt) || (a.id < b.id ? 1 : -1));
    expect(seen).toEqual(newestFirst.map((n) => n.id));
    const window = ok(await run('{ locality(id: "01") { feedback(first: 7) { id } } }', {}, hanoi)).locality.feedback.map((f: any) => f.id);
    expect(window).toEqual(seen);

    // The count follows the list's filter: the status, and what the caller may read.
    ok(await run('mutation ($id: ID!) { acknowledgeFeedback(id: $id, version: 1) { id } }', { id: seen[0] }, hanoi));
    expect(ok(await run(PAGE, { status: 'ACKNOWLEDGED' }, hanoi)).feedback.totalCount).toBe(1);
    const ALL = 'query ($after: String) { feedback(first: 100, after: $after) { totalCount edges { node { id } } pageInfo { hasNextPage endCursor } } }';
    for (const reader of [mofa, editor, user('MINISTRY:MOIT', ['editor'])]) {
      const { feedback } = ok(await run(ALL, {}, reader));
      expect(feedback.pageInfo.hasNextPage).toBe(false);
      expect(feedback.totalCount).toBe(feedback.edges.length);
      expect(feedback.edges.some((e: any) => ids.includes(e.node.id))).toBe(reader === mofa);
    }
  });
});
