import { In, type DataSource } from 'typeorm';
import { AuthorityDelegationEntity } from '../db/entities';

/** The only code that reads or writes `authority_delegation`. */
export class AuthorityDelegationRepository {
  constructor(private readonly db: DataSource) {}

  findByIds(ids: readonly string[]): Promise<AuthorityDelegationEntity[]> {
    return this.db.getRepository(AuthorityDelegationEntity).findBy({ id: In([...ids]) });
  }

  /** Every delegation received by the given officials, in one statement, oldest first. */
  findReceivedBy(officialIds: readonly string[]): Promise<AuthorityDelegationEntity[]> {
    return this.db
      .getRepository(AuthorityDelegationEntity)
      .createQueryBuilder('d')
      .where('d.delegate_official_id IN (:...officialIds)', { officialIds: [...officialIds] })
      .orderBy('d.valid_from', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .getMany();
  }
}
