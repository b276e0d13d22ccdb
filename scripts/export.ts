/**
 * `npm run export -- --out FILE.xlsx|FILE.csv [--lead-agency ID]` exports the commitments the caller (ACCORDS_TOKEN)
 * may see, through the gateway, in the import's column set: the file re-imports unchanged.
 * `npm run export -- --query OP.graphql --path leagueTable [--variables '{"...":...}'] --out FILE.csv|FILE.xlsx`
 * exports any list an operation returns (a KPI or league table), one column per field path.
 */
import fs from 'node:fs';
import { exportCommitments } from '../subgraphs/commitments/src/exchange/export';
import { registerCsv, registerWorkbook } from '../subgraphs/commitments/src/exchange/files';
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
  const rows = await exportCommitments(runOperation, { leadAgencyId: option('lead-agency') });
  if (out.toLowerCase().endsWith('.xlsx')) await registerWorkbook(rows).xlsx.writeFile(out);
  else fs.writeFileSync(out, registerCsv(rows));
  console.log(`Exported ${rows.length} commitments to ${out}`);
}

main().catch((error) => {
  console.error(error instanceof OperationError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : error);
  console.error('Usage: npm run export -- --out FILE.xlsx|FILE.csv [--lead-agency ID]  |  npm run export -- --query OP.graphql --path LIST [--variables JSON] --out FILE');
  process.exit(1);
});
