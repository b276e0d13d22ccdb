import { In, type DataSource } from 'typeorm';
import { foldForSearch, likeContains } from '@accords/db';
import { applyKeysetPage, type PageRequest } from '@accords/subgraph-kit';
import { LocalAuthorityDelegationEntity, LocalOfficialEntity, ProvincialDepartmentEntity } from '../db/entities';

export interface DepartmentFilter {
  search?: string | null;
  provinceId?: string | null;
  kind?: string | null;
}

/** The only code that reads or writes `provincial_department`. */
export class ProvincialDepartmentRepository {
  constructor(private readonly db: DataSource) {}

  findByIds(ids: readonly string[]): Promise<ProvincialDepartmentEntity[]> {
    return this.db.getRepository(ProvincialDepartmentEntity).findBy({ id: In([...ids]) });
  }

  /** Every department of the given provinces, in one statement, ordered by id. */
  findOf(provinceIds: readonly string[]): Promise<ProvincialDepartmentEntity[]> {
    return this.db
      .getRepository(ProvincialDepartmentEntity)
      .createQueryBuilder('d')
      .where('d.province_id IN (:...provinceIds)', { provinceIds: [...provinceIds] })
      .orderBy('d.id', 'ASC')
      .getMany();
  }

  private filtered(filter: DepartmentFilter) {
    const qb = this.db.getRepository(ProvincialDepartmentEntity).createQueryBuilder('d');
    if (filter.search) qb.andWhere("d.search_text LIKE :search ESCAPE '!'", { search: likeContains(foldForSearch(filter.search)) });
    if (filter.provinceId) qb.andWhere('d.province_id = :provinceId', { provinceId: filter.provinceId });
    if (filter.kind) qb.andWhere('d.kind = :kind', { kind: filter.kind });
    return qb;
  }

  list(filter: DepartmentFilter, page: PageRequest): Promise<ProvincialDepartmentEntity[]> {
    return applyKeysetPage(this.filtered(filter), 'd.id', page).getMany();
  }

  count(filter: DepartmentFilter): Promise<number> {
    return this.filtered(filter).getCount();
  }
}

/** The only code that reads or writes `local_official`. */
export class LocalOfficialRepository {
  constructor(private readonly db: DataSource) {}

  findByIds(ids: readonly string[]): Promise<LocalOfficialEntity[]> {
    return this.db.getRepository(LocalOfficialEntity).findBy({ id: In([...ids]) });
  }

  delegations(ids: readonly string[]): Promise<LocalAuthorityDelegationEntity[]> {
    return this.db.getRepository(LocalAuthorityDelegationEntity).findBy({ id: In([...ids]) });
  }

  /** Delegations received by the given officials, oldest first. */
  delegationsTo(officialIds: readonly string[]): Promise<LocalAuthorityDelegationEntity[]> {
    return this.db.getRepository(LocalAuthorityDelegationEntity).find({ where: { delegateOfficialId: In([...officialIds]) }, order: { validFrom: 'ASC', id: 'ASC' } });
  }

  /** Every official of the given localities, in one statement, ordered by id. */
  findOf(localityIds: readonly string[]): Promise<LocalOfficialEntity[]> {
    return this.db
      .getRepository(LocalOfficialEntity)
      .createQueryBuilder('o')
      .where('o.locality_id IN (:...localityIds)', { localityIds: [...localityIds] })
      .orderBy('o.id', 'ASC')
      .getMany();
  }
}
