import { In, type DataSource } from 'typeorm';
import { GroupingEntity } from '../db/entities';

/** The only code that reads or writes `grouping`. */
export class GroupingRepository {
  constructor(private readonly db: DataSource) {}

  findByCodes(codes: readonly string[]): Promise<GroupingEntity[]> {
    return this.db.getRepository(GroupingEntity).findBy({ code: In([...codes]) });
  }

  all(): Promise<GroupingEntity[]> {
    return this.db.getRepository(GroupingEntity).find({ order: { code: 'ASC' } });
  }
}
