import { openTestSubgraph, runOnSubgraph, type TestSubgraph } from '@accords/testkit';
import { partners } from './modules';

let subgraph: TestSubgraph<unknown>;
beforeAll(async () => {
  subgraph = await openTestSubgraph(partners as never, { seed: 'reference' });
});
afterAll(() => subgraph?.dispose());

async function query<T = any>(text: string, variables?: Record<string, unknown>): Promise<T> {
  const result = await runOnSubgraph<T>(subgraph, text, variables);
  expect(result.errors).toBeUndefined();
  return result.data as T;
}

const STRATEGIC_OR_HIGHER = ['STRATEGIC_PARTNERSHIP', 'COMPREHENSIVE_STRATEGIC_PARTNERSHIP'];

describe('relationship frameworks', () => {
  it('makes the five permanent members of the Security Council comprehensive strategic partners, as their history ends', async () => {
    const data = await query(`{ partners(grouping: "UNSC_P5") { totalCount edges { node { id framework frameworkSince frameworkHistory { framework since } } } } }`);
    expect(data.partners.totalCount).toBe(5);
    expect(data.partners.edges.map((e: any) => e.node.id).sort()).toEqual(['CN', 'FR', 'GB', 'RU', 'US']);
    for (const { node } of data.partners.edges) {
      expect(node.framework).toBe('COMPREHENSIVE_STRATEGIC_PARTNERSHIP');
      const last = node.frameworkHistory.at(-1);
      expect(last).toEqual({ framework: node.framework, since: node.frameworkSince });
    }
  });

  it('keeps Japan history oldest first and answers the framework in force on a date', async () => {
    const data = await query(`{ partner(id: "JP") {
      frameworkHistory { framework since note }
      before: frameworkOn(date: "2009-01-01")
      y2015: frameworkOn(date: "2015-01-01")
      y2024: frameworkOn(date: "2024-01-01")
      onUpgrade: frameworkOn(date: "2023-11-27")
    } }`);
    const jp = data.partner;
    expect(jp.frameworkHistory.map((e: any) => e.since)).toEqual(['2009-04-20', '2014-03-18', '2023-11-27']);
    expect(jp.frameworkHistory[1].note).toMatch(/Extensive strategic partnership/);
    expect(jp.before).toBeNull();
    expect(jp.y2015).toBe('STRATEGIC_PARTNERSHIP'); // the 2014 extensive strategic partnership
    expect(jp.y2024).toBe('COMPREHENSIVE_STRATEGIC_PARTNERSHIP');
    expect(jp.onUpgrade).toBe('COMPREHENSIVE_STRATEGIC_PARTNERSHIP');
  });

  it('has Germany and Italy as strategic partners', async () => {
    const data = await query(`{ de: partner(id: "DE") { framework frameworkSince } it: partner(id: "IT") { framework frameworkSince } }`);
    expect(data.de).toEqual({ framework: 'STRATEGIC_PARTNERSHIP', frameworkSince: '2011-10-11' });
    expect(data.it).toEqual({ framework: 'STRATEGIC_PARTNERSHIP', frameworkSince: '2013-01-21' });
  });

  it('lists the G7 members and their frameworks', async () => {
    const data = await query(`{ partners(grouping: "G7", kind: STATE) { edges { node { id framework } } } }`);
    const byId = Object.fromEntries(data.partners.edges.map((e: any) => [e.node.id, e.node.framework]));
    expect(Object.keys(byId).sort()).toEqual(['CA', 'DE', 'FR', 'GB', 'IT', 'JP', 'US']);
    for (const id of ['FR', 'DE', 'IT', 'JP', 'GB', 'US']) expect([id, STRATEGIC_OR_HIGHER.includes(byId[id])]).toEqual([id, true]);
    // Canada is NOT strategic or higher in the data: its only dated framework is the comprehensive partnership of
    // 9 November 2017. "Every G7 member is a strategic partner or higher" therefore does not hold for Canada; this
    // assertion states what the data says, and changes only when a sourced upgrade date is added to the history.
    expect(byId.CA).toBe('COMPREHENSIVE_PARTNERSHIP');
  });

  it('derives every current framework from the latest dated event', async () => {
    const data = await query(`{ partners(first: 100, kind: STATE) { edges { node { id framework frameworkSince frameworkHistory { framework since } } } } }`);
    let withHistory = 0;
    for (const { node } of data.partners.edges) {
      const last = node.frameworkHistory.at(-1);
      if (!last) continue;
      withHistory++;
      expect([node.id, node.framework, node.frameworkSince]).toEqual([node.id, last.framework, last.since]);
    }
    expect(withHistory).toBeGreaterThan(10);
  });

  it('costs the same number of SQL statements for the history of 100 partners as for 1', async () => {
    const listed: string[] = (await query(`{ partners(first: 100) { edges { node { id } } } }`)).partners.edges.map((e: any) => e.node.id);
    // France first: with a history and groupings, the single-partner run exercises every loader too.
    const ids = ['FR', ...listed.filter((id) => id !== 'FR')].slice(0, 100);
    expect(ids).toHaveLength(100);
    const run = async (n: number) => {
      subgraph.database.counter.reset();
      const data = await query(
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Partner { id frameworkHistory { framework since } frameworkOn(date: "2020-01-01") groupingDetails { code name } } } }`,
        { r: ids.slice(0, n).map((id: string) => ({ __typename: 'Partner', id })) },
      );
      expect(data._entities).toHaveLength(n);
      return subgraph.database.counter.dataStatements.length;
    };
    const one = await run(1);
    const hundred = await run(100);
    expect(hundred).toBe(one);
    expect(hundred).toBeLessThanOrEqual(3);
  });
});

describe('groupings', () => {
  it('lists the groupings with names, and resolves a partner grouping codes to them', async () => {
    const data = await query(`{ groupings { code name nameEn kind } partner(id: "FR") { groupings groupingDetails { code nameEn } } }`);
    expect(data.groupings.map((g: any) => g.code)).toEqual(['APEC', 'ASEAN', 'BRICS', 'EU', 'G20', 'G7', 'OECD', 'UNSC_P5']);
    expect(data.groupings.find((g: any) => g.code === 'ASEAN').name).toBe('Hiệp hội các quốc gia Đông Nam Á');
    expect(data.partner.groupings).toEqual(['UNSC_P5', 'G7', 'G20', 'EU', 'OECD']);
    expect(data.partner.groupingDetails.map((g: any) => g.code)).toEqual(data.partner.groupings);
  });

  it('returns nothing for an unknown grouping filter', async () => {
    const data = await query(`{ partners(grouping: "NO_SUCH_GROUP") { totalCount edges { node { id } } } }`);
    expect(data.partners).toEqual({ totalCount: 0, edges: [] });
  });
});

describe('framework event sources', () => {
  it("serves Kazakhstan's 2025 strategic partnership with its joint statement, and a source for every event", async () => {
    const data = await query(`{ kz: partner(id: "KZ") { frameworkHistory { framework since source } } }`);
    const [before, upgrade] = data.kz.frameworkHistory;
    expect(upgrade).toMatchObject({ framework: 'STRATEGIC_PARTNERSHIP', since: '2025-05-06' });
    expect(upgrade.source).toMatch(/^Joint Statement on the Establishment of the Viet Nam - Kazakhstan Strategic Partnership, adopted in Astana on 6 May 2025/);
    expect(before.source).toMatch(/^Not verified here/);
    const rows = await subgraph.database.dataSource.query('SELECT id, source FROM partner_framework_event');
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.filter((r: any) => typeof r.source !== 'string' || r.source.trim() === '')).toEqual([]);
  });

  it('drops an event whose date a correction moved, and stores the source of one added before the column was filled', async () => {
    const db = subgraph.database.dataSource;
    // The state of a database seeded before the correction: Canada's event under its old date, no sources stored.
    await db.query("INSERT INTO partner_framework_event (id, partner_id, framework, since, note, source, version) VALUES ('CA-2017-11-09', 'CA', 'COMPREHENSIVE_PARTNERSHIP', '2017-11-09', NULL, NULL, 1)");
    await db.query("UPDATE partner_framework_event SET source = NULL WHERE id = 'KZ-2025-05-06'");
    const stale = await query(`{ ca: partner(id: "CA") { frameworkHistory { since source } } kz: partner(id: "KZ") { frameworkHistory { source } } }`);
    expect(stale.ca.frameworkHistory.map((e: any) => e.since)).toEqual(['2017-11-08', '2017-11-09']);
    expect(stale.kz.frameworkHistory[1].source).toMatch(/^Not verified here/);
    await partners.seed!(db, { demo: false });
    const fixed = await query(`{ ca: partner(id: "CA") { frameworkSince frameworkHistory { since source } } kz: partner(id: "KZ") { frameworkHistory { source } } }`);
    expect(fixed.ca.frameworkSince).toBe('2017-11-08');
    expect(fixed.ca.frameworkHistory).toHaveLength(1);
    expect(fixed.ca.frameworkHistory[0].source).toMatch(/Canada.*8 November 2017/);
    expect(fixed.kz.frameworkHistory[1].source).toMatch(/Kazakhstan/);
  });
});

describe('seed', () => {
  it('writes nothing when run a second time', async () => {
    await partners.seed!(subgraph.database.dataSource, { demo: false });
    subgraph.database.counter.reset();
    await partners.seed!(subgraph.database.dataSource, { demo: false });
    const writes = subgraph.database.counter.dataStatements.filter((q) => /^\s*(INSERT|UPDATE|DELETE)/i.test(q.sql));
    expect(writes).toEqual([]);
    expect(subgraph.database.counter.dataStatements.length).toBeGreaterThan(0);
  });
});
