/**
 * The one cell reader of the import (src/exchange/cells.ts), which the Commitments sheet and every other sheet use:
 * the same wording, the same refusals, on both.
 */
import { parseCell, readCells, type CellColumn, type RowProblem } from '../src/exchange/cells';
import { COMMITMENT_COLUMNS, validateCommitmentRow } from '../src/exchange/columns';
import { SHEETS, validateSheetRow } from '../src/exchange/sheets';

const column = (kind: CellColumn['kind'], extra: Partial<CellColumn> = {}): CellColumn => ({ header: 'c', key: 'c', kind, required: false, label: 'Cột', allowed: 'gì đó', ...extra });
const parsed = (kind: CellColumn['kind'], value: string, extra: Partial<CellColumn> = {}) => parseCell(column(kind, extra), value);

describe('exchange cells', () => {
  it('parses each kind, or says what is wrong', () => {
    expect(parsed('date', '2024-02-29')).toEqual({ value: '2024-02-29' });
    expect(parsed('date', '2025-02-30')).toEqual({ defect: 'không phải ngày có thật' });
    expect(parsed('instant', '2024-03-15T10:30:00.789+07:00')).toEqual({ value: new Date('2024-03-15T03:30:00.789Z') });
    expect(parseCell(column('instant'), '2024-03-15T10:30:00.789+07:00', { instant: 'second' })).toEqual({ value: new Date('2024-03-15T03:30:00Z') });
    expect(parsed('instant', '2024-03-15T24:00+07:00')).toEqual({ defect: 'không phải thời điểm hợp lệ' });
    expect(parsed('decimal', '12.5', { scale: 2 })).toEqual({ value: '12.50' });
    expect(parsed('decimal', '1.234', { scale: 2 })).toEqual({ defect: 'không phải số hợp lệ' });
    expect(parsed('int', '-12')).toEqual({ value: -12 });
    expect(parsed('int', '1.5')).toEqual({ defect: 'không phải số nguyên' });
    expect([parsed('bool', 'CÓ'), parsed('bool', 'No'), parsed('bool', 'maybe')]).toEqual([{ value: true }, { value: false }, { defect: 'không phải yes/no' }]);
    expect(parsed('enum', 'B', { values: ['A', 'B'] })).toEqual({ value: 'B' });
    expect(parsed('enum', 'C', { values: ['A', 'B'] })).toEqual({ defect: 'không thuộc danh mục' });
    expect(parsed('enumList', 'A; C, D', { values: ['A', 'B'] })).toEqual({ defect: 'có giá trị không thuộc danh mục: C, D' });
    expect(parsed('enumList', 'A;A', { values: ['A', 'B'] })).toEqual({ defect: 'lặp lại một giá trị' });
    expect(parsed('list', 'CN; JP')).toEqual({ value: ['CN', 'JP'] });
    expect(parsed('agency', 'MINISTRY_UNIT:MOFA-DILT')).toEqual({ value: { type: 'MINISTRY_UNIT', id: 'MOFA-DILT' } });
    expect(parseCell(column('agency'), 'LOCALITY:20', { agency: 'text' })).toEqual({ value: 'LOCALITY:20' });
    expect(parsed('text', 'abcd', { max: 3 })).toEqual({ defect: 'dài 4 ký tự' });
  });

  it('reports missing and refused cells with the sheet, the row, the column and what is allowed', () => {
    const problems: RowProblem[] = [];
    const columns = [column('int', { header: 'n', key: 'n', required: true, label: 'Số', allowed: 'số nguyên' }), column('list', { header: 'l', key: 'l' }), column('date', { header: 'd', key: 'd' })];
    expect(readCells(columns, 'Trang', 4, { n: ' ', d: ' 2025-02-30 ' }, problems)).toEqual({ n: null, l: [], d: null });
    expect(problems).toEqual([
      { sheet: 'Trang', row: 4, column: 'n', message: 'Thiếu Số (cột n): bắt buộc; cho phép số nguyên' },
      { sheet: 'Trang', row: 4, column: 'd', message: 'Cột (cột d) "2025-02-30" không phải ngày có thật; cho phép gì đó' },
    ]);
  });

  it('words a refused date the same on the Commitments sheet and on the other sheets', () => {
    const example = Object.fromEntries(COMMITMENT_COLUMNS.map((c) => [c.key, c.example]));
    const commitment = validateCommitmentRow('Commitments', 3, { ...example, plannedStart: '2025-02-30' }).problems;
    const milestones = SHEETS.find((s) => s.name === 'Milestones')!;
    const milestone = validateSheetRow(milestones, 'Milestones', 3, { ...Object.fromEntries(milestones.columns.map((c) => [c.key, c.example])), dueOn: '2025-02-30' }).problems;
    expect(commitment).toEqual([{ sheet: 'Commitments', row: 3, column: 'planned_start', message: 'Bắt đầu dự kiến (cột planned_start) "2025-02-30" không phải ngày có thật; cho phép ngày có thật dạng YYYY-MM-DD' }]);
    expect(milestone).toEqual([{ sheet: 'Milestones', row: 3, column: 'due_on', message: expect.stringMatching(/^.+ \(cột due_on\) "2025-02-30" không phải ngày có thật; cho phép /) }]);
  });
});
