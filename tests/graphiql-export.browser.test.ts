/**
 * GraphiQL's CSV/XLSX download (issue #13) in a real browser: Debian's Chromium driven by playwright-core opens the
 * gateway's GraphiQL (served over HTTP from an in-process supergraph on the demo data), runs a query, clicks the
 * download buttons, and the files must hold exactly the rows and columns of the result GraphiQL received. Every
 * request to a host other than the gateway is refused and recorded: the page must work offline.
 */
import fs from 'node:fs';
import { chromium, type Browser, type Download, type Page } from 'playwright-core';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { allModules } from './modules';

const CHROMIUM = process.env.ACCORDS_CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIETNAMESE = /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i;

const LISTING = `query Listing {
  commitments(first: 40) {
    totalCount
    edges { node { code title signedOn fields leadAgency { __typename ... on Ministry { name } ... on Locality { name } } partners { name } } }
  }
}`;
const TWO_LISTS = 'query TwoLists { commitments(first: 3) { edges { node { code title } } } ministries(first: 50) { edges { node { id name kind } } } }';

let graph: TestSupergraph;
let http: Awaited<ReturnType<TestSupergraph['serveHttp']>>;
let browser: Browser;
let page: Page;
let origin: string;
/** Every URL the page asked for (including refused ones), and what went wrong on the page. */
const requested: string[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}: this test drives Debian's Chromium. Install it with "apt-get update && apt-get install -y chromium" (or set ACCORDS_CHROMIUM_PATH to a Chromium binary).`);
  }
  graph = await openTestSupergraph(allModules, { seed: 'demo' });
  http = await graph.serveHttp();
  origin = new URL(http.gatewayUrl).origin;
  // Offline: every request to another host goes to a proxy that does not exist, so it fails; loopback (the gateway)
  // bypasses it. (A proxy rather than page.route: intercepting the 10 MB page through the driver doubles its load.)
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'], headless: true, proxy: { server: 'http://127.0.0.1:9', bypass: '127.0.0.1,localhost' } });
  const context = await browser.newContext({ acceptDownloads: true });
  context.on('request', (request) => requested.push(request.url()));
  page = await context.newPage();
  page.setDefaultTimeout(480_000); // a ceiling, not a target: the 10 MB page compiles slowly on a loaded machine
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) pageErrors.push(message.text());
  });
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await http?.stop();
  await graph?.dispose();
});

/** Runs what is in GraphiQL's editor and returns the result GraphiQL received. */
async function run(operationName: string): Promise<any> {
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().startsWith(http.gatewayUrl) && (r.request().postData() ?? '').includes(`"operationName":"${operationName}"`));
  await page.locator('.graphiql-execute-button').click();
  const result = await (await answered).json();
  expect(result.errors).toBeUndefined();
  return result;
}

async function download(button: string): Promise<{ name: string; bytes: Buffer }> {
  const [file]: [Download, void] = await Promise.all([page.waitForEvent('download'), page.locator(button).click()]);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync((await file.path())!) };
}

/** The columns a commitments listing flattens to, and each node's expected cells, from the result itself. */
const LISTING_COLUMNS = ['code', 'title', 'signedOn', 'fields', 'leadAgency.__typename', 'leadAgency.name', 'partners'];
function listingRow(node: any): (string | null)[] {
  return [node.code, node.title, node.signedOn, node.fields.join('; '), node.leadAgency?.__typename ?? null, node.leadAgency?.name ?? null, node.partners.map((p: any) => p?.name ?? '').join('; ')];
}

afterEach(() => {
  expect(pageErrors).toEqual([]);
});

describe('GraphiQL download of the current result (Chromium)', () => {
  it('downloads the commitments listing as CSV (BOM, Vietnamese titles, one column per field path) and as XLSX', async () => {
    const landing = await page.goto(`${http.gatewayUrl}?query=${encodeURIComponent(LISTING)}`, { waitUntil: 'domcontentloaded' });
    expect(landing?.status()).toBe(200);
    // The page sets no Content-Security-Policy that would forbid its inline scripts (a violation would also be
    // reported on the console, which pageErrors collects).
    const csp = landing?.headers()['content-security-policy'];
    if (csp) expect(csp).toMatch(/script-src[^;]*('unsafe-inline'|'sha256-)/);
    await expect(page.locator('#accords-download-status').textContent()).resolves.toBe('no list in the result');
    await expect(page.locator('#accords-download-csv').isDisabled()).resolves.toBe(true);

    const result = await run('Listing');
    const nodes = result.data.commitments.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(5);
    const vietnamese = nodes.find((n: any) => VIETNAMESE.test(n.title));
    expect(vietnamese).toBeDefined();
    await page.locator('#accords-download-status', { hasText: `commitments.edges (${nodes.length})` }).waitFor();

    const csv = await download('#accords-download-csv');
    expect(csv.name).toBe('accords-commitments-edges.csv');
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const [header, ...rows] = parse(csv.bytes.toString('utf8'), { bom: true }) as string[][];
    expect(header).toEqual(LISTING_COLUMNS);
    expect(rows).toEqual(nodes.map((n: any) => listingRow(n).map((v) => (v === null ? '' : v))));
    expect(rows.map((r) => r[1])).toContain(vietnamese.title);

    const xlsx = await download('#accords-download-xlsx');
    expect(xlsx.name).toBe('accords-commitments-edges.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('commitments')!;
    expect(sheet).toBeDefined();
    const cells = (row: number) => LISTING_COLUMNS.map((_, i) => sheet.getRow(row).getCell(i + 1).value ?? null);
    expect(sheet.rowCount).toBe(nodes.length + 1);
    expect(cells(1)).toEqual(LISTING_COLUMNS);
    expect(nodes.map((_: unknown, i: number) => cells(i + 2))).toEqual(nodes.map((n: any) => listingRow(n).map((v) => (v === '' ? null : v))));
  }, 600_000);

  it('offers a choice when the new result has several lists, and downloads the one chosen', async () => {
    // Replace the editor's text with another operation and run it: the toolbar follows the new result. (The text goes
    // in before a '#' comment, so the editor does not auto-close the first brace.)
    await page.locator('.graphiql-query-editor .monaco-editor').first().click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText('#');
    await page.keyboard.press('Home');
    await page.keyboard.insertText(`${TWO_LISTS}\n`);
    // GraphiQL takes the editor's text into its state after a debounce (and stores it): run only once it has it, or
    // the click runs the previous operation (seen on a fast machine).
    await page.waitForFunction(`Object.keys(localStorage).some((k) => k.endsWith('query') && (localStorage.getItem(k) || '').includes('TwoLists'))`);
    const result = await run('TwoLists');
    const select = page.locator('#accords-download-list');
    const ministries = `ministries.edges (${result.data.ministries.edges.length})`;
    await select.locator('option', { hasText: ministries }).waitFor({ state: 'attached' });
    await expect(select.locator('option').allTextContents()).resolves.toEqual([`commitments.edges (${result.data.commitments.edges.length})`, ministries]);
    await select.selectOption({ label: ministries });
    const csv = await download('#accords-download-csv');
    expect(csv.name).toBe('accords-ministries-edges.csv');
    const [header, ...rows] = parse(csv.bytes.toString('utf8'), { bom: true }) as string[][];
    expect(header).toEqual(['id', 'name', 'kind']);
    expect(rows).toEqual(result.data.ministries.edges.map((e: any) => [e.node.id, e.node.name, e.node.kind]));
    expect(rows.some((r) => VIETNAMESE.test(r[1]))).toBe(true);
  }, 600_000);

  it('asked no host but the gateway: the page works offline', async () => {
    const web = requested.filter((u) => /^https?:/.test(u));
    expect(web.length).toBeGreaterThanOrEqual(4); // the page, introspection, the two operations
    expect(web.filter((u) => new URL(u).origin !== origin)).toEqual([]);
    // And the block is real: the page cannot reach another host.
    const outcome = await page.evaluate(() => fetch('http://example.com/').then(() => 'reached', () => 'refused'));
    expect(outcome).toBe('refused');
  });
});
