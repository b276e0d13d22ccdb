/**
 * `npm run export -- --out FILE.xlsx|FOLDER|FILE.csv [--lead-agency ID]` exports the register the caller
 * (ACCORDS_TOKEN) may see, through the gateway, in the import's column sets: a workbook with every sheet, a folder
 * with one CSV per sheet, or (FILE.csv) the Commitments sheet alone. The files re-import unchanged.
 * `npm run export -- --query OP.graphql --path leagueTable [--variables '{"...":...}'] --out FILE.csv|FILE.xlsx`
 * exports any list an operation returns (a KPI or league table), one column per field path.
 */
import fs from 'node:fs';
import { exportCommitments, exportRegister } from '../subgraphs/commitments/src/exchange/export';
import { fullRegisterWorkbook, registerCsv, writeCsvFolder } from '../subgraphs/commitments/src/exchange/files';
import { exportList, tableCsv, tableWorkbook } from '../subgraphs/commitments/src/exchange/table';
import { OperationError, option, runOperation } from './exchange-client';

async function main() {
  const out = option('out');
  if (!out) throw new Error('Name the output file with --out');
  const queryFile = option('query');
  if (queryFile) {
    const table = await exportList(runOperation, fs.readFileSync(queryFile, 'utf8'), JSON.parse(option('variables') ?? '{}'), option('path') ?? '');
    if (out.toLowerCase().endsWith('.xlsx')) await tableWorkbook(table).xlsx.writeFile(out);
    else fs.writeFileSync(out, tableCsv(table));
    console.log(`Exported ${table.rows.length} rows to ${out}`);
    return;
  }
  if (out.toLowerCase().endsWith('.csv')) {
    const rows = await exportCommitments(runOperation, { leadAgencyId: option('lead-agency') });
    fs.writeFileSync(out, registerCsv(rows));
    console.log(`Exported ${rows.length} commitments to ${out}`);
    return;
  }
  const sheets = await exportRegister(runOperation, { leadAgencyId: option('lead-agency') });
  if (out.toLowerCase().endsWith('.xlsx')) await fullRegisterWorkbook(sheets).xlsx.writeFile(out);
  else writeCsvFolder(out, sheets);
  console.log(`Exported to ${out}: ${Object.entries(sheets).map(([name, rows]) => `${name} ${rows.length}`).join(', ')}`);
}

main().catch((error) => {
  console.error(error instanceof OperationError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : error);
  console.error('Usage: npm run export -- --out FILE.xlsx|FOLDER|FILE.csv [--lead-agency ID]  |  npm run export -- --query OP.graphql --path LIST [--variables JSON] --out FILE');
  process.exit(1);
});
