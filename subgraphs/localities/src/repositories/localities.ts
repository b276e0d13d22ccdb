import { In, type DataSource } from 'typeorm';
import { foldForSearch, likeContains } from '@accords/db';
import { applyKeysetPage, type PageRequest } from '@accords/subgraph-kit';
import { LocalityEntity } from '../db/entities';

/** Levels that sit under a province (what `Locality.communes` lists); abolished districts are not among them. */
export const COMMUNE_LEVELS = ['COMMUNE', 'WARD', 'SPECIAL_ZONE'] as const;

export interface LocalityFilter {
  search?: string | null;
  level?: string | null;
  provinceId?: string | null;
  isBorder?: boolean | null;
  /** Only units in existence on this date (YYYY-MM-DD). */
  activeOn?: string | null;
}

/** The only code that reads or writes `locality`. */
export class LocalityRepository {
  constructor(private readonly db: DataSource) {}

  findByIds(ids: readonly string[]): Promise<LocalityEntity[]> {
    return this.db.getRepository(LocalityEntity).findBy({ id: In([...ids]) });
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
    if (filter.level) qb.andWhere('l.level = :level', { level: filter.level });
    if (filter.provinceId) qb.andWhere('l.province_id = :provinceId', { provinceId: filter.provinceId });
    // 1/0 rather than true/false: the same parameter works on MySQL (TINYINT) and the embedded engine (INTEGER).
    if (filter.isBorder !== null && filter.isBorder !== undefined) qb.andWhere('l.is_border = :isBorder', { isBorder: filter.isBorder ? 1 : 0 });
    if (filter.activeOn) {
      qb.andWhere('(l.valid_from IS NULL OR l.valid_from <= :on)', { on: filter.activeOn });
      qb.andWhere('(l.valid_to IS NULL OR l.valid_to >= :on)', { on: filter.activeOn });
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
