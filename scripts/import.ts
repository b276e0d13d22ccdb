/**
 * `npm run import -- FILE [--valid-only] [--dry-run]` imports a register (an .xlsx workbook with a sheet per record
 * kind, a .csv file of one kind named after its sheet, or a folder holding one CSV per kind) through the gateway as
 * ACCORDS_TOKEN's user; `npm run import -- --template FILE` writes a workbook with every sheet: headers, a note per
 * header and an example row. The file is parsed here; the API takes typed rows in batches (a commitment's rows on every
 * sheet travel together).
 * Exit status: 0 written (or a clean dry run), 1 refused or failed.
 */
import path from 'node:path';
import { importInBatches, readRegister, writeTemplate, type SendBatch } from '../subgraphs/commitments/src/exchange/files';
import { OperationError, flag, option, runOperation } from './exchange-client';

const MUTATION = `mutation Import($input: ImportRegisterInput!) { importRegister(input: $input) {
  dryRun rows created updated unchanged refused findings problems { sheet row column message }
  sheets { sheet created updated unchanged refused } } }`;

async function main() {
  const template = option('template');
  if (template) {
    await writeTemplate(template);
    console.log(`Wrote the import template to ${template}`);
    return;
  }
  const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
  if (!file) throw new Error('Name the file to import');
  const read = await readRegister(file);
  if (read.problems.length) {
    for (const p of read.problems) console.error(`${p.sheet} dòng ${p.row}${p.column ? `, cột ${p.column}` : ''}: ${p.message}`);
    process.exit(1);
  }
  const send: SendBatch = async (input) => (await runOperation<{ importRegister: Awaited<ReturnType<SendBatch>> }>(MUTATION, { input })).importRegister;
  const started = Date.now();
  const report = await importInBatches(send, path.basename(file), read.register, { validOnly: flag('valid-only'), dryRun: flag('dry-run') });
  for (const p of report.problems) console.error(`${p.sheet} dòng ${p.row}${p.column ? `, cột ${p.column}` : ''}: ${p.message}`);
  for (const s of report.sheets ?? []) if (s.created + s.updated + s.unchanged + s.refused) console.log(`  ${s.sheet}: ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged, ${s.refused} refused`);
  const seconds = (Date.now() - started) / 1000;
  console.log(
    `${report.rows} rows: ${report.created} created, ${report.updated} updated, ${report.unchanged} unchanged, ${report.refused} refused, ${report.findings} findings` +
      ` (${report.written ? 'written' : 'nothing written'}; ${seconds.toFixed(1)} s, ${Math.round(report.rows / Math.max(seconds, 0.001))} rows/s)`,
  );
  if (!report.written && !flag('dry-run')) process.exit(1);
}

main().catch((error) => {
  console.error(error instanceof OperationError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : error);
  console.error('Usage: npm run import -- FILE.xlsx|FILE.csv|FOLDER [--valid-only] [--dry-run]  |  npm run import -- --template FILE.xlsx');
  process.exit(1);
});
