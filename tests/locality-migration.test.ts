import { openTestSubgraph, type TestSubgraph } from '@accords/testkit';
import { CommitmentEntity, CommitmentPartyEntity, migrations as commitmentMigrations } from '@accords/commitments/src/db';
import { LocalityEntity, migrations as localityMigrations } from '@accords/localities/src/db';
import { commitments, localities } from './modules';

/**
 * The migrations that carry existing rows to the new locality identities, on MySQL and the embedded engine: the
 * commitments led by a province whose code its successor reused move to that province's own identity when the record
 * names it, and nothing else moves; the localities' border status is backfilled without moving any id.
 */
const byName = (list: readonly (new () => { name?: string })[], name: string) => {
  const M = list.find((m) => new m().name === name);
  if (!M) throw new Error(`migration ${name} is not registered`);
  return new M() as { up(q: unknown): Promise<void>; down(q: unknown): Promise<void> };
};

describe('commitments led by a province whose code was reused', () => {
  let subgraph: TestSubgraph<unknown>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(commitments as never, { seed: 'none' });
  });
  afterAll(() => subgraph?.dispose());

  const row = (id: string, leadAgencyId: string, signedOn: string | null, titleVi: string, nameAtSigning: string | null) =>
    Object.assign(new CommitmentEntity(), {
      id,
      code: `T-${id}`,
      titleVi,
      instrumentClass: 'INTERNATIONAL_AGREEMENT',
      documentType: 'MEMORANDUM',
      leadAgencyType: 'LOCALITY',
      leadAgencyId,
      ownerAgency: `LOCALITY:${leadAgencyId}`, // a locality owns itself (the owner column comes after this migration)
      signedOn,
      legalStatus: signedOn ? 'SIGNED' : 'DRAFT',
      searchText: titleVi,
      leadAgencyNameAtSigning: nameAtSigning,
      createdAt: new Date('2025-01-01T00:00:00Z'),
    });

  it('moves only the records that name the absorbed province, with their party rows, and can be undone', async () => {
    const db = subgraph.database.dataSource;
    await db.getRepository(CommitmentEntity).save([
      row('m1', '15', '2025-04-03', 'Biên bản hợp tác tỉnh Yên Bái - Vân Nam', 'Ủy ban nhân dân tỉnh Yên Bái'),
      row('m2', '15', '2025-04-03', 'Biên bản hợp tác giữa tỉnh Lào Cai và tỉnh Vân Nam', null), // names the successor: stays
      row('m3', '15', '2025-08-01', 'Thỏa thuận của tỉnh Yên Bái', 'Ủy ban nhân dân tỉnh Lào Cai'), // after the merger: stays
      row('m4', '91', null, 'Dự thảo hợp tác tỉnh Kiên Giang - Campuchia', null), // unsigned, names Kiên Giang: moves
      row('m5', '24', '2024-01-10', 'Hợp tác thương mại', null), // no evidence either way: stays
      row('m6', '79', '2024-08-19', 'Hợp tác đường sắt đô thị', null), // not a reused code: untouched
    ]);
    await db.getRepository(CommitmentPartyEntity).save([
      Object.assign(new CommitmentPartyEntity(), { commitmentId: 'm1', agency: 'LOCALITY:15', role: 'LEAD' }),
      Object.assign(new CommitmentPartyEntity(), { commitmentId: 'm2', agency: 'LOCALITY:15', role: 'LEAD' }),
    ]);
    const migration = byName(commitmentMigrations, 'RemapReusedLocalityCodes1765200000000');
    const runner = db.createQueryRunner();
    try {
      await migration.up(runner);
      await migration.up(runner); // re-running changes nothing
      const leads = Object.fromEntries((await db.getRepository(CommitmentEntity).find()).map((c) => [c.id, c.leadAgencyId]));
      expect(leads).toEqual({ m1: '15-YB', m2: '15', m3: '15', m4: '91-KG', m5: '24', m6: '79' });
      const parties = Object.fromEntries((await db.getRepository(CommitmentPartyEntity).find()).map((p) => [p.commitmentId, p.agency]));
      expect(parties).toEqual({ m1: 'LOCALITY:15-YB', m2: 'LOCALITY:15' });
      expect(await db.getRepository(CommitmentEntity).count()).toBe(6); // nothing lost
      await migration.down(runner);
      const back = Object.fromEntries((await db.getRepository(CommitmentEntity).find()).map((c) => [c.id, c.leadAgencyId]));
      expect(back).toEqual({ m1: '15', m2: '15', m3: '15', m4: '91', m5: '24', m6: '79' });
    } finally {
      await runner.release();
    }
  });
});

describe('locality rows migrated before the reference data is reloaded', () => {
  let subgraph: TestSubgraph<unknown>;
  beforeAll(async () => {
    subgraph = await openTestSubgraph(localities as never, { seed: 'none' });
  });
  afterAll(() => subgraph?.dispose());

  it('backfills borderTypes from the single borderType and keeps every id', async () => {
    const db = subgraph.database.dataSource;
    const base = { provinceId: null, borderLegalBasis: null, validFrom: null, validTo: null, mergedIntoId: null, borderTypes: null, source: null };
    await db.getRepository(LocalityEntity).save([
      Object.assign(new LocalityEntity(), { ...base, id: '22', level: 'PROVINCE', nameVi: 'Tỉnh Quảng Ninh', nameEn: 'Quang Ninh Province', isBorder: true, borderType: 'LAND', searchText: '22 quang ninh' }),
      Object.assign(new LocalityEntity(), { ...base, id: '01', level: 'CENTRAL_CITY', nameVi: 'Thành phố Hà Nội', nameEn: 'Hanoi', isBorder: false, borderType: null, searchText: '01 ha noi' }),
    ]);
    const runner = db.createQueryRunner();
    try {
      await byName(localityMigrations, 'BackfillLocalityBorderTypes1765100002000').up(runner);
    } finally {
      await runner.release();
    }
    const rows = Object.fromEntries((await db.getRepository(LocalityEntity).find()).map((l) => [l.id, l.borderTypes]));
    expect(rows).toEqual({ '22': 'LAND', '01': null });
  });
});
