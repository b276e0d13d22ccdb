import { In, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { foldForSearch, likeContains } from '@accords/db';
import type { PageRequest } from '@accords/subgraph-kit';
import { CommitmentEntity, CommitmentFieldEntity, CommitmentPartnerEntity } from '../db/entities';
import type { QueryCommitmentsArgs } from '../generated/resolvers-types';

export type AgencyType = 'MINISTRY' | 'LOCALITY';

/** The filter arguments of `commitments` (search, field, partnerId, leadAgencyId, signedFrom/To), as the SDL declares them. */
export type CommitmentFilter = Omit<QueryCommitmentsArgs, 'first' | 'after'>;

/** Newest signing first; unsigned drafts ahead of everything; code breaks ties. The cursor is [sortDate, code]. */
const SORT_DATE = "COALESCE(c.signed_on, '9999-12-31')";
export const UNSIGNED_SORT_DATE = '9999-12-31';
export const cursorOf = (c: CommitmentEntity): [string, string] => [c.signedOn ?? UNSIGNED_SORT_DATE, c.code];

/** The same order as SORT_DATE DESC, code ASC, for rows already in memory. */
export function compareCommitments(a: CommitmentEntity, b: CommitmentEntity): number {
  const [da, ca] = cursorOf(a);
  const [db, cb] = cursorOf(b);
  if (da !== db) return da < db ? 1 : -1;
  return ca < cb ? -1 : ca > cb ? 1 : 0;
}

function keysetSql(after: PageRequest['after']): { sql: string; params: unknown[] } {
  if (!after) return { sql: '', params: [] };
  const [date, code] = after;
  return { sql: ` AND (${SORT_DATE} < ? OR (${SORT_DATE} = ? AND c.code > ?))`, params: [date, date, code] };
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

export interface ParentPageRow {
  parentId: string;
  commitmentId: string;
}

/** The only code that reads or writes the commitment tables. */
export class CommitmentRepository {
  constructor(private readonly db: DataSource) {}

  findByIds(ids: readonly string[]): Promise<CommitmentEntity[]> {
    return this.db.getRepository(CommitmentEntity).findBy({ id: In([...ids]) });
  }

  findByCodes(codes: readonly string[]): Promise<CommitmentEntity[]> {
    return this.db.getRepository(CommitmentEntity).findBy({ code: In([...codes]) });
  }

  private filtered(filter: CommitmentFilter): SelectQueryBuilder<CommitmentEntity> {
    const qb = this.db.getRepository(CommitmentEntity).createQueryBuilder('c');
    if (filter.search) qb.andWhere("c.search_text LIKE :search ESCAPE '!'", { search: likeContains(foldForSearch(filter.search)) });
    if (filter.leadAgencyId) qb.andWhere('c.lead_agency_id = :lead', { lead: filter.leadAgencyId });
    if (filter.signedFrom) qb.andWhere('c.signed_on >= :from', { from: filter.signedFrom });
    if (filter.signedTo) qb.andWhere('c.signed_on <= :to', { to: filter.signedTo });
    if (filter.field) {
      qb.andWhere('EXISTS (SELECT 1 FROM commitment_field f WHERE f.commitment_id = c.id AND f.field = :field)', { field: filter.field });
    }
    if (filter.partnerId) {
      qb.andWhere('EXISTS (SELECT 1 FROM commitment_partner p WHERE p.commitment_id = c.id AND p.partner_id = :partner)', { partner: filter.partnerId });
    }
    return qb;
  }

  list(filter: CommitmentFilter, page: PageRequest): Promise<CommitmentEntity[]> {
    const qb = this.filtered(filter);
    if (page.after) {
      const [date, code] = page.after;
      qb.andWhere(`(${SORT_DATE} < :afterDate OR (${SORT_DATE} = :afterDate AND c.code > :afterCode))`, { afterDate: date, afterCode: code });
    }
    return qb.orderBy(SORT_DATE, 'DESC').addOrderBy('c.code', 'ASC').limit(page.limit + 1).getMany();
  }

  count(filter: CommitmentFilter): Promise<number> {
    return this.filtered(filter).getCount();
  }

  /**
   * The first page of commitments for many lead agencies in one statement: ROW_NUMBER() per agency keeps page+1
   * rows each (MariaDB 10.2+, MySQL 8, SQLite 3.25+ all have window functions).
   */
  async pageIdsByLeadAgency(type: AgencyType, agencyIds: readonly string[], page: PageRequest): Promise<ParentPageRow[]> {
    const keyset = keysetSql(page.after);
    const rows: { parent_id: string; id: string }[] = await this.db.query(
      `SELECT t.parent_id, t.id FROM (
         SELECT c.lead_agency_id AS parent_id, c.id,
                ROW_NUMBER() OVER (PARTITION BY c.lead_agency_id ORDER BY ${SORT_DATE} DESC, c.code ASC) AS rn
           FROM commitment c
          WHERE c.lead_agency_type = ? AND c.lead_agency_id IN (${placeholders(agencyIds.length)})${keyset.sql}
       ) t WHERE t.rn <= ?`,
      [type, ...agencyIds, ...keyset.params, page.limit + 1],
    );
    return rows.map((r) => ({ parentId: r.parent_id, commitmentId: r.id }));
  }

  /**
   * As `pageIdsByLeadAgency`, for groups of leads: each group is a unit and the units merged into it (its
   * predecessors), paged as one list per group. One windowed statement for the whole batch; a lead may sit in several
   * groups (a district asked about itself and as its province's predecessor).
   */
  async pageIdsByLeadGroups(type: AgencyType, groups: readonly { parentId: string; leadIds: readonly string[] }[], page: PageRequest): Promise<ParentPageRow[]> {
    const keyset = keysetSql(page.after);
    const pairs = groups.flatMap((g) => g.leadIds.map((leadId) => [g.parentId, leadId]));
    const rows: { parent_id: string; id: string }[] = await this.db.query(
      `SELECT t.parent_id, t.id FROM (
         SELECT g.parent_id, c.id,
                ROW_NUMBER() OVER (PARTITION BY g.parent_id ORDER BY ${SORT_DATE} DESC, c.code ASC) AS rn
           FROM commitment c
           JOIN (${pairs.map(() => 'SELECT ? AS parent_id, ? AS lead_id').join(' UNION ALL ')}) g ON g.lead_id = c.lead_agency_id
          WHERE c.lead_agency_type = ?${keyset.sql}
       ) t WHERE t.rn <= ?`,
      [...pairs.flat(), type, ...keyset.params, page.limit + 1],
    );
    return rows.map((r) => ({ parentId: r.parent_id, commitmentId: r.id }));
  }

  /** Totals per group of leads (a unit and its predecessors), one statement for the batch. */
  async countByLeadGroups(type: AgencyType, groups: readonly { parentId: string; leadIds: readonly string[] }[]): Promise<Map<string, number>> {
    const pairs = groups.flatMap((g) => g.leadIds.map((leadId) => [g.parentId, leadId]));
    const rows: { parent_id: string; n: number | string }[] = await this.db.query(
      `SELECT g.parent_id, COUNT(*) AS n FROM commitment c
         JOIN (${pairs.map(() => 'SELECT ? AS parent_id, ? AS lead_id').join(' UNION ALL ')}) g ON g.lead_id = c.lead_agency_id
        WHERE c.lead_agency_type = ? GROUP BY g.parent_id`,
      [...pairs.flat(), type],
    );
    return new Map(rows.map((r) => [r.parent_id, Number(r.n)]));
  }

  /** As `pageIdsByLeadAgency`, for the commitments each partner takes part in. */
  async pageIdsByPartner(partnerIds: readonly string[], page: PageRequest): Promise<ParentPageRow[]> {
    const keyset = keysetSql(page.after);
    const rows: { parent_id: string; id: string }[] = await this.db.query(
      `SELECT t.parent_id, t.id FROM (
         SELECT p.partner_id AS parent_id, c.id,
                ROW_NUMBER() OVER (PARTITION BY p.partner_id ORDER BY ${SORT_DATE} DESC, c.code ASC) AS rn
           FROM commitment_partner p JOIN commitment c ON c.id = p.commitment_id
          WHERE p.partner_id IN (${placeholders(partnerIds.length)})${keyset.sql}
       ) t WHERE t.rn <= ?`,
      [...partnerIds, ...keyset.params, page.limit + 1],
    );
    return rows.map((r) => ({ parentId: r.parent_id, commitmentId: r.id }));
  }

  async countByLeadAgency(type: AgencyType, agencyIds: readonly string[]): Promise<Map<string, number>> {
    const rows: { parent_id: string; n: number | string }[] = await this.db.query(
      `SELECT c.lead_agency_id AS parent_id, COUNT(*) AS n FROM commitment c
        WHERE c.lead_agency_type = ? AND c.lead_agency_id IN (${placeholders(agencyIds.length)}) GROUP BY c.lead_agency_id`,
      [type, ...agencyIds],
    );
    return new Map(rows.map((r) => [r.parent_id, Number(r.n)]));
  }

  async countByPartner(partnerIds: readonly string[]): Promise<Map<string, number>> {
    const rows: { parent_id: string; n: number | string }[] = await this.db.query(
      `SELECT p.partner_id AS parent_id, COUNT(*) AS n FROM commitment_partner p
        WHERE p.partner_id IN (${placeholders(partnerIds.length)}) GROUP BY p.partner_id`,
      [...partnerIds],
    );
    return new Map(rows.map((r) => [r.parent_id, Number(r.n)]));
  }

  partnersOf(commitmentIds: readonly string[]): Promise<CommitmentPartnerEntity[]> {
    return this.db.getRepository(CommitmentPartnerEntity).find({ where: { commitmentId: In([...commitmentIds]) }, order: { partnerId: 'ASC' } });
  }

  fieldsOf(commitmentIds: readonly string[]): Promise<CommitmentFieldEntity[]> {
    return this.db.getRepository(CommitmentFieldEntity).find({ where: { commitmentId: In([...commitmentIds]) }, order: { field: 'ASC' } });
  }
}
