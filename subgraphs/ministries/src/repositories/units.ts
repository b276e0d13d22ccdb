import { In, type DataSource } from 'typeorm';
import { MinistryUnitEntity } from '../db/entities';

/** The only code that reads or writes `ministry_unit`. */
export class MinistryUnitRepository {
  constructor(private readonly db: DataSource) {}

  findByIds(ids: readonly string[]): Promise<MinistryUnitEntity[]> {
    return this.db.getRepository(MinistryUnitEntity).findBy({ id: In([...ids]) });
  }

  /** Every unit of the given central bodies, in one statement, ordered by id. */
  findOfMinistries(ministryIds: readonly string[]): Promise<MinistryUnitEntity[]> {
    return this.db
      .getRepository(MinistryUnitEntity)
      .createQueryBuilder('u')
      .where('u.ministry_id IN (:...ministryIds)', { ministryIds: [...ministryIds] })
      .orderBy('u.id', 'ASC')
      .getMany();
  }
}
