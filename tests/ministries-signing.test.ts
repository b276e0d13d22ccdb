import { openTestSubgraph, runOnSubgraph, type TestSubgraph } from '@accords/testkit';
import { openTestSupergraph } from '@accords/gateway/testing';
import { publishRuleSet } from '@accords/ministries';
import { parse, print, type ObjectTypeDefinitionNode } from 'graphql';
import { subgraphTypeDefs } from '@accords/subgraph-kit';
import { commitments, localities, ministries, partners } from './modules';
import { Workflow, errorOf, ok, user } from './workflow';

/**
 * Legal rule V1 for central signatories (DESIGN section 3): central bodies sign in their own name; units under them
 * only with their minister's written consent; a body merged away stops signing after its last day. The rules are
 * the ministries subgraph's own versioned data, judged by the same engine as the localities'.
 */
let subgraph: TestSubgraph<unknown>;
beforeAll(async () => {
  subgraph = await openTestSubgraph(ministries as never, { seed: 'reference' });
});
afterAll(() => subgraph?.dispose());

const FIELDS = 'maySign signatoryLevel priorConsent consultees reason ruleSetVersion legalBasis asOf';
const run = <T = any>(query: string, variables?: Record<string, unknown>) => runOnSubgraph<T>(subgraph, query, variables);

/** Today in the legal time zone (+07:00). */
const today = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);

async function ministryCapability(id: string, asOf: string, ruleSetVersion?: string) {
  const { data, errors } = await run<any>(`query ($id: ID!, $asOf: Date!, $v: String) { ministry(id: $id) { signingCapability(asOf: $asOf, ruleSetVersion: $v) { ${FIELDS} } } }`, {
    id,
    asOf,
    v: ruleSetVersion ?? null,
  });
  expect(errors).toBeUndefined();
  return data.ministry.signingCapability;
}

describe('signing capability of central bodies and their units', () => {
  it('lets a ministry sign today, after consulting the Ministry of Foreign Affairs and the related ministries', async () => {
    const asOf = today();
    const cap = await ministryCapability('MOIT', asOf);
    expect(cap).toMatchObject({ maySign: true, signatoryLevel: 'MINISTRY', priorConsent: null, reason: null, ruleSetVersion: '2021.1', asOf });
    expect(cap.consultees).toEqual(['MOFA', 'RELATED_MINISTRIES']);
    expect(cap.legalBasis).toMatch(/70\/2020\/QH14/);
  });

  it.each([
    ['SBV', 'MINISTERIAL_AGENCY'],
    ['VNA', 'GOVERNMENT_AGENCY'],
    ['NA-OFFICE', 'NATIONAL_ASSEMBLY_BODY'],
    ['OP', 'OFFICE_OF_THE_PRESIDENT'],
    ['SPC', 'SUPREME_PEOPLES_COURT'],
    ['SPP', 'SUPREME_PEOPLES_PROCURACY'],
  ])('lets %s sign at the level %s', async (id, level) => {
    expect(await ministryCapability(id, '2025-09-01')).toMatchObject({ maySign: true, signatoryLevel: level, priorConsent: null });
  });

  it.each(['VFF', 'VGCL', 'HCYU', 'VWU'])(
    "lets the central body of a mass organisation (%s) sign only with the written consent of the body managing its foreign affairs (art. 21)",
    async (id) => {
      const { data, errors } = await run<any>(`{ ministry(id: "${id}") { kind signingCapability(asOf: "2025-09-01") { ${FIELDS} article } } }`);
      expect(errors).toBeUndefined();
      expect(data.ministry.kind).toBe('MASS_ORGANISATION');
      expect(data.ministry.signingCapability).toMatchObject({
        maySign: true,
        signatoryLevel: 'CENTRAL_BODY_OF_MASS_ORGANISATION',
        priorConsent: 'FOREIGN_AFFAIRS_MANAGING_BODY',
        consultees: ['MOFA', 'RELATED_MINISTRIES'],
        reason: null,
      });
      expect(data.ministry.signingCapability.article).toMatch(/art\. 2\(2\)\(k\).*art\. 21 .*written consent.*art\. 22\(3\)-\(5\)/);
    },
  );

  it('refuses a body merged in 2025 after its validTo, naming its successor, and lets it sign before', async () => {
    // The Ministry of Planning and Investment merged into the Ministry of Finance; its last day was 2025-02-28.
    const after = await ministryCapability('MPI', '2025-03-01');
    expect(after).toMatchObject({ maySign: false, signatoryLevel: null, consultees: [], ruleSetVersion: '2021.1' });
    expect(after.reason).toMatch(/2025-02-28/);
    expect(after.reason).toMatch(/Bộ Tài chính \(MOF\)/);
    expect(await ministryCapability('MPI', '2025-02-28')).toMatchObject({ maySign: true, signatoryLevel: 'MINISTRY' });
    // A body created by the merger could not sign before it existed.
    const before = await ministryCapability('MAE', '2025-02-28');
    expect(before.maySign).toBe(false);
    expect(before.reason).toMatch(/did not exist yet/);
  });

  it('lets a general department or department (cục) of a ministry sign only with its minister\'s written consent, and no other unit', async () => {
    const { data, errors } = await run<any>(`{
      dilt: ministryUnit(id: "MOFA-DILT") { kind signingCapability(asOf: "2025-09-01") { ${FIELDS} article } }
      protocol: ministryUnit(id: "MOFA-PROTOCOL") { kind signingCapability(asOf: "2025-09-01") { ${FIELDS} } }
      customs: ministryUnit(id: "MOF-CUSTOMS") { kind signingCapability(asOf: "2025-09-01") { ${FIELDS} article } }
      early: ministryUnit(id: "MOF-CUSTOMS") { signingCapability(asOf: "2025-02-01") { maySign reason } }
    }`);
    expect(errors).toBeUndefined();
    for (const unit of [data.protocol, data.customs]) {
      expect(unit.signingCapability).toMatchObject({ maySign: true, signatoryLevel: 'MINISTRY_UNIT', priorConsent: 'MINISTER', reason: null });
    }
    expect(data.customs.signingCapability.article).toMatch(/art\. 2\(2\)\(e\).*art\. 20\(1\).*Decree 64\/2021\/ND-CP art\. 2\(1\)\(a\), art\. 4\(3\)/);
    // Law 70/2020/QH14 art. 2(2)(e) names tổng cục and cục, not a Vụ (the Department of International Law and Treaties).
    expect(data.dilt.signingCapability).toMatchObject({ maySign: false, priorConsent: null, article: 'Law 70/2020/QH14 art. 2(2)(e), art. 20(1)' });
    expect(data.dilt.signingCapability.reason).toMatch(/tổng cục, cục/);
    expect([data.dilt.kind, data.protocol.kind, data.customs.kind]).toEqual(['DEPARTMENT', 'AUTHORITY', 'AUTHORITY']);
    // The General Department of Customs became an authority of the Ministry of Finance on 2025-03-01.
    expect(data.early.signingCapability.maySign).toBe(false);
  });

  it('lets a cục of a ministerial-level agency sign with its head\'s consent, and refuses a cục of a Government agency (art. 2(2)(e))', async () => {
    // Units the data do not have yet, as an agency would publish them: one under the State Bank (a ministerial-level
    // agency), one under the Viet Nam News Agency (a Government agency), one Vụ under the State Bank.
    const insert = (id: string, body: string, kind: string, name: string) =>
      subgraph.database.dataSource.query(
        'INSERT INTO ministry_unit (id, ministry_id, kind, name_vi, name_en, search_text, valid_from, valid_to, version) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, 1)',
        [id, body, kind, name, name, id.toLowerCase()],
      );
    await insert('SBV-TEST-CUC', 'SBV', 'AUTHORITY', 'Cục thử nghiệm thuộc Ngân hàng Nhà nước');
    await insert('VNA-TEST-CUC', 'VNA', 'AUTHORITY', 'Cục thử nghiệm thuộc Thông tấn xã Việt Nam');
    await insert('SBV-TEST-VU', 'SBV', 'DEPARTMENT', 'Vụ thử nghiệm thuộc Ngân hàng Nhà nước');
    const { data, errors } = await run<any>(`{
      sbv: ministryUnit(id: "SBV-TEST-CUC") { ministry { kind } signingCapability(asOf: "2025-09-01") { ${FIELDS} article } }
      vna: ministryUnit(id: "VNA-TEST-CUC") { ministry { kind } signingCapability(asOf: "2025-09-01") { ${FIELDS} article } }
      vu: ministryUnit(id: "SBV-TEST-VU") { signingCapability(asOf: "2025-09-01") { maySign reason article } }
    }`);
    expect(errors).toBeUndefined();
    expect([data.sbv.ministry.kind, data.vna.ministry.kind]).toEqual(['MINISTERIAL_AGENCY', 'GOVERNMENT_AGENCY']);
    expect(data.sbv.signingCapability).toMatchObject({ maySign: true, signatoryLevel: 'MINISTRY_UNIT', priorConsent: 'MINISTER', reason: null });
    expect(data.vna.signingCapability).toMatchObject({ maySign: false, signatoryLevel: null, priorConsent: null, article: 'Law 70/2020/QH14 art. 2(2)(e), art. 20(1)' });
    expect(data.vna.signingCapability.reason).toMatch(/only the general departments and departments \(tổng cục, cục\) of ministries and ministerial-level agencies.*Government agency/);
    expect(data.vu.signingCapability.maySign).toBe(false);
    expect(data.vu.signingCapability.reason).toMatch(/Vụ, institute, office or inspectorate/);
  });

  it('refuses every central body before the Law on International Agreements took effect', async () => {
    const cap = await ministryCapability('MOFA', '2021-06-30');
    expect(cap).toMatchObject({ maySign: false, ruleSetVersion: 'NONE' });
    expect(cap.reason).toMatch(/not in force/);
  });

  it('rejects an explicit unknown rule-set version with BAD_USER_INPUT naming the published ones', async () => {
    for (const query of [
      '{ ministry(id: "MOFA") { signingCapability(asOf: "2025-09-01", ruleSetVersion: "1999.9") { maySign } } }',
      '{ ministryUnit(id: "MOFA-DILT") { signingCapability(asOf: "2025-09-01", ruleSetVersion: "1999.9") { maySign } } }',
    ]) {
      const { errors } = await run(query);
      expect(errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(errors?.[0].message).toMatch(/1999\.9.*2021\.1/);
    }
    expect(await ministryCapability('MOFA', '2025-09-01', '2021.1')).toMatchObject({ maySign: true, ruleSetVersion: '2021.1' });
  });

  it('changes the answer from the effective date of a newly published version, with no code change', async () => {
    const ministry = { maySign: true, signatoryLevel: 'MINISTRY', priorConsent: null, consultees: ['MOFA', 'RELATED_MINISTRIES'] };
    await publishRuleSet(subgraph.database.dataSource, {
      version: '2099.1',
      effectiveFrom: '2099-01-01',
      legalBasis: 'A hypothetical amendment: units sign without consent',
      aliases: { 'MINISTRY.DEPARTMENT': 'MINISTRY_UNIT', 'MINISTRY.AUTHORITY': 'MINISTRY_UNIT' },
      levels: { MINISTRY: ministry, MINISTRY_UNIT: { ...ministry, signatoryLevel: 'MINISTRY_UNIT' } },
    });
    const unit = (asOf: string) => run<any>(`{ ministryUnit(id: "MOFA-PROTOCOL") { signingCapability(asOf: "${asOf}") { priorConsent ruleSetVersion } } }`);
    expect((await unit('2099-01-01')).data.ministryUnit.signingCapability).toEqual({ priorConsent: null, ruleSetVersion: '2099.1' });
    expect((await unit('2098-12-31')).data.ministryUnit.signingCapability).toEqual({ priorConsent: 'MINISTER', ruleSetVersion: '2021.1' });
  });

  it('costs a constant number of statements for the signing capability of 20 ministries', async () => {
    const list = await run<any>('{ ministries(first: 100) { edges { node { id validTo } } } }');
    const bodies: { id: string; validTo: string | null }[] = list.data.ministries.edges.map((e: any) => e.node);
    // The bodies merged in 2025 first, so that even one of them needs its successor looked up.
    const merged = bodies.filter((b) => b.validTo !== null).map((b) => b.id);
    expect(merged.length).toBeGreaterThanOrEqual(5);
    const twenty = [...merged, ...bodies.filter((b) => b.validTo === null).map((b) => b.id)].slice(0, 20);
    expect(twenty).toHaveLength(20);
    const count = async (n: number) => {
      subgraph.database.counter.reset();
      const { data, errors } = await run<any>(
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Ministry { id signingCapability(asOf: "2025-09-01") { maySign reason } } } }`,
        { r: twenty.slice(0, n).map((id) => ({ __typename: 'Ministry', id })) },
      );
      expect(errors).toBeUndefined();
      expect(data._entities).toHaveLength(n);
      return { statements: subgraph.database.counter.dataStatements.length, entities: data._entities };
    };
    const one = await count(1);
    const result = await count(20);
    // The bodies, the rule sets and the successors of the merged ones: one statement each, whatever the number.
    expect(result.statements).toBeLessThanOrEqual(3);
    expect(result.statements).toBe(one.statements);
    expect(result.entities.filter((e: any) => !e.signingCapability.maySign).map((e: any) => e.id).sort()).toEqual([...merged].sort());
  });
});

describe('the shared SigningCapability type', () => {
  it('is the same @shareable definition in the ministries and localities subgraphs', () => {
    const definition = (module: typeof ministries | typeof localities) => {
      const found = subgraphTypeDefs(module as never).definitions.find(
        (d): d is ObjectTypeDefinitionNode => d.kind === 'ObjectTypeDefinition' && d.name.value === 'SigningCapability',
      );
      expect(found).toBeDefined();
      return print(found!);
    };
    const inMinistries = definition(ministries);
    expect(inMinistries).toBe(definition(localities));
    expect(parse(inMinistries).definitions[0]).toMatchObject({ directives: [expect.objectContaining({ name: expect.objectContaining({ value: 'shareable' }) })] });
  });
});

describe('through the gateway', () => {
  it('answers one query about a ministry, a unit and a province, each from its own subgraph and rule set', async () => {
    const graph = await openTestSupergraph([ministries, localities] as never, { seed: 'reference' });
    try {
      const { data, errors } = await graph.query<any>(`{
        ministry(id: "MOFA") { signingCapability(asOf: "2025-09-01") { maySign signatoryLevel priorConsent ruleSetVersion } }
        ministryUnit(id: "MOFA-PROTOCOL") { signingCapability(asOf: "2025-09-01") { maySign signatoryLevel priorConsent ruleSetVersion } }
        locality(id: "20") { signingCapability(asOf: "2025-09-01") { maySign signatoryLevel priorConsent ruleSetVersion } }
      }`);
      expect(errors).toBeUndefined();
      expect(data).toEqual({
        ministry: { signingCapability: { maySign: true, signatoryLevel: 'MINISTRY', priorConsent: null, ruleSetVersion: '2021.1' } },
        ministryUnit: { signingCapability: { maySign: true, signatoryLevel: 'MINISTRY_UNIT', priorConsent: 'MINISTER', ruleSetVersion: '2021.1' } },
        locality: { signingCapability: { maySign: true, signatoryLevel: 'PROVINCIAL_PEOPLES_COMMITTEE', priorConsent: null, ruleSetVersion: '2025.1' } },
      });
    } finally {
      await graph.dispose();
    }
  });
});

describe('V1 for a mass organisation through the workflow (Law 70/2020/QH14 art. 21, art. 22(5))', () => {
  it('refuses approval until the written consent of the body managing its foreign affairs is recorded, then lets it sign', async () => {
    const graph = await openTestSupergraph([ministries, localities, partners, commitments] as never, { seed: 'reference' });
    try {
      const flow = new Workflow(graph);
      const VGCL = { type: 'MINISTRY', id: 'VGCL' }; // Vietnam General Confederation of Labour
      const editor = user('MINISTRY:VGCL', ['editor']);
      const approver = user('MINISTRY:VGCL', ['approver']);
      const CONSENT =
        'mutation ($id: ID!, $v: Int!, $at: DateTime!) { recordParentConsent(commitmentId: $id, version: $v, at: $at, document: "CV 12/ĐN: văn bản đồng ý của cơ quan quản lý hoạt động đối ngoại") { parentConsentAt version } }';
      const { id } = ok(await flow.propose(editor, { lead: VGCL, fields: ['PEOPLE_TO_PEOPLE'] })).proposeCommitment;
      await flow.passFeasibility(id, editor, approver, '2026-09-18T10:00:00+07:00');
      ok(await flow.requestOpinions(id, editor, [{ type: 'MINISTRY', id: 'MOFA' }, { type: 'MINISTRY', id: 'MOIT' }], '2026-09-22'));
      ok(await flow.recordOpinion(id, 'MOFA', user('MINISTRY:MOFA', ['editor']), 'AGREE', '2026-09-25T09:00:00+07:00'));
      ok(await flow.recordOpinion(id, 'MOIT', user('MINISTRY:MOIT', ['editor']), 'AGREE', '2026-09-25T10:00:00+07:00'));

      // No consent recorded: V1 refuses, naming the consent that is missing, and nothing else is unmet.
      const refused = errorOf(await flow.approve(id, approver, '2026-10-01T09:00:00+07:00', '2026-10-09'));
      expect(refused.code).toBe('FAILED_PRECONDITION');
      expect(refused.rules!.map((r) => r.rule)).toEqual(['V1']);
      expect(refused.rules![0].message).toMatch(/signs only with the prior written consent of the foreign affairs managing body .*none is recorded/);
      expect(refused.rules![0].message).toMatch(/signing rule set 2021\.1/);

      // The organisation's approver records the consent letter it received; an editor may not.
      expect(errorOf(await graph.query<any>(CONSENT, { id, v: await flow.version(id), at: '2026-10-02T09:00:00+07:00' }, editor)).code).toBe('FORBIDDEN');
      const consent = ok(await graph.query<any>(CONSENT, { id, v: await flow.version(id), at: '2026-10-02T09:00:00+07:00' }, approver)).recordParentConsent;
      expect(consent.parentConsentAt).toBe('2026-10-02T09:00:00.000+07:00');

      ok(await flow.approve(id, approver, '2026-10-05T09:00:00+07:00', '2026-10-09'));
      const signed = ok(await flow.sign(id, approver, '2026-10-09T10:00:00+07:00')).signCommitment;
      expect(signed.legalStatus).toBe('SIGNED');
      expect(signed.signingCapability).toMatchObject({ agency: 'MINISTRY:VGCL', maySign: true, signatoryLevel: 'CENTRAL_BODY_OF_MASS_ORGANISATION', ruleSetVersion: '2021.1' });
    } finally {
      await graph.dispose();
    }
  });
});
