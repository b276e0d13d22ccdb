/**
 * The demo story `npm start` plays through the gateway on a fresh demo database, with development tokens: a province
 * takes a border-trade agreement from proposal to signing and delivery, a border commune signs with the provincial
 * chair's consent, and a ministry still owes an opinion. Everything goes through the public API (ownership checks,
 * legal rules, audit trail), so the demo shows what users will see. It runs once: a second start finds it done.
 */
import type { Role } from '@accords/auth';
import { devToken } from './dev-keys';

type Vars = Record<string, unknown>;

export async function runDemoStory(gatewayUrl: string, log: (message: string) => void): Promise<void> {
  const tokens = new Map<string, string>();
  const as = async (agency: string | null, roles: Role[]) => {
    const key = `${agency}|${roles.join(',')}`;
    if (!tokens.has(key)) tokens.set(key, await devToken({ agency, roles, subject: `demo-${(agency ?? 'public').toLowerCase().replace(':', '-')}`, name: `Demo ${agency ?? 'public'}`, hours: 1 }));
    return tokens.get(key)!;
  };
  const gql = async <T = any>(query: string, variables: Vars, agency: string | null, roles: Role[] = []): Promise<T> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (agency || roles.length) headers.authorization = `Bearer ${await as(agency, roles)}`;
    const response = await fetch(gatewayUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(`Demo story step failed: ${body.errors.map((e) => e.message).join('; ')}`);
    return body.data as T;
  };

  const done = await gql<{ commitments: { totalCount: number } }>('{ commitments(search: "20-2026-901", first: 1) { totalCount } }', {}, null);
  if (done.commitments.totalCount > 0) return;

  const LS = 'LOCALITY:20';
  const version = async (id: string) => (await gql<{ commitment: { version: number } }>('query ($id: ID) { commitment(id: $id) { version } }', { id }, null)).commitment.version;
  const CHAIR = 'a1f0c6de-0001-4c1e-9a00-000000000004'; // Chair of Lạng Sơn People's Committee (demo official)
  const DEPUTY_SCT = 'a1f0c6de-0001-4c1e-9a00-000000000005';

  // A state visit at which the agreement is signed.
  const { createHighLevelActivity: visit } = await gql(
    'mutation ($input: HighLevelActivityInput!) { createHighLevelActivity(input: $input) { id } }',
    { input: { kind: 'VISIT', title: 'Chuyến thăm hữu nghị tỉnh Quảng Tây của đoàn đại biểu tỉnh Lạng Sơn', titleEn: 'Lạng Sơn delegation visit to Guangxi', startsOn: '2026-10-08', endsOn: '2026-10-10', place: 'Nam Ninh', leaders: ['Chủ tịch UBND tỉnh Lạng Sơn'], partnerIds: ['CN-GX'] } },
    LS,
    ['editor'],
  );

  // 1. Proposal, feasibility, consultation, approval, signing, copy to MOFA.
  const { proposeCommitment: smart } = await gql(
    'mutation ($input: ProposeCommitmentInput!) { proposeCommitment(input: $input) { id } }',
    {
      input: {
        code: '20-2026-901',
        title: 'Thỏa thuận hợp tác xây dựng cửa khẩu thông minh Hữu Nghị – Hữu Nghị Quan',
        titleEn: 'Agreement on building the Huu Nghi – Youyiguan smart border gate',
        summary: 'Số hóa thủ tục thông quan, luồng xe hàng chuyên dụng, chia sẻ dữ liệu thông quan giữa hai bên.',
        cooperationContent: 'Xây dựng luồng xe hàng thông minh; kết nối hệ thống quản lý cửa khẩu; đào tạo cán bộ.',
        kind: 'INTERNATIONAL_AGREEMENT',
        documentType: 'AGREEMENT',
        leadAgency: { type: 'LOCALITY', id: '20' },
        leadResponsibleOfficialId: CHAIR,
        parties: [{ agency: { type: 'PROVINCIAL_DEPARTMENT', id: '20-SCT' }, role: 'IMPLEMENTING', responsibleOfficialId: DEPUTY_SCT, roleDescription: 'Chủ trì triển khai luồng xe hàng thông minh' }],
        partnerIds: ['CN-GX'],
        fields: ['ECONOMY_TRADE_INVESTMENT', 'DIGITAL_TRANSFORMATION'],
        languages: ['vi', 'zh'],
        plannedStart: '2026-11-01',
        plannedEnd: '2028-12-31',
        activityId: visit.id,
        documents: [{ kind: 'DOSSIER', title: 'Hồ sơ đề xuất ký kết', url: 'https://example.gov.vn/langson/hs-901.pdf' }],
      },
    },
    LS,
    ['editor'],
  );
  const id = smart.id as string;
  const { submitFeasibilityAssessment: fa } = await gql(
    'mutation ($id: ID!, $v: Int!, $input: FeasibilityAssessmentInput!) { submitFeasibilityAssessment(commitmentId: $id, version: $v, input: $input) { id version } }',
    { id, v: await version(id), input: { budgetAmount: '45000000000.00', budgetCurrency: 'VND', budgetSource: 'LOCAL_BUDGET', budgetStatus: 'SECURED', staffCount: 12, staffing: 'Sở Công Thương 6, Ban Quản lý Khu kinh tế 6', counterpartReadiness: 'READY', risks: 'Tiến độ phía bạn phụ thuộc phê duyệt của trung ương', verdict: 'FEASIBLE' } },
    LS,
    ['editor'],
  );
  await gql('mutation ($id: ID!, $v: Int!) { decideFeasibilityAssessment(id: $id, version: $v, approve: true, decidedAt: "2026-09-18T10:00:00+07:00") { id } }', { id: fa.id, v: fa.version }, LS, ['approver']);
  const { requestOpinions } = await gql<any>(
    'mutation ($id: ID!, $v: Int!) { requestOpinions(commitmentId: $id, version: $v, consultees: [{ type: MINISTRY, id: "MOFA" }, { type: MINISTRY, id: "MOIT" }], sentOn: "2026-09-22") { consultations { id version consultee { ... on Ministry { id } } } } }',
    { id, v: await version(id) },
    LS,
    ['editor'],
  );
  for (const c of requestOpinions.consultations) {
    await gql('mutation ($id: ID!, $v: Int!, $at: DateTime!) { recordOpinion(consultationId: $id, version: $v, input: { opinion: AGREE, repliedAt: $at, document: "Công văn trả lời" }) { id } }', { id: c.id, v: c.version, at: '2026-09-28T09:00:00+07:00' }, `MINISTRY:${c.consultee.id}`, ['editor']);
  }
  await gql('mutation ($id: ID!, $v: Int!, $chair: ID!) { approveForSigning(commitmentId: $id, version: $v, input: { decidedById: $chair, plannedSigningOn: "2026-10-09", at: "2026-10-05T09:00:00+07:00" }) { id } }', { id, v: await version(id), chair: CHAIR }, LS, ['approver']);
  await gql('mutation ($id: ID!, $v: Int!, $chair: ID!) { signCommitment(commitmentId: $id, version: $v, input: { signedAt: "2026-10-09T10:00:00+07:00", signingPlace: "Nam Ninh", signedById: $chair }) { id } }', { id, v: await version(id), chair: CHAIR }, LS, ['approver']);
  await gql('mutation ($id: ID!, $v: Int!) { recordPostSigningCopy(commitmentId: $id, version: $v, sentAt: "2026-10-20T10:00:00+07:00", reportToPrimeMinisterAt: "2026-10-20T10:00:00+07:00", document: "CV 1234/UBND-KT") { id } }', { id, v: await version(id) }, LS, ['editor']);

  // 2. The action plan (six clear): an approved programme, milestones with owners, due dates and deliverables, a result indicator with a target.
  const { createActionProgram: program } = await gql('mutation ($id: ID!) { createActionProgram(commitmentId: $id, input: { kind: ANNUAL, year: 2027, title: "Kế hoạch triển khai năm 2027" }) { id version } }', { id }, LS, ['editor']);
  const milestone = (task: string, dueOn: string, deliverable: string, weight: string, official = DEPUTY_SCT) =>
    gql<any>('mutation ($p: ID!, $input: MilestoneInput!) { addMilestone(programId: $p, input: $input) { id version } }', { p: program.id, input: { task, dueOn, deliverable, weight, responsibleOfficialId: official, meansOfVerification: 'Biên bản nghiệm thu' } }, LS, ['editor']);
  const survey = (await milestone('Khảo sát hiện trạng luồng hàng', '2026-11-10', 'Báo cáo khảo sát', '1')).addMilestone;
  await milestone('Ký biên bản kỹ thuật kết nối dữ liệu', '2026-11-20', 'Biên bản kỹ thuật', '2');
  await milestone('Vận hành thử luồng xe hàng thông minh', '2027-06-30', 'Luồng xe vận hành thử', '5');
  await gql('mutation ($id: ID!, $v: Int!) { completeMilestone(id: $id, version: $v, completedAt: "2026-11-09T16:00:00+07:00") { id } }', { id: survey.id, v: survey.version }, LS, ['editor']);
  await gql('mutation ($id: ID!, $v: Int!) { approveActionProgram(id: $id, version: $v, approvedAt: "2026-10-25T09:00:00+07:00", document: "QĐ 2101/QĐ-UBND") { id } }', { id: program.id, v: program.version }, LS, ['approver']);
  const { addResult: result } = await gql('mutation ($id: ID!) { addResult(commitmentId: $id, input: { type: OUTCOME, title: "Rút ngắn thời gian thông quan" }) { id } }', { id }, LS, ['editor']);
  const { addIndicator: indicator } = await gql('mutation ($r: ID!) { addIndicator(resultId: $r, input: { title: "Thời gian thông quan trung bình (giờ)", measure: UNIT, direction: DESCENDING, baselineValue: "6", baselineYear: 2025 }) { id } }', { r: result.id }, LS, ['editor']);
  await gql('mutation ($i: ID!) { setIndicatorPeriod(indicatorId: $i, input: { periodStart: "2027-01-01", periodEnd: "2027-12-31", target: "2" }) { id } }', { i: indicator.id }, LS, ['editor']);

  // 3. An obstacle, and feedback from a business about it (the public needs no account).
  await gql('mutation ($id: ID!) { reportObstacle(commitmentId: $id, input: { category: TECHNICAL, description: "Hệ thống hải quan hai bên chưa thống nhất chuẩn dữ liệu", severity: HIGH, detectedAt: "2026-11-15T09:00:00+07:00", detectedBy: "Sở Công Thương", beyondAuthority: true }) { id } }', { id }, LS, ['editor']);
  await gql('mutation ($input: FeedbackInput!) { submitFeedback(input: $input) { id } }', { input: { submitterKind: 'BUSINESS', submitterName: 'Công ty TNHH Vận tải Đồng Đăng', subject: 'Xe chờ thông quan lâu tại cửa khẩu', body: 'Đề nghị sớm vận hành luồng xe hàng thông minh; hiện xe chờ trung bình 6 giờ.', commitmentId: id } }, null);

  // 4. A border commune signs with the provincial chair's consent; 5. a ministry still owes an opinion.
  const { proposeCommitment: commune } = await gql(
    'mutation ($input: ProposeCommitmentInput!) { proposeCommitment(input: $input) { id } }',
    { input: { code: '06037-2026-001', title: 'Thỏa thuận giao lưu hữu nghị xã Đồng Đăng – trấn Bằng Tường', titleEn: 'Friendship exchange agreement Dong Dang – Pingxiang', kind: 'INTERNATIONAL_AGREEMENT', documentType: 'MOU', leadAgency: { type: 'LOCALITY', id: '06037' }, partnerIds: ['CN-GX'], fields: ['PEOPLE_TO_PEOPLE'], plannedEnd: '2027-12-31' } },
    'LOCALITY:06037',
    ['editor'],
  );
  await gql('mutation ($id: ID!, $v: Int!) { recordParentConsent(commitmentId: $id, version: $v, at: "2026-10-01T09:00:00+07:00", document: "Văn bản 777/UBND-NV") { id } }', { id: commune.id, v: await version(commune.id) }, LS, ['approver']);
  const { proposeCommitment: pending } = await gql(
    'mutation ($input: ProposeCommitmentInput!) { proposeCommitment(input: $input) { id } }',
    { input: { code: '20-2026-902', title: 'Biên bản ghi nhớ hợp tác logistics xuyên biên giới', titleEn: 'MoU on cross-border logistics', kind: 'INTERNATIONAL_AGREEMENT', documentType: 'MOU', leadAgency: { type: 'LOCALITY', id: '20' }, partnerIds: ['CN-GX'], fields: ['CONSTRUCTION_TRANSPORT'] } },
    LS,
    ['editor'],
  );
  await gql('mutation ($id: ID!, $v: Int!) { requestOpinions(commitmentId: $id, version: $v, consultees: [{ type: MINISTRY, id: "MOFA" }, { type: MINISTRY, id: "MOC" }], sentOn: "2026-11-02") { id } }', { id: pending.id, v: await version(pending.id) }, LS, ['editor']);
  log('Demo story played through the gateway: 20-2026-901 signed and in delivery, 06037-2026-001 with prior consent, 20-2026-902 awaiting opinions');
}
