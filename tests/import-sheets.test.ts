/**
 * Import of a register's history (issue #13): every record kind besides commitments, one sheet per kind in a workbook
 * (and one CSV per kind in a folder), sent through the gateway in typed batches as the caller. Bad rows reported with
 * sheet, row and column; a row of a refused row is refused too; all or nothing by default, the valid rows on request;
 * re-importing changes nothing; a changed row updates its record with an audit entry.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import type { Identity } from '@accords/auth';
import { SHEETS, validateSheetRow } from '@accords/commitments/src/exchange/sheets';
import { sheetTableMarkdown } from '@accords/commitments/src/exchange/sheets';
import { SHEET_NAMES, fullRegisterWorkbook, importInBatches, readRegister, readXlsx, writeCsvFolder, writeTemplate, type RegisterRows, type SendBatch } from '@accords/commitments/src/exchange/files';
import { allModules } from './modules';
import { user } from './workflow';

// Several imports per test through the in-process gateway: allow for a loaded 2-core machine.
jest.setTimeout(180_000);

let graph: TestSupergraph;
beforeAll(async () => {
  // Demo seed: the localities subgraph then knows Lạng Sơn's demo officials (LocalOfficial).
  graph = await openTestSupergraph(allModules, { seed: 'demo' });
}, 120_000);
afterAll(() => graph?.dispose());

const editor = user('LOCALITY:20', ['editor']); // Lạng Sơn
const moit = user('MINISTRY:MOIT', ['editor']);
const LANG_SON_OFFICIAL = 'a1f0c6de-0001-4c1e-9a00-000000000004';

const MUTATION = `mutation ($input: ImportRegisterInput!) { importRegister(input: $input) {
  dryRun rows created updated unchanged refused findings problems { sheet row column message } sheets { sheet created updated unchanged refused } } }`;

class ImportError extends Error {
  constructor(readonly code: string, message: string, readonly problems: unknown) {
    super(message);
  }
}
const sender = (as: Identity): SendBatch => async (input) => {
  const result = await graph.query<any>(MUTATION, { input }, as);
  if (result.errors?.length) {
    const e = result.errors[0];
    throw new ImportError(String(e.extensions?.code), e.message, e.extensions?.problems);
  }
  return result.data.importRegister;
};

type Sheets = Record<string, Record<string, string>[]>;

/**
 * A register of Lạng Sơn with its history. Commitment 3 names a partner that does not exist; the Milestones sheet has
 * a date that does not exist (row 5), an unknown commitment (row 6) and a milestone of commitment 3 (row 7); the
 * Obstacles sheet has an obstacle of the bad milestone (row 3); ActionPrograms has commitment 3's programme (row 4).
 */
function history(p: string): Sheets {
  const c = (n: number) => `20-${p}-000${n}`;
  const commitment = (n: number, signedOn: string, partners = 'CN') => ({
    code: c(n), title_vi: `Thỏa thuận hợp tác lịch sử ${n}`, title_en: '', kind: 'INTERNATIONAL_AGREEMENT', document_type: 'AGREEMENT', lead_agency: 'LOCALITY:20',
    partners, fields: 'ECONOMY_TRADE_INVESTMENT', signed_on: signedOn, signed_at: '', legal_status: 'IN_FORCE', implementation_status: 'IMPLEMENTATION',
    cooperation_content: 'Hội chợ, xúc tiến thương mại biên giới', planned_start: signedOn, planned_end: '2027-12-31',
  });
  return {
    Commitments: [commitment(1, '2024-03-15'), commitment(2, '2024-05-10'), commitment(3, '2024-06-01', 'CN; ZZ')],
    Parties: [
      { commitment_code: c(1), agency: 'LOCALITY:20', role: 'LEAD', responsible_official: LANG_SON_OFFICIAL, role_description: 'Chủ trì' },
      { commitment_code: c(1), agency: 'MINISTRY:MOIT', role: 'COORDINATING', responsible_official: '', role_description: 'Phối hợp xúc tiến thương mại' },
    ],
    FeasibilityAssessments: [
      {
        commitment_code: c(1), submitted_at: '2024-02-01T09:00:00+07:00', submitted_by: 'Sở Ngoại vụ Lạng Sơn', budget_amount: '1500000000', budget_currency: 'VND', budget_source: 'LOCAL_BUDGET',
        budget_status: 'SECURED', staff_count: '5', staffing: '', counterpart_readiness: 'READY', risks: 'Thay đổi chính sách', verdict: 'FEASIBLE', conditions: '', status: 'APPROVED',
        decided_by: 'Chủ tịch UBND tỉnh', decided_at: '2024-02-10T15:00:00+07:00', decision_note: '',
      },
    ],
    Consultations: [{ commitment_code: c(1), consultee: 'MINISTRY:MOFA', sent_on: '2024-03-01', due_on: '', replied_at: '2024-03-08T16:00:00+07:00', opinion: 'AGREE', comments: '', document_ref: 'CV 123/BNG-LPQT' }],
    PostSigningCopies: [{ commitment_code: c(1), copy_sent_at: '2024-03-20T10:00:00+07:00', pm_report_sent_at: '' }],
    ActionPrograms: [
      { commitment_code: c(1), kind: 'LONG_TERM', year: '2024', title: 'Kế hoạch thực hiện 2024–2027', status: 'APPROVED', approved_at: '2024-04-05T09:00:00+07:00', approved_by: 'Chủ tịch UBND tỉnh', approval_document: 'QĐ 456/QĐ-UBND', submitted_to_mofa_at: '' },
      { commitment_code: c(2), kind: 'ANNUAL', year: '2025', title: 'Kế hoạch năm 2025', status: 'DRAFT', approved_at: '', approved_by: '', approval_document: '', submitted_to_mofa_at: '2024-11-10T09:00:00+07:00' },
      { commitment_code: c(3), kind: 'LONG_TERM', year: '2024', title: 'Kế hoạch của cam kết bị từ chối', status: 'DRAFT', approved_at: '', approved_by: '', approval_document: '', submitted_to_mofa_at: '' },
    ],
    Milestones: [
      { commitment_code: c(1), program_kind: 'LONG_TERM', program_year: '2024', task: 'Khảo sát thị trường', parent_task: 'Hội chợ 2024', owner_agency: '', responsible_official: LANG_SON_OFFICIAL, due_on: '2024-06-30', planned_start: '', started_on: '2024-05-02', completed_at: '2024-06-25T17:00:00+07:00', cancelled_at: '', cancellation_reason: '', weight: '1', deliverable: 'Báo cáo khảo sát', means_of_verification: '' },
      { commitment_code: c(1), program_kind: 'LONG_TERM', program_year: '2024', task: 'Hội chợ 2024', parent_task: '', owner_agency: 'LOCALITY:20', responsible_official: '', due_on: '2024-09-30', planned_start: '2024-05-01', started_on: '', completed_at: '', cancelled_at: '', cancellation_reason: '', weight: '2.5', deliverable: 'Báo cáo hội chợ', means_of_verification: 'Biên bản' },
      { commitment_code: c(2), program_kind: 'ANNUAL', program_year: '2025', task: 'Đoàn xúc tiến', parent_task: '', owner_agency: '', responsible_official: '', due_on: '2025-03-31', planned_start: '', started_on: '', completed_at: '', cancelled_at: '2025-02-01T09:00:00+07:00', cancellation_reason: 'Đối tác hoãn', weight: '', deliverable: '', means_of_verification: '' },
      { commitment_code: c(2), program_kind: 'ANNUAL', program_year: '2025', task: 'Mốc lỗi', parent_task: '', owner_agency: '', responsible_official: '', due_on: '2025-02-30', planned_start: '', started_on: '', completed_at: '', cancelled_at: '', cancellation_reason: '', weight: '', deliverable: '', means_of_verification: '' },
      { commitment_code: `20-${p}-0099`, program_kind: 'LONG_TERM', program_year: '2024', task: 'Mốc của cam kết không có', parent_task: '', owner_agency: '', responsible_official: '', due_on: '2024-12-31', planned_start: '', started_on: '', completed_at: '', cancelled_at: '', cancellation_reason: '', weight: '', deliverable: '', means_of_verification: '' },
      { commitment_code: c(3), program_kind: 'LONG_TERM', program_year: '2024', task: 'Mốc của cam kết bị từ chối', parent_task: '', owner_agency: '', responsible_official: '', due_on: '2024-12-31', planned_start: '', started_on: '', completed_at: '', cancelled_at: '', cancellation_reason: '', weight: '', deliverable: '', means_of_verification: '' },
    ],
    Results: [{ commitment_code: c(1), title: 'Thương mại biên giới tăng', type: 'OUTCOME', description: '' }],
    Indicators: [{ commitment_code: c(1), result_title: 'Thương mại biên giới tăng', title: 'Số hội chợ', measure: 'UNIT', direction: 'ASCENDING', baseline_value: '0', baseline_year: '2023' }],
    IndicatorPeriods: [{ commitment_code: c(1), result_title: 'Thương mại biên giới tăng', indicator_title: 'Số hội chợ', period_start: '2024-01-01', period_end: '2024-12-31', target: '2', actual: '1.5' }],
    Obstacles: [
      { commitment_code: c(1), detected_at: '2024-06-01T10:00:00+07:00', category: 'FINANCIAL', severity: 'MEDIUM', description: 'Chậm bố trí kinh phí đối ứng', detected_by: 'Sở Công Thương', beyond_authority: 'yes', milestone_task: 'Hội chợ 2024', escalated_to: 'MINISTRY:MOIT', escalated_at: '2024-06-05T10:00:00+07:00', resolved_at: '2024-07-15T16:00:00+07:00', resolution: 'Bố trí kinh phí bổ sung' },
      { commitment_code: c(2), detected_at: '2025-01-10T10:00:00+07:00', category: 'PARTNER', severity: 'LOW', description: 'Đối tác đổi đầu mối', detected_by: 'Sở Ngoại vụ', beyond_authority: 'no', milestone_task: 'Mốc lỗi', escalated_to: '', escalated_at: '', resolved_at: '', resolution: '' },
    ],
    Feedback: [
      { commitment_code: c(1), received_at: '2024-08-01T09:00:00+07:00', subject: 'Góp ý thủ tục thông quan', submitter_kind: 'BUSINESS', submitter_name: '', body: 'Đề nghị rút ngắn thời gian thông quan', status: 'RESOLVED', acknowledged_at: '2024-08-02T09:00:00+07:00', responded_at: '', response: '', resolved_at: '2024-08-20T09:00:00+07:00', resolution: 'Đã rút ngắn còn 2 giờ' },
    ],
  };
}

/** The problems the history's defects give, located as the file shows them (rows from 2: the header is row 1). */
const expectedProblems = (p: string, suffix: string) => [
  { sheet: `Commitments${suffix}`, row: 4, column: 'partners', message: expect.stringContaining('ZZ') },
  { sheet: `ActionPrograms${suffix}`, row: 4, column: 'commitment_code', message: expect.stringContaining(`Commitments${suffix} dòng 4`) },
  { sheet: `Milestones${suffix}`, row: 5, column: 'due_on', message: expect.stringContaining('2025-02-30') },
  { sheet: `Milestones${suffix}`, row: 6, column: 'commitment_code', message: expect.stringContaining(`20-${p}-0099`) },
  { sheet: `Milestones${suffix}`, row: 7, column: 'commitment_code', message: expect.stringMatching(/bị từ chối vì dòng của cam kết này \(Commitments(\.csv)? dòng 4\)/) },
  { sheet: `Obstacles${suffix}`, row: 3, column: 'milestone_task', message: expect.stringContaining(`Milestones${suffix} dòng 5`) },
];

const db = () => graph.subgraphs.commitments.database.dataSource;
const TABLES = ['commitment', 'commitment_party', 'feasibility_assessment', 'consultation', 'action_program', 'milestone', 'commitment_result', 'result_indicator', 'indicator_period', 'obstacle', 'feedback', 'audit_entry', 'import_provenance', 'import_record_provenance', 'import_finding'];
async function snapshot(): Promise<string> {
  const parts: unknown[] = [];
  for (const table of TABLES) parts.push(await db().query(`SELECT * FROM ${table} ORDER BY 1, 2`));
  return JSON.stringify(parts);
}
const count = async (sql: string, params: unknown[] = []) => Number((await db().query(sql, params))[0].n);

async function viaWorkbook(sheets: Sheets): Promise<RegisterRows> {
  const read = await readXlsx(Buffer.from(await fullRegisterWorkbook(sheets).xlsx.writeBuffer()));
  expect(read.problems).toEqual([]);
  return read.register;
}
async function viaCsvFolder(sheets: Sheets): Promise<RegisterRows> {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'accords-register-'));
  writeCsvFolder(folder, sheets);
  const read = await readRegister(folder);
  expect(read.problems).toEqual([]);
  return read.register;
}

describe.each([
  ['an XLSX workbook', 'H', viaWorkbook, ''],
  ['a folder of CSV files', 'K', viaCsvFolder, '.csv'],
] as const)('a register with its history as %s', (_format, p, read, suffix) => {
  let register: RegisterRows;
  beforeAll(async () => {
    register = await read(history(p));
  });
  const file = `history-${p}`;

  it('reports every bad row with sheet, row and column (a row of a refused row too) and writes nothing', async () => {
    const before = await snapshot();
    const report = await importInBatches(sender(editor), file, register, { batchSize: 7 });
    expect(report.written).toBe(false);
    expect(report.problems).toEqual(expectedProblems(p, suffix));
    expect(await snapshot()).toBe(before);
    // The API refuses the batch on its own too (all or nothing), BAD_USER_INPUT with every problem.
    const refusal = await sender(editor)({ file, validOnly: false, dryRun: false, ...register }).catch((e: ImportError) => e);
    expect(refusal).toBeInstanceOf(ImportError);
    expect((refusal as ImportError).code).toBe('BAD_USER_INPUT');
    expect((refusal as ImportError).problems).toEqual(expectedProblems(p, suffix));
    expect(await snapshot()).toBe(before);
  });

  it('a dry run counts what it would write, sheet by sheet, and writes nothing', async () => {
    const before = await snapshot();
    const report = await importInBatches(sender(editor), file, register, { dryRun: true, validOnly: true });
    expect(report.written).toBe(false);
    expect(Object.fromEntries(report.sheets!.map((s) => [s.sheet, [s.created, s.updated, s.refused]]))).toEqual({
      Commitments: [2, 0, 1],
      // The LEAD party comes with its commitment: the Parties row gives it its official (an update).
      Parties: [1, 1, 0],
      FeasibilityAssessments: [1, 0, 0],
      Consultations: [1, 0, 0],
      PostSigningCopies: [0, 1, 0],
      ActionPrograms: [2, 0, 1],
      Milestones: [3, 0, 3],
      Results: [1, 0, 0],
      Indicators: [1, 0, 0],
      IndicatorPeriods: [1, 0, 0],
      Obstacles: [1, 0, 1],
      Feedback: [1, 0, 0],
    });
    expect(await snapshot()).toBe(before);
  });

  it('writes the valid rows on request, each with provenance and an audit entry; findings judged on the history; re-importing changes nothing', async () => {
    const report = await importInBatches(sender(editor), file, register, { validOnly: true, batchSize: 7 });
    expect(report.written).toBe(true);
    expect(report.refused).toBe(6);
    const c1 = `20-${p}-0001`;
    const { data } = await graph.query<any>(
      `query { commitment(code: "${c1}") {
        parties { role responsibleOfficialId }
        feasibilityAssessments { status verdict budgetAmount }
        consultations { consultee { ... on Ministry { id } } sentOn dueWorkingDays dueOn opinion }
        postSigningCopy { sentAt onTime }
        actionPrograms { kind year status approvedAt milestones { task } }
        milestones { task dueOn weight parent { task } completedAt status }
        results { title indicators { title baselineValue periods { periodStart target actual } } }
        obstacles { category beyondAuthority milestone { task } resolvedAt }
        importFindings { rule }
      } }`,
      {},
      editor,
    );
    const c = data!.commitment;
    expect(c.parties).toEqual(expect.arrayContaining([{ role: 'LEAD', responsibleOfficialId: LANG_SON_OFFICIAL }, { role: 'COORDINATING', responsibleOfficialId: null }]));
    expect(c.feasibilityAssessments).toEqual([{ status: 'APPROVED', verdict: 'FEASIBLE', budgetAmount: '1500000000.00' }]);
    // The due date left blank is counted in working days after the sending date (7, DESIGN V3): Friday 1 March 2024
    // plus 5 working days the next week and 2 the week after (no holiday in between).
    expect(c.consultations).toEqual([{ consultee: { id: 'MOFA' }, sentOn: '2024-03-01', dueWorkingDays: 7, dueOn: '2024-03-12', opinion: 'AGREE' }]);
    expect(c.postSigningCopy).toEqual({ sentAt: '2024-03-20T10:00:00.000+07:00', onTime: true });
    expect(c.actionPrograms).toEqual([{ kind: 'LONG_TERM', year: 2024, status: 'APPROVED', approvedAt: '2024-04-05T09:00:00.000+07:00', milestones: expect.arrayContaining([{ task: 'Hội chợ 2024' }, { task: 'Khảo sát thị trường' }]) }]);
    expect(c.milestones.find((m: any) => m.task === 'Khảo sát thị trường')).toMatchObject({ parent: { task: 'Hội chợ 2024' }, weight: '1.00', status: 'DONE_ON_TIME' });
    expect(c.results).toEqual([{ title: 'Thương mại biên giới tăng', indicators: [{ title: 'Số hội chợ', baselineValue: '0.0000', periods: [{ periodStart: '2024-01-01', target: '2.0000', actual: '1.5000' }] }] }]);
    expect(c.obstacles).toEqual([{ category: 'FINANCIAL', beyondAuthority: true, milestone: { task: 'Hội chợ 2024' }, resolvedAt: '2024-07-15T16:00:00.000+07:00' }]);
    // An approved assessment and a copy sent on time: no finding. Commitment 2 has neither on record.
    expect(c.importFindings).toEqual([]);
    const c2 = await graph.query<any>(`query { commitment(code: "20-${p}-0002") { importFindings { rule } } }`, {}, editor);
    expect(c2.data!.commitment.importFindings.map((f: any) => f.rule)).toEqual(['V4', 'V8']);
    expect(await count(`SELECT COUNT(*) AS n FROM commitment WHERE code = ?`, [`20-${p}-0003`])).toBe(0);
    // Provenance on every record of the other sheets: 15 records written (the LEAD party and the copy included).
    expect(await count(`SELECT COUNT(*) AS n FROM import_record_provenance WHERE file = ? AND imported_by = ?`, [file, editor.subject])).toBe(15);
    const audited = await db().query(`SELECT a.entity_type AS t, COUNT(*) AS n FROM audit_entry a JOIN commitment c ON c.id = a.commitment_id WHERE c.code LIKE ? GROUP BY a.entity_type ORDER BY a.entity_type`, [`20-${p}-%`]);
    expect(Object.fromEntries(audited.map((r: any) => [r.t, Number(r.n)]))).toEqual({
      ActionProgram: 2, Commitment: 3, CommitmentParty: 2, Consultation: 1, FeasibilityAssessment: 1, Feedback: 1, Indicator: 1, IndicatorPeriod: 1, Milestone: 3, Obstacle: 1, Result: 1,
    });

    const before = await snapshot();
    const again = await importInBatches(sender(editor), file, register, { validOnly: true });
    expect({ created: again.created, updated: again.updated, unchanged: again.unchanged }).toEqual({ created: 0, updated: 0, unchanged: 2 + 15 });
    expect(await snapshot()).toBe(before);
  });

  it('a changed milestone row updates that milestone only, with an audit entry naming the change', async () => {
    const changed = history(p);
    changed.Milestones[1] = { ...changed.Milestones[1], completed_at: '2024-10-03T16:00:00+07:00', due_on: '2024-09-30' };
    const report = await importInBatches(sender(editor), `${file}-v2`, await read(changed), { validOnly: true });
    expect(report.sheets!.find((s) => s.sheet === 'Milestones')).toEqual({ sheet: 'Milestones', created: 0, updated: 1, unchanged: 2, refused: 3 });
    expect({ created: report.created, updated: report.updated }).toEqual({ created: 0, updated: 1 });
    const audit = await db().query(`SELECT a.action, a.changes FROM audit_entry a JOIN milestone m ON m.id = a.entity_id WHERE m.task = ? AND a.commitment_id = m.commitment_id AND m.commitment_id = (SELECT id FROM commitment WHERE code = ?) ORDER BY a.id`, ['Hội chợ 2024', `20-${p}-0001`]);
    expect(audit.map((a: any) => a.action)).toEqual(['CREATE', 'UPDATE']);
    expect(Object.keys(JSON.parse(audit[1].changes)).sort()).toEqual(['completedAt', 'importedFrom']);
    const { data } = await graph.query<any>(`query { commitment(code: "20-${p}-0001") { milestones { task status } } }`, {}, editor);
    expect(data!.commitment.milestones.find((m: any) => m.task === 'Hội chợ 2024').status).toBe('DONE_LATE');
  });
});

describe('an agency imports only its own commitments, on every sheet', () => {
  it("refuses another agency's rows for Lạng Sơn's commitment (FORBIDDEN naming the row), writing nothing", async () => {
    const before = await snapshot();
    const rows = await viaWorkbook({ Milestones: [history('H').Milestones[1]] });
    const refusal = await sender(moit)({ file: 'moit.xlsx', validOnly: true, dryRun: false, ...rows }).catch((e: ImportError) => e);
    expect(refusal).toBeInstanceOf(ImportError);
    expect((refusal as ImportError).code).toBe('FORBIDDEN');
    expect((refusal as ImportError).message).toMatch(/Milestones row 2: commitment 20-H-0001 belongs to LOCALITY:20/);
    expect(await snapshot()).toBe(before);
  });

  it('names an official the localities register does not know', async () => {
    const rows = await viaWorkbook({ Parties: [{ ...history('H').Parties[0], responsible_official: 'no-such-official' }] });
    const report = await sender(editor)({ file: 'x.xlsx', validOnly: true, dryRun: true, ...rows });
    expect(report.problems).toEqual([{ sheet: 'Parties', row: 2, column: 'responsible_official', message: expect.stringContaining('no-such-official') }]);
  });

  it('gives feedback rows to the owning agency and central oversight only', async () => {
    const query = `query { registerRows(sheet: FEEDBACK, codes: ["20-H-0001"]) { cells { column value } } }`;
    const own = await graph.query<any>(query, {}, user('LOCALITY:20', ['viewer']));
    const central = await graph.query<any>(query, {}, user('MINISTRY:MOFA', ['viewer']));
    const other = await graph.query<any>(query, {}, user('MINISTRY:MOIT', ['viewer']));
    expect(own.data!.registerRows).toHaveLength(1);
    expect(central.data!.registerRows).toEqual(own.data!.registerRows);
    expect(other.data!.registerRows).toEqual([]);
    const milestones = await graph.query<any>(`query { registerRows(sheet: MILESTONES, codes: ["20-H-0001"]) { cells { column value } } }`, {}, user('MINISTRY:MOIT', ['viewer']));
    expect(milestones.data!.registerRows).toHaveLength(2);
    const anonymous = await graph.query<any>(query, {}, null);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('the sheets', () => {
  it('drive the README tables', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    for (const def of SHEETS) expect(readme).toContain(sheetTableMarkdown(def));
  });

  it('the template (npm run import -- --template FILE) has every sheet with notes and an example row that validates and imports', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'accords-template-')), 'template.xlsx');
    await writeTemplate(file);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(SHEET_NAMES);
    for (const def of SHEETS) {
      const header = workbook.getWorksheet(def.name)!.getRow(1);
      expect(def.columns.map((_, i) => [header.getCell(i + 1).value, String((header.getCell(i + 1).note as any)?.texts?.map((t: any) => t.text).join('') ?? header.getCell(i + 1).note)]))
        .toEqual(def.columns.map((c) => [c.header, expect.stringContaining(c.allowed)]));
    }
    const { register, problems } = await readXlsx(file);
    expect(problems).toEqual([]);
    for (const def of SHEETS) {
      expect(register[def.input]).toHaveLength(1);
      expect(validateSheetRow(def, def.name, 2, register[def.input]![0]).problems).toEqual([]);
    }
    // The example rows hold together: a dry run of the whole template as Lạng Sơn's editor finds nothing wrong.
    const report = await sender(editor)({ file: 'template.xlsx', validOnly: false, dryRun: true, ...register });
    expect(report.problems).toEqual([]);
  });

  it('reads one CSV as the sheet its name says (Milestones.csv), Commitments otherwise', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'accords-csv-'));
    writeCsvFolder(folder, history('Q'));
    const milestones = await readRegister(path.join(folder, 'Milestones.csv'));
    expect(milestones.problems).toEqual([]);
    expect({ commitments: milestones.register.commitments.length, milestones: milestones.register.milestones?.length }).toEqual({ commitments: 0, milestones: 6 });
    expect(milestones.register.milestones![3]).toMatchObject({ sheet: 'Milestones.csv', row: 5, dueOn: '2025-02-30' });
    fs.copyFileSync(path.join(folder, 'Commitments.csv'), path.join(folder, 'register.csv'));
    expect((await readRegister(path.join(folder, 'register.csv'))).rows).toHaveLength(3);
  });

  it('names the column and what is allowed', () => {
    const milestones = SHEETS.find((s) => s.name === 'Milestones')!;
    const bad = validateSheetRow(milestones, 'Milestones', 9, { commitmentCode: '20-H-0001', programKind: 'SOMETIMES', task: 'x', dueOn: '2023-02-29', weight: '1.234', completedAt: '2024-01-01T25:00+07:00' });
    expect(bad.problems.map((p) => [p.row, p.column])).toEqual([[9, 'program_kind'], [9, 'due_on'], [9, 'completed_at'], [9, 'weight']]);
    expect(bad.problems[0].message).toContain('LONG_TERM, ANNUAL');
    expect(validateSheetRow(milestones, 'Milestones', 9, { commitmentCode: '20-H-0001', programKind: 'ANNUAL', task: 'x', dueOn: '2024-02-29' }).problems).toEqual([]);
  });
});
