import { randomUUID } from 'node:crypto';
import { In, type DataSource } from 'typeorm';
import { withTransaction } from '@accords/db';
import { __PASCAL__NoteEntity } from '../db/entities';

export class __PASCAL__NoteRepository {
  constructor(private readonly db: DataSource) {}

  findByIds(ids: readonly string[]) {
    return this.db.getRepository(__PASCAL__NoteEntity).find({ where: { id: In([...ids]) } });
  }

  /** Notes of many partners in one statement, oldest first. */
  findByPartnerIds(partnerIds: readonly string[]) {
    return this.db.getRepository(__PASCAL__NoteEntity).find({ where: { partnerId: In([...partnerIds]) }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  add(partnerId: string, text: string, createdBy: string) {
    return withTransaction(this.db, (m) => m.getRepository(__PASCAL__NoteEntity).save(Object.assign(new __PASCAL__NoteEntity(), { id: randomUUID(), partnerId, text, createdBy })));
  }
}
