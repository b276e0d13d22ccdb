/**
 * Export of the register (issue #13, must-show 2): the demo register, given a history on every sheet (parties,
 * feasibility assessments, consultations, post-signing copies, action programmes, milestones, results, indicators and
 * their periods, obstacles, feedback), exported through the gateway, imported into an empty database by each owning
 * agency, exported again: identical files (CSV bytes of every sheet and XLSX cells).
 */
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import type { Identity } from '@accords/auth';
import { ownerIdOf } from '@accords/commitments/src/exchange/columns';
import { exportCommitments, exportRegister, type RunOperation } from '@accords/commitments/src/exchange/export';
import { SHEETS } from '@accords/commitments/src/exchange/sheets';
import {
  SHEET_NAMES,
  fullRegisterWorkbook,
  importInBatches,
  readCsv,
  readSheetCsv,
  readXlsx,
  registerCsv,
  registerWorkbook,
  mergeRegisters,
  sheetCsv,
  type RegisterRows,
  type SendBatch,
} from '@accords/commitments/src/exchange/files';
import { allModules } from './modules';
import { user } from './workflow';

let demo: TestSupergraph;
let empty: TestSupergraph;
beforeAll(async () => {
  [demo, empty] = await Promise.all([openTestSupergraph(allModules, { seed: 'demo' }), openTestSupergraph(allModules, { seed: 'reference' })]);
}, 180_000);
afterAll(async () => {
  await demo?.dispose();
  await empty?.dispose();
});

const central = user('MINISTRY:MOFA', ['viewer']);

const runner = (graph: TestSupergraph, as: Identity): RunOperation => async <T>(query: string, variables: Record<string, unknown>) => {
  const result = await graph.query<any>(query, variables, as);
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
  return result.data as T;
};

const MUTATION = `mutation ($input: ImportRegisterInput!) { importRegister(input: $input) { dryRun rows created updated unchanged refused findings problems { sheet row column message } sheets { sheet created updated unchanged refused } } }`;
const sender = (graph: TestSupergraph, as: Identity): SendBatch => async (input) => {
  const result = await graph.query<any>(MUTATION, { input }, as);
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
  return result.data.importRegister;
};

/** The owner's editor imports that owner's rows (an agency imports only its own commitments). */
async function importAsOwners(graph: TestSupergraph, register: RegisterRows, ownerOfCode: Map<string, string>) {
  const byOwner = new Map<string, RegisterRows>();
  const slot = (owner: string) => byOwner.get(owner) ?? byOwner.set(owner, { commitments: [] }).get(owner)!;
  for (const r of register.commitments) slot(ownerOfCode.get(String(r.code))!).commitments.push(r);
  for (const def of SHEETS) for (const r of register[def.input] ?? []) (slot(ownerOfCode.get(r.commitmentCode)!)[def.input] ??= []).push(r);
  const totals = { created: 0, updated: 0, unchanged: 0, problems: [] as unknown[] };
  for (const [owner, rows] of byOwner) {
    const report = await importInBatches(sender(graph, user(owner, ['editor'])), 'demo-export', rows);
    totals.created += report.created;
    totals.updated += report.updated;
    totals.unchanged += report.unchanged;
    totals.problems.push(...report.problems);
  }
  return totals;
}

/** Who owns each exported commitment, from its lead agency (a unit belongs to its ministry, a department to its province). */
function ownersOf(commitments: Record<string, string>[]): Map<string, string> {
  return new Map(
    commitments.map((c) => {
      const [type, id] = c.lead_agency.split(':');
      return [c.code, `${type === 'MINISTRY_UNIT' ? 'MINISTRY' : type === 'PROVINCIAL_DEPARTMENT' ? 'LOCALITY' : type}:${ownerIdOf({ type, id })}`];
    }),
  );
}

/** A history for two demo commitments, one of Lạng Sơn and one of the Ministry of Industry and Trade, on every sheet. */
const HISTORY: Record<string, Record<string, string>[]> = {
  Parties: [
    { commitment_code: '20-2024-001', agency: 'LOCALITY:20', role: 'LEAD', role_description: 'Chủ trì, điều phối chung' },
    { commitment_code: '20-2024-001', agency: 'MINISTRY:MOIT', role: 'COORDINATING', role_description: 'Phối hợp xúc tiến thương mại' },
    { commitment_code: 'MOIT-2025-001', agency: 'MINISTRY_UNIT:MOFA-DILT', role: 'IMPLEMENTING', role_description: 'Thẩm định pháp lý' },
  ],
  FeasibilityAssessments: [
    { commitment_code: '20-2024-001', submitted_at: '2024-09-02T09:15:00+07:00', submitted_by: 'Sở Ngoại vụ', budget_amount: '2500000000.5', budget_currency: 'VND', budget_status: 'SECURED', staff_count: '4', counterpart_readiness: 'READY', verdict: 'CONDITIONAL', conditions: 'Bố trí vốn đối ứng', status: 'APPROVED', decided_by: 'Chủ tịch UBND tỉnh', decided_at: '2024-09-20T14:00:00+07:00' },
    { commitment_code: 'MOIT-2025-001', submitted_at: '2024-11-05T08:00:00Z', submitted_by: 'Vụ Hợp tác quốc tế', budget_status: 'REQUESTED', counterpart_readiness: 'PARTIAL', verdict: 'FEASIBLE', status: 'SUBMITTED' },
  ],
  Consultations: [
    { commitment_code: '20-2024-001', consultee: 'MINISTRY:MOFA', sent_on: '2024-10-01', replied_at: '2024-10-09T10:00:00+07:00', opinion: 'AGREE_WITH_COMMENTS', comments: 'Làm rõ điều 5; "thời hạn"', document_ref: 'CV 45/BNG' },
    { commitment_code: '20-2024-001', consultee: 'MINISTRY:MPS', sent_on: '2024-10-01', due_on: '2024-10-15' },
  ],
  PostSigningCopies: [{ commitment_code: '20-2024-001', copy_sent_at: '2024-11-29T16:30:00+07:00', pm_report_sent_at: '2024-12-02T09:00:00+07:00' }],
  ActionPrograms: [
    { commitment_code: '20-2024-001', kind: 'LONG_TERM', year: '2025', title: 'Kế hoạch thực hiện 2025–2027', status: 'APPROVED', approved_at: '2025-01-10T09:00:00+07:00', approved_by: 'Chủ tịch UBND tỉnh', approval_document: 'QĐ 12/QĐ-UBND' },
    { commitment_code: 'MOIT-2025-001', kind: 'ANNUAL', year: '2026', title: 'Kế hoạch năm 2026', status: 'DRAFT', submitted_to_mofa_at: '2025-11-14T10:00:00+07:00' },
  ],
  Milestones: [
    { commitment_code: '20-2024-001', program_kind: 'LONG_TERM', program_year: '2025', task: 'Hội chợ thương mại biên giới 2025', owner_agency: 'LOCALITY:20', due_on: '2025-10-31', planned_start: '2025-06-01', weight: '3', deliverable: 'Báo cáo hội chợ' },
    { commitment_code: '20-2024-001', program_kind: 'LONG_TERM', program_year: '2025', task: 'Khảo sát doanh nghiệp', parent_task: 'Hội chợ thương mại biên giới 2025', owner_agency: 'PROVINCIAL_DEPARTMENT:20-SCT', due_on: '2025-05-31', started_on: '2025-04-01', completed_at: '2025-05-28T17:00:00+07:00', weight: '1.25' },
    { commitment_code: 'MOIT-2025-001', program_kind: 'ANNUAL', program_year: '2026', task: 'Đào tạo kỹ sư', due_on: '2026-06-30', cancelled_at: '2026-02-01T08:00:00+07:00', cancellation_reason: 'Đối tác lùi lịch' },
  ],
  Results: [{ commitment_code: '20-2024-001', title: 'Thương mại biên giới tăng', type: 'OUTCOME', description: 'Kim ngạch qua cửa khẩu' }],
  Indicators: [
    { commitment_code: '20-2024-001', result_title: 'Thương mại biên giới tăng', title: 'Kim ngạch (triệu USD)', measure: 'UNIT', direction: 'ASCENDING', baseline_value: '120.5', baseline_year: '2024' },
    { commitment_code: '20-2024-001', result_title: 'Thương mại biên giới tăng', title: 'Thời gian thông quan (giờ)', measure: 'UNIT', direction: 'DESCENDING', baseline_value: '6' },
  ],
  IndicatorPeriods: [
    { commitment_code: '20-2024-001', result_title: 'Thương mại biên giới tăng', indicator_title: 'Kim ngạch (triệu USD)', period_start: '2025-01-01', period_end: '2025-12-31', target: '150', actual: '161.25' },
    { commitment_code: '20-2024-001', result_title: 'Thương mại biên giới tăng', indicator_title: 'Kim ngạch (triệu USD)', period_start: '2026-01-01', period_end: '2026-12-31', target: '180' },
  ],
  Obstacles: [
    { commitment_code: '20-2024-001', detected_at: '2025-05-02T10:00:00+07:00', category: 'COORDINATION', severity: 'HIGH', description: 'Chậm thống nhất địa điểm', detected_by: 'Sở Công Thương', beyond_authority: 'yes', milestone_task: 'Hội chợ thương mại biên giới 2025', escalated_to: 'MINISTRY:MOIT', escalated_at: '2025-05-05T09:00:00+07:00' },
    { commitment_code: 'MOIT-2025-001', detected_at: '2025-03-01T09:00:00+07:00', category: 'PARTNER', severity: 'LOW', description: 'Đối tác đổi đầu mối', detected_by: 'Vụ Hợp tác quốc tế', resolved_at: '2025-03-20T15:00:00+07:00', resolution: 'Đã có đầu mối mới' },
  ],
  Feedback: [
    { commitment_code: '20-2024-001', received_at: '2025-06-10T08:30:00+07:00', subject: 'Góp ý về thủ tục', submitter_kind: 'BUSINESS', submitter_name: 'Công ty TNHH Hữu Nghị', body: 'Đề nghị mở thêm luồng xanh', status: 'RESPONDED', acknowledged_at: '2025-06-11T08:00:00+07:00', responded_at: '2025-06-20T08:00:00+07:00', response: 'Đã kiến nghị Hải quan' },
    { commitment_code: 'MOIT-2025-001', received_at: '2025-02-01T08:00:00+07:00', subject: 'Câu hỏi về an toàn', submitter_kind: 'CITIZEN', body: 'Xin thông tin', status: 'RECEIVED' },
  ],
};

/** The history as the CSV files of each sheet, read back as the CLI reads a folder. */
function historyRegister(): RegisterRows {
  const register: RegisterRows = { commitments: [] };
  for (const [name, rows] of Object.entries(HISTORY)) mergeRegisters(register, readSheetCsv(name, sheetCsv(name, rows)).register);
  return register;
}

describe('export of the register', () => {
  it('round trip: export the demo register with a history on every sheet, import it into an empty database, export again: identical files', async () => {
    const owners = new Map([['20-2024-001', 'LOCALITY:20'], ['MOIT-2025-001', 'MINISTRY:MOIT']]);
    const history = await importAsOwners(demo, historyRegister(), owners);
    expect(history.problems).toEqual([]);
    expect(history.created).toBe(Object.values(HISTORY).reduce((n, rows) => n + rows.length, 0) - 1); // the copy updates its commitment

    const first = await exportRegister(runner(demo, central));
    expect(Object.keys(first)).toEqual(SHEET_NAMES);
    expect(first.Commitments.length).toBeGreaterThan(10);
    for (const [name, rows] of Object.entries(HISTORY)) expect(first[name]).toHaveLength(rows.length);
    // Cells come back in the file's spelling: decimals at the column's scale, instants in +07:00.
    expect(first.FeasibilityAssessments.find((r) => r.commitment_code === 'MOIT-2025-001')!.submitted_at).toBe('2024-11-05T15:00:00+07:00');
    expect(first.Milestones.find((r) => r.task === 'Khảo sát doanh nghiệp')).toMatchObject({ weight: '1.25', parent_task: 'Hội chợ thương mại biên giới 2025', completed_at: '2025-05-28T17:00:00+07:00' });
    expect(first.Consultations.find((r) => r.consultee === 'MINISTRY:MOFA')!.due_on).toMatch(/^2024-10-\d\d$/);
    const csv = Object.fromEntries(SHEET_NAMES.map((name) => [name, sheetCsv(name, first[name])]));
    const fromCsv = (): RegisterRows => SHEET_NAMES.reduce((register, name) => mergeRegisters(register, readSheetCsv(name, csv[name]).register), { commitments: [] } as RegisterRows);
    const ownerOfCode = ownersOf(first.Commitments);

    // Re-importing the export into the database it came from changes nothing.
    const rows = Object.values(first).reduce((n, r) => n + r.length, 0);
    const again = await importAsOwners(demo, fromCsv(), ownerOfCode);
    expect(again).toEqual({ created: 0, updated: 0, unchanged: rows, problems: [] });

    const imported = await importAsOwners(empty, fromCsv(), ownerOfCode);
    expect(imported.problems).toEqual([]);
    const second = await exportRegister(runner(empty, central));
    for (const name of SHEET_NAMES) expect([name, sheetCsv(name, second[name])]).toEqual([name, csv[name]]);

    // XLSX: the same cells read back from both workbooks, sheet by sheet.
    const [a, b] = await Promise.all([first, second].map(async (sheets) => (await readXlsx(Buffer.from(await fullRegisterWorkbook(sheets).xlsx.writeBuffer()))).register));
    expect(b).toEqual(a);
    expect(a.milestones).toHaveLength(HISTORY.Milestones.length);
  }, 300_000); // two registers imported and three exported: minutes on a loaded 2-core machine

  it('the Commitments sheet alone re-imports unchanged (CSV and XLSX)', async () => {
    const first = await exportCommitments(runner(demo, central));
    const fromCsv = readCsv(registerCsv(first)).rows;
    const fromXlsx = (await readXlsx(Buffer.from(await registerWorkbook(first).xlsx.writeBuffer()))).rows;
    expect(fromXlsx.map(({ sheet: _s, row: _r, ...cells }) => cells)).toEqual(fromCsv.map(({ sheet: _s, row: _r, ...cells }) => cells));
    for (const rows of [fromCsv, fromXlsx]) {
      expect(await importAsOwners(demo, { commitments: rows }, ownersOf(first))).toEqual({ created: 0, updated: 0, unchanged: first.length, problems: [] });
    }
  }, 180_000);

  it("an agency's token does not export another agency's feedback", async () => {
    const moit = await exportRegister(runner(demo, user('MINISTRY:MOIT', ['viewer'])));
    expect(moit.Feedback.map((r) => r.commitment_code)).toEqual(['MOIT-2025-001']);
    expect(moit.Milestones.length).toBe(HISTORY.Milestones.length);
  });
});
