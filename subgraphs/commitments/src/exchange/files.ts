/**
 * Register files: XLSX (exceljs, one sheet per record kind) and CSV (csv-parse, one file per kind, named after its
 * sheet: Commitments.csv, Milestones.csv, ...) in, the same column sets out. Used by `npm run import`, the export and
 * the tests; never by the API (no file goes through the graph: the rows are sent as typed inputs).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { COMMITMENTS_SHEET, COMMITMENT_COLUMNS, rowInputOf, type CommitmentRowInput, type RowProblem } from './columns';
import { SHEETS, SHEET_BY_NAME, commitmentCodeOf, sheetRowInput, type SheetDef, type SheetInput } from './sheets';

/** A row as the API takes it: where it is in the file, and its cells. */
export type RowInput = CommitmentRowInput & { sheet: string; row: number };
/** A row of another sheet as the API takes it (cells keyed like its `…RowInput`). */
export type SheetRowInput = Record<string, string> & { sheet: string; row: number };
/** Every sheet's rows of a register, keyed like `ImportRegisterInput`. */
export type RegisterRows = { commitments: RowInput[] } & Partial<Record<SheetInput, SheetRowInput[]>>;

/** The column headers and the required ones of a sheet (Commitments included). */
const sheetColumns = (name: string) => (name === COMMITMENTS_SHEET ? COMMITMENT_COLUMNS : SHEET_BY_NAME.get(name)!.columns);
export const SHEET_NAMES = [COMMITMENTS_SHEET, ...SHEETS.map((s) => s.name)];
/** A sheet's place in the register (a CSV file named after its sheet takes the sheet's place). */
const sheetOrder = (sheet: string) => SHEET_NAMES.indexOf(sheet.replace(/\.csv$/i, ''));

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

const emptyRegister = (): RegisterRows => ({ commitments: [] });

function addRow(register: RegisterRows, name: string, row: number, byHeader: Record<string, string>, sheet = name) {
  if (name === COMMITMENTS_SHEET) register.commitments.push({ sheet, row, ...rowInputOf(byHeader) });
  else {
    const def = SHEET_BY_NAME.get(name)!;
    (register[def.input] ??= []).push({ sheet, row, ...sheetRowInput(def, byHeader) } as SheetRowInput);
  }
}

/**
 * Every known sheet of a workbook as header-keyed rows with their row numbers (`rows`: the Commitments sheet's, as
 * before). Sheets with other names are ignored; a workbook with none of the register's sheets is a problem.
 */
export async function readXlsx(file: string | Buffer): Promise<{ rows: RowInput[]; register: RegisterRows; problems: RowProblem[] }> {
  const workbook = new ExcelJS.Workbook();
  if (typeof file === 'string') await workbook.xlsx.readFile(file);
  else await workbook.xlsx.load(file as unknown as ArrayBuffer);
  const register = emptyRegister();
  const problems: RowProblem[] = [];
  const present = SHEET_NAMES.filter((name) => workbook.getWorksheet(name));
  if (!present.length) return { rows: [], register, problems: [{ sheet: COMMITMENTS_SHEET, row: 0, column: null, message: `Tệp không có trang tính nào của sổ đăng ký (${SHEET_NAMES.join(', ')})` }] };
  for (const name of present) {
    const sheet = workbook.getWorksheet(name)!;
    const headers: string[] = [];
    sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => (headers[col] = cellText(cell.value).trim()));
    problems.push(...missingHeaders(name, headers.filter(Boolean)));
    sheet.eachRow({ includeEmpty: false }, (row, number) => {
      if (number === 1) return;
      const cells: Record<string, string> = {};
      row.eachCell({ includeEmpty: true }, (cell, col) => {
        if (headers[col]) cells[headers[col]] = cellText(cell.value);
      });
      if (Object.values(cells).every((v) => !v.trim())) return;
      addRow(register, name, number, cells);
    });
  }
  return { rows: register.commitments, register, problems };
}

function parseCsv(text: string, name: string, sheet: string): { register: RegisterRows; problems: RowProblem[] } {
  const records = parse(text, { bom: true, columns: true, skip_empty_lines: true, relax_column_count: true, info: true, trim: false }) as { record: Record<string, string>; info: { lines: number } }[];
  const headerLine = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0];
  const headers = (parse(headerLine, { columns: false }) as string[][])[0] ?? [];
  const register = emptyRegister();
  for (const { record, info } of records) addRow(register, name, info.lines, record, sheet);
  return { register, problems: missingHeaders(sheet, headers) };
}

/** A CSV of the Commitments kind (UTF-8, with or without BOM); row numbers are the file's line numbers. */
export function readCsv(text: string, sheet = `${COMMITMENTS_SHEET}.csv`): { rows: RowInput[]; problems: RowProblem[] } {
  const { register, problems } = parseCsv(text, COMMITMENTS_SHEET, sheet);
  return { rows: register.commitments, problems };
}

/** A CSV of one kind, named by its sheet (Milestones.csv holds the Milestones sheet). */
export function readSheetCsv(name: string, text: string, sheet = `${name}.csv`): { register: RegisterRows; problems: RowProblem[] } {
  if (!SHEET_NAMES.includes(name)) throw new Error(`${name} is not a sheet of the register (${SHEET_NAMES.join(', ')})`);
  return parseCsv(text, name, sheet);
}

function missingHeaders(sheet: string, headers: string[]): RowProblem[] {
  const name = sheet.replace(/\.csv$/i, '');
  return sheetColumns(SHEET_NAMES.includes(name) ? name : COMMITMENTS_SHEET)
    .filter((c) => c.required && !headers.includes(c.header))
    .map((c) => ({ sheet, row: 1, column: c.header, message: `Thiếu cột ${c.header} (${c.label}) ở dòng tiêu đề` }));
}

/** Adds one register's rows to another. */
export function mergeRegisters(into: RegisterRows, from: RegisterRows): RegisterRows {
  into.commitments.push(...from.commitments);
  for (const def of SHEETS) if (from[def.input]?.length) (into[def.input] ??= []).push(...from[def.input]!);
  return into;
}

/**
 * Reads a register: an .xlsx workbook (every sheet), a .csv file (its kind from its name, e.g. Milestones.csv;
 * Commitments otherwise), or a folder holding one CSV per kind named after the sheets.
 */
export async function readRegister(file: string): Promise<{ rows: RowInput[]; register: RegisterRows; problems: RowProblem[] }> {
  if (fs.statSync(file).isDirectory()) {
    const register = emptyRegister();
    const problems: RowProblem[] = [];
    const present = SHEET_NAMES.filter((name) => fs.existsSync(path.join(file, `${name}.csv`)));
    if (!present.length) problems.push({ sheet: file, row: 0, column: null, message: `Thư mục không có tệp CSV nào của sổ đăng ký (${SHEET_NAMES.map((n) => `${n}.csv`).join(', ')})` });
    for (const name of present) {
      const read = readSheetCsv(name, fs.readFileSync(path.join(file, `${name}.csv`), 'utf8'));
      mergeRegisters(register, read.register);
      problems.push(...read.problems);
    }
    return { rows: register.commitments, register, problems };
  }
  if (file.toLowerCase().endsWith('.xlsx')) return readXlsx(file);
  const base = path.basename(file);
  const name = SHEET_NAMES.find((n) => base.toLowerCase() === `${n.toLowerCase()}.csv`) ?? COMMITMENTS_SHEET;
  const read = readSheetCsv(name, fs.readFileSync(file, 'utf8'), base);
  return { rows: read.register.commitments, register: read.register, problems: read.problems };
}

function addSheet(workbook: ExcelJS.Workbook, name: string, rows: Record<string, string>[], withNotes: boolean) {
  const columns = sheetColumns(name);
  const sheet = workbook.addWorksheet(name);
  sheet.addRow(columns.map((c) => c.header));
  if (withNotes) columns.forEach((c, i) => (sheet.getRow(1).getCell(i + 1).note = `${c.label}${c.required ? ' (bắt buộc)' : ''}: ${c.allowed}`));
  sheet.getRow(1).font = { bold: true };
  // Every cell is text: dates stay YYYY-MM-DD, codes keep their leading zeros.
  for (const row of rows) sheet.addRow(columns.map((c) => row[c.header] ?? ''));
  columns.forEach((c, i) => {
    sheet.getColumn(i + 1).numFmt = '@';
    sheet.getColumn(i + 1).width = Math.min(60, Math.max(12, c.header.length + 4));
  });
}

/** A workbook with the Commitments sheet: headers (with their notes), then the given rows. */
export function registerWorkbook(rows: Record<string, string>[], withNotes = false): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  addSheet(workbook, COMMITMENTS_SHEET, rows, withNotes);
  return workbook;
}

/** A workbook with every sheet of the register (each written, empty or not), rows by sheet name. */
export function fullRegisterWorkbook(sheets: Record<string, Record<string, string>[]>, withNotes = false): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  for (const name of SHEET_NAMES) addSheet(workbook, name, sheets[name] ?? [], withNotes);
  return workbook;
}

/** `npm run import -- --template FILE`: every sheet with its headers, a note per header (what is allowed) and one example row. */
export async function writeTemplate(file: string): Promise<void> {
  const examples = Object.fromEntries(SHEET_NAMES.map((name) => [name, [Object.fromEntries(sheetColumns(name).map((c) => [c.header, c.example]))]]));
  await fullRegisterWorkbook(examples, true).xlsx.writeFile(file);
}

const csvCell = (v: string) => (/[",\r\n;]/.test(v) || /^\s|\s$/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The rows of one sheet as CSV (UTF-8 with BOM, so Excel shows the diacritics; CRLF line ends). */
export function sheetCsv(name: string, rows: Record<string, string>[]): string {
  const columns = sheetColumns(name);
  const lines = [columns.map((c) => c.header).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c.header] ?? '')).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The Commitments rows as CSV. */
export const registerCsv = (rows: Record<string, string>[]) => sheetCsv(COMMITMENTS_SHEET, rows);

/** Every sheet as `<Sheet>.csv` in a folder (each written, empty or not). */
export function writeCsvFolder(folder: string, sheets: Record<string, Record<string, string>[]>): void {
  fs.mkdirSync(folder, { recursive: true });
  for (const name of SHEET_NAMES) fs.writeFileSync(path.join(folder, `${name}.csv`), sheetCsv(name, sheets[name] ?? []));
}

export interface ImportOptions {
  validOnly?: boolean;
  dryRun?: boolean;
  /** Rows per call (over all sheets); a commitment's rows always travel together. */
  batchSize?: number;
}

export interface SheetTotals {
  sheet: string;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
}

export interface ImportTotals {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  findings: number;
  problems: RowProblem[];
  sheets?: SheetTotals[];
  written: boolean;
}

export type BatchInput = { file: string; commitments: RowInput[]; validOnly: boolean; dryRun: boolean } & Partial<Record<SheetInput, SheetRowInput[]>>;

/** One call of `importRegister` (through the gateway with the caller's token, or in-process in tests). */
export type SendBatch = (input: BatchInput) => Promise<Omit<ImportTotals, 'written'>>;

/**
 * The register cut into batches of about `size` rows. A commitment's rows (on every sheet) travel in one batch, so
 * that a milestone is checked with its commitment, programme and parent; rows keep their order within each sheet.
 */
export function batchesOf(register: RegisterRows, size: number): RegisterRows[] {
  const groups = new Map<string, RegisterRows>();
  const group = (code: string) => {
    let g = groups.get(code);
    if (!g) groups.set(code, (g = emptyRegister()));
    return g;
  };
  for (const r of register.commitments) group(typeof r.code === 'string' ? r.code.trim() : '').commitments.push(r);
  for (const def of SHEETS) for (const r of register[def.input] ?? []) (group(commitmentCodeOf(r))[def.input] ??= []).push(r);
  const count = (g: RegisterRows) => g.commitments.length + SHEETS.reduce((n, d) => n + (g[d.input]?.length ?? 0), 0);
  const batches: RegisterRows[] = [];
  let current = emptyRegister();
  for (const g of groups.values()) {
    if (count(current) && count(current) + count(g) > size) {
      batches.push(current);
      current = emptyRegister();
    }
    mergeRegisters(current, g);
  }
  if (count(current)) batches.push(current);
  return batches;
}

/**
 * Sends a register in batches. All or nothing across batches: every batch is first checked as a dry run, and nothing
 * is written when any row of any batch fails (unless `validOnly`). Then the batches are written.
 */
export async function importInBatches(send: SendBatch, file: string, rows: RowInput[] | RegisterRows, options: ImportOptions = {}): Promise<ImportTotals> {
  const register: RegisterRows = Array.isArray(rows) ? { commitments: rows } : rows;
  const batches = batchesOf(register, options.batchSize ?? 500);
  const total = register.commitments.length + SHEETS.reduce((n, d) => n + (register[d.input]?.length ?? 0), 0);
  const sum = (reports: Omit<ImportTotals, 'written'>[], written: boolean): ImportTotals => {
    const sheets = new Map<string, SheetTotals>();
    for (const s of reports.flatMap((r) => r.sheets ?? [])) {
      const t = sheets.get(s.sheet) ?? { sheet: s.sheet, created: 0, updated: 0, unchanged: 0, refused: 0 };
      sheets.set(s.sheet, { sheet: s.sheet, created: t.created + s.created, updated: t.updated + s.updated, unchanged: t.unchanged + s.unchanged, refused: t.refused + s.refused });
    }
    return {
      rows: total,
      created: reports.reduce((n, r) => n + r.created, 0),
      updated: reports.reduce((n, r) => n + r.updated, 0),
      unchanged: reports.reduce((n, r) => n + r.unchanged, 0),
      refused: reports.reduce((n, r) => n + r.refused, 0),
      findings: reports.reduce((n, r) => n + r.findings, 0),
      // In the file's order: sheet by sheet (Commitments first), then by row, whichever batch found them.
      problems: reports.flatMap((r) => r.problems).sort((a, b) => sheetOrder(a.sheet) - sheetOrder(b.sheet) || a.sheet.localeCompare(b.sheet) || a.row - b.row),
      sheets: [...sheets.values()],
      written,
    };
  };
  const inputOf = (batch: RegisterRows, validOnly: boolean, dryRun: boolean): BatchInput => {
    const input: BatchInput = { file, commitments: batch.commitments, validOnly, dryRun };
    for (const def of SHEETS) if (batch[def.input]?.length) input[def.input] = batch[def.input];
    return input;
  };
  const checks = [];
  for (const batch of batches) checks.push(await send(inputOf(batch, true, true)));
  const checked = sum(checks, false);
  if (options.dryRun || (checked.problems.length && !options.validOnly)) return checked;
  const done = [];
  for (const batch of batches) done.push(await send(inputOf(batch, options.validOnly ?? false, false)));
  return sum(done, true);
}

export type { SheetDef };
