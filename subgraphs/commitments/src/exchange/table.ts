/**
 * Export of any list an operation returns (a KPI table, a league table, a page of commitments): each item flattened
 * to columns named by their path (`agency.id`, `signed`), lists of scalars joined with "; ", in the order the API gave
 * them. CSV (UTF-8 with BOM) or XLSX (one sheet); numbers stay numbers in XLSX.
 */
import ExcelJS from 'exceljs';
import type { RunOperation } from './export';

export type Cell = string | number | boolean | null;

/** `{ agency: { id: 'MOIT' }, signed: 3 }` -> `{ 'agency.id': 'MOIT', signed: 3 }`. */
export function flatten(value: unknown, prefix = '', out: Record<string, Cell> = {}): Record<string, Cell> {
  if (value === null || value === undefined) {
    if (prefix) out[prefix] = null;
  } else if (Array.isArray(value)) {
    out[prefix] = value.map((v) => (v !== null && typeof v === 'object' ? JSON.stringify(v) : String(v))).join('; ');
  } else if (typeof value === 'object') {
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) flatten(v, prefix ? `${prefix}.${key}` : key, out);
  } else {
    out[prefix] = value as Cell;
  }
  return out;
}

export interface ExportTable {
  headers: string[];
  rows: Record<string, Cell>[];
}

/** The list at `path` (dot-separated, e.g. `leagueTable` or `kpis.figures`) in an operation's data, as a table. */
export function tableAt(data: unknown, path: string): ExportTable {
  let list: unknown = data;
  for (const key of path.split('.')) list = (list as Record<string, unknown> | null)?.[key];
  if (!Array.isArray(list)) throw new Error(`The operation's result has no list at "${path}"`);
  const rows = list.map((item) => flatten(item));
  const headers = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return { headers, rows };
}

export async function exportList(run: RunOperation, query: string, variables: Record<string, unknown>, path: string): Promise<ExportTable> {
  return tableAt(await run(query, variables), path);
}

const csvCell = (v: Cell) => {
  const s = v === null ? '' : String(v);
  return /[",\r\n;]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function tableCsv(table: ExportTable): string {
  const lines = [table.headers.map((h) => csvCell(h)).join(','), ...table.rows.map((r) => table.headers.map((h) => csvCell(r[h] ?? null)).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function tableWorkbook(table: ExportTable, sheetName = 'Export'): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(table.headers);
  sheet.getRow(1).font = { bold: true };
  for (const r of table.rows) sheet.addRow(table.headers.map((h) => r[h] ?? null));
  return workbook;
}
