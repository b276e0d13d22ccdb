import { In, type DataSource, type EntityTarget, type FindOptionsOrder, type FindOptionsWhere, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { PageRequest } from '@accords/subgraph-kit';
import { ConsultationEntity } from '../db/lifecycle-entities';
import { ActionProgramEntity, FeedbackEntity, ReviewEntity } from '../db/delivery-entities';
import type { QueryReviewsArgs } from '../generated/resolvers-types';

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** Who may see which feedback: everything (central oversight), or what an agency answers or its locality is about. */
export type FeedbackAudience = { all: true } | { all: false; agency: string; localityId: string | null };

/** The filter arguments of `reviews`, as the SDL declares them: `periodFrom`/`periodTo` select reviews whose period overlaps. */
export type ReviewFilter = Omit<QueryReviewsArgs, 'first' | 'after'>;

/** A review of an agency's list (Ministry.reviews, Locality.reviews), with the agency id it was found for. */
export interface AgencyReview {
  parentId: string;
  review: ReviewEntity;
}

/**
 * Newest first by an instant with the id as tie-breaker (instants may share a second), and the keyset condition for
 * the page after the cursor [instant ISO, id]. The cursor and every window over the same rows use exactly this order.
 */
function newestFirst<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, instant: string, id: string, page: PageRequest): Promise<T[]> {
  if (page.after) {
    const [at, after] = page.after;
    qb.andWhere(`(${instant} < :afterAt OR (${instant} = :afterAt AND ${id} < :afterId))`, { afterAt: new Date(String(at)), afterId: after });
  }
  return qb.orderBy(instant, 'DESC').addOrderBy(id, 'DESC').limit(page.limit + 1).getMany();
}

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

  /** The feedback an audience may read, with an optional status: the one filter behind its page and its count. */
  private feedbackOf(audience: FeedbackAudience, status: string | null): SelectQueryBuilder<FeedbackEntity> {
    const qb = this.db.getRepository(FeedbackEntity).createQueryBuilder('f');
    if (!audience.all) {
      qb.andWhere(audience.localityId ? '(f.agency = :agency OR f.locality_id = :locality)' : 'f.agency = :agency', { agency: audience.agency, locality: audience.localityId });
    }
    if (status) qb.andWhere('f.status = :status', { status });
    return qb;
  }

  /** A page of the feedback an audience may read, newest first; the cursor is [receivedAt ISO, id]. */
  feedbackPage(audience: FeedbackAudience, status: string | null, page: PageRequest): Promise<FeedbackEntity[]> {
    return newestFirst(this.feedbackOf(audience, status), 'f.received_at', 'f.id', page);
  }

  feedbackCount(audience: FeedbackAudience, status: string | null): Promise<number> {
    return this.feedbackOf(audience, status).getCount();
  }

  /** A page of reviews, newest held first; the cursor is [heldAt ISO, id]. */
  reviewPage(filter: ReviewFilter, page: PageRequest): Promise<ReviewEntity[]> {
    const qb = this.db.getRepository(ReviewEntity).createQueryBuilder('r');
    if (filter.kind) qb.andWhere('r.kind = :kind', { kind: filter.kind });
    if (filter.periodFrom) qb.andWhere('r.period_end >= :periodFrom', { periodFrom: filter.periodFrom });
    if (filter.periodTo) qb.andWhere('r.period_start <= :periodTo', { periodTo: filter.periodTo });
    return newestFirst(qb, 'r.held_at', 'r.id', page);
  }

  /**
   * The newest `limit` reviews of each agency of one type, in one statement: those with an entry on a commitment it
   * leads, or a decision given to it (ROW_NUMBER() per agency, newest held first, then id).
   */
  async reviewsOfAgencies(type: 'MINISTRY' | 'LOCALITY', agencyIds: readonly string[], kind: string | null, limit: number): Promise<AgencyReview[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT t.* FROM (
         SELECT a.parent_id, r.*, ROW_NUMBER() OVER (PARTITION BY a.parent_id ORDER BY r.held_at DESC, r.id DESC) AS rn
           FROM (
             SELECT c.lead_agency_id AS parent_id, e.review_id
               FROM review_entry e JOIN commitment c ON c.id = e.commitment_id
              WHERE c.lead_agency_type = ? AND c.lead_agency_id IN (${placeholders(agencyIds.length)})
             UNION
             SELECT SUBSTR(d.assignee_agency, ?) AS parent_id, d.review_id
               FROM review_decision d
              WHERE d.assignee_agency IN (${placeholders(agencyIds.length)})
           ) a JOIN review r ON r.id = a.review_id${kind ? ' WHERE r.kind = ?' : ''}
       ) t WHERE t.rn <= ? ORDER BY t.held_at DESC, t.id DESC`,
      [type, ...agencyIds, type.length + 2, ...agencyIds.map((id) => `${type}:${id}`), ...(kind ? [kind] : []), limit],
    );
    return rows.map((row) => ({ parentId: String(row.parent_id), review: this.hydrate(ReviewEntity, row) }));
  }

  /** An entity from a raw row of its table's columns, converted as TypeORM converts what it reads itself. */
  private hydrate<T extends ObjectLiteral>(entity: EntityTarget<T>, raw: Record<string, unknown>): T {
    const metadata = this.db.getMetadata(entity);
    const row = metadata.create() as T;
    for (const column of metadata.columns) (row as ObjectLiteral)[column.propertyName] = this.db.driver.prepareHydratedValue(raw[column.databaseName], column);
    return row;
  }
}
