import { In, type DataSource } from 'typeorm';
import { foldForSearch, likeContains } from '@accords/db';
import { applyKeysetPage, type PageRequest } from '@accords/subgraph-kit';
import { PartnerEntity } from '../db/entities';
import type { QueryPartnersArgs } from '../generated/resolvers-types';

/** The filter arguments of `partners` (search, kind, grouping code e.g. G7, framework), as the SDL declares them. */
export type PartnerFilter = Omit<QueryPartnersArgs, 'first' | 'after'>;

/** The only code that reads or writes `partner`. */
export class PartnerRepository {
  constructor(private readonly db: DataSource) {}

  findByIds(ids: readonly string[]): Promise<PartnerEntity[]> {
    return this.db.getRepository(PartnerEntity).findBy({ id: In([...ids]) });
  }

  private filtered(filter: PartnerFilter) {
    const qb = this.db.getRepository(PartnerEntity).createQueryBuilder('p');
    if (filter.search) qb.andWhere("p.search_text LIKE :search ESCAPE '!'", { search: likeContains(foldForSearch(filter.search)) });
    if (filter.kind) qb.andWhere('p.kind = :kind', { kind: filter.kind });
    if (filter.grouping) {
      qb.andWhere("p.groupings LIKE :grouping ESCAPE '!'", { grouping: likeContains(`,${filter.grouping.trim().toUpperCase()},`) });
    }
    if (filter.framework) qb.andWhere('p.framework = :framework', { framework: filter.framework });
    return qb;
  }

  list(filter: PartnerFilter, page: PageRequest): Promise<PartnerEntity[]> {
    return applyKeysetPage(this.filtered(filter), 'p.id', page).getMany();
  }

  count(filter: PartnerFilter): Promise<number> {
    return this.filtered(filter).getCount();
  }
}
