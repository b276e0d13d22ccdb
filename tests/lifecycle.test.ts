import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { allModules } from './modules';
import { Workflow, errorOf, ok, user } from './workflow';

let graph: TestSupergraph;
let flow: Workflow;
beforeAll(async () => {
  graph = await openTestSupergraph(allModules, { seed: 'reference' });
  flow = new Workflow(graph);
});
afterAll(() => graph?.dispose());

const PROVINCE = { type: 'LOCALITY', id: '20' }; // Lạng Sơn
const provinceEditor = user('LOCALITY:20', ['editor']);
const provinceApprover = user('LOCALITY:20', ['approver']);
const mofa = user('MINISTRY:MOFA', ['editor']);
const moit = user('MINISTRY:MOIT', ['editor']);
const governmentOffice = user('MINISTRY:GO', ['editor']);

describe('a province takes an agreement from proposal to signing (through the gateway)', () => {
  it('proposes, passes feasibility, consults MOFA and MOIT, gets PM consent after a disagreement, signs and sends the copy on day 14', async () => {
    const proposed = ok(await flow.propose(provinceEditor, { lead: PROVINCE, partnerIds: ['CN'] })).proposeCommitment;
    expect(proposed.legalStatus).toBe('DRAFT');
    const id = proposed.id;

    await flow.passFeasibility(id, provinceEditor, provinceApprover, '2026-09-18T10:00:00+07:00');
    // Tuesday 22 Sep 2026: seven working days later is Thursday 1 Oct (two weekends skipped).
    const consulting = ok(await flow.requestOpinions(id, provinceEditor, [{ type: 'MINISTRY', id: 'MOFA' }, { type: 'MINISTRY', id: 'MOIT' }], '2026-09-22')).requestOpinions;
    expect(consulting.legalStatus).toBe('CONSULTING');
    expect(consulting.consultations.map((c: any) => [c.consultee.id, c.dueOn])).toEqual(expect.arrayContaining([['MOFA', '2026-10-01'], ['MOIT', '2026-10-01']]));

    const agreed = ok(await flow.recordOpinion(id, 'MOFA', mofa, 'AGREE', '2026-09-25T09:00:00+07:00')).recordOpinion;
    expect(agreed.commitment.legalStatus).toBe('CONSULTING');
    const disagreed = ok(await flow.recordOpinion(id, 'MOIT', moit, 'DISAGREE', '2026-09-29T15:00:00+07:00', 'Chưa phù hợp quy hoạch cửa khẩu')).recordOpinion;
    expect(disagreed.commitment.legalStatus).toBe('AWAITING_DECISION');

    // With a disagreement on file, approval needs the Prime Minister's consent first.
    const early = errorOf(await flow.approve(id, provinceApprover, '2026-09-30T09:00:00+07:00', '2026-10-09'));
    expect(early.code).toBe('FAILED_PRECONDITION');
    expect(early.rules!.map((r) => r.rule)).toEqual(['V2']);
    expect(early.message).toMatch(/MINISTRY:MOIT disagreed.*Prime Minister/);

    ok(await flow.run('mutation ($id: ID!, $v: Int!) { escalateToPrimeMinister(commitmentId: $id, version: $v, sentOn: "2026-09-30", document: "Tờ trình 45/TTr-UBND") { legalStatus } }', { id, v: await flow.version(id) }, provinceEditor));
    const consent = ok(
      await flow.run(
        'mutation ($id: ID!, $v: Int!) { recordPrimeMinisterDecision(commitmentId: $id, version: $v, decision: CONSENT, at: "2026-10-06T16:00:00+07:00", document: "Văn bản 812/TTg-QHQT") { legalStatus primeMinisterDecision { escalatedOn dueOn decision } } }',
        { id, v: await flow.version(id) },
        governmentOffice,
      ),
    ).recordPrimeMinisterDecision;
    expect(consent.legalStatus).toBe('AWAITING_DECISION');
    expect(consent.primeMinisterDecision).toEqual({ escalatedOn: '2026-09-30', dueOn: '2026-10-09', decision: 'CONSENT' });

    expect(ok(await flow.approve(id, provinceApprover, '2026-10-07T09:00:00+07:00', '2026-10-09')).approveForSigning.legalStatus).toBe('APPROVED_TO_SIGN');
    const signed = ok(await flow.sign(id, provinceApprover, '2026-10-09T10:00:00+07:00')).signCommitment;
    expect(signed).toMatchObject({ legalStatus: 'SIGNED', signedOn: '2026-10-09', ruleSetVersion: '2021.1' });
    expect(signed.signingCapability).toEqual({ agency: 'LOCALITY:20', name: 'Tỉnh Lạng Sơn', maySign: true, ruleSetVersion: '2025.1', signatoryLevel: 'PROVINCIAL_PEOPLES_COMMITTEE' });

    // Day 14 after signing. The 15-day period ends Saturday 24 Oct, so the deadline rolls to Monday 26 Oct.
    const copy = ok(
      await flow.run(
        'mutation ($id: ID!, $v: Int!) { recordPostSigningCopy(commitmentId: $id, version: $v, sentAt: "2026-10-23T10:00:00+07:00", reportToPrimeMinisterAt: "2026-10-23T10:00:00+07:00", document: "CV 99/UBND-NV") { postSigningCopy { dueOn onTime } } }',
        { id, v: await flow.version(id) },
        provinceEditor,
      ),
    ).recordPostSigningCopy;
    expect(copy.postSigningCopy).toEqual({ dueOn: '2026-10-26', onTime: true });

    const { commitment } = ok(
      await graph.query<any>(
        'query ($id: ID) { commitment(id: $id) { legalEvents { from to actor document } history(first: 100) { edges { node { entityType action actor actorAgency changes } } } } }',
        { id },
        provinceEditor,
      ),
    );
    expect(commitment.legalEvents.map((e: any) => e.to)).toEqual(['DRAFT', 'FEASIBILITY_REVIEW', 'CONSULTING', 'AWAITING_DECISION', 'ESCALATED_TO_PM', 'AWAITING_DECISION', 'APPROVED_TO_SIGN', 'SIGNED']);
    expect(commitment.legalEvents.find((e: any) => e.to === 'AWAITING_DECISION').actor).toBe(moit.subject);
    const history = commitment.history.edges.map((e: any) => e.node);
    const steps = history.map((h: any) => `${h.entityType}:${h.action}`);
    expect(steps).toEqual(
      expect.arrayContaining(['Commitment:CREATE', 'FeasibilityAssessment:CREATE', 'FeasibilityAssessment:UPDATE', 'Consultation:CREATE', 'Consultation:UPDATE', 'Commitment:TRANSITION', 'PostSigningCopy:CREATE']),
    );
    const pmStep = history.find((h: any) => h.entityType === 'Commitment' && JSON.parse(h.changes).pmDecision);
    expect(pmStep).toMatchObject({ actor: governmentOffice.subject, actorAgency: 'MINISTRY:GO' });
    expect(JSON.parse(pmStep.changes).pmDecision).toEqual({ before: null, after: 'CONSENT' });
    const signing = history.find((h: any) => JSON.parse(h.changes).legalStatus?.after === 'SIGNED');
    expect(JSON.parse(signing.changes).legalStatus).toEqual({ before: 'APPROVED_TO_SIGN', after: 'SIGNED' });
  });

  it('reads the audit trails of a page of commitments in the same statements for 2 commitments as for 12', async () => {
    const trails = (n: number) => `{ commitments(first: ${n}) { edges { node { history(first: 3) { edges { node { action } } pageInfo { hasNextPage } } } } } }`;
    const count = async (n: number) => {
      graph.resetCounters();
      const page = ok(await graph.query<any>(trails(n), {}, provinceEditor)).commitments.edges;
      expect(page).toHaveLength(n);
      expect(page.some((e: any) => e.node.history.edges.length === 3 && e.node.history.pageInfo.hasNextPage)).toBe(true);
      return graph.statementCounts().commitments;
    };
    for (let i = 0; i < 12; i++) ok(await flow.propose(provinceEditor, { lead: PROVINCE }));
    expect(await count(12)).toBe(await count(2));
  });

  it('does not offer the audit trail to anonymous callers, and offers no mutation to alter it', async () => {
    const proposed = ok(await flow.propose(provinceEditor, { lead: PROVINCE })).proposeCommitment;
    const anonymous = await graph.query<any>('query ($id: ID) { commitment(id: $id) { history { edges { node { id } } } } }', { id: proposed.id }, null);
    expect(errorOf(anonymous).code).toBe('UNAUTHENTICATED');
    const mutations = ok(await graph.query<any>('{ __schema { mutationType { fields { name } } } }')).__schema.mutationType.fields.map((f: any) => f.name);
    expect(mutations.filter((m: string) => /audit|history/i.test(m))).toEqual([]);
  });
});

describe('refusals name every unmet rule and the rule-set version', () => {
  it('refuses to sign without an approved feasibility assessment (V8)', async () => {
    const { id } = ok(await flow.propose(provinceEditor, { lead: PROVINCE, kind: 'POLITICAL_COMMITMENT' })).proposeCommitment;
    const refused = errorOf(await flow.sign(id, provinceApprover, '2026-10-09T10:00:00+07:00'));
    expect(refused.code).toBe('FAILED_PRECONDITION');
    expect(refused.rules!.map((r) => r.rule)).toEqual(['V8']);
    expect(refused.ruleSetVersion).toBe('2021.1');
    expect(refused.message).toMatch(/Feasibility gate: no feasibility assessment was submitted/);

    // A submitted but unapproved assessment does not open the gate either; an approved one dated after the signing neither.
    const submitted = ok(await flow.submitAssessment(id, provinceEditor)).submitFeasibilityAssessment;
    expect(errorOf(await flow.sign(id, provinceApprover, '2026-10-09T10:00:00+07:00')).message).toMatch(/not yet approved/);
    ok(await flow.decideAssessment(submitted.id, submitted.version, provinceApprover, true, '2026-10-10T08:00:00+07:00'));
    expect(errorOf(await flow.sign(id, provinceApprover, '2026-10-09T10:00:00+07:00')).rules!.map((r) => r.rule)).toEqual(['V8']);
    expect(ok(await flow.sign(id, provinceApprover, '2026-10-11T10:00:00+07:00')).signCommitment.legalStatus).toBe('SIGNED');
    expect((await flow.version(id)) > 1).toBe(true);
  });

  it('refuses a non-border commune signing under the current rule set (V1), naming the signing rule set', async () => {
    const commune = { type: 'LOCALITY', id: '09619' }; // Xã Sóc Sơn, Hà Nội: not a border commune
    const communeEditor = user('LOCALITY:09619', ['editor']);
    const communeApprover = user('LOCALITY:09619', ['approver']);
    const { id } = ok(await flow.propose(communeEditor, { lead: commune, fields: ['PEOPLE_TO_PEOPLE'] })).proposeCommitment;
    await flow.passFeasibility(id, communeEditor, communeApprover, '2026-09-18T10:00:00+07:00');
    ok(await flow.requestOpinions(id, communeEditor, [{ type: 'MINISTRY', id: 'MOFA' }], '2026-09-22'));
    ok(await flow.recordOpinion(id, 'MOFA', mofa, 'AGREE', '2026-09-25T09:00:00+07:00'));
    const refused = errorOf(await flow.approve(id, communeApprover, '2026-10-01T09:00:00+07:00', '2026-10-09'));
    expect(refused.code).toBe('FAILED_PRECONDITION');
    expect(refused.rules!.map((r) => r.rule)).toEqual(['V1']);
    expect(refused.message).toMatch(/Only commune People's Committees in border areas/);
    expect(refused.ruleSetVersion).toBe('2021.1 (signing rule set 2025.1)');
  });

  it('refuses signing before every opinion is in (V2), listing the missing consultee', async () => {
    const { id } = ok(await flow.propose(provinceEditor, { lead: PROVINCE })).proposeCommitment;
    await flow.passFeasibility(id, provinceEditor, provinceApprover, '2026-09-18T10:00:00+07:00');
    ok(await flow.requestOpinions(id, provinceEditor, [{ type: 'MINISTRY', id: 'MOFA' }, { type: 'MINISTRY', id: 'MOIT' }], '2026-09-22'));
    ok(await flow.recordOpinion(id, 'MOFA', mofa, 'AGREE', '2026-09-25T09:00:00+07:00'));
    const refused = errorOf(await flow.sign(id, provinceApprover, '2026-10-09T10:00:00+07:00'));
    expect(refused.code).toBe('FAILED_PRECONDITION');
    expect(refused.rules!.map((r) => r.rule)).toEqual(['LIFECYCLE', 'V2']);
    expect(refused.rules![1].message).toMatch(/Opinions not yet given .* by: MINISTRY:MOIT/);
    expect(ok(await flow.get(id)).commitment.legalStatus).toBe('CONSULTING');
  });

  it('requires MOFA and a related ministry, and defence and public security for a security agreement', async () => {
    const { id } = ok(await flow.propose(provinceEditor, { lead: PROVINCE, fields: ['SECURITY_DEFENCE'] })).proposeCommitment;
    await flow.passFeasibility(id, provinceEditor, provinceApprover, '2026-09-18T10:00:00+07:00');
    ok(await flow.requestOpinions(id, provinceEditor, [{ type: 'MINISTRY', id: 'MOFA' }], '2026-09-22'));
    ok(await flow.recordOpinion(id, 'MOFA', mofa, 'AGREE', '2026-09-25T09:00:00+07:00'));
    const refused = errorOf(await flow.approve(id, provinceApprover, '2026-10-01T09:00:00+07:00', '2026-10-09'));
    expect(refused.rules).toEqual([{ rule: 'V2', message: 'No opinion was requested from: RELATED_MINISTRIES, MOND, MPS' }]);
  });

  it('refuses a treaty through the agreement workflow (V5)', async () => {
    const { id } = ok(await flow.propose(user('MINISTRY:MOIT', ['editor']), { lead: { type: 'MINISTRY', id: 'MOIT' }, kind: 'TREATY' })).proposeCommitment;
    const refused = errorOf(await flow.submitAssessment(id, user('MINISTRY:MOIT', ['editor'])));
    expect(refused.code).toBe('FAILED_PRECONDITION');
    expect(refused.rules!.map((r) => r.rule)).toEqual(['V5']);
    expect(refused.message).toMatch(/Law on Treaties 2016/);
    const obligations = errorOf(await flow.propose(provinceEditor, { lead: PROVINCE, extra: { createsStateObligations: true } }));
    expect(obligations.rules!.map((r) => r.rule)).toEqual(['V5']);
  });

  it('refuses an ODA loan as out of scope (V6), writing nothing', async () => {
    const before = ok(await graph.query<any>('{ commitments(first: 1) { totalCount } }')).commitments.totalCount;
    const refused = errorOf(await flow.propose(provinceEditor, { lead: PROVINCE, kind: 'ODA_LOAN' }));
    expect(refused.code).toBe('FAILED_PRECONDITION');
    expect(refused.rules).toEqual([{ rule: 'V6', message: expect.stringMatching(/^oda loan is out of scope: .*public debt/) }]);
    expect(ok(await graph.query<any>('{ commitments(first: 1) { totalCount } }')).commitments.totalCount).toBe(before);
  });

  it('gives BAD_USER_INPUT for unknown partners and agencies, and CONFLICT for a code already taken', async () => {
    expect(errorOf(await flow.propose(provinceEditor, { lead: PROVINCE, partnerIds: ['ZZ'] }))).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringMatching(/partnerIds: no Partner with id "ZZ"/) });
    const ghost = user('LOCALITY:99', ['editor']);
    expect(errorOf(await flow.propose(ghost, { lead: { type: 'LOCALITY', id: '99' } }))).toMatchObject({ code: 'BAD_USER_INPUT' });
    const first = ok(await flow.propose(provinceEditor, { lead: PROVINCE })).proposeCommitment;
    const again = await flow.propose(provinceEditor, { lead: PROVINCE, extra: { code: first.code } });
    expect(errorOf(again).code).toBe('CONFLICT');
  });
});

describe('due dates in working days over the holiday calendar (V3)', () => {
  it('skips weekends and the Tết 2026 holidays', async () => {
    const { id } = ok(await flow.propose(provinceEditor, { lead: PROVINCE })).proposeCommitment;
    // Tuesday 10 Feb 2026: 11, 12, 13 Feb, then Tết (14-22 Feb: weekend and five days off), then 23-26 Feb.
    const consulting = ok(await flow.requestOpinions(id, provinceEditor, [{ type: 'MINISTRY', id: 'MOFA' }], '2026-02-10')).requestOpinions;
    expect(consulting.consultations[0].dueOn).toBe('2026-02-26');
    const holidays = ok(await graph.query<any>('{ publicHolidays(year: 2026) { date nameEn } }')).publicHolidays.map((h: any) => h.date);
    expect(holidays).toEqual(expect.arrayContaining(['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20']));
  });

  it('counts a Saturday worked in exchange for a day off as a working day', async () => {
    const { id } = ok(await flow.propose(provinceEditor, { lead: PROVINCE })).proposeCommitment;
    // Friday 2 May 2025 was off in exchange for Saturday 26 April: from Wednesday 23 April, seven working days are
    // 24, 25, 26 (Saturday, worked), 28, 29 April, then 30 April to 2 May are off, then 5 and 6 May. Without the
    // make-up Saturday it would be 7 May.
    const consulting = ok(await flow.requestOpinions(id, provinceEditor, [{ type: 'MINISTRY', id: 'MOFA' }], '2025-04-23')).requestOpinions;
    expect(consulting.consultations[0].dueOn).toBe('2025-05-06');
  });
});

describe('the full record of a commitment', () => {
  it('links a commitment to the visit it was signed at, its parties with roles, a parent commitment and documents by reference', async () => {
    const activity = ok(
      await graph.query<any>(
        'mutation ($input: HighLevelActivityInput!) { createHighLevelActivity(input: $input) { id title leaders partners { id name } } }',
        { input: { kind: 'VISIT', title: 'Chuyến thăm cấp Nhà nước tới Trung Quốc', startsOn: '2026-08-18', endsOn: '2026-08-20', place: 'Bắc Kinh', leaders: ['Tô Lâm — Tổng Bí thư, Chủ tịch nước'], partnerIds: ['CN'] } },
        mofa,
      ),
    ).createHighLevelActivity;
    expect(activity.partners[0].id).toBe('CN');
    const parent = ok(await flow.propose(provinceEditor, { lead: PROVINCE })).proposeCommitment;
    const child = ok(
      await flow.propose(provinceEditor, {
        lead: PROVINCE,
        extra: {
          activityId: activity.id,
          leadResponsibleOfficialId: 'LS-CT-01',
          parties: [{ agency: { type: 'PROVINCIAL_DEPARTMENT', id: '20-SNV' }, role: 'COORDINATING', roleDescription: 'Đầu mối theo dõi', responsibleOfficialId: 'LS-SNV-01' }],
          relations: [{ commitmentId: parent.id, kind: 'PARENT' }],
          documents: [{ kind: 'DOSSIER', title: 'Hồ sơ đề xuất', url: 'https://docs.langson.gov.vn/hs/123' }],
          plannedStart: '2026-11-01',
          plannedEnd: '2028-12-31',
        },
      }),
    ).proposeCommitment;
    const { commitment } = ok(
      await graph.query<any>(
        `query ($id: ID) { commitment(id: $id) {
          activity { title commitments { id } } activityRole
          parties { role responsibleOfficialId roleDescription agency { __typename ... on Locality { name } ... on ProvincialDepartment { name } } }
          relations { kind commitment { id } } documents { kind url } plannedEnd
          signingReadiness(at: "2026-11-02T09:00:00+07:00") { ready ruleSetVersion signingRuleSetVersion unmet { rule } }
        } }`,
        { id: child.id },
      ),
    );
    expect(commitment.activity).toEqual({ title: 'Chuyến thăm cấp Nhà nước tới Trung Quốc', commitments: [{ id: child.id }] });
    expect(commitment.activityRole).toBe('SIGNED_AT');
    expect(commitment.parties).toEqual([
      { role: 'COORDINATING', responsibleOfficialId: 'LS-SNV-01', roleDescription: 'Đầu mối theo dõi', agency: { __typename: 'ProvincialDepartment', name: expect.stringMatching(/Sở Ngoại vụ/) } },
      { role: 'LEAD', responsibleOfficialId: 'LS-CT-01', roleDescription: null, agency: { __typename: 'Locality', name: 'Tỉnh Lạng Sơn' } },
    ]);
    expect(commitment.relations).toEqual([{ kind: 'PARENT', commitment: { id: parent.id } }]);
    expect(commitment.documents).toEqual([{ kind: 'DOSSIER', url: 'https://docs.langson.gov.vn/hs/123' }]);
    // Nothing done yet: consultations and the feasibility gate are what block signing.
    expect(commitment.signingReadiness).toMatchObject({ ready: false, ruleSetVersion: '2021.1', signingRuleSetVersion: '2025.1' });
    expect(commitment.signingReadiness.unmet.map((u: any) => u.rule)).toEqual(['V2', 'V8']);
  });

  it('refuses malformed input with BAD_USER_INPUT naming the field, before anything is written', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ code: 'MOIT-2026-001' }, /code "MOIT-2026-001" must start with the owning agency's id: 20-/],
      [{ plannedStart: '2027-01-01', plannedEnd: '2026-01-01' }, /plannedStart \(2027-01-01\) is after plannedEnd/],
      [{ documents: [{ kind: 'OTHER', title: 'x', url: 'file:///etc/passwd' }] }, /documents.url must be an http\(s\) link/],
      [{ title: 'x'.repeat(501) }, /title is 501 characters long; at most 500/],
      [{ languages: ['vietnamese'] }, /languages: "vietnamese" is not an ISO 639-1 code/],
    ];
    for (const [extra, message] of cases) {
      const refused = await flow.propose(provinceEditor, { lead: PROVINCE, extra });
      expect(refused.errors?.[0]).toMatchObject({ message: expect.stringMatching(message), extensions: { code: 'BAD_USER_INPUT' } });
    }
  });
});

describe('after signing', () => {
  it('keeps what was signed: partners and title change only through an amendment; implementation fields stay editable', async () => {
    const { id } = ok(await flow.propose(provinceEditor, { lead: PROVINCE, kind: 'POLITICAL_COMMITMENT' })).proposeCommitment;
    await flow.passFeasibility(id, provinceEditor, provinceApprover, '2026-09-18T10:00:00+07:00');
    ok(await flow.sign(id, provinceApprover, '2026-10-09T10:00:00+07:00'));
    const UPDATE = 'mutation ($id: ID!, $v: Int!, $input: UpdateCommitmentInput!) { updateCommitment(id: $id, version: $v, input: $input) { version implementationStatus actualStart partners { id } } }';
    const refused = errorOf(await graph.query<any>(UPDATE, { id, v: await flow.version(id), input: { partnerIds: ['LA'], title: 'Khác' } }, provinceEditor));
    expect(refused).toMatchObject({ code: 'FAILED_PRECONDITION', message: expect.stringMatching(/is SIGNED: title, partnerIds are what was signed/) });
    const started = ok(await graph.query<any>(UPDATE, { id, v: await flow.version(id), input: { implementationStatus: 'IMPLEMENTATION', actualStart: '2026-11-02' } }, provinceEditor)).updateCommitment;
    expect(started).toMatchObject({ implementationStatus: 'IMPLEMENTATION', actualStart: '2026-11-02', partners: [{ id: 'CN' }] });
    ok(await graph.query<any>('mutation ($id: ID!, $v: Int!) { transitionCommitment(commitmentId: $id, version: $v, to: AMENDED, at: "2026-11-10T09:00:00+07:00", document: "Phụ lục sửa đổi số 1") { legalStatus } }', { id, v: await flow.version(id) }, provinceApprover));
    const amended = ok(await graph.query<any>(UPDATE, { id, v: await flow.version(id), input: { partnerIds: ['CN', 'LA'] } }, provinceEditor)).updateCommitment;
    expect(amended.partners.map((p: any) => p.id).sort()).toEqual(['CN', 'LA']);
  });
});

describe('asking peers', () => {
  it("asks each owning subgraph once per request for a page of commitments' signing readiness, not once per commitment", async () => {
    const communeEditor = user('LOCALITY:06037', ['editor']);
    for (let i = 0; i < 3; i++) ok(await flow.propose(provinceEditor, { lead: PROVINCE }));
    ok(await flow.propose(communeEditor, { lead: { type: 'LOCALITY', id: '06037' } }));
    const runtime = graph.subgraphs.commitments;
    const peers = runtime.peers;
    const asked: string[] = [];
    runtime.peers = { query: (service, query, variables, caller) => (asked.push(service), peers.query(service, query, variables, caller)) };
    try {
      const page = ok(await graph.query<any>('{ commitments(first: 100) { edges { node { legalStatus instrumentClass leadAgency { __typename ... on Locality { id } } signingReadiness(at: "2026-11-02T09:00:00+07:00") { signingRuleSetVersion } } } } }'));
      const asking = page.commitments.edges.map((e: any) => e.node).filter((n: any) => n.instrumentClass === 'INTERNATIONAL_AGREEMENT' && ['DRAFT', 'FEASIBILITY_REVIEW', 'CONSULTING', 'AWAITING_DECISION'].includes(n.legalStatus));
      const localities = new Set(asking.filter((n: any) => n.leadAgency.__typename === 'Locality').map((n: any) => n.leadAgency.id));
      expect(localities.size).toBeGreaterThanOrEqual(2);
      expect(asking.length).toBeGreaterThan(5);
      expect(asking.every((n: any) => n.signingReadiness.signingRuleSetVersion)).toBe(true);
      // Many commitments and several agencies, one question to each subgraph that owns one of them.
      expect(asked.filter((s) => s === 'localities')).toEqual(['localities']);
      expect(new Set(asked).size).toBe(asked.length);
    } finally {
      runtime.peers = peers;
    }
  });
});
