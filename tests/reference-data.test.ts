import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { localities, ministries, partners } from './modules';

let graph: TestSupergraph;
beforeAll(async () => {
  graph = await openTestSupergraph([ministries, localities, partners] as never, { seed: 'reference' });
});
afterAll(() => graph?.dispose());

const ids = (data: any, field: string) => data[field].edges.map((e: any) => e.node.id).sort();

describe('reference facts the registry must get right', () => {
  it('has the 34 provincial-level units in force since 1 July 2025: 6 centrally-run cities and 28 provinces', async () => {
    const { data, errors } = await graph.query<any>(`{
      cities: localities(level: CENTRAL_CITY, activeOn: "2025-07-01", first: 100) { totalCount edges { node { id name } } }
      provinces: localities(level: PROVINCE, activeOn: "2025-07-01", first: 100) { totalCount edges { node { id name } } }
      before: localities(level: PROVINCE, activeOn: "2025-06-30", first: 100) { totalCount }
    }`);
    expect(errors).toBeUndefined();
    expect(data.cities.totalCount).toBe(6);
    expect(ids(data, 'cities')).toEqual(['01', '31', '46', '48', '79', '92']);
    expect(data.provinces.totalCount).toBe(28);
    const byId = Object.fromEntries(data.provinces.edges.map((e: any) => [e.node.id, e.node.name]));
    expect(byId['15']).toMatch(/Lào Cai/);
    expect(byId['20']).toMatch(/Lạng Sơn/);
    expect(byId['96']).toMatch(/Cà Mau/);
    expect(data.before.totalCount).toBe(57); // the pre-merger provinces (Huế had become a city on 2025-01-01)
  });

  it('has the 17 central bodies of the Government: 14 ministries and 3 ministerial-level agencies', async () => {
    const { data } = await graph.query<any>(`{
      m: ministries(kind: MINISTRY, activeOn: "2025-11-01", first: 100) { totalCount edges { node { id } } }
      a: ministries(kind: MINISTERIAL_AGENCY, activeOn: "2025-11-01", first: 100) { totalCount edges { node { id } } }
      mpi: ministry(id: "MPI") { validTo successor { name } }
    }`);
    expect(data.m.totalCount).toBe(14);
    expect(ids(data, 'a')).toEqual(['GI', 'GO', 'SBV']);
    expect(data.mpi).toEqual({ validTo: '2025-02-28', successor: { name: 'Bộ Tài chính' } });
  });

  it('makes every permanent member of the Security Council a comprehensive strategic partner', async () => {
    const { data } = await graph.query<any>('{ partners(grouping: "UNSC_P5") { edges { node { id framework } } } }');
    expect(ids(data, 'partners')).toEqual(['CN', 'FR', 'GB', 'RU', 'US']);
    for (const e of data.partners.edges) expect(e.node.framework).toBe('COMPREHENSIVE_STRATEGIC_PARTNERSHIP');
  });

  it('has the partner frameworks set in 2025-2026, each on the date of its joint statement', async () => {
    const { data, errors } = await graph.query<any>(`{
      kz: partner(id: "KZ") { framework frameworkSince }
      az: partner(id: "AZ") { framework frameworkSince }
      fi: partner(id: "FI") { framework frameworkSince }
      bg: partner(id: "BG") { framework frameworkSince }
      za: partner(id: "ZA") { framework frameworkSince }
      eu: partner(id: "EU") { framework frameworkSince }
      gb: partner(id: "GB") { framework frameworkSince }
      ca: partner(id: "CA") { framework frameworkSince }
    }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      kz: { framework: 'STRATEGIC_PARTNERSHIP', frameworkSince: '2025-05-06' },
      az: { framework: 'STRATEGIC_PARTNERSHIP', frameworkSince: '2025-05-07' },
      fi: { framework: 'STRATEGIC_PARTNERSHIP', frameworkSince: '2025-10-21' },
      bg: { framework: 'STRATEGIC_PARTNERSHIP', frameworkSince: '2025-10-23' },
      za: { framework: 'STRATEGIC_PARTNERSHIP', frameworkSince: '2025-11-21' },
      eu: { framework: 'COMPREHENSIVE_STRATEGIC_PARTNERSHIP', frameworkSince: '2026-01-29' },
      gb: { framework: 'COMPREHENSIVE_STRATEGIC_PARTNERSHIP', frameworkSince: '2025-10-29' },
      // No dated upgrade of Canada is sourced: it stays a comprehensive partner, since its joint statement of 2017-11-08.
      ca: { framework: 'COMPREHENSIVE_PARTNERSHIP', frameworkSince: '2017-11-08' },
    });
  });

  it('serves the joint statement each framework event rests on, with its date and where its text was published', async () => {
    // Every partner, page by page (states, the EU and the other organisations).
    const history = new Map<string, any[]>();
    let after: string | null = null;
    do {
      const { data, errors }: { data?: any; errors?: unknown } = await graph.query<any>(
        'query ($after: String) { partners(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id frameworkHistory { framework since source } } } } }',
        { after },
      );
      expect(errors).toBeUndefined();
      for (const e of data.partners.edges) history.set(e.node.id, e.node.frameworkHistory);
      after = data.partners.pageInfo.hasNextPage ? data.partners.pageInfo.endCursor : null;
    } while (after);
    // The frameworks issue #10 names: each latest event cites its statement, the statement's date and a published text.
    const cited: [string, string, RegExp][] = [
      ['KZ', '2025-05-06', /Kazakhstan Strategic Partnership.*6 May 2025/],
      ['AZ', '2025-05-07', /Azerbaijan.*7 May 2025/],
      ['FI', '2025-10-21', /Finland.*21 October 2025/],
      ['BG', '2025-10-23', /Bulgaria.*23 October 2025/],
      ['ZA', '2025-11-21', /South Africa.*21 November 2025/],
      ['GB', '2025-10-29', /United Kingdom.*29 October 2025/],
      ['EU', '2026-01-29', /EU relations to a Comprehensive Strategic Partnership.*29 January 2026/],
      ['CA', '2017-11-08', /Canada.*Comprehensive Partnership.*8 November 2017/],
    ];
    for (const [id, since, statement] of cited) {
      const latest = history.get(id)!.at(-1);
      expect([id, latest.since]).toEqual([id, since]);
      expect(latest.source).toMatch(statement);
      expect(latest.source).toMatch(/https:\/\//);
      expect(latest.source).not.toMatch(/Not verified/);
    }
    // Every event says where it comes from; one no statement is cited for says that it was not verified.
    const all = [...history.values()].flat();
    expect(all.length).toBeGreaterThan(cited.length);
    for (const e of all) expect(e.source.trim().length).toBeGreaterThan(0);
    const unverified = all.filter((e) => /^Not verified here/.test(e.source));
    expect(unverified.length).toBeGreaterThan(0);
    expect(history.get('JP')!.map((e) => /^Not verified here/.test(e.source))).toEqual([true, true, true]);
  });

  it('keeps 63 provincial-level units on 2025-06-30 and 34 from 2025-07-01, codes reused on the date they changed hands', async () => {
    const { data, errors } = await graph.query<any>(`{
      before: localities(activeOn: "2025-06-30", level: PROVINCE, first: 1) { totalCount }
      citiesBefore: localities(activeOn: "2025-06-30", level: CENTRAL_CITY, first: 1) { totalCount }
      yb: locality(code: "15", on: "2025-04-03") { id name mergedInto { id name } }
    }`);
    expect(errors).toBeUndefined();
    expect(data.before.totalCount + data.citiesBefore.totalCount).toBe(63);
    expect(data.yb).toEqual({ id: '15-YB', name: 'Tỉnh Yên Bái', mergedInto: { id: '15', name: 'Tỉnh Lào Cai' } });
  });

  it('lists the UN member states other than Viet Nam, with their ISO codes', async () => {
    const { data } = await graph.query<any>('{ partners(kind: STATE, first: 1) { totalCount } vn: partners(search: "VNM") { totalCount } jp: partner(id: "JP") { name isoAlpha3 } }');
    expect(data.partners.totalCount).toBe(192);
    expect(data.vn.totalCount).toBe(0);
    expect(data.jp).toEqual({ name: 'Nhật Bản', isoAlpha3: 'JPN' });
  });

  it('finds a unit by name with or without diacritics', async () => {
    const { data } = await graph.query<any>('{ a: localities(search: "Sơn La", level: PROVINCE) { edges { node { id } } } b: localities(search: "son la", level: PROVINCE) { edges { node { id } } } }');
    expect(ids(data, 'a')).toContain('14');
    expect(ids(data, 'b')).toEqual(ids(data, 'a'));
  });
});
