import { In, type DataSource } from 'typeorm';
import { foldForSearch, likeContains } from '@accords/db';
import { applyKeysetPage, type PageRequest } from '@accords/subgraph-kit';
import { OfficialEntity } from '../db/entities';
import type { QueryOfficialsArgs } from '../generated/resolvers-types';

/** The filter arguments of `officials` (search by name or position, ministryId), as the SDL declares them. */
export type OfficialFilter = Omit<QueryOfficialsArgs, 'first' | 'after'>;

/** The only code that reads or writes `official`. */
export class OfficialRepository {
  constructor(private readonly db: DataSource) {}

  findByIds(ids: readonly string[]): Promise<OfficialEntity[]> {
    return this.db.getRepository(OfficialEntity).findBy({ id: In([...ids]) });
  }

  /** Every official of the given central bodies (active only when asked), in one statement, ordered by id. */
  findOfMinistries(ministryIds: readonly string[], activeOnly: boolean): Promise<OfficialEntity[]> {
    const qb = this.db
      .getRepository(OfficialEntity)
      .createQueryBuilder('o')
      .where('o.ministry_id IN (:...ministryIds)', { ministryIds: [...ministryIds] });
    // 1 rather than true: the same parameter works on MySQL (TINYINT) and the embedded engine (INTEGER).
    if (activeOnly) qb.andWhere('o.active = :active', { active: 1 });
    return qb.orderBy('o.id', 'ASC').getMany();
  }

  private filtered(filter: OfficialFilter) {
    const qb = this.db.getRepository(OfficialEntity).createQueryBuilder('o');
    if (filter.search) qb.andWhere("o.search_text LIKE :search ESCAPE '!'", { search: likeContains(foldForSearch(filter.search)) });
    if (filter.ministryId) qb.andWhere('o.ministry_id = :ministryId', { ministryId: filter.ministryId });
    return qb;
  }

  list(filter: OfficialFilter, page: PageRequest): Promise<OfficialEntity[]> {
    return applyKeysetPage(this.filtered(filter), 'o.id', page).getMany();
  }

  count(filter: OfficialFilter): Promise<number> {
    return this.filtered(filter).getCount();
  }
}
