/**
 * Register files: XLSX (exceljs) and CSV (csv-parse) in, the same column set out. Used by `npm run import`, the
 * export and the tests; never by the API (no file goes through the graph: the rows are sent as typed inputs).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { COMMITMENTS_SHEET, COMMITMENT_COLUMNS, rowInputOf, type CommitmentRowInput, type RowProblem } from './columns';

/** A row as the API takes it: where it is in the file, and its cells. */
export type RowInput = CommitmentRowInput & { sheet: string; row: number };

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // exceljs reads a date cell as UTC midnight of the date written; a time of day is kept when there is one.
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    return '';
  }
  return String(value);
}

/** The Commitments sheet of a workbook as header-keyed rows with their row numbers. */
export async function readXlsx(file: string | Buffer): Promise<{ rows: RowInput[]; problems: RowProblem[] }> {
  const workbook = new ExcelJS.Workbook();
  if (typeof file === 'string') await workbook.xlsx.readFile(file);
  else await workbook.xlsx.load(file as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(COMMITMENTS_SHEET);
  if (!sheet) return { rows: [], problems: [{ sheet: COMMITMENTS_SHEET, row: 0, column: null, message: `Tệp không có trang tính "${COMMITMENTS_SHEET}"` }] };
  const headers: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => (headers[col] = cellText(cell.value).trim()));
  const problems = missingHeaders(COMMITMENTS_SHEET, headers.filter(Boolean));
  const rows: RowInput[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    if (number === 1) return;
    const cells: Record<string, string> = {};
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      if (headers[col]) cells[headers[col]] = cellText(cell.value);
    });
    if (Object.values(cells).every((v) => !v.trim())) return;
    rows.push({ sheet: COMMITMENTS_SHEET, row: number, ...rowInputOf(cells) });
  });
  return { rows, problems };
}

/** A CSV of the Commitments kind (UTF-8, with or without BOM); row numbers are the file's line numbers. */
export function readCsv(text: string, sheet = `${COMMITMENTS_SHEET}.csv`): { rows: RowInput[]; problems: RowProblem[] } {
  const records = parse(text, { bom: true, columns: true, skip_empty_lines: true, relax_column_count: true, info: true, trim: false }) as { record: Record<string, string>; info: { lines: number } }[];
  const headerLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
  const headers = (parse(headerLine, { columns: false }) as string[][])[0] ?? [];
  const problems = missingHeaders(sheet, headers);
  return { rows: records.map(({ record, info }) => ({ sheet, row: info.lines, ...rowInputOf(record) })), problems };
}

function missingHeaders(sheet: string, headers: string[]): RowProblem[] {
  return COMMITMENT_COLUMNS.filter((c) => c.required && !headers.includes(c.header)).map((c) => ({ sheet, row: 1, column: c.header, message: `Thiếu cột ${c.header} (${c.label}) ở dòng tiêu đề` }));
}

/** Reads a register: an .xlsx workbook, a .csv file, or a folder holding Commitments.csv. */
export async function readRegister(file: string): Promise<{ rows: RowInput[]; problems: RowProblem[] }> {
  if (fs.statSync(file).isDirectory()) file = path.join(file, `${COMMITMENTS_SHEET}.csv`);
  if (file.toLowerCase().endsWith('.xlsx')) return readXlsx(file);
  return readCsv(fs.readFileSync(file, 'utf8'), path.basename(file));
}

/** A workbook with the Commitments sheet: headers (with their notes), then the given rows. */
export function registerWorkbook(rows: Record<string, string>[], withNotes = false): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(COMMITMENTS_SHEET);
  sheet.addRow(COMMITMENT_COLUMNS.map((c) => c.header));
  if (withNotes) COMMITMENT_COLUMNS.forEach((c, i) => (sheet.getRow(1).getCell(i + 1).note = `${c.label}${c.required ? ' (bắt buộc)' : ''}: ${c.allowed}`));
  sheet.getRow(1).font = { bold: true };
  // Every cell is text: dates stay YYYY-MM-DD, codes keep their leading zeros.
  for (const row of rows) sheet.addRow(COMMITMENT_COLUMNS.map((c) => row[c.header] ?? ''));
  COMMITMENT_COLUMNS.forEach((c, i) => {
    sheet.getColumn(i + 1).numFmt = '@';
    sheet.getColumn(i + 1).width = Math.min(60, Math.max(12, c.header.length + 4));
  });
  return workbook;
}

/** `npm run import -- --template FILE`: headers, a note per header (what is allowed) and one example row. */
export async function writeTemplate(file: string): Promise<void> {
  const example = Object.fromEntries(COMMITMENT_COLUMNS.map((c) => [c.header, c.example]));
  await registerWorkbook([example], true).xlsx.writeFile(file);
}

const csvCell = (v: string) => (/[",\r\n;]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The same rows as CSV (UTF-8 with BOM, so Excel shows the diacritics; CRLF line ends). */
export function registerCsv(rows: Record<string, string>[]): string {
  const lines = [COMMITMENT_COLUMNS.map((c) => c.header).join(',')];
  for (const row of rows) lines.push(COMMITMENT_COLUMNS.map((c) => csvCell(row[c.header] ?? '')).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export interface ImportOptions {
  validOnly?: boolean;
  dryRun?: boolean;
  batchSize?: number;
}

export interface ImportTotals {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  findings: number;
  problems: RowProblem[];
  written: boolean;
}

/** One call of `importRegister` (through the gateway with the caller's token, or in-process in tests). */
export type SendBatch = (input: { file: string; commitments: RowInput[]; validOnly: boolean; dryRun: boolean }) => Promise<Omit<ImportTotals, 'written'>>;

/**
 * Sends a register in batches. All or nothing across batches: every batch is first checked as a dry run, and nothing
 * is written when any row of any batch fails (unless `validOnly`). Then the batches are written.
 */
export async function importInBatches(send: SendBatch, file: string, rows: RowInput[], options: ImportOptions = {}): Promise<ImportTotals> {
  const size = options.batchSize ?? 500;
  const batches: RowInput[][] = [];
  for (let i = 0; i < rows.length; i += size) batches.push(rows.slice(i, i + size));
  const sum = (reports: Omit<ImportTotals, 'written'>[], written: boolean): ImportTotals => ({
    rows: rows.length,
    created: reports.reduce((n, r) => n + r.created, 0),
    updated: reports.reduce((n, r) => n + r.updated, 0),
    unchanged: reports.reduce((n, r) => n + r.unchanged, 0),
    refused: reports.reduce((n, r) => n + r.refused, 0),
    findings: reports.reduce((n, r) => n + r.findings, 0),
    problems: reports.flatMap((r) => r.problems),
    written,
  });
  const checks = [];
  for (const batch of batches) checks.push(await send({ file, commitments: batch, validOnly: true, dryRun: true }));
  const checked = sum(checks, false);
  if (options.dryRun || (checked.problems.length && !options.validOnly)) return checked;
  const done = [];
  for (const batch of batches) done.push(await send({ file, commitments: batch, validOnly: options.validOnly ?? false, dryRun: false }));
  return sum(done, true);
}
