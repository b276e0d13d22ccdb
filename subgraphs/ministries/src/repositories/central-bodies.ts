import { In, type DataSource } from 'typeorm';
import { foldForSearch, likeContains } from '@accords/db';
import { applyKeysetPage, type PageRequest } from '@accords/subgraph-kit';
import { CentralBodyEntity } from '../db/entities';
import type { QueryMinistriesArgs } from '../generated/resolvers-types';

/** The filter arguments of `ministries` (search, kind, activeOn: in existence on that date), as the SDL declares them. */
export type CentralBodyFilter = Omit<QueryMinistriesArgs, 'first' | 'after'>;

/** The only code that reads or writes `central_body`. */
export class CentralBodyRepository {
  constructor(private readonly db: DataSource) {}

  findByIds(ids: readonly string[]): Promise<CentralBodyEntity[]> {
    return this.db.getRepository(CentralBodyEntity).findBy({ id: In([...ids]) });
  }

  private filtered(filter: CentralBodyFilter) {
    const qb = this.db.getRepository(CentralBodyEntity).createQueryBuilder('b');
    if (filter.search) qb.andWhere("b.search_text LIKE :search ESCAPE '!'", { search: likeContains(foldForSearch(filter.search)) });
    if (filter.kind) qb.andWhere('b.kind = :kind', { kind: filter.kind });
    if (filter.activeOn) {
      qb.andWhere('(b.valid_from IS NULL OR b.valid_from <= :on)', { on: filter.activeOn });
      qb.andWhere('(b.valid_to IS NULL OR b.valid_to >= :on)', { on: filter.activeOn });
    }
    return qb;
  }

  list(filter: CentralBodyFilter, page: PageRequest): Promise<CentralBodyEntity[]> {
    return applyKeysetPage(this.filtered(filter), 'b.id', page).getMany();
  }

  count(filter: CentralBodyFilter): Promise<number> {
    return this.filtered(filter).getCount();
  }
}
