import { In, type DataSource } from 'typeorm';
import { foldForSearch, likeContains } from '@accords/db';
import { applyKeysetPage, type PageRequest } from '@accords/subgraph-kit';
import { LocalityEntity, LocalityVersionEntity } from '../db/entities';

/** Levels that sit under a province (what `Locality.communes` lists); abolished districts are not among them. */
export const COMMUNE_LEVELS = ['COMMUNE', 'WARD', 'SPECIAL_ZONE'] as const;

export interface LocalityFilter {
  search?: string | null;
  level?: string | null;
  provinceId?: string | null;
  isBorder?: boolean | null;
  /** Only units in existence on this date (YYYY-MM-DD); `level` then means the level the unit had on that date. */
  activeOn?: string | null;
}

/** A version in force on `on` (both ends inclusive, null open). */
const VERSION_ON = '(v.valid_from IS NULL OR v.valid_from <= :on) AND (v.valid_to IS NULL OR v.valid_to >= :on)';

/** The only code that reads or writes `locality`. */
export class LocalityRepository {
  constructor(private readonly db: DataSource) {}

  findByIds(ids: readonly string[]): Promise<LocalityEntity[]> {
    return this.db.getRepository(LocalityEntity).findBy({ id: In([...ids]) });
  }

  /** Every dated version of the given units, in one statement, oldest first (an open start first). */
  findVersionsOf(ids: readonly string[]): Promise<LocalityVersionEntity[]> {
    return this.db
      .getRepository(LocalityVersionEntity)
      .createQueryBuilder('v')
      .where('v.locality_id IN (:...ids)', { ids: [...ids] })
      .orderBy('CASE WHEN v.valid_from IS NULL THEN 0 ELSE 1 END', 'ASC')
      .addOrderBy('v.valid_from', 'ASC')
      .getMany();
  }

  /**
   * The unit that held `code` on `on`, or, with no date, the unit that holds it now (its version has no end). Codes
   * are reused (15 was Yên Bái until 2025-06-30, Lào Cai's from 2025-07-01), so the date decides.
   */
  async findByCode(code: string, on: string | null): Promise<LocalityEntity | null> {
    const qb = this.db
      .getRepository(LocalityEntity)
      .createQueryBuilder('l')
      .innerJoin(LocalityVersionEntity, 'v', 'v.locality_id = l.id')
      .where('v.code = :code', { code });
    if (on) qb.andWhere(VERSION_ON, { on });
    else qb.andWhere('v.valid_to IS NULL');
    return (await qb.orderBy('l.id', 'ASC').getOne()) ?? null;
  }

  /** The units merged into the given ones (abolished provinces and districts), in one statement, oldest merger first. */
  findPredecessorsOf(ids: readonly string[]): Promise<LocalityEntity[]> {
    return this.db
      .getRepository(LocalityEntity)
      .createQueryBuilder('l')
      .where('l.merged_into_id IN (:...ids)', { ids: [...ids] })
      .orderBy('l.valid_to', 'ASC')
      .addOrderBy('l.id', 'ASC')
      .getMany();
  }

  /**
   * The scope of each given unit, in one recursive statement for the whole batch: the unit itself, every unit under
   * it (communes, wards, special zones, historical districts and their communes) and, recursively, every unit merged
   * into it and everything under those. Rows are (rootId, id) pairs; a unit that does not exist has no row.
   */
  async findScopeIds(ids: readonly string[]): Promise<Array<{ rootId: string; id: string }>> {
    if (ids.length === 0) return [];
    const placeholders = ids.map(() => '?').join(', ');
    const rows: Array<{ root_id: string; id: string }> = await this.db.query(
      `WITH RECURSIVE scope (root_id, id) AS (
         SELECT l.id, l.id FROM locality l WHERE l.id IN (${placeholders})
         UNION
         SELECT s.root_id, c.id FROM scope s JOIN locality c ON c.province_id = s.id OR c.merged_into_id = s.id
       )
       SELECT root_id, id FROM scope ORDER BY root_id, id`,
      [...ids],
    );
    return rows.map((r) => ({ rootId: String(r.root_id), id: String(r.id) }));
  }

  /** Every commune, ward and special zone of the given provinces, in one statement, ordered by id. */
  findCommunesOf(provinceIds: readonly string[]): Promise<LocalityEntity[]> {
    return this.db
      .getRepository(LocalityEntity)
      .createQueryBuilder('l')
      .where('l.province_id IN (:...provinceIds)', { provinceIds: [...provinceIds] })
      .andWhere('l.level IN (:...levels)', { levels: [...COMMUNE_LEVELS] })
      .orderBy('l.id', 'ASC')
      .getMany();
  }

  private filtered(filter: LocalityFilter) {
    const qb = this.db.getRepository(LocalityEntity).createQueryBuilder('l');
    if (filter.search) qb.andWhere("l.search_text LIKE :search ESCAPE '!'", { search: likeContains(foldForSearch(filter.search)) });
    if (filter.level && !filter.activeOn) qb.andWhere('l.level = :level', { level: filter.level });
    if (filter.provinceId) qb.andWhere('l.province_id = :provinceId', { provinceId: filter.provinceId });
    // 1/0 rather than true/false: the same parameter works on MySQL (TINYINT) and the embedded engine (INTEGER).
    if (filter.isBorder !== null && filter.isBorder !== undefined) qb.andWhere('l.is_border = :isBorder', { isBorder: filter.isBorder ? 1 : 0 });
    if (filter.activeOn) {
      // In force on the date by its dated versions (level as it was then); a unit with no versions yet (a database
      // migrated but not reloaded) by its own validity and level.
      const level = filter.level ? ' AND v.level = :level' : '';
      qb.andWhere(
        `(EXISTS (SELECT 1 FROM locality_version v WHERE v.locality_id = l.id AND ${VERSION_ON}${level})` +
          ` OR (NOT EXISTS (SELECT 1 FROM locality_version v WHERE v.locality_id = l.id)` +
          ` AND (l.valid_from IS NULL OR l.valid_from <= :on) AND (l.valid_to IS NULL OR l.valid_to >= :on)${filter.level ? ' AND l.level = :level' : ''}))`,
        { on: filter.activeOn, level: filter.level ?? null },
      );
    }
    return qb;
  }

  list(filter: LocalityFilter, page: PageRequest): Promise<LocalityEntity[]> {
    return applyKeysetPage(this.filtered(filter), 'l.id', page).getMany();
  }

  count(filter: LocalityFilter): Promise<number> {
    return this.filtered(filter).getCount();
  }
}
