/**
 * Export of any list and KPI table (issue #13): the league table of ministries through the gateway, as CSV and XLSX,
 * holds exactly the rows and values the API returned, in its order.
 */
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import type { RunOperation } from '@accords/commitments/src/exchange/export';
import { exportList, flatten, tableCsv, tableWorkbook } from '@accords/commitments/src/exchange/table';
import { readCsvTable } from './export-table.helpers';
import ExcelJS from 'exceljs';
import { allModules } from './modules';
import { user } from './workflow';

let graph: TestSupergraph;
beforeAll(async () => {
  graph = await openTestSupergraph(allModules, { seed: 'demo' });
}, 120_000);
afterAll(() => graph?.dispose());

const central = user('MINISTRY:MOFA', ['viewer']);
const run: RunOperation = async <T>(query: string, variables: Record<string, unknown>) => {
  const result = await graph.query<any>(query, variables, central);
  if (result.errors?.length) throw new Error(JSON.stringify(result.errors));
  return result.data as T;
};

const LEAGUE = `query ($period: PeriodInput!, $asOf: Date) { leagueTable(kind: MINISTRY, period: $period, asOf: $asOf) {
  agency { __typename ... on Ministry { id name } } signed sixClearRate medianLag onTimeRate stalledRate feedbackSlaRate activeCommitments milestonesDue } }`;

describe('export of a KPI table', () => {
  it('the league table of ministries as CSV and XLSX: the API\'s rows and values, in its order', async () => {
    const variables = { period: { kind: 'YEAR', year: 2025 }, asOf: '2025-12-31' };
    const api = (await run<any>(LEAGUE, variables)).leagueTable;
    expect(api.length).toBeGreaterThan(0);
    const table = await exportList(run, LEAGUE, variables, 'leagueTable');
    expect(table.headers).toEqual(['agency.__typename', 'agency.id', 'agency.name', 'signed', 'sixClearRate', 'medianLag', 'onTimeRate', 'stalledRate', 'feedbackSlaRate', 'activeCommitments', 'milestonesDue']);
    expect(table.rows).toEqual(api.map((r: any) => flatten(r)));
    expect(table.rows.map((r) => r['agency.id'])).toEqual(api.map((r: any) => r.agency.id));

    const csv = readCsvTable(tableCsv(table));
    expect(csv.map((r) => r['agency.name'])).toEqual(api.map((r: any) => r.agency.name));
    expect(csv.map((r) => Number(r.signed))).toEqual(api.map((r: any) => r.signed));

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await tableWorkbook(table, 'League').xlsx.writeBuffer()) as ArrayBuffer);
    const sheet = workbook.getWorksheet('League')!;
    expect(sheet.rowCount).toBe(api.length + 1);
    expect(sheet.getRow(2).getCell(4).value).toBe(api[0].signed);
    expect(sheet.getRow(2).getCell(3).value).toBe(api[0].agency.name);
  });

  it('names the path when the operation has no list there', async () => {
    await expect(exportList(run, LEAGUE, { period: { kind: 'YEAR', year: 2025 } }, 'nothing')).rejects.toThrow(/no list at "nothing"/);
  });
});
