/**
 * `npm run bench:import`: the import of a register at scale (issue #13: "10,000 commitments with 100,000 milestones on
 * MySQL: report rows per second"), through the same code as `npm run import`.
 *
 *   BENCH_IMPORT_COMMITMENTS  commitments in the generated register (default 10000), each with one action programme
 *   BENCH_IMPORT_MILESTONES   milestones spread evenly over them (default 100000)
 *   BENCH_IMPORT_BATCH        rows per call (default: the CLI's, 500; the API takes at most 2,000)
 *   BENCH_IMPORT_AGENCY       the importing agency (default LOCALITY:20, Lạng Sơn)
 *   BENCH_IMPORT_CSV=1        also write the register as a folder of CSVs and time reading it
 *   BENCH_IMPORT_KEEP=1       keep the generated files (in the OS temp folder; removed otherwise)
 *   BENCH_IMPORT_SQL_PROFILE=1  also print where the commitments subgraph's statements spent their time during the
 *                             import (statements of 1 ms or more, by shape, timed from send to answer by TypeORM)
 *   ACCORDS_TEST_DB / ACCORDS_TEST_MYSQL_URL  which engine (as for the tests; MySQL when one answers)
 *
 * What it does: opens the in-process supergraph (every subgraph on its own database created by the test kit, seeded
 * with reference data only, dropped at the end), writes a valid register of one agency (commitments led by the agency
 * and its departments, partners of the reference seed, one LONG_TERM programme per commitment, milestones with
 * parents, owner agencies, due, completion and cancellation dates) as an XLSX workbook with the register's own column
 * sets, reads it back with the CLI's reader (`readRegister`), then imports it with the CLI's `importInBatches` and the
 * CLI's mutation text: a dry run, the import (its all-or-nothing check pass over every batch, then the write pass) and
 * a re-import of the same file, which must change nothing (checked on the report and on the tables). It prints a
 * markdown table: phase | rows | seconds | rows/s | load average.
 *
 * Identity: the CLI signs in with ACCORDS_TOKEN, which the gateway verifies into an Identity (subject, agency,
 * roles) and forwards; here the in-process gateway gets that Identity directly (an editor of the importing agency).
 * No identity may import every agency's rows (requireAgencyRole: same agency, editor or approver), so the register is
 * one agency's, as a file sent by the CLI is.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { testEngine } from '@accords/testkit';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { parseAgency, type Identity } from '@accords/auth';
import { commitments, localities, ministries, partners } from '../../tests/modules';
import { COMMITMENTS_SHEET, COMMITMENT_COLUMNS } from '../../subgraphs/commitments/src/exchange/columns';
import { SHEET_BY_NAME } from '../../subgraphs/commitments/src/exchange/sheets';
import { SHEET_NAMES, batchesOf, importInBatches, readRegister, sheetCsv, type BatchInput, type ImportTotals, type RegisterRows, type SendBatch } from '../../subgraphs/commitments/src/exchange/files';

const COMMITMENTS = Number(process.env.BENCH_IMPORT_COMMITMENTS ?? 10_000);
const MILESTONES = Number(process.env.BENCH_IMPORT_MILESTONES ?? 100_000);
const BATCH = process.env.BENCH_IMPORT_BATCH ? Number(process.env.BENCH_IMPORT_BATCH) : undefined;
const AGENCY = process.env.BENCH_IMPORT_AGENCY ?? 'LOCALITY:20';
const WITH_CSV = process.env.BENCH_IMPORT_CSV === '1';
const KEEP = process.env.BENCH_IMPORT_KEEP === '1';
const SQL_PROFILE = process.env.BENCH_IMPORT_SQL_PROFILE === '1';

/** The CLI's mutation (scripts/import.ts). */
const MUTATION = `mutation Import($input: ImportRegisterInput!) { importRegister(input: $input) {
  dryRun rows created updated unchanged refused findings problems { sheet row column message }
  sheets { sheet created updated unchanged refused } } }`;

const FIELDS = ['ECONOMY_TRADE_INVESTMENT', 'CULTURE_SPORT_TOURISM', 'EDUCATION_TRAINING', 'AGRICULTURE_ENVIRONMENT', 'HEALTH', 'CONSTRUCTION_TRANSPORT', 'PEOPLE_TO_PEOPLE'];

// ------------------------------------------------------------------------------------------------ the register

interface References {
  /** The importing agency and its units or departments (lead agencies; a code starts with the owner's id). */
  leads: string[];
  partners: string[];
  /** Agencies a milestone may name as its owner: central bodies and the leads. */
  owners: string[];
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const DAY = 86_400_000;
const pad = (n: number, width = 6) => String(n).padStart(width, '0');

/** The commitment rows, header-keyed, deterministic in i. */
function commitmentRow(i: number, ref: References, ownerId: string): Record<string, string> {
  const signed = Date.UTC(2021, 0, 4) + (i * 7 % 1800) * DAY;
  const signedOn = day(signed);
  const year = Number(signedOn.slice(0, 4));
  const lead = i % 4 === 3 && ref.leads.length > 1 ? ref.leads[1 + (i % (ref.leads.length - 1))] : ref.leads[0];
  const p1 = ref.partners[i % ref.partners.length];
  const p2 = ref.partners[(i * 7 + 3) % ref.partners.length];
  return {
    code: `${ownerId}-BI-${pad(i)}`,
    title_vi: `Thỏa thuận hợp tác số ${i} về thương mại, du lịch và đào tạo`,
    title_en: i % 3 ? `Cooperation agreement ${i}` : '',
    kind: i % 5 ? 'INTERNATIONAL_AGREEMENT' : 'POLITICAL_COMMITMENT',
    document_type: i % 2 ? 'AGREEMENT' : 'MOU',
    lead_agency: lead,
    partners: i % 6 === 0 && p2 !== p1 ? `${p1}; ${p2}` : p1,
    fields: i % 4 ? FIELDS[i % FIELDS.length] : `${FIELDS[i % FIELDS.length]}; ${FIELDS[(i + 2) % FIELDS.length]}`,
    signed_on: signedOn,
    signed_at: i % 2 ? `${signedOn}T09:30:00+07:00` : '',
    legal_status: 'IN_FORCE',
    implementation_status: i % 3 ? 'IMPLEMENTATION' : 'PIPELINE',
    cooperation_content: `Nội dung hợp tác: giao thương, du lịch, đào tạo (${i})`,
    planned_start: signedOn,
    planned_end: `${year + 3}-12-31`,
  };
}

const programYear = (i: number) => Number(day(Date.UTC(2021, 0, 4) + (i * 7 % 1800) * DAY).slice(0, 4));

function programRow(i: number, ownerId: string): Record<string, string> {
  const signed = Date.UTC(2021, 0, 4) + (i * 7 % 1800) * DAY;
  const approved = i % 5 !== 4;
  return {
    commitment_code: `${ownerId}-BI-${pad(i)}`,
    kind: 'LONG_TERM',
    year: String(programYear(i)),
    title: `Kế hoạch thực hiện thỏa thuận số ${i}`,
    status: approved ? 'APPROVED' : 'DRAFT',
    approved_at: approved ? `${day(signed + 30 * DAY)}T09:00:00+07:00` : '',
    approved_by: approved ? 'Chủ tịch UBND tỉnh' : '',
    approval_document: approved ? `Quyết định ${i}/QĐ-UBND` : '',
    submitted_to_mofa_at: i % 3 === 0 ? `${day(signed + 40 * DAY)}T10:00:00+07:00` : '',
  };
}

/** Milestones of commitment i (k-th of its own): groups of five, the first of each the parent of the other four. */
function milestoneRow(i: number, k: number, ref: References, ownerId: string): Record<string, string> {
  const signed = Date.UTC(2021, 0, 4) + (i * 7 % 1800) * DAY;
  const start = signed + (30 + k * 20) * DAY;
  const due = start + 60 * DAY;
  const task = (n: number) => `Nhiệm vụ ${n + 1} của thỏa thuận số ${i}`;
  const state = (i + k) % 10; // 0-4 done, 5 cancelled, 6-9 open
  return {
    commitment_code: `${ownerId}-BI-${pad(i)}`,
    program_kind: 'LONG_TERM',
    program_year: String(programYear(i)),
    task: task(k),
    parent_task: k % 5 ? task(k - (k % 5)) : '',
    owner_agency: k % 4 === 1 ? ref.owners[(i + k) % ref.owners.length] : '',
    responsible_official: '',
    due_on: day(due),
    planned_start: day(start),
    started_on: state < 5 || state > 7 ? day(start + 3 * DAY) : '',
    completed_at: state < 5 ? `${day(due - (state - 2) * 5 * DAY)}T16:00:00+07:00` : '',
    cancelled_at: state === 5 ? `${day(start + 10 * DAY)}T09:00:00+07:00` : '',
    cancellation_reason: state === 5 ? 'Đối tác đề nghị hoãn' : '',
    weight: k % 3 === 0 ? '2.00' : k % 3 === 1 ? '1.50' : '',
    deliverable: `Báo cáo kết quả nhiệm vụ ${k + 1}`,
    means_of_verification: k % 2 ? 'Biên bản nghiệm thu' : '',
  };
}

/** How many milestones commitment i has (the total spread evenly, the remainder on the first ones). */
const milestonesOf = (i: number) => Math.floor(MILESTONES / COMMITMENTS) + (i < MILESTONES % COMMITMENTS ? 1 : 0);

/** The rows of one sheet, generated as they are written (nothing of the whole register is held here). */
function* sheetRows(name: string, ref: References, ownerId: string): Generator<Record<string, string>> {
  for (let i = 0; i < COMMITMENTS; i++) {
    if (name === COMMITMENTS_SHEET) yield commitmentRow(i, ref, ownerId);
    else if (name === 'ActionPrograms') yield programRow(i, ownerId);
    else if (name === 'Milestones') for (let k = 0; k < milestonesOf(i); k++) yield milestoneRow(i, k, ref, ownerId);
  }
}

const columnsOf = (name: string) => (name === COMMITMENTS_SHEET ? COMMITMENT_COLUMNS : SHEET_BY_NAME.get(name)!.columns);

/**
 * The register as a workbook in the layout `fullRegisterWorkbook` writes (every sheet, header row in bold, every cell
 * text with the '@' format), but streamed to the file: exceljs's in-memory workbook of 120,000 rows would hold
 * about two million cell objects at once.
 */
async function writeWorkbook(file: string, ref: References, ownerId: string): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  let rows = 0;
  for (const name of SHEET_NAMES) {
    const columns = columnsOf(name);
    const sheet = workbook.addWorksheet(name);
    sheet.columns = columns.map((c) => ({ key: c.header, width: Math.min(60, Math.max(12, c.header.length + 4)), style: { numFmt: '@' } }));
    const header = sheet.addRow(columns.map((c) => c.header));
    header.font = { bold: true };
    header.commit();
    for (const row of sheetRows(name, ref, ownerId)) {
      sheet.addRow(columns.map((c) => row[c.header] ?? '')).commit();
      rows++;
    }
    sheet.commit();
  }
  await workbook.commit();
  return rows;
}

function writeCsvs(folder: string, ref: References, ownerId: string): void {
  fs.mkdirSync(folder, { recursive: true });
  for (const name of SHEET_NAMES) fs.writeFileSync(path.join(folder, `${name}.csv`), sheetCsv(name, [...sheetRows(name, ref, ownerId)]));
}

// ------------------------------------------------------------------------------------------------ measuring

interface Phase {
  phase: string;
  rows: number;
  seconds: number;
  load: [number, number];
  /** SQL statements the subgraphs sent (transaction control included), when measured. */
  statements?: number;
}
const phases: Phase[] = [];
/** Statements sent by every subgraph so far (the counters' running totals; statement texts are not kept). */
let statementsSent = () => 0;
const rss = () => Math.round(process.memoryUsage().rss / 1e6);

async function timed<T>(phase: string, rows: number | ((result: T) => number), run: () => Promise<T>): Promise<T> {
  const load = os.loadavg()[0];
  const sentBefore = statementsSent();
  const started = performance.now();
  console.error(`${new Date().toISOString()} ${phase}: started (load ${load.toFixed(2)}, rss ${rss()} MB)`);
  const result = await run();
  const seconds = (performance.now() - started) / 1000;
  const n = typeof rows === 'number' ? rows : rows(result);
  phases.push({ phase, rows: n, seconds, load: [load, os.loadavg()[0]], statements: statementsSent() - sentBefore || undefined });
  console.error(`${new Date().toISOString()} ${phase}: ${n} rows in ${seconds.toFixed(1)} s (${Math.round(n / seconds)} rows/s, rss ${rss()} MB)`);
  return result;
}

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`Benchmark check failed: ${message}`);
}

/** The CLI's sender, as the in-process gateway's caller; the time of check (dry-run) and write calls kept apart. */
function sender(graph: TestSupergraph, as: Identity, totalBatches: number) {
  const spent = { check: 0, write: 0, checkRows: 0, writeRows: 0, checkStatements: 0, writeStatements: 0, writeCalls: [] as number[] };
  let calls = 0;
  const send: SendBatch = async (input: BatchInput) => {
    const started = performance.now();
    const sentBefore = statementsSent();
    const result = await graph.query<{ importRegister: Awaited<ReturnType<SendBatch>> }>(MUTATION, { input }, as);
    const ms = performance.now() - started;
    const statements = statementsSent() - sentBefore;
    const rows = input.commitments.length + (input.actionPrograms?.length ?? 0) + (input.milestones?.length ?? 0);
    if (input.dryRun) {
      spent.check += ms;
      spent.checkRows += rows;
      spent.checkStatements += statements;
    } else {
      spent.write += ms;
      spent.writeRows += rows;
      spent.writeStatements += statements;
      spent.writeCalls.push(ms);
    }
    if (result.errors?.length) throw new Error(`importRegister failed: ${result.errors[0].message}`);
    if (++calls % 25 === 0) console.error(`  ${calls} calls (${totalBatches} batches per pass), last ${Math.round(ms)} ms for ${rows} rows, rss ${rss()} MB`);
    return result.data!.importRegister;
  };
  return { send, spent };
}

/** What the import writes, to show that a re-import changes nothing: row counts, and CHECKSUM TABLE on MySQL. */
async function snapshot(graph: TestSupergraph, engine: string): Promise<string> {
  const db = graph.subgraphs.commitments.database.dataSource;
  const tables = ['commitment', 'commitment_partner', 'commitment_field', 'commitment_party', 'action_program', 'milestone', 'audit_entry', 'import_provenance', 'import_record_provenance', 'import_finding'];
  const parts: unknown[] = [];
  for (const table of tables) parts.push(table, Number((await db.query(`SELECT COUNT(*) AS n FROM ${table}`))[0].n));
  if (engine === 'mysql') parts.push(await db.query(`CHECKSUM TABLE ${tables.join(', ')}`));
  else for (const table of ['commitment', 'action_program', 'milestone']) parts.push(table, (await db.query(`SELECT SUM(version) AS v FROM ${table}`))[0].v);
  return JSON.stringify(parts);
}

async function references(graph: TestSupergraph, as: Identity): Promise<References> {
  const agency = as.agency!;
  const result = await graph.query<any>(
    `query Refs($id: ID!, $locality: Boolean!) {
      partners(first: 100) { edges { node { id } } }
      ministries(first: 100) { edges { node { id } } }
      locality(id: $id) @include(if: $locality) { id departments(first: 100) { edges { node { id validTo } } } }
    }`,
    { id: agency.id, locality: agency.type === 'LOCALITY' },
    as,
  );
  if (result.errors?.length) throw new Error(`reference query failed: ${JSON.stringify(result.errors)}`);
  const data = result.data!;
  const own = `${agency.type}:${agency.id}`;
  const departments = (data.locality?.departments.edges ?? []).filter((e: any) => !e.node.validTo).map((e: any) => `PROVINCIAL_DEPARTMENT:${e.node.id}`);
  const ministryIds: string[] = data.ministries.edges.map((e: any) => e.node.id);
  const partnerIds: string[] = data.partners.edges.map((e: any) => e.node.id);
  check(partnerIds.length > 0 && ministryIds.length > 0, 'the reference seed has partners and ministries');
  const leads = [own, ...departments.slice(0, 8)];
  return { leads, partners: partnerIds.slice(0, 40), owners: [...ministryIds.slice(0, 10).map((id) => `MINISTRY:${id}`), ...leads] };
}

/** Mean of the first, middle and last tenth of a series of call times: whether calls slow down as tables grow. */
function trend(ms: number[]): string {
  const tenth = Math.max(1, Math.floor(ms.length / 10));
  const mean = (xs: number[]) => Math.round(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length));
  const mid = Math.floor(ms.length / 2 - tenth / 2);
  return `first tenth ${mean(ms.slice(0, tenth))}, middle tenth ${mean(ms.slice(mid, mid + tenth))}, last tenth ${mean(ms.slice(-tenth))}`;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

async function main() {
  const engine = await testEngine();
  const identity: Identity = { subject: 'bench-import-editor', name: 'bench-import-editor', agency: parseAgency(AGENCY), roles: ['editor'] };
  check(!!identity.agency, 'BENCH_IMPORT_AGENCY names an agency, e.g. LOCALITY:20');
  const ownerId = identity.agency!.id;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'accords-bench-import-'));
  const file = path.join(folder, 'register.xlsx');
  const startedAt = new Date();
  const loadAtStart = os.loadavg();
  console.error(`engine ${engine}; ${COMMITMENTS} commitments, ${MILESTONES} milestones; batches of ${BATCH ?? 'the CLI default (500)'} rows; files in ${folder}`);

  const graph = await openTestSupergraph([ministries, localities, partners, commitments] as never, { seed: 'reference' });
  // The test kit records every statement's text and parameters (for tests' assertions): hundreds of MB here. The
  // running totals stay on.
  for (const subgraph of Object.values(graph.subgraphs)) subgraph.database.counter.recording = false;
  statementsSent = () => Object.values(graph.subgraphs).reduce((n, s) => n + s.database.counter.total, 0);
  try {
    const ref = await references(graph, identity);
    const written = await timed('generate and write the XLSX workbook', (n: number) => n, () => writeWorkbook(file, ref, ownerId));
    const size = fs.statSync(file).size;
    if (WITH_CSV) await timed('write the CSV folder', written, async () => writeCsvs(path.join(folder, 'csv'), ref, ownerId));

    let register: RegisterRows;
    {
      const read = await timed('read the workbook (readRegister)', written, () => readRegister(file));
      check(read.problems.length === 0, `the workbook reads without problems (${JSON.stringify(read.problems.slice(0, 3))})`);
      register = read.register;
    }
    const total = register.commitments.length + (register.actionPrograms?.length ?? 0) + (register.milestones?.length ?? 0);
    check(register.commitments.length === COMMITMENTS && register.milestones?.length === MILESTONES && register.actionPrograms?.length === COMMITMENTS, 'every generated row is read back');
    check(total === written, 'rows read = rows written');
    if (WITH_CSV) {
      const csv = await timed('read the CSV folder (readRegister)', written, () => readRegister(path.join(folder, 'csv')));
      check(csv.problems.length === 0 && csv.register.milestones?.length === MILESTONES, 'the CSV folder reads back every row');
    }
    const batches = batchesOf(register, BATCH ?? 500).length;
    const name = path.basename(file);
    const options = BATCH ? { batchSize: BATCH } : {};

    const dry = sender(graph, identity, batches);
    const dryReport = await timed('dry run (--dry-run: one checking pass)', total, () => importInBatches(dry.send, name, register, { ...options, dryRun: true }));
    check(dryReport.problems.length === 0 && dryReport.refused === 0, `the dry run finds no problem (${JSON.stringify(dryReport.problems.slice(0, 3))})`);
    check(dryReport.created === total && !dryReport.written, `the dry run would create every row (${dryReport.created} of ${total}) and writes nothing`);

    const sqlTime = new Map<string, { ms: number; n: number }>();
    const commitmentsDb = graph.subgraphs.commitments.database;
    if (SQL_PROFILE) {
      // TypeORM reports a statement slower than its driver's maxQueryExecutionTime (ms) to the logger: all of 1 ms or more.
      (commitmentsDb.dataSource.driver.options as { maxQueryExecutionTime?: number }).maxQueryExecutionTime = 0.5;
      (commitmentsDb.counter as unknown as { logQuerySlow: (time: number, query: string) => void }).logQuerySlow = (time, query) => {
        const shape = query.replace(/\s+/g, ' ').replace(/\((\?, )+\?\)/g, '(?…)').replace(/(, \(\?…\))+/g, ', …').slice(0, 90);
        const t = sqlTime.get(shape) ?? { ms: 0, n: 0 };
        sqlTime.set(shape, { ms: t.ms + time, n: t.n + 1 });
      };
    }
    const run = sender(graph, identity, batches);
    const report: ImportTotals = await timed('import (check pass + write pass)', total, () => importInBatches(run.send, name, register, options));
    if (SQL_PROFILE) (commitmentsDb.dataSource.driver.options as { maxQueryExecutionTime?: number }).maxQueryExecutionTime = undefined;
    check(report.written && report.created === total && report.refused === 0 && report.updated === 0, `the import writes every row (${JSON.stringify({ ...report, problems: report.problems.slice(0, 3) })})`);
    phases.push({ phase: '↳ of which the check pass', rows: total, seconds: run.spent.check / 1000, load: [NaN, NaN], statements: run.spent.checkStatements });
    phases.push({ phase: '↳ of which the write pass', rows: total, seconds: run.spent.write / 1000, load: [NaN, NaN], statements: run.spent.writeStatements });
    const stored = await snapshot(graph, engine);
    const db = graph.subgraphs.commitments.database.dataSource;
    const milestoneCount = Number((await db.query(`SELECT COUNT(*) AS n FROM milestone m JOIN commitment c ON c.id = m.commitment_id WHERE c.code LIKE ?`, [`${ownerId}-BI-%`]))[0].n);
    check(milestoneCount === MILESTONES, `every milestone is stored (${milestoneCount})`);

    const again = sender(graph, identity, batches);
    const reimport = await timed('re-import of the same file (check pass + write pass)', total, () => importInBatches(again.send, name, register, options));
    check(reimport.created === 0 && reimport.updated === 0 && reimport.refused === 0 && reimport.unchanged === total, `the re-import finds every row unchanged (${JSON.stringify({ ...reimport, problems: reimport.problems.slice(0, 3) })})`);
    check((await snapshot(graph, engine)) === stored, 'the re-import changes no stored row (counts and CHECKSUM TABLE)');
    phases.push({ phase: '↳ of which the check pass', rows: total, seconds: again.spent.check / 1000, load: [NaN, NaN], statements: again.spent.checkStatements });
    phases.push({ phase: '↳ of which the write pass (nothing to write)', rows: total, seconds: again.spent.write / 1000, load: [NaN, NaN], statements: again.spent.writeStatements });

    const loadAtEnd = os.loadavg();
    const lines = [
      `Import at scale: ${fmt(COMMITMENTS)} commitments, ${fmt(COMMITMENTS)} action programmes, ${fmt(MILESTONES)} milestones (${fmt(total)} rows, XLSX ${fmt(size / 1e6, 1)} MB), ` +
        `engine ${engine}, batches of ${BATCH ?? 500} rows (${batches} per pass), ${startedAt.toISOString().slice(0, 16)}Z, ${os.cpus().length} cores`,
      '',
      '| phase | rows | seconds | rows/s | SQL statements | load avg (1 min) start → end |',
      '|---|---:|---:|---:|---:|---|',
      ...phases.map((p) => `| ${p.phase} | ${fmt(p.rows)} | ${fmt(p.seconds, 1)} | ${fmt(p.rows / p.seconds)} | ${p.statements ? fmt(p.statements) : ''} | ${Number.isNaN(p.load[0]) ? '' : `${p.load[0].toFixed(2)} → ${p.load[1].toFixed(2)}`} |`),
      '',
      `Write pass of the import, ms per call of ~${Math.round(total / batches)} rows: ${trend(run.spent.writeCalls)}.`,
      `Load average (1, 5, 15 min): ${loadAtStart.map((l) => l.toFixed(2)).join(', ')} at the start; ${loadAtEnd.map((l) => l.toFixed(2)).join(', ')} at the end. ` +
        `Peak resident memory ${fmt(process.resourceUsage().maxRSS / 1024)} MB. Findings stored: ${fmt(report.findings)}. Re-import: ${fmt(reimport.unchanged)} rows unchanged, tables identical.`,
    ];
    if (SQL_PROFILE) {
      lines.push('', 'Import (both passes), commitments subgraph, statements of 1 ms or more by shape:', '', '| ms | statements | shape |', '|---:|---:|---|');
      for (const [shape, t] of [...sqlTime].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) lines.push(`| ${fmt(t.ms)} | ${fmt(t.n)} | \`${shape.replace(/\|/g, '\\|')}\` |`);
    }
    console.log(lines.join('\n'));
  } finally {
    await graph.dispose();
    if (!KEEP) fs.rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack ?? error.message : error);
  process.exit(1);
});
