import { In, type DataSource, type EntityTarget, type FindOptionsOrder, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';
import type { PageRequest } from '@accords/subgraph-kit';
import { ConsultationEntity } from '../db/lifecycle-entities';
import { ActionProgramEntity, FeedbackEntity } from '../db/delivery-entities';

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Who may see which feedback: everything (central oversight), or what an agency answers or its locality is about. */
export type FeedbackAudience = { all: true } | { all: false; agency: string; localityId: string | null };

/** Reads of the delivery records (action plans, results, reports, obstacles, feedback, reviews); the loaders batch them. */
export class DeliveryRepository {
  constructor(private readonly db: DataSource) {}

  /** Every row whose `column` is one of `values`: the one statement behind each batched loader. */
  where<T extends ObjectLiteral>(entity: EntityTarget<T>, column: keyof T & string, values: readonly unknown[], order?: FindOptionsOrder<T>): Promise<T[]> {
    return this.db.getRepository(entity).find({ where: { [column]: In([...values]) } as FindOptionsWhere<T>, order });
  }

  /** Programmes of many owners for one year (or every year) in one statement. */
  programsOfOwners(owners: readonly string[], year: number | null): Promise<ActionProgramEntity[]> {
    return this.db.getRepository(ActionProgramEntity).find({ where: { ownerAgency: In([...owners]), ...(year === null ? {} : { year }) }, order: { year: 'DESC', createdAt: 'ASC', id: 'ASC' } });
  }

  /** Opinions the consultees still owe on commitments being consulted on, earliest due first. */
  pendingConsultations(consultees: readonly string[]): Promise<ConsultationEntity[]> {
    return this.db
      .getRepository(ConsultationEntity)
      .createQueryBuilder('o')
      .innerJoin('commitment', 'c', 'c.id = o.commitment_id')
      .where('o.consultee IN (:...consultees) AND o.replied_at IS NULL AND c.legal_status = :status', { consultees: [...consultees], status: 'CONSULTING' })
      .orderBy('o.due_on', 'ASC')
      .addOrderBy('o.id', 'ASC')
      .getMany();
  }

  /**
   * The newest `limit` feedback items about each locality, with an optional status, in one statement (ROW_NUMBER()
   * per locality), then the rows themselves.
   */
  async recentFeedbackOfLocalities(localityIds: readonly string[], status: string | null, limit: number): Promise<FeedbackEntity[]> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT t.id FROM (
         SELECT f.id, ROW_NUMBER() OVER (PARTITION BY f.locality_id ORDER BY f.received_at DESC, f.id DESC) AS rn
           FROM feedback f
          WHERE f.locality_id IN (${placeholders(localityIds.length)})${status ? ' AND f.status = ?' : ''}
       ) t WHERE t.rn <= ?`,
      [...localityIds, ...(status ? [status] : []), limit],
    );
    if (!rows.length) return [];
    return this.db.getRepository(FeedbackEntity).find({ where: { id: In(rows.map((r) => r.id)) }, order: { receivedAt: 'DESC', id: 'DESC' } });
  }

  /** A page of the feedback an audience may read, newest first; the cursor is [receivedAt ISO, id]. */
  feedbackPage(audience: FeedbackAudience, status: string | null, page: PageRequest): Promise<FeedbackEntity[]> {
    const qb = this.db.getRepository(FeedbackEntity).createQueryBuilder('f');
    if (!audience.all) {
      qb.andWhere(audience.localityId ? '(f.agency = :agency OR f.locality_id = :locality)' : 'f.agency = :agency', { agency: audience.agency, locality: audience.localityId });
    }
    if (status) qb.andWhere('f.status = :status', { status });
    if (page.after) {
      const [at, id] = page.after;
      qb.andWhere('(f.received_at < :at OR (f.received_at = :at AND f.id < :id))', { at: new Date(String(at)), id });
    }
    return qb.orderBy('f.received_at', 'DESC').addOrderBy('f.id', 'DESC').limit(page.limit + 1).getMany();
  }
}
