/**
 * Import of an agency's register (issue #13, must-show 1 and 4): a 1,000-row workbook generated here with exceljs
 * (and the same rows as CSV), parsed by the import's reader, sent through the gateway in batches as the caller.
 */
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { COMMITMENT_COLUMNS, columnTableMarkdown, validateCommitmentRow } from '@accords/commitments/src/exchange/columns';
import { importInBatches, readCsv, readXlsx, registerCsv, registerWorkbook, writeTemplate, type RowInput, type SendBatch } from '@accords/commitments/src/exchange/files';
import os from 'node:os';
import type { Identity } from '@accords/auth';
import fs from 'node:fs';
import path from 'node:path';
import { allModules } from './modules';
import { user } from './workflow';

let graph: TestSupergraph;
beforeAll(async () => {
  graph = await openTestSupergraph(allModules, { seed: 'reference' });
}, 120_000);
afterAll(() => graph?.dispose());

const editor = user('LOCALITY:20', ['editor']); // Lạng Sơn
const viewer = user('LOCALITY:20', ['viewer']);
const moit = user('MINISTRY:MOIT', ['editor']);

const MUTATION = `mutation ($input: ImportRegisterInput!) { importRegister(input: $input) {
  dryRun rows created updated unchanged refused findings problems { sheet row column message } } }`;

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

/** 1,000 register rows of Lạng Sơn with fixed dates; `bad` rows (1-based data index) get one defect each. */
function register(prefix: string): Record<string, string>[] {
  return Array.from({ length: 1000 }, (_, i) => {
    const n = String(i + 1).padStart(4, '0');
    const day = String((i % 28) + 1).padStart(2, '0');
    const month = String((i % 12) + 1).padStart(2, '0');
    const year = 2021 + (i % 4);
    return {
      code: `20-${prefix}-${n}`,
      title_vi: `Thỏa thuận hợp tác số ${n} giữa tỉnh Lạng Sơn và đối tác`,
      title_en: i % 3 ? `Cooperation agreement ${n}` : '',
      kind: i % 5 ? 'INTERNATIONAL_AGREEMENT' : 'POLITICAL_COMMITMENT',
      document_type: i % 2 ? 'AGREEMENT' : 'MOU',
      lead_agency: 'LOCALITY:20',
      partners: i % 7 ? 'CN' : 'CN; LA',
      fields: i % 4 ? 'ECONOMY_TRADE_INVESTMENT' : 'CULTURE_SPORT_TOURISM; EDUCATION_TRAINING',
      signed_on: `${year}-${month}-${day}`,
      signed_at: i % 2 ? `${year}-${month}-${day}T09:30:00+07:00` : '',
      legal_status: 'IN_FORCE',
      implementation_status: i % 3 ? 'IMPLEMENTATION' : 'PIPELINE',
      cooperation_content: `Nội dung hợp tác: giao thương, du lịch, đào tạo (${n})`,
      planned_start: `${year}-${month}-${day}`,
      planned_end: `${year + 2}-12-31`,
    };
  });
}

/** The three defects of must-show 1, at data rows 10, 500 and 999 (spreadsheet rows 11, 501, 1000). */
function withDefects(rows: Record<string, string>[]) {
  const out = rows.map((r) => ({ ...r }));
  out[9].partners = 'CN; ZZ'; // no partner ZZ
  out[499].signed_on = '2025-02-30'; // no such date
  out[499].planned_start = '2025-02-01';
  out[998].lead_agency = ''; // missing lead agency
  return out;
}

async function workbookRows(rows: Record<string, string>[]): Promise<RowInput[]> {
  const buffer = Buffer.from(await registerWorkbook(rows).xlsx.writeBuffer());
  const read = await readXlsx(buffer);
  expect(read.problems).toEqual([]);
  return read.rows;
}

const db = () => graph.subgraphs.commitments.database.dataSource;
const count = async (sql: string, params: unknown[] = []) => Number((await db().query(sql, params))[0].n);
const commitmentsLike = (prefix: string) => count('SELECT COUNT(*) AS n FROM commitment WHERE code LIKE ?', [`20-${prefix}-%`]);
async function snapshot(): Promise<string> {
  const parts: unknown[] = [];
  for (const table of ['commitment', 'commitment_partner', 'commitment_field', 'commitment_party', 'audit_entry', 'import_provenance', 'import_finding']) parts.push(await db().query(`SELECT * FROM ${table} ORDER BY 1, 2`));
  return JSON.stringify(parts);
}

const EXPECTED_PROBLEMS = (sheet: string, rowOf: (dataIndex: number) => number) => [
  { sheet, row: rowOf(9), column: 'partners', message: expect.stringContaining('ZZ') },
  { sheet, row: rowOf(499), column: 'signed_on', message: expect.stringContaining('2025-02-30') },
  { sheet, row: rowOf(998), column: 'lead_agency', message: expect.stringContaining('Thiếu Cơ quan chủ trì') },
];

describe.each([
  ['XLSX', 'X', (rows: Record<string, string>[]) => workbookRows(rows), 'Commitments'],
  ['CSV', 'C', async (rows: Record<string, string>[]) => readCsv(registerCsv(rows)).rows, 'Commitments.csv'],
] as const)('a 1,000-row register as %s with three bad rows', (_format, prefix, toRows, sheet) => {
  let rows: RowInput[];
  beforeAll(async () => {
    rows = await toRows(withDefects(register(prefix)));
  });

  it('reports all three with sheet, row and column, and writes nothing', async () => {
    const before = await snapshot();
    const report = await importInBatches(sender(editor), `register-${prefix}.${sheet.endsWith('.csv') ? 'csv' : 'xlsx'}`, rows, { batchSize: 400 });
    expect(report.written).toBe(false);
    expect(report.refused).toBe(3);
    expect(report.problems).toEqual(EXPECTED_PROBLEMS(sheet, (i) => i + 2));
    expect(await snapshot()).toBe(before);
    // The API refuses the same batch on its own (all or nothing), naming every problem in extensions.problems.
    const refusal = await sender(editor)({ file: 'x.xlsx', commitments: rows.slice(0, 600), validOnly: false, dryRun: false }).catch((e: ImportError) => e);
    expect(refusal).toBeInstanceOf(ImportError);
    expect((refusal as ImportError).code).toBe('BAD_USER_INPUT');
    expect((refusal as ImportError).problems).toEqual(EXPECTED_PROBLEMS(sheet, (i) => i + 2).slice(0, 2));
    expect(await snapshot()).toBe(before);
  });

  it('a dry run reports what it would write and writes nothing', async () => {
    const before = await snapshot();
    const report = await importInBatches(sender(editor), 'register', rows, { dryRun: true, validOnly: true });
    expect({ written: report.written, created: report.created, refused: report.refused }).toEqual({ written: false, created: 997, refused: 3 });
    expect(await snapshot()).toBe(before);
  });

  it('writes the 997 valid rows on request, with provenance, findings and one audit entry each; re-importing changes nothing', async () => {
    const report = await importInBatches(sender(editor), `register-${prefix}`, rows, { validOnly: true, batchSize: 400 });
    expect({ written: report.written, created: report.created, updated: report.updated, refused: report.refused }).toEqual({ written: true, created: 997, updated: 0, refused: 3 });
    expect(await commitmentsLike(prefix)).toBe(997);
    expect(await count(`SELECT COUNT(*) AS n FROM import_provenance p JOIN commitment c ON c.id = p.commitment_id WHERE c.code LIKE ? AND p.file = ? AND p.imported_by = ?`, [`20-${prefix}-%`, `register-${prefix}`, editor.subject])).toBe(997);
    expect(await count(`SELECT COUNT(*) AS n FROM audit_entry a JOIN commitment c ON c.id = a.commitment_id WHERE c.code LIKE ? AND a.action = 'CREATE'`, [`20-${prefix}-%`])).toBe(997);
    // Signed international agreements fail V8 and V4 on what the register holds (4 in 5 rows are agreements).
    const agreements = await count(`SELECT COUNT(*) AS n FROM commitment WHERE code LIKE ? AND instrument_class = 'INTERNATIONAL_AGREEMENT'`, [`20-${prefix}-%`]);
    expect(await count(`SELECT COUNT(*) AS n FROM import_finding f JOIN commitment c ON c.id = f.commitment_id WHERE c.code LIKE ? AND f.rule = 'V8'`, [`20-${prefix}-%`])).toBe(agreements);
    expect(report.findings).toBe(agreements * 2);
    // The values read back through the API are the file's.
    const { data } = await graph.query<any>('query { commitment(code: "20-' + prefix + '-0002") { title titleEn signedOn signedAt legalStatus fields partners { id } importProvenance { file } importFindings { rule } } }', {}, editor);
    expect(data!.commitment).toMatchObject({ title: 'Thỏa thuận hợp tác số 0002 giữa tỉnh Lạng Sơn và đối tác', titleEn: 'Cooperation agreement 0002', signedOn: '2022-02-02', signedAt: '2022-02-02T09:30:00.000+07:00', legalStatus: 'IN_FORCE', importProvenance: { file: `register-${prefix}` } });
    expect(data!.commitment.importFindings.map((f: any) => f.rule)).toEqual(['V4', 'V8']);

    const before = await snapshot();
    const again = await importInBatches(sender(editor), `register-${prefix}`, rows, { validOnly: true });
    expect({ created: again.created, updated: again.updated, unchanged: again.unchanged }).toEqual({ created: 0, updated: 0, unchanged: 997 });
    expect(await snapshot()).toBe(before);
  });

  it('a changed row updates that record only, with an audit entry naming the change', async () => {
    const changed = rows.map((r) => (r.code === `20-${prefix}-0003` ? { ...r, titleVi: 'Thỏa thuận đã sửa tên', partners: 'CN; KR' } : r));
    const report = await importInBatches(sender(editor), `register-${prefix}-v2`, changed, { validOnly: true });
    expect({ created: report.created, updated: report.updated, unchanged: report.unchanged }).toEqual({ created: 0, updated: 1, unchanged: 996 });
    const audit = await db().query(`SELECT a.action, a.changes FROM audit_entry a JOIN commitment c ON c.id = a.commitment_id WHERE c.code = ? ORDER BY a.id`, [`20-${prefix}-0003`]);
    expect(audit.map((a: any) => a.action)).toEqual(['CREATE', 'UPDATE']);
    expect(Object.keys(JSON.parse(audit[1].changes)).sort()).toEqual(['importedFrom', 'partnerIds', 'titleVi']);
    expect(await count(`SELECT COUNT(*) AS n FROM import_provenance p JOIN commitment c ON c.id = p.commitment_id WHERE c.code = ? AND p.file = ?`, [`20-${prefix}-0003`, `register-${prefix}-v2`])).toBe(1);
  });
});

describe('an agency imports only its own commitments', () => {
  const rows = () => workbookRows(register('F').slice(0, 5));

  it("refuses another agency's token (FORBIDDEN naming the row), writing nothing", async () => {
    const before = await snapshot();
    const refusal = await importInBatches(sender(moit), 'lang-son.xlsx', await rows()).catch((e: ImportError) => e);
    expect(refusal).toBeInstanceOf(ImportError);
    expect((refusal as ImportError).code).toBe('FORBIDDEN');
    expect((refusal as ImportError).message).toMatch(/row 2 .*LOCALITY:20/);
    expect(await snapshot()).toBe(before);
  });

  it('refuses a viewer of the owning agency', async () => {
    const refusal = await importInBatches(sender(viewer), 'lang-son.xlsx', await rows()).catch((e: ImportError) => e);
    expect((refusal as ImportError).code).toBe('FORBIDDEN');
  });

  it("refuses MOIT's row under a code of Lạng Sơn's (a code starts with its owner's id)", async () => {
    const hijack = { ...register('X')[0], lead_agency: 'MINISTRY:MOIT', code: '20-X-0001' };
    const [row] = await workbookRows([hijack]);
    const refusal = await sender(moit)({ file: 'moit.xlsx', commitments: [row], validOnly: true, dryRun: false }).catch((e: ImportError) => e);
    expect(refusal).not.toBeInstanceOf(ImportError);
    expect((refusal as any).refused).toBe(1);
    expect((refusal as any).problems[0]).toMatchObject({ column: 'code' });
  });

  it('refuses the public', async () => {
    const refusal = await importInBatches(sender(null as unknown as Identity), 'x.xlsx', await rows()).catch((e: ImportError) => e);
    expect((refusal as ImportError).code).toBe('UNAUTHENTICATED');
  });
});

describe('the column set', () => {
  it('drives the README table', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain(columnTableMarkdown());
  });

  it('the template (npm run import -- --template FILE) has every header with its note and an example row that validates', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'accords-template-')), 'template.xlsx');
    await writeTemplate(file);
    const { rows, problems } = await readXlsx(file);
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(1);
    expect(validateCommitmentRow(rows[0].sheet, rows[0].row, rows[0]).problems).toEqual([]);
    const ExcelJS = (await import('exceljs')).default;
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const header = workbook.getWorksheet('Commitments')!.getRow(1);
    expect(COMMITMENT_COLUMNS.map((_, i) => [header.getCell(i + 1).value, String((header.getCell(i + 1).note as any)?.texts?.map((t: any) => t.text).join('') ?? header.getCell(i + 1).note)]))
      .toEqual(COMMITMENT_COLUMNS.map((c) => [c.header, expect.stringContaining(c.allowed)]));
  });

  it('names the column and what is allowed for each defect, and accepts the example row', () => {
    const example = Object.fromEntries(COMMITMENT_COLUMNS.map((c) => [c.key, c.example]));
    expect(validateCommitmentRow('S', 2, example).problems).toEqual([]);
    const bad = validateCommitmentRow('S', 7, { ...example, signedOn: '2024-02-30', kind: 'TREATYX', fields: 'ENERGY; ENERGY', signedAt: '2024-03-15T25:00+07:00' });
    expect(bad.problems.map((p) => [p.row, p.column])).toEqual([[7, 'kind'], [7, 'fields'], [7, 'signed_on'], [7, 'signed_at']]);
    expect(bad.problems[0].message).toContain('INTERNATIONAL_AGREEMENT');
    // 2024-02-29 exists (leap year); 2023-02-29 does not.
    expect(validateCommitmentRow('S', 2, { ...example, signedOn: '2024-02-29', signedAt: '', plannedStart: '' }).problems).toEqual([]);
    expect(validateCommitmentRow('S', 2, { ...example, signedOn: '2023-02-29', signedAt: '' }).problems.map((p) => p.column)).toEqual(['signed_on']);
  });
});
