/**
 * `npm run report -- --commitment CODE --out FILE.docx [--as-of YYYY-MM-DD]` writes the written report on one
 * commitment (Word), generated from one GraphQL operation through the gateway as ACCORDS_TOKEN's user: the report
 * shows exactly what that user may see. `--as-of` fixes milestone statuses and six-clear (default: today in +07:00).
 */
import fs from 'node:fs';
import { legalDate } from '../subgraphs/commitments/src/exchange/columns';
import { commitmentReport } from '../subgraphs/commitments/src/exchange/report';
import { OperationError, option, runOperation } from './exchange-client';

async function main() {
  const code = option('commitment');
  const out = option('out');
  if (!code || !out) throw new Error('Give --commitment CODE and --out FILE.docx');
  const asOf = option('as-of') ?? legalDate(new Date());
  fs.writeFileSync(out, await commitmentReport(runOperation, code, asOf));
  console.log(`Wrote the report on ${code} (as of ${asOf}) to ${out}`);
}

main().catch((error) => {
  console.error(error instanceof OperationError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : error);
  console.error('Usage: npm run report -- --commitment CODE --out FILE.docx [--as-of YYYY-MM-DD]');
  process.exit(1);
});
