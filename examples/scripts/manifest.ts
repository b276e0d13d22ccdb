/**
 * `npm run persisted:manifest`: writes persisted-query-manifest.json, the list the gateway runs in allow-list mode
 * (PERSISTED_QUERIES=allowlist, PERSISTED_QUERIES_MANIFEST=<this file>), from
 * - the generated documents of the example operations (operations/*.graphql), and
 * - the operations the report and export features send through the gateway: the gateway's own download routes
 *   (/exports/…, /reports/…, which run them in-process as the caller, through the same allow-list) and
 *   `npm run report` / `npm run export`. Their texts are imported from where they are defined, so a changed
 *   operation changes the manifest (tests/persisted-manifest-coverage.test.ts fails when one is missing).
 * `--check` fails when the checked-in manifest is stale.
 *
 * Not listed: operations a caller supplies (POST /exports/table.csv|xlsx, `npm run export -- --query FILE`); in
 * allow-list mode those run only when their text is a listed operation.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse } from 'graphql';
import { ATTENTION_EXPORT_QUERY, LEAGUE_QUERY } from '../../gateway/src/downloads';
import { EXPORT_QUERY, REGISTER_ROWS_QUERY } from '../../subgraphs/commitments/src/exchange/export';
import { COMMITMENT_REPORT_QUERY } from '../../subgraphs/commitments/src/exchange/report';
import { ATTENTION_QUERY, termReportOperations, type ReportPeriod } from '../../subgraphs/commitments/src/exchange/term-report';
import { sha256Hex } from '../src/client';
import * as documents from '../src/generated/graphql';
import { persistedQueryManifest, type PersistedQueryManifest } from '../src/manifest';

export const manifestPath = path.join(__dirname, '..', 'persisted-query-manifest.json');

/**
 * Periods of every kind the term report takes. Its figures operation has one aliased `kpis` per column of the by-field
 * table, so its text depends on the kind (the term: 6 columns; a year or a quarter: 2), never on the year or quarter
 * itself (those are variables); each quarter is listed anyway, so a text that came to depend on them would show.
 * Keyed by kind: a new kind of period does not type-check until it is listed here.
 */
const REPORT_PERIODS: Record<ReportPeriod['kind'], ReportPeriod[]> = {
  TERM: [{ kind: 'TERM' }],
  YEAR: [{ kind: 'YEAR', year: 2025 }],
  QUARTER: [1, 2, 3, 4].map((index) => ({ kind: 'QUARTER', year: 2025, index })),
};

/**
 * The exact texts the report and export features send (the gateway hashes the text it receives, so a body must be
 * byte-for-byte what is sent: these are listed as written, not reprinted).
 */
export function featureOperationTexts(): string[] {
  const termReport = Object.values(REPORT_PERIODS)
    .flat()
    .flatMap((period) => termReportOperations(period, null).map((op) => op.query));
  return [
    // GET /reports/commitment/<code>.docx, `npm run report -- --commitment`
    COMMITMENT_REPORT_QUERY,
    // GET /reports/term.docx, `npm run report -- --term|--year|--quarter`
    ...termReport,
    ATTENTION_QUERY,
    // GET /exports/commitments.csv|xlsx, `npm run export` (the register; every sheet for a workbook or a folder)
    EXPORT_QUERY,
    REGISTER_ROWS_QUERY,
    // GET /exports/league-table.csv|xlsx, /exports/needs-attention.csv|xlsx
    LEAGUE_QUERY,
    ATTENTION_EXPORT_QUERY,
  ];
}

/** Manifest entries for operation texts sent as written: the body is the text, the id its SHA-256. */
export async function textOperations(texts: string[]): Promise<PersistedQueryManifest['operations']> {
  const operations: PersistedQueryManifest['operations'] = [];
  for (const body of texts) {
    const operation = parse(body).definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (operation?.kind !== Kind.OPERATION_DEFINITION || !operation.name) throw new Error(`Every persisted operation needs a name:\n${body}`);
    operations.push({ id: await sha256Hex(body), name: operation.name.value, type: operation.operation, body });
  }
  return operations;
}

export async function manifest(): Promise<PersistedQueryManifest> {
  const examples = await persistedQueryManifest(documents);
  const byId = new Map<string, PersistedQueryManifest['operations'][number]>();
  for (const op of [...examples.operations, ...(await textOperations(featureOperationTexts()))]) byId.set(op.id, op);
  // By name, then id: the term report's figures operation has one text per kind of period, under one name.
  const operations = [...byId.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return { ...examples, operations };
}

export async function manifestText(): Promise<string> {
  return `${JSON.stringify(await manifest(), null, 2)}\n`;
}

async function main() {
  const text = await manifestText();
  const current = fs.existsSync(manifestPath) ? fs.readFileSync(manifestPath, 'utf8') : '';
  if (process.argv.includes('--check')) {
    if (current !== text) {
      console.error('persisted-query-manifest.json is stale: run `npm run persisted:manifest`.');
      process.exit(1);
    }
    console.log('Persisted-query manifest is current.');
    return;
  }
  fs.writeFileSync(manifestPath, text);
  console.log(`Wrote ${path.relative(process.cwd(), manifestPath)}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
