/**
 * Rules of the workflow that had no test (issue #11), each through the gateway with the subgraphs in-process: a stale
 * version on every versioned mutation, the approver-only steps, V1 prior consent, V4 late copy, a Prime Minister
 * refusal, every illegal status transition, a refused review, and the edits of programmes and reports.
 */
import { withTransaction } from '@accords/db';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { CommitmentEntity } from '../subgraphs/commitments/src/db/entities';
import { WriteScope, saveCommitment } from '../subgraphs/commitments/src/services/write';
import { commitments, localities, ministries, partners } from './modules';
import { LEGAL_STATUSES, PLAIN_TARGETS, TRANSITIONS } from '../subgraphs/commitments/src/domain/legal-status';
import { Workflow, driveToSigned, errorOf, ok, signedCommitment, user } from './workflow';

let graph: TestSupergraph;
let flow: Workflow;
beforeAll(async () => {
  // The four agency subgraphs the workflow needs (not every module of the tree).
  graph = await openTestSupergraph([ministries, localities, partners, commitments] as never, { seed: 'reference' });
  flow = new Workflow(graph);
});
afterAll(() => graph?.dispose());

const PROVINCE = { type: 'LOCALITY', id: '20' }; // Lạng Sơn
const editor = user('LOCALITY:20', ['editor']);
const approver = user('LOCALITY:20', ['approver']);
const governmentOffice = user('MINISTRY:GO', ['editor']);
type Who = ReturnType<typeof user>;

const run = (query: string, variables: Record<string, unknown>, as: Who | null) => graph.query<any>(query, variables, as);
const first = async (query: string, variables: Record<string, unknown>, as: Who) => Object.values(ok(await run(query, variables, as)))[0] as any;

/** Rows of a table of the commitments subgraph, by SQL (what a refused write must not have added to). */
async function rows(table: string, where = '1 = 1', params: unknown[] = []): Promise<number> {
  const [row] = await graph.subgraphs.commitments.database.dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, params);
  return Number(row.n);
}

const UPDATE_COMMITMENT = 'mutation ($id: ID!, $v: Int!, $input: UpdateCommitmentInput!) { updateCommitment(id: $id, version: $v, input: $input) { version } }';
/** Someone else's change: the commitment's version moves on from the one the caller read. */
const concurrentEdit = async (id: string, v: number, summary: string) => first(UPDATE_COMMITMENT, { id, v, input: { summary } }, editor);

async function expectConflict(result: Awaited<ReturnType<typeof run>>, sent: number) {
  const e = errorOf(result);
  expect(e.code).toBe('CONFLICT');
  expect(e.message).toContain(`you sent version ${sent}`);
}

describe('a stale version gets CONFLICT on every versioned mutation, and writes nothing', () => {
  const COMMITMENT_MUTATIONS: [string, Who, (id: string, v: number) => [string, Record<string, unknown>]][] = [
    ['updateCommitment', editor, (id, v) => [UPDATE_COMMITMENT, { id, v, input: { summary: 'late' } }]],
    ['submitFeasibilityAssessment', editor, (id, v) => ['mutation ($id: ID!, $v: Int!) { submitFeasibilityAssessment(commitmentId: $id, version: $v, input: { budgetStatus: SECURED, counterpartReadiness: READY, verdict: FEASIBLE }) { id } }', { id, v }]],
    ['requestOpinions', editor, (id, v) => ['mutation ($id: ID!, $v: Int!) { requestOpinions(commitmentId: $id, version: $v, consultees: [{ type: MINISTRY, id: "MOFA" }], sentOn: "2026-11-02") { id } }', { id, v }]],
    ['escalateToPrimeMinister', editor, (id, v) => ['mutation ($id: ID!, $v: Int!) { escalateToPrimeMinister(commitmentId: $id, version: $v, sentOn: "2026-11-02") { id } }', { id, v }]],
    ['recordPrimeMinisterDecision', governmentOffice, (id, v) => ['mutation ($id: ID!, $v: Int!) { recordPrimeMinisterDecision(commitmentId: $id, version: $v, decision: CONSENT, at: "2026-11-03T09:00:00+07:00", document: "VB 1/TTg") { id } }', { id, v }]],
    ['approveForSigning', approver, (id, v) => ['mutation ($id: ID!, $v: Int!) { approveForSigning(commitmentId: $id, version: $v, input: { decidedById: "OFFICIAL-1", plannedSigningOn: "2026-11-20", at: "2026-11-03T09:00:00+07:00" }) { id } }', { id, v }]],
    ['signCommitment', approver, (id, v) => ['mutation ($id: ID!, $v: Int!) { signCommitment(commitmentId: $id, version: $v, input: { signedAt: "2026-11-03T09:00:00+07:00", signingPlace: "Lạng Sơn", signedById: "OFFICIAL-1" }) { id } }', { id, v }]],
    ['recordPostSigningCopy', editor, (id, v) => ['mutation ($id: ID!, $v: Int!) { recordPostSigningCopy(commitmentId: $id, version: $v, sentAt: "2026-11-03T09:00:00+07:00") { id } }', { id, v }]],
    ['transitionCommitment', approver, (id, v) => ['mutation ($id: ID!, $v: Int!) { transitionCommitment(commitmentId: $id, version: $v, to: WITHDRAWN, at: "2026-11-03T09:00:00+07:00") { id } }', { id, v }]],
  ];

  it.each(COMMITMENT_MUTATIONS)('%s', async (_name, as, mutation) => {
    const { id } = ok(await flow.propose(editor, { lead: PROVINCE })).proposeCommitment;
    const read = await flow.version(id);
    const after = (await concurrentEdit(id, read, 'changed by a colleague')).version;
    const [query, variables] = mutation(id, read);
    const events = await rows('legal_event', 'commitment_id = ?', [id]);
    await expectConflict(await run(query, variables, as), read);
    expect(await flow.version(id)).toBe(after);
    expect(await rows('legal_event', 'commitment_id = ?', [id])).toBe(events);
    expect(await rows('feasibility_assessment', 'commitment_id = ?', [id])).toBe(0);
    expect(await rows('consultation', 'commitment_id = ?', [id])).toBe(0);
  });

  it('decideFeasibilityAssessment and recordOpinion (the assessment and consultation versions)', async () => {
    const { id } = ok(await flow.propose(editor, { lead: PROVINCE })).proposeCommitment;
    const assessment = ok(await flow.submitAssessment(id, editor)).submitFeasibilityAssessment;
    const decided = ok(await flow.decideAssessment(assessment.id, assessment.version, approver, true, '2026-09-18T10:00:00+07:00')).decideFeasibilityAssessment;
    expect(decided.version).toBe(assessment.version + 1);
    await expectConflict(await flow.decideAssessment(assessment.id, assessment.version, approver, false), assessment.version);

    ok(await flow.requestOpinions(id, editor, [{ type: 'MINISTRY', id: 'MOFA' }], '2026-09-22'));
    const consultation = await flow.consultation(id, 'MOFA');
    const mofa = user('MINISTRY:MOFA', ['editor']);
    ok(await flow.recordOpinion(id, 'MOFA', mofa, 'AGREE', '2026-09-25T09:00:00+07:00'));
    const again = await run('mutation ($cid: ID!, $v: Int!) { recordOpinion(consultationId: $cid, version: $v, input: { opinion: DISAGREE, repliedAt: "2026-09-26T09:00:00+07:00", comments: "Chưa phù hợp" }) { id } }', { cid: consultation.id, v: consultation.version }, mofa);
    await expectConflict(again, consultation.version);
    expect((await flow.consultation(id, 'MOFA')).opinion).toBe('AGREE');
  });

  it('milestones, programmes and reports', async () => {
    const id = await signedCommitment(flow, editor, approver, { lead: PROVINCE });
    const program = await first('mutation ($id: ID!) { createActionProgram(commitmentId: $id, input: { kind: ANNUAL, year: 2027, title: "Kế hoạch năm 2027" }) { id version } }', { id }, editor);
    const UPDATE_PROGRAM = 'mutation ($id: ID!, $v: Int!, $t: String!) { updateActionProgram(id: $id, version: $v, input: { title: $t }) { title version } }';
    const moved = await first(UPDATE_PROGRAM, { id: program.id, v: program.version, t: 'Kế hoạch năm 2027 (sửa)' }, editor);
    expect(moved).toEqual({ title: 'Kế hoạch năm 2027 (sửa)', version: program.version + 1 });
    for (const [query, as] of [
      ['mutation ($id: ID!, $v: Int!) { updateActionProgram(id: $id, version: $v, input: { title: "stale" }) { id } }', editor],
      ['mutation ($id: ID!, $v: Int!) { approveActionProgram(id: $id, version: $v) { id } }', approver],
      ['mutation ($id: ID!, $v: Int!) { recordActionProgramSubmission(id: $id, version: $v, submittedAt: "2026-11-02T09:00:00+07:00") { id } }', editor],
    ] as const) {
      await expectConflict(await run(query, { id: program.id, v: program.version }, as), program.version);
    }

    const milestone = await first('mutation ($id: ID!) { addMilestone(programId: $id, input: { task: "Khảo sát", dueOn: "2027-03-31" }) { id version } }', { id: program.id }, editor);
    const UPDATE_MILESTONE = 'mutation ($id: ID!, $v: Int!) { updateMilestone(id: $id, version: $v, input: { deliverable: "Báo cáo" }) { version } }';
    expect((await first(UPDATE_MILESTONE, { id: milestone.id, v: milestone.version }, editor)).version).toBe(milestone.version + 1);
    for (const query of [
      UPDATE_MILESTONE,
      'mutation ($id: ID!, $v: Int!) { completeMilestone(id: $id, version: $v, completedAt: "2026-11-02T09:00:00+07:00") { id } }',
      'mutation ($id: ID!, $v: Int!) { cancelMilestone(id: $id, version: $v, reason: "stale") { id } }',
    ]) {
      await expectConflict(await run(query, { id: milestone.id, v: milestone.version }, editor), milestone.version);
    }

    const report = await first(
      'mutation ($id: ID!) { submitProgressReport(commitmentId: $id, input: { periodStart: "2026-10-01", periodEnd: "2026-10-31", achievements: "Khởi động", completionLevel: LIMITED, deliveryConfidence: AMBER, confidenceJustification: "Mới bắt đầu" }) { id version } }',
      { id },
      editor,
    );
    const UPDATE_REPORT = 'mutation ($id: ID!, $v: Int!, $a: String!) { updateProgressReport(id: $id, version: $v, input: { achievements: $a }) { achievements version } }';
    expect(await first(UPDATE_REPORT, { id: report.id, v: report.version, a: 'Đã khảo sát' }, editor)).toEqual({ achievements: 'Đã khảo sát', version: report.version + 1 });
    await expectConflict(await run(UPDATE_REPORT, { id: report.id, v: report.version, a: 'stale' }, editor), report.version);
    expect(ok(await run('query ($id: ID) { commitment(id: $id) { progressReports { achievements version } } }', { id }, editor)).commitment.progressReports).toEqual([{ achievements: 'Đã khảo sát', version: report.version + 1 }]);
  });
});

describe('approver-only steps', () => {
  it('refuses an editor of the owner approveForSigning and signCommitment, writing nothing', async () => {
    const { id } = ok(await flow.propose(editor, { lead: PROVINCE })).proposeCommitment;
    const before = await flow.version(id);
    expect(errorOf(await flow.approve(id, editor, '2026-10-07T09:00:00+07:00', '2026-10-09')).code).toBe('FORBIDDEN');
    expect(errorOf(await flow.sign(id, editor, '2026-10-09T10:00:00+07:00')).code).toBe('FORBIDDEN');
    expect(await flow.version(id)).toBe(before);
    expect(await rows('legal_event', 'commitment_id = ? AND to_status IN (?, ?)', [id, 'APPROVED_TO_SIGN', 'SIGNED'])).toBe(0);
  });
});

describe('V1: a border commune signs with the prior consent of its provincial chair (recordParentConsent)', () => {
  const COMMUNE = { type: 'LOCALITY', id: '06037' }; // Xã Đồng Đăng, Lạng Sơn: a land border commune
  const communeEditor = user('LOCALITY:06037', ['editor']);
  const communeApprover = user('LOCALITY:06037', ['approver']);
  const CONSENT = 'mutation ($id: ID!, $v: Int!, $at: DateTime!) { recordParentConsent(commitmentId: $id, version: $v, at: $at, document: "CV 77/UBND-NV") { parentConsentAt version } }';

  it('refuses approval without the consent, takes it only from an approver of the province, and then V1 holds', async () => {
    const { id } = ok(await flow.propose(communeEditor, { lead: COMMUNE, fields: ['PEOPLE_TO_PEOPLE'] })).proposeCommitment;
    await flow.passFeasibility(id, communeEditor, communeApprover, '2026-09-18T10:00:00+07:00');
    ok(await flow.requestOpinions(id, communeEditor, [{ type: 'MINISTRY', id: 'MOFA' }], '2026-09-22'));
    ok(await flow.recordOpinion(id, 'MOFA', user('MINISTRY:MOFA', ['editor']), 'AGREE', '2026-09-25T09:00:00+07:00'));

    const refused = errorOf(await flow.approve(id, communeApprover, '2026-10-01T09:00:00+07:00', '2026-10-09'));
    expect(refused.code).toBe('FAILED_PRECONDITION');
    const v1 = refused.rules!.filter((r) => r.rule === 'V1');
    expect(v1).toHaveLength(1);
    expect(v1[0].message).toMatch(/prior written consent of the provincial chair \(LOCALITY:20\)/);
    const readiness = async (at: string) =>
      ok(await run('query ($id: ID, $at: DateTime) { commitment(id: $id) { signingReadiness(at: $at) { unmet { rule } } } }', { id, at }, communeEditor)).commitment.signingReadiness.unmet.map((u: any) => u.rule);
    const others = refused.rules!.filter((r) => r.rule !== 'V1').map((r) => r.rule);

    // The commune itself, and the province's editor, may not give the province's consent.
    for (const who of [communeApprover, editor]) {
      expect(errorOf(await run(CONSENT, { id, v: await flow.version(id), at: '2026-10-02T09:00:00+07:00' }, who)).code).toBe('FORBIDDEN');
    }
    const consent = await first(CONSENT, { id, v: await flow.version(id), at: '2026-10-02T09:00:00+07:00' }, approver);
    expect(consent.parentConsentAt).toBe('2026-10-02T09:00:00.000+07:00');

    // The consent counts from its date on: before it V1 is unmet, after it only the other rules remain.
    expect(await readiness('2026-10-01T09:00:00+07:00')).toEqual(['V1', ...others]);
    expect(await readiness('2026-10-05T09:00:00+07:00')).toEqual(others);
    const later = errorOf(await flow.approve(id, communeApprover, '2026-10-05T09:00:00+07:00', '2026-10-09'));
    expect(later.rules!.map((r) => r.rule)).toEqual(others);
  });

  it('refuses a consent for a signatory that needs none (a province)', async () => {
    const { id } = ok(await flow.propose(editor, { lead: PROVINCE })).proposeCommitment;
    const e = errorOf(await run(CONSENT, { id, v: await flow.version(id), at: '2026-10-02T09:00:00+07:00' }, approver));
    expect(e.code).toBe('FAILED_PRECONDITION');
    expect(e.message).toMatch(/needs no prior consent/);
  });
});

describe('V4: the copy to MOFA within 15 days of signing', () => {
  it('shows a copy sent after the deadline as late', async () => {
    const id = await signedCommitment(flow, editor, approver, { lead: PROVINCE }); // signed Friday 9 Oct 2026
    // 15 days end Saturday 24 Oct, so the deadline rolls to Monday 26 Oct; Tuesday 27 Oct is late.
    const copy = await first(
      'mutation ($id: ID!, $v: Int!) { recordPostSigningCopy(commitmentId: $id, version: $v, sentAt: "2026-10-27T09:00:00+07:00") { postSigningCopy { dueOn sentAt onTime } } }',
      { id, v: await flow.version(id) },
      editor,
    );
    expect(copy.postSigningCopy).toEqual({ dueOn: '2026-10-26', sentAt: '2026-10-27T09:00:00.000+07:00', onTime: false });
  });
});

describe('a Prime Minister refusal', () => {
  it('withdraws the commitment, records the decision and leaves no way to approve it', async () => {
    const { id } = ok(await flow.propose(editor, { lead: PROVINCE })).proposeCommitment;
    await flow.passFeasibility(id, editor, approver, '2026-09-18T10:00:00+07:00');
    ok(await flow.requestOpinions(id, editor, [{ type: 'MINISTRY', id: 'MOIT' }], '2026-09-22'));
    ok(await flow.recordOpinion(id, 'MOIT', user('MINISTRY:MOIT', ['editor']), 'DISAGREE', '2026-09-25T09:00:00+07:00'));
    ok(await run('mutation ($id: ID!, $v: Int!) { escalateToPrimeMinister(commitmentId: $id, version: $v, sentOn: "2026-09-30") { legalStatus } }', { id, v: await flow.version(id) }, editor));
    // Only the Government Office records the Prime Minister's decision.
    const DECIDE = 'mutation ($id: ID!, $v: Int!) { recordPrimeMinisterDecision(commitmentId: $id, version: $v, decision: REFUSE, at: "2026-10-06T16:00:00+07:00", document: "VB 900/TTg-QHQT") { legalStatus primeMinisterDecision { decision } legalEvents { from to note } } }';
    expect(errorOf(await run(DECIDE, { id, v: await flow.version(id) }, approver)).code).toBe('FORBIDDEN');
    const refused = await first(DECIDE, { id, v: await flow.version(id) }, governmentOffice);
    expect(refused.legalStatus).toBe('WITHDRAWN');
    expect(refused.primeMinisterDecision.decision).toBe('REFUSE');
    expect(refused.legalEvents.at(-1)).toEqual({ from: 'ESCALATED_TO_PM', to: 'WITHDRAWN', note: 'The Prime Minister refused consent' });
    const late = errorOf(await flow.approve(id, approver, '2026-10-07T09:00:00+07:00', '2026-10-09'));
    expect(late.code).toBe('FAILED_PRECONDITION');
    expect(late.message).toMatch(/WITHDRAWN/);
  });
});

describe('every illegal status transition is refused (the transition table, iterated)', () => {
  /** Commitments in each status reachable through the API, built once. */
  const inStatus: Partial<Record<string, string>> = {};

  beforeAll(async () => {
    const propose = async () => ok(await flow.propose(editor, { lead: PROVINCE })).proposeCommitment.id as string;
    const transition = async (id: string, to: string, at = '2026-11-10T09:00:00+07:00') =>
      ok(await run(`mutation ($id: ID!, $v: Int!) { transitionCommitment(commitmentId: $id, version: $v, to: ${to}, at: "${at}") { legalStatus } }`, { id, v: await flow.version(id) }, approver));
    inStatus.DRAFT = await propose();
    const review = await propose();
    ok(await flow.submitAssessment(review, editor));
    inStatus.FEASIBILITY_REVIEW = review;
    const withdrawn = await propose();
    await transition(withdrawn, 'WITHDRAWN');
    inStatus.WITHDRAWN = withdrawn;
    const signed = await propose();
    await driveToSigned(flow, signed, editor, approver);
    inStatus.SIGNED = signed;
    for (const status of ['IN_FORCE', 'SUSPENDED', 'TERMINATED', 'EXPIRED', 'AMENDED', 'EXTENDED', 'INHERITED']) {
      const id = await propose();
      await driveToSigned(flow, id, editor, approver);
      if (status === 'SUSPENDED') await transition(id, 'IN_FORCE');
      await transition(id, status);
      inStatus[status] = id;
    }
  });

  it('refuses with FAILED_PRECONDITION (LIFECYCLE) every plain target the table does not allow, from every reachable status', async () => {
    const refusals: string[] = [];
    let tried = 0;
    for (const from of LEGAL_STATUSES) {
      const id = inStatus[from];
      if (!id) continue;
      for (const to of PLAIN_TARGETS.filter((t) => !TRANSITIONS[from].includes(t))) {
        tried++;
        const before = await flow.version(id);
        const result = await run(`mutation ($id: ID!, $v: Int!) { transitionCommitment(commitmentId: $id, version: $v, to: ${to}, at: "2026-11-20T09:00:00+07:00") { legalStatus } }`, { id, v: before }, approver);
        const e = errorOf(result);
        if (e.code !== 'FAILED_PRECONDITION' || e.rules?.[0]?.rule !== 'LIFECYCLE' || !e.message.includes(`cannot go from ${from} to ${to}`)) refusals.push(`${from} -> ${to}: ${e.code} ${e.message}`);
        expect(await flow.version(id)).toBe(before);
      }
    }
    expect(refusals).toEqual([]);
    // Eleven statuses reachable here; the table forbids at least one plain target from each.
    expect(Object.keys(inStatus).sort()).toEqual(['AMENDED', 'DRAFT', 'EXPIRED', 'EXTENDED', 'FEASIBILITY_REVIEW', 'INHERITED', 'IN_FORCE', 'SIGNED', 'SUSPENDED', 'TERMINATED', 'WITHDRAWN']);
    expect(tried).toBeGreaterThan(40);
  });

  it('refuses gated targets through transitionCommitment with BAD_USER_INPUT naming their own mutation', async () => {
    const id = inStatus.DRAFT!;
    for (const [to, mutation] of [['SIGNED', 'signCommitment'], ['APPROVED_TO_SIGN', 'approveForSigning'], ['CONSULTING', 'the consultation steps']]) {
      const e = errorOf(await run(`mutation ($id: ID!, $v: Int!) { transitionCommitment(commitmentId: $id, version: $v, to: ${to}, at: "2026-11-20T09:00:00+07:00") { legalStatus } }`, { id, v: await flow.version(id) }, approver));
      expect(e.code).toBe('BAD_USER_INPUT');
      expect(e.message).toContain(mutation);
    }
  });
});

describe('a refused recordReview leaves no row', () => {
  it('writes no review, entry, decision or audit line when one entry names a commitment the agency does not own', async () => {
    const own = await signedCommitment(flow, editor, approver, { lead: PROVINCE });
    const foreign = ok(await flow.propose(user('LOCALITY:01', ['editor']), { lead: { type: 'LOCALITY', id: '01' } })).proposeCommitment.id;
    const counts = async () => Promise.all(['review', 'review_entry', 'review_decision', 'audit_entry'].map((t) => rows(t)));
    const before = await counts();
    const entry = (commitmentId: string) => ({ commitmentId, completionLevel: 'LIMITED', deliveryConfidence: 'AMBER', confidenceJustification: 'Chậm giải ngân' });
    const result = await run('mutation ($input: ReviewInput!) { recordReview(input: $input) { id } }', {
      input: {
        kind: 'ANNUAL', periodStart: '2026-01-01', periodEnd: '2026-12-31', scope: 'Rà soát năm 2026', chair: 'Chủ tịch UBND tỉnh', heldAt: '2026-11-20T14:00:00+07:00',
        entries: [entry(own), entry(foreign)],
        decisions: [{ decision: 'Đẩy nhanh', assignee: { type: 'LOCALITY', id: '20' }, dueOn: '2027-01-31' }],
      },
    }, editor);
    expect(errorOf(result).code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });
});

describe('the one write helper: an UPDATE that matched no row is a CONFLICT (issue #11)', () => {
  it('refuses a save under a version that moved on after it was read, leaving the row as the other writer left it', async () => {
    const { id } = ok(await flow.propose(editor, { lead: PROVINCE })).proposeCommitment;
    const db = graph.subgraphs.commitments.database.dataSource;
    const read = await db.manager.findOneByOrFail(CommitmentEntity, { id });
    // The other writer commits between this writer's read and its UPDATE (what the row lock normally prevents).
    const after = (await concurrentEdit(id, read.version, 'the other writer')).version;
    const write = withTransaction(db, async (manager) => {
      const scope = new WriteScope(manager, editor, 'test-request', new Date('2026-11-30T03:00:00Z'));
      await saveCommitment(scope, read, { summary: 'a lost update' });
      await scope.flush();
    });
    await expect(write).rejects.toMatchObject({ extensions: { code: 'CONFLICT' } });
    const row = await db.manager.findOneByOrFail(CommitmentEntity, { id });
    expect({ summary: row.summary, version: row.version }).toEqual({ summary: 'the other writer', version: after });
  });
});
