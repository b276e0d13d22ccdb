/**
 * Word reports, generated from GraphQL operations through the gateway as ACCORDS_TOKEN's user (the report shows
 * exactly what that user may see):
 *   npm run report -- --commitment CODE --out FILE.docx [--as-of YYYY-MM-DD]
 *     the written report on one commitment; `--as-of` fixes milestone statuses and six-clear (default: today, +07:00)
 *   npm run report -- --term 2021-2025 | --year 2025 | --quarter 2025-Q3 --out FILE.docx [--as-of YYYY-MM-DD] [--attention N]
 *     the periodic or term report: KPIs by quarter and field with the change on a year earlier, league tables, the
 *     attention list (the N oldest items, default 100) and charts; `--as-of` is the date stock figures are judged on
 *     (default: the period's last day, or today while it runs); `--concurrency 2` runs two of the report's operations
 *     at a time (faster on MySQL/MariaDB with two cores or more; keep 1 against the embedded engine)
 */
import fs from 'node:fs';
import { legalDate } from '../subgraphs/commitments/src/exchange/columns';
import { commitmentReport } from '../subgraphs/commitments/src/exchange/report';
import { parseReportPeriod, periodLabel, termReport } from '../subgraphs/commitments/src/exchange/term-report';
import { OperationError, option, runOperation } from './exchange-client';

async function main() {
  const out = option('out');
  const code = option('commitment');
  const period = { term: option('term'), year: option('year'), quarter: option('quarter') };
  if (!out || (!code && !period.term && !period.year && !period.quarter)) throw new Error('Give --commitment CODE (or --term/--year/--quarter) and --out FILE.docx');
  if (code) {
    const asOf = option('as-of') ?? legalDate(new Date());
    fs.writeFileSync(out, await commitmentReport(runOperation, code, asOf));
    console.log(`Wrote the report on ${code} (as of ${asOf}) to ${out}`);
    return;
  }
  const chosen = parseReportPeriod(period);
  const attention = option('attention');
  const concurrency = Number(option('concurrency') ?? 1);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 8) throw new Error(`--concurrency: a whole number from 1 to 8 (got "${option('concurrency')}")`);
  const started = Date.now();
  fs.writeFileSync(out, await termReport(runOperation, chosen, { asOf: option('as-of') ?? null, attentionLimit: attention ? Number(attention) : undefined, concurrency }));
  console.log(`Wrote the report for ${periodLabel(chosen)} to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error) => {
  console.error(error instanceof OperationError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : error);
  console.error('Usage: npm run report -- --commitment CODE --out FILE.docx [--as-of YYYY-MM-DD]');
  console.error('       npm run report -- --term 2021-2025 | --year YYYY | --quarter YYYY-Qn --out FILE.docx [--as-of YYYY-MM-DD] [--attention N] [--concurrency N]');
  process.exit(1);
});
