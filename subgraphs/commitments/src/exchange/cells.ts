/**
 * One cell of an import row, for every sheet: what each column kind accepts, what it becomes, and the wording of a
 * problem. The Commitments sheet (`columns.ts`) and the other sheets (`sheets.ts`) both read their rows' cells here;
 * only the checks across the cells of a row are theirs. Pure: no database, no network, no file.
 */

/** A problem with one cell (or one row when `column` is null), located as the user sees it in the file. */
export interface RowProblem {
  sheet: string;
  row: number;
  column: string | null;
  message: string;
}

export type CellKind = 'text' | 'code' | 'enum' | 'list' | 'enumList' | 'agency' | 'official' | 'date' | 'instant' | 'decimal' | 'int' | 'bool';

/** What the cell reader needs of a column (both `Column` and `SheetColumn` are one). */
export interface CellColumn {
  header: string;
  key: string;
  kind: CellKind;
  required: boolean;
  label: string;
  allowed: string;
  values?: readonly string[];
  max?: number;
  scale?: number;
}

export const AGENCY_TYPES = ['MINISTRY', 'MINISTRY_UNIT', 'LOCALITY', 'PROVINCIAL_DEPARTMENT'] as const;
export type AgencyRef = { type: (typeof AGENCY_TYPES)[number]; id: string };

/** A valid cell's value. `agency` gives an `AgencyRef` or, with `agency: 'text'`, the cell's text (`LOCALITY:20`). */
export type CellValue = string | number | boolean | Date | string[] | AgencyRef;

const CODE = /^[A-Z0-9][A-Z0-9-]{2,39}$/;
const AGENCY = new RegExp(`^(${AGENCY_TYPES.join('|')}):([A-Za-z0-9-]{1,24})$`);
const PARTNER_ID = /^[A-Za-z0-9-]{1,16}$/;
const OFFICIAL = /^[A-Za-z0-9._:-]{1,40}$/;
const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const DECIMAL = /^(-?)(\d{1,16})(?:\.(\d+))?$/;
const INT = /^-?\d{1,9}$/;
const BOOLS = new Map([['yes', true], ['true', true], ['có', true], ['no', false], ['false', false], ['không', false]]);

/** A real calendar date written YYYY-MM-DD (2025-02-30 is not one). */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** `a; b ;c` -> ['a','b','c'] (commas are accepted too). */
export const splitList = (value: string) => value.split(/[;,]/).map((v) => v.trim()).filter(Boolean);

/** "12.5" -> "12.50" at scale 2 (what both engines read back); null when not a decimal or too precise. */
export function fixedDecimal(value: string, scale: number): string | null {
  const m = DECIMAL.exec(value);
  if (!m) return null;
  const fraction = (m[3] ?? '').replace(/0+$/, '');
  if (fraction.length > scale) return null;
  const whole = m[2].replace(/^0+(?=\d)/, '');
  const sign = m[1] && (Number(whole) !== 0 || fraction) ? '-' : '';
  return scale ? `${sign}${whole}.${fraction.padEnd(scale, '0')}` : `${sign}${whole}`;
}

/** An instant with its time zone (2024-03-15T10:30+07:00), on a real date and clock time; null otherwise. */
function parseInstant(value: string): Date | null {
  const m = INSTANT.exec(value);
  const at = m && isCalendarDate(m[1]) && Number(m[2]) < 24 && Number(m[3]) < 60 ? new Date(value) : null;
  return at && !Number.isNaN(at.getTime()) ? at : null;
}

/** A list cell: its items, or what is wrong with them (`unknown` says why an item is refused). */
function parseList(value: string, isValid: (item: string) => boolean, unknown: string, repeated: string): { value: string[] } | { defect: string } {
  const items = splitList(value);
  const invalid = items.filter((i) => !isValid(i));
  if (invalid.length) return { defect: `${unknown}: ${invalid.join(', ')}` };
  if (new Set(items).size !== items.length) return { defect: repeated };
  return { value: items };
}

/** How a caller keeps some kinds' values (see `readCells`). */
export interface CellForm {
  /** `ref` (default): `{ type, id }`; `text`: the cell as written (`LOCALITY:20`). */
  agency?: 'ref' | 'text';
  /** `millisecond` (default): the instant as written; `second`: cut to the whole second (what the export writes). */
  instant?: 'millisecond' | 'second';
}

/**
 * One trimmed, non-empty cell: its typed value, or what is wrong with it (the words that follow the quoted value in
 * the problem's message).
 */
export function parseCell(column: CellColumn, value: string, form: CellForm = {}): { value: CellValue } | { defect: string } {
  switch (column.kind) {
    case 'text':
      return value.length > column.max! ? { defect: `dài ${value.length} ký tự` } : { value };
    case 'code':
      return CODE.test(value) ? { value } : { defect: 'không hợp lệ' };
    case 'enum':
      return column.values!.includes(value) ? { value } : { defect: 'không thuộc danh mục' };
    case 'enumList':
      return parseList(value, (i) => column.values!.includes(i), 'có giá trị không thuộc danh mục', 'lặp lại một giá trị');
    case 'list':
      return parseList(value, (i) => PARTNER_ID.test(i), 'có mã không hợp lệ', 'lặp lại một mã');
    case 'agency': {
      const m = AGENCY.exec(value);
      if (!m) return { defect: 'không phải mã cơ quan' };
      return { value: form.agency === 'text' ? value : { type: m[1] as AgencyRef['type'], id: m[2] } };
    }
    case 'official':
      return OFFICIAL.test(value) ? { value } : { defect: 'không phải mã cán bộ' };
    case 'date':
      return isCalendarDate(value) ? { value } : { defect: 'không phải ngày có thật' };
    case 'instant': {
      const at = parseInstant(value);
      if (!at) return { defect: 'không phải thời điểm hợp lệ' };
      return { value: form.instant === 'second' ? new Date(Math.floor(at.getTime() / 1000) * 1000) : at };
    }
    case 'decimal': {
      const fixed = fixedDecimal(value, column.scale!);
      return fixed === null ? { defect: 'không phải số hợp lệ' } : { value: fixed };
    }
    case 'int':
      return INT.test(value) ? { value: Number(value) } : { defect: 'không phải số nguyên' };
    case 'bool': {
      const b = BOOLS.get(value.toLowerCase());
      return b === undefined ? { defect: 'không phải yes/no' } : { value: b };
    }
  }
}

/** A cell as the reader sees it: trimmed text ('' when absent). */
export const cellTextOf = (raw: unknown) => (typeof raw === 'string' ? raw.trim() : raw == null ? '' : String(raw).trim());

/**
 * Reads the cells of one row, column by column: each value by its column's key (null for an empty or refused cell, []
 * for an empty list), and a problem for each missing required cell and each refused one, naming the sheet, the row
 * and the column by its header, and saying what is allowed.
 */
export function readCells(
  columns: readonly CellColumn[],
  sheet: string,
  row: number,
  cells: Record<string, unknown>,
  problems: RowProblem[],
  form: CellForm = {},
): Record<string, CellValue | null> {
  const out: Record<string, CellValue | null> = {};
  for (const column of columns) {
    const value = cellTextOf(cells[column.key]);
    out[column.key] = null;
    if (!value) {
      if (column.required) problems.push({ sheet, row, column: column.header, message: `Thiếu ${column.label} (cột ${column.header}): bắt buộc; cho phép ${column.allowed}` });
      if (column.kind === 'list' || column.kind === 'enumList') out[column.key] = [];
      continue;
    }
    const parsed = parseCell(column, value, form);
    if ('value' in parsed) out[column.key] = parsed.value;
    else problems.push({ sheet, row, column: column.header, message: `${column.label} (cột ${column.header}) "${value.slice(0, 80)}" ${parsed.defect}; cho phép ${column.allowed}` });
  }
  return out;
}
