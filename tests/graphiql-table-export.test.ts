/**
 * The table logic behind GraphiQL's CSV/XLSX download (issue #13), in Node: the same file the page inlines
 * (gateway/src/plugins/graphiql/table-export.js). The browser test (graphiql-export.browser.test.ts) drives the page.
 */
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { csvOf, fileNameFor, flatten, guardFormula, listsIn, sheetNameFor, tableOf, workbookOf, type Table } from '@accords/gateway/src/plugins/graphiql/table-export';

const readCsv = (text: string) => parse(text, { bom: true, columns: false, relax_quotes: false }) as string[][];

const RESULT = {
  data: {
    commitments: {
      totalCount: 2,
      edges: [
        {
          cursor: 'YQ==',
          node: {
            code: '20-2026-901',
            title: 'Thỏa thuận hợp tác xây dựng cửa khẩu thông minh Lạng Sơn – Quảng Tây',
            signedOn: '2026-03-02',
            fields: ['ECONOMY_TRADE_INVESTMENT', 'TRANSPORT'],
            leadAgency: { __typename: 'Locality', name: 'Tỉnh Lạng Sơn' },
            partners: [{ name: 'Trung Quốc' }],
            version: 3,
          },
        },
        {
          cursor: 'Yg==',
          node: {
            code: 'MOH-2025-001',
            title: 'Bản ghi nhớ về y tế, "ưu tiên"',
            signedOn: null,
            fields: [],
            leadAgency: null,
            partners: [{ name: 'Nhật Bản' }, { name: 'Hàn Quốc' }],
            version: 1,
          },
        },
      ],
    },
    ministries: [{ id: 'MOH', units: [{ id: 'MOH-A' }] }],
    nothing: [],
    tags: ['a', 'b'],
  },
};

describe('finding the lists in a result', () => {
  it('lists every outer list of objects from data, in document order, and skips scalar and empty lists', () => {
    const lists = listsIn(RESULT);
    expect(lists.map((l) => l.path)).toEqual(['commitments.edges', 'ministries']);
    expect(lists[0].items).toBe(RESULT.data.commitments.edges);
  });

  it('finds nothing in an error-only result or a non-object', () => {
    expect(listsIn({ errors: [{ message: 'boom' }], data: null })).toEqual([]);
    expect(listsIn(null)).toEqual([]);
    expect(listsIn('text')).toEqual([]);
  });

  it('accepts the data object itself and keeps nulls in a list of objects (a partial answer)', () => {
    const lists = listsIn({ partners: [{ id: 'JP' }, null] });
    expect(lists).toHaveLength(1);
    expect(tableOf(lists[0].items)).toEqual({ columns: ['id'], rows: [{ id: 'JP' }, { id: null }] });
  });
});

describe('flattening', () => {
  it('names nested fields with dots, joins scalar lists and one-field object lists with "; "', () => {
    expect(flatten({ a: { b: { c: 1 } }, list: [1, 'x', null, true], people: [{ name: 'An' }, { name: 'Bình' }] })).toEqual({
      'a.b.c': 1,
      list: '1; x; ; true',
      people: 'An; Bình',
    });
  });

  it('keeps objects of several fields in a list as JSON', () => {
    expect(flatten({ parties: [{ id: 'JP', role: 'PARTNER' }] })).toEqual({ parties: '{"id":"JP","role":"PARTNER"}' });
  });

  it('gives one row per node of a connection, columns in first-seen order, a null object only as its fields', () => {
    const table = tableOf(RESULT.data.commitments.edges);
    expect(table.columns).toEqual(['code', 'title', 'signedOn', 'fields', 'leadAgency.__typename', 'leadAgency.name', 'partners', 'version']);
    expect(table.rows[0]).toEqual({
      code: '20-2026-901',
      title: 'Thỏa thuận hợp tác xây dựng cửa khẩu thông minh Lạng Sơn – Quảng Tây',
      signedOn: '2026-03-02',
      fields: 'ECONOMY_TRADE_INVESTMENT; TRANSPORT',
      'leadAgency.__typename': 'Locality',
      'leadAgency.name': 'Tỉnh Lạng Sơn',
      partners: 'Trung Quốc',
      version: 3,
    });
    expect(table.rows[1]).toMatchObject({ signedOn: null, fields: '', 'leadAgency.name': null, partners: 'Nhật Bản; Hàn Quốc' });
  });

  it('keeps a column for an object that is null in every row and has no fields elsewhere', () => {
    expect(tableOf([{ id: 1, lead: null }]).columns).toEqual(['id', 'lead']);
  });

  it('treats a list whose items carry more than node and cursor as plain objects', () => {
    expect(tableOf([{ node: { id: 1 }, extra: 2 }]).columns).toEqual(['node.id', 'extra']);
  });
});

describe('CSV', () => {
  it('starts with a BOM, ends lines with CRLF and quotes as RFC 4180 says', () => {
    const table: Table = { columns: ['code', 'note'], rows: [{ code: 'A', note: 'a, "b"\nc' }, { code: 'B', note: null }] };
    const csv = csvOf(table);
    expect(csv.startsWith('\uFEFFcode,note\r\n')).toBe(true);
    expect(csv).toBe('\uFEFFcode,note\r\nA,"a, ""b""\nc"\r\nB,\r\n');
    expect(readCsv(csv)).toEqual([['code', 'note'], ['A', 'a, "b"\nc'], ['B', '']]);
  });

  it('round-trips the commitments table, Vietnamese diacritics included', () => {
    const table = tableOf(RESULT.data.commitments.edges);
    const [header, ...rows] = readCsv(csvOf(table));
    expect(header).toEqual(table.columns);
    expect(rows[0][1]).toBe('Thỏa thuận hợp tác xây dựng cửa khẩu thông minh Lạng Sơn – Quảng Tây');
    expect(rows[1][1]).toBe('Bản ghi nhớ về y tế, "ưu tiên"');
    expect(rows.map((r) => r[7])).toEqual(['3', '1']);
  });

  it('prefixes text a spreadsheet would run as a formula, but not numbers or plain signed numbers', () => {
    for (const text of ['=HYPERLINK("http://x")', '+1+2', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(guardFormula(text)).toBe(`'${text}`);
    for (const text of ['-1500.00', '+84', '42', 'Hà Nội', 'a=b', '']) expect(guardFormula(text)).toBe(text);
    const csv = csvOf({ columns: ['v', 'n'], rows: [{ v: '=1+1', n: -5 }, { v: '@cmd', n: 0 }] });
    expect(readCsv(csv).slice(1)).toEqual([["'=1+1", '-5'], ["'@cmd", '0']]);
  });
});

describe('XLSX', () => {
  it('writes one sheet with a bold header, typed numbers, text that stays text and Vietnamese intact', async () => {
    const table = tableOf(RESULT.data.commitments.edges);
    table.rows.push({ ...table.rows[1], code: '=1+1' });
    const buffer = await workbookOf(ExcelJS, table, sheetNameFor('commitments.edges')).xlsx.writeBuffer();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as ArrayBuffer);
    const sheet = workbook.getWorksheet('commitments')!;
    expect(sheet).toBeDefined();
    expect(sheet.rowCount).toBe(4);
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(table.columns);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getRow(2).getCell(2).value).toBe('Thỏa thuận hợp tác xây dựng cửa khẩu thông minh Lạng Sơn – Quảng Tây');
    expect(sheet.getRow(2).getCell(8).value).toBe(3);
    expect(sheet.getRow(3).getCell(3).value).toBeNull();
    const formulaLike = sheet.getRow(4).getCell(1);
    expect(formulaLike.type).toBe(ExcelJS.ValueType.String);
    expect(formulaLike.value).toBe('=1+1');
  });
});

describe('names', () => {
  it('derives a sheet name Excel accepts and a file name from the list path', () => {
    expect(sheetNameFor('commitments.edges')).toBe('commitments');
    expect(sheetNameFor('commitment.partners')).toBe('partners');
    expect(sheetNameFor('')).toBe('Export');
    expect(sheetNameFor('a'.repeat(40))).toHaveLength(31);
    expect(fileNameFor('commitments.edges', 'csv')).toBe('accords-commitments-edges.csv');
    expect(fileNameFor('', 'xlsx')).toBe('accords-result.xlsx');
  });
});
