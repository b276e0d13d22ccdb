import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { foldForSearch } from '@accords/db';
import { encodeCursor } from '@accords/subgraph-kit';
import { CommitmentEntity, CommitmentFieldEntity, CommitmentPartnerEntity } from '@accords/commitments/src/db';
import { linkSortTriggers } from '@accords/commitments/src/db/migrations/1767100000000-CommitmentSortKeys';
import { commitments, localities, ministries, partners } from './modules';

/**
 * Commitment lists at scale (issue #16): keyset pages on the stored, indexed sort key (`sort_date DESC, code`), per-
 * parent pages that read only their rows, counts only when selected, and search through FULLTEXT on MySQL. Each
 * list is checked against the rule itself, applied here in memory to every row of the table: newest signing first,
 * unsigned ahead of everything, code breaks ties; a search is the folded phrase, each word of 3+ characters beginning
 * a word. Runs on both engines; the EXPLAIN part on MySQL only.
 */
let graph: TestSupergraph;
const LEADS = [
  ['MINISTRY', 'MOIT'],
  ['MINISTRY', 'MOH'],
  ['LOCALITY', '20'],
] as const;
const PARTNER_IDS = ['JP', 'KR', 'FR', 'AU'];
const FIELD_NAMES = ['HEALTH', 'ENERGY', 'LABOUR'];
const TITLES = [
  (i: number) => `Thỏa thuận hợp tác thể thao số ${i}`,
  (i: number) => `Biên bản đoàn công tác ${i}`,
  (i: number) => `Kế hoạch tác hợp y tế ${i}`,
  (i: number) => `Chương trình hợp tác lao động ${i}`,
  (i: number) => `Ý định thư về năng lượng số ${i}`,
];

function fixtureRows(from: number, to: number) {
  const rows: CommitmentEntity[] = [];
  const links: Partial<CommitmentPartnerEntity>[] = [];
  const fields: Partial<CommitmentFieldEntity>[] = [];
  for (let i = from; i < to; i++) {
    const [type, lead] = LEADS[i % LEADS.length];
    const code = `${lead}-LT-${String(i).padStart(4, '0')}`;
    const title = TITLES[i % TITLES.length](i);
    // Ties on the date (five dates), and an unsigned draft every seventh row.
    const signedOn = i % 7 === 0 ? null : `2024-0${1 + (i % 5)}-15`;
    rows.push(
      Object.assign(new CommitmentEntity(), {
        id: `lt-${i}`,
        code,
        titleVi: title,
        instrumentClass: 'INTERNATIONAL_AGREEMENT',
        documentType: 'MOU',
        leadAgencyType: type,
        leadAgencyId: lead,
        ownerAgency: `${type}:${lead}`,
        signedOn,
        legalStatus: signedOn ? 'SIGNED' : 'DRAFT',
        searchText: foldForSearch(`${code} ${title}`),
        createdAt: new Date('2024-01-01T00:00:00Z'),
      }),
    );
    links.push({ commitmentId: `lt-${i}`, partnerId: PARTNER_IDS[i % PARTNER_IDS.length] });
    if (i % 3 === 0) links.push({ commitmentId: `lt-${i}`, partnerId: PARTNER_IDS[(i + 1) % PARTNER_IDS.length] });
    fields.push({ commitmentId: `lt-${i}`, field: FIELD_NAMES[i % FIELD_NAMES.length] });
  }
  return { rows, links, fields };
}

async function insertFixture(from: number, to: number) {
  const db = graph.subgraphs.commitments.database.dataSource;
  const { rows, links, fields } = fixtureRows(from, to);
  await db.transaction(async (m) => {
    for (let i = 0; i < rows.length; i += 500) await m.insert(CommitmentEntity, rows.slice(i, i + 500));
    for (let i = 0; i < links.length; i += 500) await m.insert(CommitmentPartnerEntity, links.slice(i, i + 500) as CommitmentPartnerEntity[]);
    for (let i = 0; i < fields.length; i += 500) await m.insert(CommitmentFieldEntity, fields.slice(i, i + 500) as CommitmentFieldEntity[]);
  });
}

beforeAll(async () => {
  graph = await openTestSupergraph([ministries, localities, partners, commitments] as never, { seed: 'demo' });
  await insertFixture(0, 80);
});
afterAll(() => graph?.dispose());

interface Row {
  code: string;
  signedOn: string | null;
  lead: string;
  search: string;
  partners: string[];
  fields: string[];
}

/** Every commitment with what the filters look at, read straight from the tables. */
async function allRows(): Promise<Row[]> {
  const db = graph.subgraphs.commitments.database.dataSource;
  const [cs, ps, fs] = await Promise.all([
    db.getRepository(CommitmentEntity).find(),
    db.getRepository(CommitmentPartnerEntity).find(),
    db.getRepository(CommitmentFieldEntity).find(),
  ]);
  return cs.map((c) => ({
    code: c.code,
    signedOn: c.signedOn,
    lead: c.leadAgencyId,
    search: c.searchText,
    partners: ps.filter((p) => p.commitmentId === c.id).map((p) => p.partnerId),
    fields: fs.filter((f) => f.commitmentId === c.id).map((f) => f.field),
  }));
}

/** The documented order, applied in memory. */
const ordered = (rows: Row[]) =>
  [...rows]
    .sort((a, b) => {
      const [da, db] = [a.signedOn ?? '9999-12-31', b.signedOn ?? '9999-12-31'];
      if (da !== db) return da < db ? 1 : -1;
      return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
    })
    .map((r) => r.code);

/** The documented search rule, applied in memory: the folded phrase, starting where a word starts. */
function matches(text: string, search: string): boolean {
  const folded = foldForSearch(search);
  const at = (i: number) => i === 0 || !/[\p{L}\p{N}_]/u.test(text[i - 1]);
  for (let i = text.indexOf(folded); i >= 0; i = text.indexOf(folded, i + 1)) if (at(i)) return true;
  return false;
}

async function query<T = any>(text: string, variables: Record<string, unknown> = {}): Promise<T> {
  const result = await graph.query<any>(text, variables);
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

/** Every page of a list, `first` at a time, following endCursor. */
async function pageThrough(args: string, first: number): Promise<string[]> {
  const seen: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 500; i++) {
    const data: any = await query(`query ($after: String) { commitments(first: ${first}, after: $after${args ? `, ${args}` : ''}) { pageInfo { hasNextPage endCursor } edges { node { code } } } }`, { after });
    seen.push(...data.commitments.edges.map((e: any) => e.node.code));
    if (!data.commitments.pageInfo.hasNextPage) return seen;
    after = data.commitments.pageInfo.endCursor;
  }
  throw new Error('no last page');
}

describe('keyset pages on the stored sort key', () => {
  const filters: [string, string, (r: Row) => boolean][] = [
    ['no filter', '', () => true],
    ['leadAgencyId', 'leadAgencyId: "MOIT"', (r) => r.lead === 'MOIT'],
    ['partnerId', 'partnerId: "JP"', (r) => r.partners.includes('JP')],
    ['field', 'field: HEALTH', (r) => r.fields.includes('HEALTH')],
    ['partnerId and field', 'partnerId: "KR", field: ENERGY', (r) => r.partners.includes('KR') && r.fields.includes('ENERGY')],
    ['signed range', 'signedFrom: "2024-02-15", signedTo: "2024-04-15"', (r) => r.signedOn !== null && r.signedOn >= '2024-02-15' && r.signedOn <= '2024-04-15'],
    ['search', 'search: "hop tac"', (r) => matches(r.search, 'hop tac')],
    ['search and lead', 'search: "Hợp tác", leadAgencyId: "20"', (r) => r.lead === '20' && matches(r.search, 'hợp tác')],
  ];
  it.each(filters)('%s: every row once, in the documented order, the total equal to the rows', async (_name, args, keep) => {
    const expected = ordered((await allRows()).filter(keep));
    expect(expected.length).toBeGreaterThan(3);
    expect(await pageThrough(args, 4)).toEqual(expected);
    const total: any = await query(`{ commitments(first: 1${args ? `, ${args}` : ''}) { totalCount } }`);
    expect(total.commitments.totalCount).toBe(expected.length);
  });

  it('per-parent pages (partner, ministry, locality) follow the same order and page by cursor', async () => {
    const rows = await allRows();
    const data: any = await query(`{
      partner(id: "JP") { commitments(first: 100) { totalCount edges { node { code } } } }
      ministry(id: "MOIT") { commitments(first: 100) { totalCount edges { node { code } } } }
      locality(id: "20") { commitments(first: 100, includeInherited: false) { totalCount edges { node { code } } } }
    }`);
    const jp = ordered(rows.filter((r) => r.partners.includes('JP')));
    expect(data.partner.commitments.edges.map((e: any) => e.node.code)).toEqual(jp);
    expect(data.partner.commitments.totalCount).toBe(jp.length);
    expect(data.ministry.commitments.edges.map((e: any) => e.node.code)).toEqual(ordered(rows.filter((r) => r.lead === 'MOIT')));
    expect(data.locality.commitments.edges.map((e: any) => e.node.code)).toEqual(ordered(rows.filter((r) => r.lead === '20')));
    // The second page of a partner's list starts right after the first.
    const first: any = await query('{ partner(id: "JP") { commitments(first: 5) { pageInfo { endCursor } } } }');
    const second: any = await query('query ($after: String) { partner(id: "JP") { commitments(first: 5, after: $after) { edges { node { code } } } } }', {
      after: first.partner.commitments.pageInfo.endCursor,
    });
    expect(second.partner.commitments.edges.map((e: any) => e.node.code)).toEqual(jp.slice(5, 10));
  });

  it('accepts a cursor built from a key ([sortDate, code], as cursors always were) and refuses a tampered one naming `after`', async () => {
    const expected = ordered(await allRows());
    const [date, code] = ['2024-03-15', expected.find((c) => c.startsWith('MOIT-LT'))!];
    const all = await allRows();
    const key = all.find((r) => r.code === code)!;
    const after = encodeCursor([key.signedOn ?? '9999-12-31', key.code]);
    const page: any = await query('query ($after: String) { commitments(first: 3, after: $after) { edges { node { code } } } }', { after });
    const at = expected.indexOf(code);
    expect(page.commitments.edges.map((e: any) => e.node.code)).toEqual(expected.slice(at + 1, at + 4));
    for (const bad of ['not-a-cursor', encodeCursor(['x']), encodeCursor([date]), encodeCursor(['2024-13-45', code]), encodeCursor([5, code]), encodeCursor([date, code, 'extra']), encodeCursor([date, ''])]) {
      for (const text of [
        'query ($after: String) { commitments(first: 3, after: $after) { edges { node { code } } } }',
        'query ($after: String) { partner(id: "JP") { commitments(first: 3, after: $after) { edges { node { code } } } } }',
      ]) {
        const result = await graph.query(text, { after: bad });
        expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
      }
    }
  });
});

describe('search', () => {
  const codes = async (search: string) =>
    ((await query('query ($s: String) { commitments(search: $s, first: 100) { edges { node { code } } } }', { s: search })).commitments.edges as any[]).map((e) => e.node.code);

  /** The phrase, starting where a word starts. */
  const atWordStart = (phrase: string) => (t: string) => new RegExp(`(^|[^\\p{L}\\p{N}_])${phrase}`, 'u').test(t);
  it.each([
    ['a phrase, with or without diacritics', 'Hợp tác', atWordStart('hop tac')],
    ['words in another order are another phrase', 'tac hop', atWordStart('tac hop')],
    ['a word that is an English stopword ("the")', 'the thao', atWordStart('the thao')],
    ['a code prefix across its hyphens', 'moit-lt-001', atWordStart('moit-lt-001')],
    ['short words too ("so 1"), which no word index holds', 'so 1', atWordStart('so 1')],
    ['after a hyphen ("lt-001")', 'lt-001', atWordStart('lt-001')],
    ['the start of a word, not its middle: "doan" finds đoàn', 'doan', atWordStart('doan')],
  ])('%s', async (_name, search, rule) => {
    const rows = await allRows();
    const expected = ordered(rows.filter((r) => rule(r.search)));
    expect(expected.length).toBeGreaterThan(0);
    expect(await codes(search)).toEqual(expected);
  });

  it('changed on purpose: the phrase must start where a word starts ("oan" no longer finds đoàn)', async () => {
    const rows = await allRows();
    expect(rows.some((r) => r.search.includes('doan'))).toBe(true);
    expect(await codes('oan')).toEqual(ordered(rows.filter((r) => matches(r.search, 'oan'))));
    expect(await codes('oan')).not.toEqual(expect.arrayContaining([rows.find((r) => r.search.includes('doan'))!.code]));
  });
});

describe('the link tables keep their copy of the sort key', () => {
  it('follows a signing date or code that changes, and a link added later', async () => {
    const db = graph.subgraphs.commitments.database.dataSource;
    const partnerPage = async () => ((await query('{ partner(id: "AU") { commitments(first: 100) { edges { node { code } } } } }')).partner.commitments.edges as any[]).map((e) => e.node.code);
    const fieldList = () => pageThrough('field: HEALTH', 50);
    await db.query("UPDATE commitment SET signed_on = '2030-01-01' WHERE id = 'lt-3'"); // partner AU (3 % 4), field HEALTH (3 % 3)
    await db.query("UPDATE commitment SET code = '0-LT-RENAMED' WHERE id = 'lt-7'"); // unsigned, partner AU: first on its page now
    await db.query("INSERT INTO commitment_partner (commitment_id, partner_id) VALUES ('lt-1', 'AU')");
    const rows = await allRows();
    expect(await partnerPage()).toEqual(ordered(rows.filter((r) => r.partners.includes('AU'))));
    expect(await fieldList()).toEqual(ordered(rows.filter((r) => r.fields.includes('HEALTH'))));
    expect((await partnerPage())[0]).toBe('0-LT-RENAMED');
    expect(await partnerPage()).toContain(rows.find((r) => r.signedOn === '2030-01-01')!.code);
    const stale: { n: number | string }[] = await db.query(
      `SELECT COUNT(*) AS n FROM commitment_partner p JOIN commitment c ON c.id = p.commitment_id
        WHERE p.sort_date IS NULL OR p.sort_date <> c.sort_date OR p.code <> c.code`,
    );
    expect(Number(stale[0].n)).toBe(0);
    const triggers: { name?: string; TRIGGER_NAME?: string }[] =
      db.options.type === 'sqljs'
        ? await db.query("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        : await db.query('SELECT TRIGGER_NAME FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE()');
    const names = triggers.map((t) => t.name ?? t.TRIGGER_NAME);
    expect(names).toEqual(expect.arrayContaining([...linkSortTriggers('commitment_partner'), ...linkSortTriggers('commitment_field')]));
  });
});

describe('SQL statements per request', () => {
  const partnersPage = (partners: number, each: number, total: boolean) =>
    `{ partners(grouping: "G20", first: ${partners}) { edges { node { name commitments(first: ${each}) { ${total ? 'totalCount' : ''} edges { node { code } } } } } } }`;
  const listPage = (first: number, total: boolean) => `{ commitments(first: ${first}, search: "hop tac") { ${total ? 'totalCount' : ''} edges { node { code partners { name } fields } } } }`;

  async function counted(text: string) {
    graph.resetCounters();
    await query(text);
    return { counts: graph.statementCounts(), sql: graph.subgraphs.commitments.database.counter.dataStatements.map((s) => s.sql) };
  }

  it('do not grow with page size, number of parents or data, and COUNT runs only when totalCount is selected', async () => {
    const small = await counted(partnersPage(4, 2, true));
    const large = await counted(partnersPage(16, 10, true));
    expect(large.counts).toEqual(small.counts);
    const noTotal = await counted(partnersPage(16, 10, false));
    expect(noTotal.sql.filter((s) => /COUNT\(/i.test(s))).toEqual([]);
    expect(large.sql.filter((s) => /COUNT\(/i.test(s))).toHaveLength(1); // one grouped COUNT for all the partners
    const list = await counted(listPage(3, false));
    expect(list.sql.filter((s) => /COUNT\(/i.test(s))).toEqual([]);
    expect((await counted(listPage(60, false))).counts).toEqual(list.counts);
    expect((await counted(listPage(60, true))).sql.filter((s) => /COUNT\(/i.test(s))).toHaveLength(1);
    const ministries = await counted('{ ministries(kind: MINISTRY, first: 14) { edges { node { commitments(first: 7) { edges { node { code } } } } } } }');

    await insertFixture(80, 400); // five times the data
    expect((await counted(partnersPage(16, 10, true))).counts).toEqual(large.counts);
    expect((await counted(listPage(60, false))).counts).toEqual(list.counts);
    expect((await counted('{ ministries(kind: MINISTRY, first: 14) { edges { node { commitments(first: 7) { edges { node { code } } } } } } }')).counts).toEqual(ministries.counts);
  });
});

describe('MySQL plans (EXPLAIN)', () => {
  const mysqlOnly = () => graph.subgraphs.commitments.database.dataSource.options.type !== 'sqljs';

  /** The statements a request sent to the commitments database, each with its EXPLAIN FORMAT=JSON. */
  async function plans(text: string) {
    const db = graph.subgraphs.commitments.database.dataSource;
    const counter = graph.subgraphs.commitments.database.counter;
    counter.reset();
    await query(text);
    const statements = counter.dataStatements.filter((s) => /^\s*\(?\s*SELECT/i.test(s.sql));
    return Promise.all(
      statements.map(async (s) => {
        const [row] = await db.query(`EXPLAIN FORMAT=JSON ${s.sql}`, s.parameters as unknown[]);
        return { sql: s.sql, plan: String(Object.values(row)[0]) };
      }),
    );
  }

  beforeAll(async () => {
    if (!mysqlOnly()) return;
    await insertFixture(400, 3000);
    await graph.subgraphs.commitments.database.dataSource.query('ANALYZE TABLE commitment, commitment_partner, commitment_field');
  });

  it('reads the first page and a keyset page of the national list through (sort_date DESC, code), without a filesort', async () => {
    if (!mysqlOnly()) return;
    const db = graph.subgraphs.commitments.database.dataSource;
    const [{ v }] = await db.query('SELECT @@innodb_ft_min_token_size AS v');
    expect(Number(v)).toBeLessThanOrEqual(3); // the repository leaves shorter words to LIKE
    const first: any = await query('{ commitments(first: 20) { pageInfo { endCursor } } }');
    for (const text of ['{ commitments(first: 20) { edges { node { code } } } }', `{ commitments(first: 20, after: "${first.commitments.pageInfo.endCursor}") { edges { node { code } } } }`]) {
      const [page] = (await plans(text)).filter((p) => /FROM `commitment`/.test(p.sql) && /LIMIT/.test(p.sql));
      expect(page.plan).toMatch(/"key":\s*"IDX_commitment_sort"/);
      expect(page.plan).not.toMatch(/filesort/);
    }
  });

  it('reads per-parent pages and filters through their own indexes, and search through FULLTEXT', async () => {
    if (!mysqlOnly()) return;
    const cases: [string, RegExp, boolean][] = [
      ['{ partners(grouping: "G20", first: 16) { edges { node { commitments(first: 10) { edges { node { code } } } } } } }', /IDX_commitment_partner_sort/, true],
      ['{ ministries(kind: MINISTRY, first: 14) { edges { node { commitments(first: 5) { edges { node { code } } } } } } }', /IDX_commitment_lead_sort/, true],
      ['{ commitments(first: 20, leadAgencyId: "MOIT") { edges { node { code } } } }', /IDX_commitment_lead_id_sort/, true],
      ['{ commitments(first: 20, partnerId: "JP") { edges { node { code } } } }', /IDX_commitment_partner_sort/, true],
      ['{ commitments(first: 20, field: HEALTH) { edges { node { code } } } }', /IDX_commitment_field_sort/, true],
      ['{ commitments(first: 20, signedFrom: "2024-02-01", signedTo: "2024-03-31") { edges { node { code } } } }', /IDX_commitment_sort/, true],
      // A rare phrase is found through the FULLTEXT index (after the window of the list's first rows fell short).
      ['{ commitments(first: 20, search: "moit-lt-0123") { edges { node { code } } } }', /"access_type":\s*"fulltext"/, false],
    ];
    // A common one fills its page from that window and never asks the word index.
    expect((await plans('{ commitments(first: 20, search: "the thao") { edges { node { code } } } }')).filter((p) => /MATCH/.test(p.sql))).toEqual([]);
    for (const [text, index, noFilesort] of cases) {
      const all = (await plans(text)).filter((p) => /LIMIT/.test(p.sql));
      const [page] = /search/.test(text) ? all.filter((p) => /MATCH/.test(p.sql)) : all;
      expect(page.plan).toMatch(index);
      if (noFilesort) expect(page.plan).not.toMatch(/filesort/);
    }
  });
});
