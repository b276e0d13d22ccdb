/**
 * Download URLs next to the gateway (issue #13): a served gateway with real signed agency tokens (the development
 * scheme: ES256 JWTs checked against a JWKS file) answers /exports/… and /reports/… with files built from GraphQL
 * operations it runs as the caller. Another agency's token gets only what it may see, or FORBIDDEN; no token where one
 * is needed, or a bad one, gets 401 as /graphql does; mistakes are JSON errors naming the parameter.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createAgencyTokenVerifier } from '@accords/auth';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { exportCommitments } from '@accords/commitments/src/exchange/export';
import { registerCsv } from '@accords/commitments/src/exchange/files';
import { spawnSync } from 'node:child_process';
import { allModules } from './modules';
import { ok, user } from './workflow';

let graph: TestSupergraph;
let http: Awaited<ReturnType<TestSupergraph['serveHttp']>>;
let base: string;
let keysDir: string;
let sign: (agency: string | null, roles: string[]) => Promise<string>;

beforeAll(async () => {
  graph = await openTestSupergraph(allModules, { seed: 'demo' });
  // A key pair and its JWKS file, as `npm run token` makes for development.
  keysDir = fs.mkdtempSync(path.join(os.tmpdir(), 'accords-downloads-'));
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  fs.writeFileSync(path.join(keysDir, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'test', alg: 'ES256', use: 'sig' }] }));
  sign = (agency, roles) =>
    new SignJWT({ agency, roles }).setProtectedHeader({ alg: 'ES256', kid: 'test' }).setSubject(`test-${agency}`).setIssuer('accords-dev').setAudience('accords').setIssuedAt().setExpirationTime('1h').sign(privateKey);
  http = await graph.serveHttp({ verifyToken: createAgencyTokenVerifier({ issuer: 'accords-dev', audience: 'accords', jwksPath: path.join(keysDir, 'jwks.json') }) });
  base = http.gatewayUrl.replace(/\/graphql$/, '');
}, 120_000);
afterAll(async () => {
  await http?.stop();
  await graph?.dispose();
  if (keysDir) fs.rmSync(keysDir, { recursive: true, force: true });
});

const bearer = async (agency: string | null, roles: string[] = ['viewer']) => ({ authorization: `Bearer ${await sign(agency, roles)}` });
async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${url}`, { headers });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}
async function postTable(format: 'csv' | 'xlsx', payload: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/exports/table.${format}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(payload) });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}
const json = (body: Buffer) => JSON.parse(body.toString('utf8'));
const csvLines = (body: Buffer) => body.toString('utf8').replace(/^\uFEFF/, '').trimEnd().split('\r\n');

describe('exports', () => {
  it('downloads the register as CSV and XLSX: the same bytes the CLI writes, with the caller\'s identity', async () => {
    const central = await bearer('MINISTRY:MOFA');
    const csv = await get('/exports/commitments.csv', central);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/attachment; filename="commitments.csv"/);
    expect(csv.headers.get('cache-control')).toMatch(/no-store/);
    // The CLI's path, in-process as the same agency: identical bytes.
    const rows = await exportCommitments(async (query, variables) => ok(await graph.query(query, variables, user('MINISTRY:MOFA', ['viewer']))) as any);
    expect(csv.body.toString('utf8')).toBe(registerCsv(rows));
    const total = ok(await graph.query<any>('{ commitments { totalCount } }')).commitments.totalCount;
    expect(csvLines(csv.body)).toHaveLength(total + 1);
    expect(csv.body.toString('utf8')).toContain('20-2025-001,');

    const xlsx = await get('/exports/commitments.xlsx?leadAgency=20', central);
    expect(xlsx.status).toBe(200);
    expect(xlsx.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.body as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Commitments')!;
    const codes: string[] = [];
    sheet.eachRow((row, n) => n > 1 && codes.push(String(row.getCell(1).value)));
    const lead20 = rows.filter((r) => r.lead_agency === 'LOCALITY:20').map((r) => r.code);
    expect(lead20.length).toBeGreaterThan(0);
    expect(codes).toEqual(lead20);
  });

  it('downloads a league table and the attention list with the API\'s rows', async () => {
    const central = await bearer('MINISTRY:MOFA');
    const league = await get('/exports/league-table.csv?kind=PROVINCE&year=2025', central);
    expect(league.status).toBe(200);
    const api = ok(await graph.query<any>('{ leagueTable(kind: PROVINCE, period: { kind: YEAR, year: 2025 }) { agency { ... on Locality { name } } signed } }', {}, user('MINISTRY:MOFA', ['viewer']))).leagueTable;
    const lines = csvLines(league.body);
    expect(lines[0].split(',').slice(0, 4)).toEqual(['agency.__typename', 'agency.id', 'agency.name', 'signed']);
    expect(lines.slice(1).map((l) => l.split(',').slice(2, 4).join(','))).toEqual(api.map((r: any) => `${r.agency.name},${r.signed}`));

    const attention = await get('/exports/needs-attention.xlsx?first=5', central);
    expect(attention.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(attention.body as unknown as ArrayBuffer);
    const items = ok(await graph.query<any>('{ needsAttention(first: 5) { reason } }', {}, user('MINISTRY:MOFA', ['viewer']))).needsAttention;
    expect(workbook.getWorksheet('Needs attention')!.rowCount).toBe(items.length + 1);
  });

  it('exports any list an operation returns; restricted records are filtered by agency, another agency\'s are FORBIDDEN', async () => {
    const SUBMIT = 'mutation ($input: FeedbackInput!) { submitFeedback(input: $input) { id } }';
    const input = (localityId: string, subject: string) => ({ submitterKind: 'CITIZEN', subject, body: 'Phản ánh về thủ tục thông quan tại cửa khẩu.', localityId });
    const ours = ok(await graph.query<any>(SUBMIT, { input: input('20', 'Lạng Sơn: ách tắc thông quan') })).submitFeedback.id;
    const theirs = ok(await graph.query<any>(SUBMIT, { input: input('79', 'TP. Hồ Chí Minh: thủ tục cảng') })).submitFeedback.id;
    const payload = { query: 'query Feedback($first: Int) { feedback(first: $first) { edges { node { id subject locality { id } } } } }', variables: { first: 100 }, path: 'feedback.edges' };

    const all = await postTable('csv', payload, await bearer('MINISTRY:MOFA'));
    expect(all.status).toBe(200);
    expect(all.body.toString('utf8')).toContain(ours);
    expect(all.body.toString('utf8')).toContain(theirs);
    expect(all.body.toString('utf8')).toContain('Lạng Sơn: ách tắc thông quan');

    const langSon = await postTable('csv', payload, await bearer('LOCALITY:20'));
    expect(langSon.status).toBe(200);
    expect(langSon.body.toString('utf8')).toContain(ours);
    expect(langSon.body.toString('utf8')).not.toContain(theirs);
    expect(csvLines(langSon.body).slice(1).every((l) => l.endsWith(',20'))).toBe(true);

    const forbidden = await postTable('xlsx', { query: '{ locality(id: "79") { feedback { id subject } } }', path: 'locality.feedback' }, await bearer('LOCALITY:20'));
    expect(forbidden.status).toBe(403);
    expect(json(forbidden.body).errors[0].extensions.code).toBe('FORBIDDEN');

    const anonymous = await postTable('csv', payload);
    expect(anonymous.status).toBe(401);
    expect(json(anonymous.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a bad or forged token with 401 before running anything, as /graphql does', async () => {
    graph.resetCounters();
    for (const authorization of ['Bearer not-a-token', `Bearer ${(await sign('MINISTRY:MOFA', ['viewer'])).slice(0, -4)}AAAA`, 'Basic dXNlcjpwdw==']) {
      const res = await get('/exports/commitments.csv', { authorization });
      expect(res.status).toBe(401);
      expect(json(res.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    expect(Object.values(graph.statementCounts()).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('answers mistakes with JSON errors naming the parameter', async () => {
    const central = await bearer('MINISTRY:MOFA');
    const cases: [string, number, string, string | undefined][] = [
      ['/exports/league-table.csv?kind=DISTRICT&year=2025', 400, 'BAD_USER_INPUT', 'kind'],
      ['/exports/league-table.csv?kind=MINISTRY&quarter=2025-Q9', 400, 'BAD_USER_INPUT', 'quarter'],
      ['/exports/needs-attention.csv?first=0', 400, 'BAD_USER_INPUT', 'first'],
      ['/exports/nothing.csv', 404, 'NOT_FOUND', undefined],
      ['/exports/commitments.pdf', 404, 'NOT_FOUND', undefined],
      ['/reports/term.docx', 400, 'BAD_USER_INPUT', 'period'],
      ['/reports/term.docx?year=2025&term=2021-2025', 400, 'BAD_USER_INPUT', 'year'],
      ['/reports/commitment/20-2025-001.docx?asOf=30/06/2026', 400, 'BAD_USER_INPUT', 'asOf'],
    ];
    for (const [url, status, code, field] of cases) {
      const res = await get(url, central);
      const error = json(res.body).errors[0];
      expect({ url, status: res.status, code: error.extensions.code, field: error.extensions.field }).toEqual({ url, status, code, field });
    }
    const noPath = await postTable('csv', { query: '{ commitments(first: 2) { totalCount } }', path: 'commitments.edges' }, central);
    expect(noPath.status).toBe(400);
    expect(json(noPath.body).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'path' });
    const badQuery = await postTable('csv', { query: '{ commitments(first: "x") { totalCount } }', path: 'commitments' }, central);
    expect(badQuery.status).toBe(400);
    expect(json(badQuery.body).errors[0].extensions.code).toMatch(/BAD_USER_INPUT|GRAPHQL_VALIDATION_FAILED/);
  });
});

describe('reports', () => {
  const documentText = async (docx: Buffer) => {
    const zip = await JSZip.loadAsync(docx);
    return { zip, xml: await zip.file('word/document.xml')!.async('string') };
  };

  it('downloads the written report on one commitment; an unknown code is NOT_FOUND', async () => {
    const res = await get('/reports/commitment/20-2025-001.docx?asOf=2026-06-30', await bearer('LOCALITY:20'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(res.headers.get('content-disposition')).toMatch(/filename="report-20-2025-001.docx"/);
    const { xml } = await documentText(res.body);
    const c = ok(await graph.query<any>('{ commitment(code: "20-2025-001") { title leadAgency { ... on Locality { name } } } }')).commitment;
    expect(xml).toContain(c.title);
    expect(xml).toContain(c.leadAgency.name);
    expect(xml).toContain('Số liệu tính đến ngày 2026-06-30');

    const missing = await get('/reports/commitment/20-2099-999.docx', await bearer('LOCALITY:20'));
    expect(missing.status).toBe(404);
    expect(json(missing.body).errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('downloads the yearly report with its charts', async () => {
    const res = await get('/reports/term.docx?year=2025&attention=10', await bearer('MINISTRY:MOFA'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(/filename="report-2025.docx"/);
    const { zip, xml } = await documentText(res.body);
    const images = Object.keys(zip.files).filter((f) => /^word\/media\/.+\.png$/.test(f));
    expect(images).toHaveLength(3);
    const png = await zip.file(images[0])!.async('nodebuffer');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const signed = ok(await graph.query<any>('{ kpis(period: { kind: YEAR, year: 2025 }) { signed { count { value } } } }', {}, user('MINISTRY:MOFA', ['viewer']))).kpis.signed.count.value;
    expect(signed).toBeGreaterThan(0);
    expect(xml).toMatch(new RegExp(`K1\\. Số cam kết được ký kết trong kỳ</w:t>[\\s\\S]*?<w:t[^>]*>${signed}</w:t>`));
  });
});

describe('layering', () => {
  it('loads the renderers through a database-free entry: no TypeORM, no @accords/db (the gateway loads it on the first download)', () => {
    const root = path.join(__dirname, '..');
    const run = spawnSync(path.join(root, 'node_modules', '.bin', 'tsx'), ['--tsconfig', 'tsconfig.base.json', 'tests/module-graph.ts', '@accords/commitments/render'], { cwd: root, encoding: 'utf8' });
    expect(run.status).toBe(0);
    const graphOf = JSON.parse(run.stdout);
    expect(graphOf).toMatchObject({ typeorm: 0, db: 0 });
    // The entry was really loaded (docx, exceljs, echarts, resvg and their dependencies).
    expect(graphOf.modules).toBeGreaterThan(50);
  }, 120_000);
});
