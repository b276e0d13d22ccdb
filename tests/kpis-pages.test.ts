import { randomUUID } from 'node:crypto';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import type { SubgraphModule } from '@accords/subgraph-kit';
import { commitments } from '@accords/commitments';
import { localities } from '@accords/localities';
import { ministries } from '@accords/ministries';
import { partners } from '@accords/partners';
import { ActionProgramEntity, CommitmentEntity, MilestoneEntity } from '@accords/commitments/src/db';
import { ok } from './workflow';

/**
 * The commitments behind a KPI figure, a page at a time (`KpiFigure.commitmentsPage(first, after)`): paging through
 * with the opaque cursor gives exactly the unpaged list, in the same order; a cursor the API did not give is refused.
 *
 * Register: 11 commitments of MOIT signed in 2025, several on the same day (so the keyset's tie on id matters).
 * Those signed on an even index get an approved programme on their signing day (acted on); the others wait (K10
 * waiting). Each has one milestone due 2025-03-01 and never completed: on 2025-12-31 it is overdue by far more than
 * the 30-day threshold, so every one is stalled (K17), with idle days that tie in groups (same signing day).
 */
let graph: TestSupergraph;
const at = (iso: string) => new Date(iso);
const DAYS = ['2025-01-10', '2025-01-10', '2025-01-10', '2025-02-03', '2025-02-03', '2025-03-15', '2025-04-01', '2025-04-01', '2025-06-30', '2025-07-04', '2025-07-04'];

beforeAll(async () => {
  graph = await openTestSupergraph([ministries, localities, partners, commitments] as SubgraphModule<unknown>[], { seed: 'reference' });
  const db = graph.subgraphs.commitments.database.dataSource;
  await db.transaction(async (m) => {
    for (const [i, day] of DAYS.entries()) {
      const id = randomUUID();
      await m.save(Object.assign(new CommitmentEntity(), {
        id, code: `PG-${String(i).padStart(2, '0')}`, titleVi: `Cam kết ${i}`, titleEn: null, instrumentClass: 'INTERNATIONAL_AGREEMENT', documentType: 'AGREEMENT',
        leadAgencyType: 'MINISTRY', leadAgencyId: 'MOIT', ownerAgency: 'MINISTRY:MOIT', signedAt: at(`${day}T03:00:00Z`), signedOn: day, legalStatus: 'SIGNED',
        implementationStatus: 'IMPLEMENTATION', searchText: `pg-${i}`, createdAt: at('2025-01-01T00:00:00Z'), version: 1,
      }));
      const program = Object.assign(new ActionProgramEntity(), {
        id: randomUUID(), commitmentId: id, ownerAgency: 'MINISTRY:MOIT', kind: 'LONG_TERM', year: 2025, title: 'KH', status: i % 2 ? 'DRAFT' : 'APPROVED',
        approvedAt: i % 2 ? null : at(`${day}T04:00:00Z`), createdAt: at('2025-01-01T00:00:00Z'), version: 1,
      });
      await m.save(program);
      await m.save(Object.assign(new MilestoneEntity(), { id: randomUUID(), commitmentId: id, programId: program.id, task: 'Việc', ownerAgency: 'MINISTRY:MOIT', dueOn: '2025-03-01', createdAt: at('2025-01-01T00:00:00Z'), version: 1 }));
    }
  });
});
afterAll(() => graph?.dispose());

const FIGURES = {
  signed: 'signed { count { %s } }',
  waiting: 'lag { waiting { %s } }',
  stalled: 'stalled { rate { %s } }',
  sixClear: 'sixClear { rate { %s } }',
} as const;

const query = (path: string, selection: string) =>
  `query ${selection.includes('$after') ? '($after: String) ' : ''}{ kpis(period: { kind: YEAR, year: 2025 }, asOf: "2025-12-31", filter: { leadAgency: { type: MINISTRY, id: "MOIT" } }) { ${path.replace('%s', selection)} } }`;

/** The figure object at the end of the path (e.g. data.kpis.signed.count). */
function figureOf(data: any, name: keyof typeof FIGURES): any {
  const k = data.kpis;
  return { signed: k.signed?.count, waiting: k.lag?.waiting, stalled: k.stalled?.rate, sixClear: k.sixClear?.rate }[name];
}

describe.each(Object.keys(FIGURES) as (keyof typeof FIGURES)[])('%s', (name) => {
  it('pages with the cursor through exactly the unpaged list', async () => {
    const whole = figureOf(ok(await graph.query<any>(query(FIGURES[name], 'numerator denominator commitments(first: 500) { code }'))), name);
    const expected = whole.commitments.map((c: { code: string }) => c.code);
    // Every figure here lists several commitments (more than one page of 2).
    expect(expected.length).toBeGreaterThan(2);

    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: any = figureOf(ok(await graph.query<any>(query(FIGURES[name], 'commitmentsPage(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { code } } }'), { after })), name).commitmentsPage;
      expect(page.totalCount).toBe(expected.length);
      expect(page.edges.length).toBeLessThanOrEqual(2);
      seen.push(...page.edges.map((e: any) => e.node.code));
      pages++;
      if (!page.pageInfo.hasNextPage) break;
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1].cursor);
      after = page.pageInfo.endCursor;
      expect(pages).toBeLessThan(20);
    }
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 2));
  });
});

it('refuses a cursor it did not give, naming after', async () => {
  const bad = async (path: string, after: string) => {
    const result = await graph.query<any>(query(path, 'commitmentsPage(first: 2, after: $after) { edges { node { code } } }'), { after });
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  };
  // Not a cursor at all.
  await bad(FIGURES.signed, 'not a cursor');
  // A well-formed cursor of another kind of list: the six-clear list is ordered by id alone, K1's by date then id.
  const six = figureOf(ok(await graph.query<any>(query(FIGURES.sixClear, 'commitmentsPage(first: 1) { pageInfo { endCursor } }'))), 'sixClear');
  await bad(FIGURES.signed, six.commitmentsPage.pageInfo.endCursor);
  // A date list's cursor whose date is not a date.
  await bad(FIGURES.signed, Buffer.from(JSON.stringify(['2025-13', 'x'])).toString('base64url'));
  // first is bounded as for every list.
  const tooMany = await graph.query<any>(query(FIGURES.signed, 'commitmentsPage(first: 501) { totalCount }'));
  expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
});
