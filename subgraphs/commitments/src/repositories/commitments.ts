import { In, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { badInput } from '@accords/errors';
import { foldForSearch, likeContains } from '@accords/db';
import { pageRequest, type ConnectionArgs } from '@accords/subgraph-kit';
import { CommitmentEntity, CommitmentFieldEntity, CommitmentPartnerEntity } from '../db/entities';
import type { QueryCommitmentsArgs } from '../generated/resolvers-types';

export type AgencyType = 'MINISTRY' | 'LOCALITY';

/** The filter arguments of `commitments` (search, field, partnerId, leadAgencyId, signedFrom/To), as the SDL declares them. */
export type CommitmentFilter = Omit<QueryCommitmentsArgs, 'first' | 'after'>;

/**
 * Newest signing first; unsigned drafts ahead of everything; code breaks ties. The key is the stored, indexed
 * `sort_date` (signed_on, or 9999-12-31 while unsigned: a generated column, copied into the link tables) and `code`;
 * every list reads it through an index `(..., sort_date DESC, code)` and pages by keyset. The cursor is
 * [sortDate, code] (the same cursors as before the column existed).
 */
export const UNSIGNED_SORT_DATE = '9999-12-31';
export const cursorOf = (c: CommitmentEntity): [string, string] => [c.signedOn ?? UNSIGNED_SORT_DATE, c.code];

/** The same order as `sort_date DESC, code ASC`, for rows already in memory. */
export function compareCommitments(a: CommitmentEntity, b: CommitmentEntity): number {
  return compareKeys(cursorOf(a), cursorOf(b));
}

function compareKeys([da, ca]: readonly [string, string], [db, cb]: readonly [string, string]): number {
  if (da !== db) return da < db ? 1 : -1;
  return ca < cb ? -1 : ca > cb ? 1 : 0;
}

/** A page of commitments: `first` as everywhere, `after` the key of the last row seen. */
export interface CommitmentPage {
  limit: number;
  after: [string, string] | null;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Validates `first`/`after` of a commitment list: a cursor must be one this API returned for a commitment list
 * ([YYYY-MM-DD, code]); anything else (tampered, from another list) is BAD_USER_INPUT naming `after`.
 */
export function commitmentPage(args: ConnectionArgs): CommitmentPage {
  const page = pageRequest(args);
  if (!page.after) return { limit: page.limit, after: null };
  const [date, code, ...rest] = page.after;
  const valid =
    rest.length === 0 &&
    typeof date === 'string' &&
    ISO_DATE.test(date) &&
    !Number.isNaN(Date.parse(`${date}T00:00:00Z`)) &&
    new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) === date &&
    typeof code === 'string' &&
    code.length > 0 &&
    code.length <= 40;
  if (!valid) throw badInput(`"${args.after}" is not a cursor of a commitment list; pass an endCursor from a previous page of this list`, 'after');
  return { limit: page.limit, after: [date as string, code as string] };
}

const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');

/** `(sort_date, code)` strictly after the cursor in `sort_date DESC, code ASC` order, on the given alias. */
function keysetSql(alias: string, after: CommitmentPage['after']): { sql: string; params: unknown[] } {
  if (!after) return { sql: '', params: [] };
  const [date, code] = after;
  return { sql: ` AND (${alias}.sort_date < ? OR (${alias}.sort_date = ? AND ${alias}.code > ?))`, params: [date, date, code] };
}

/**
 * Smallest word the MySQL/MariaDB FULLTEXT index holds (`innodb_ft_min_token_size`, 3 by default; tests check the
 * server's value) and largest (`innodb_ft_max_token_size`). Shorter words of a search are matched by LIKE alone.
 */
export const FT_MIN_TOKEN = 3;
const FT_MAX_TOKEN = 84;

/**
 * How a search matches (both engines): the folded search (lower case, no diacritics, spaces collapsed) must occur in
 * the folded code and titles, as LIKE '%...%' always did, and each of its words of 3 or more letters or digits must
 * begin a word there (words are runs of letters, digits and `_`; `-`, `/`, `.`, spaces... separate them). So
 * "hop tac" finds "Thỏa thuận hợp tác", "moit-2025" finds MOIT-2025-004, but "oan" no longer finds "đoàn" (the
 * middle of a word); a search with no word of 3 characters ("so 12") is the plain substring match it was.
 *
 * On MySQL/MariaDB the word condition is a FULLTEXT `MATCH ... AGAINST ('+hop* +tac*' IN BOOLEAN MODE)` (the
 * index finds the candidates; LIKE then checks the phrase); the embedded engine checks it with GLOB.
 */
export interface SearchPlan {
  /** LIKE pattern of the whole folded search, for `ESCAPE '!'`. */
  like: string;
  /** Words that must begin a word of the text (3+ characters). */
  words: string[];
}

export function searchPlan(search: string): SearchPlan | null {
  const folded = foldForSearch(search);
  if (!folded) return null;
  // An apostrophe may join words in MySQL's parser ("d'ivoire"): such a search keeps the plain substring match.
  const words = folded.includes("'") ? [] : [...new Set(folded.split(/[^\p{L}\p{N}_]+/u).filter((w) => w.length >= FT_MIN_TOKEN && w.length <= FT_MAX_TOKEN))];
  return { like: likeContains(folded), words };
}

/** Characters that are not part of a word, for the embedded engine's GLOB (letters beyond ASCII count as word characters). */
const GLOB_NON_WORD = '[^0-9a-z_\u00c0-\uffff]';

export interface ParentPageRow {
  parentId: string;
  commitmentId: string;
}

interface KeyedRow {
  parent_id: string;
  id: string;
  sort_date: string | Date | null;
  code: string;
}

const dateText = (d: string | Date | null): string => (d === null ? '' : typeof d === 'string' ? d.slice(0, 10) : d.toISOString().slice(0, 10));

/**
 * Rows of per-lead or per-link arms merged per parent: each arm read at most page+1 rows in key order, so the first
 * page+1 of their merge is the parent's page.
 */
function mergePerParent(rows: KeyedRow[], limit: number): ParentPageRow[] {
  const byParent = new Map<string, KeyedRow[]>();
  for (const row of rows) byParent.set(row.parent_id, [...(byParent.get(row.parent_id) ?? []), row]);
  const out: ParentPageRow[] = [];
  for (const [parentId, list] of byParent) {
    const seen = new Set<string>();
    list
      .sort((a, b) => compareKeys([dateText(a.sort_date), a.code], [dateText(b.sort_date), b.code]))
      .filter((r) => !seen.has(r.id) && seen.add(r.id))
      .slice(0, limit + 1)
      .forEach((r) => out.push({ parentId, commitmentId: r.id }));
  }
  return out;
}

/** The only code that reads or writes the commitment tables. */
export class CommitmentRepository {
  constructor(private readonly db: DataSource) {}

  private get embedded(): boolean {
    return this.db.options.type === 'sqljs';
  }

  findByIds(ids: readonly string[]): Promise<CommitmentEntity[]> {
    return this.db.getRepository(CommitmentEntity).findBy({ id: In([...ids]) });
  }

  findByCodes(codes: readonly string[]): Promise<CommitmentEntity[]> {
    return this.db.getRepository(CommitmentEntity).findBy({ code: In([...codes]) });
  }

  /**
   * The filtered list as a query builder, with the alias whose `(sort_date, code)` drives the order: a partner or a
   * field filter reads its link table's index `(partner_id | field, sort_date DESC, code)`, anything else the
   * commitment's `(sort_date DESC, code)` or `(lead_agency_id, sort_date DESC, code)`.
   */
  private filtered(filter: CommitmentFilter): { qb: SelectQueryBuilder<CommitmentEntity>; key: string } {
    const qb = this.db.getRepository(CommitmentEntity).createQueryBuilder('c');
    let key = 'c';
    if (filter.partnerId) {
      qb.innerJoin(CommitmentPartnerEntity, 'p', 'p.commitment_id = c.id AND p.partner_id = :partner', { partner: filter.partnerId });
      key = 'p';
    }
    if (filter.field) {
      if (key === 'c') {
        qb.innerJoin(CommitmentFieldEntity, 'f', 'f.commitment_id = c.id AND f.field = :field', { field: filter.field });
        key = 'f';
      } else {
        qb.andWhere('EXISTS (SELECT 1 FROM commitment_field f WHERE f.commitment_id = c.id AND f.field = :field)', { field: filter.field });
      }
    }
    if (filter.leadAgencyId) qb.andWhere('c.lead_agency_id = :lead', { lead: filter.leadAgencyId });
    // Signed dates through the sort key (signed_on itself where signed), so the range reads the sort index.
    if (filter.signedFrom || filter.signedTo) qb.andWhere('c.signed_on IS NOT NULL');
    if (filter.signedFrom) qb.andWhere(`${key}.sort_date >= :from`, { from: filter.signedFrom });
    if (filter.signedTo) qb.andWhere(`${key}.sort_date <= :to`, { to: filter.signedTo });
    const plan = filter.search ? searchPlan(filter.search) : null;
    if (plan) {
      if (plan.words.length && !this.embedded) {
        qb.andWhere('MATCH (c.search_text) AGAINST (:words IN BOOLEAN MODE)', { words: plan.words.map((w) => `+${w}*`).join(' ') });
      }
      if (this.embedded) {
        plan.words.forEach((w, i) => qb.andWhere(`(' ' || c.search_text) GLOB :word${i}`, { [`word${i}`]: `*${GLOB_NON_WORD}${w}*` }));
      }
      qb.andWhere("c.search_text LIKE :search ESCAPE '!'", { search: plan.like });
    }
    return { qb, key };
  }

  list(filter: CommitmentFilter, page: CommitmentPage): Promise<CommitmentEntity[]> {
    const { qb, key } = this.filtered(filter);
    if (page.after) {
      const [date, code] = page.after;
      qb.andWhere(`(${key}.sort_date < :afterDate OR (${key}.sort_date = :afterDate AND ${key}.code > :afterCode))`, { afterDate: date, afterCode: code });
    }
    return qb.orderBy(`${key}.sort_date`, 'DESC').addOrderBy(`${key}.code`, 'ASC').limit(page.limit + 1).getMany();
  }

  count(filter: CommitmentFilter): Promise<number> {
    return this.filtered(filter).qb.getCount();
  }

  /**
   * Pages of commitments for many parents in one statement that reads only the rows it returns: one arm per (parent,
   * lead) `SELECT ... WHERE lead = ? ORDER BY sort_date DESC, code LIMIT page+1` on the index
   * `(lead_agency_id, sort_date DESC, code)`, the arms joined by UNION ALL (MariaDB has no LATERAL), merged per parent
   * here. Each arm is a derived table, the form both engines accept for an ORDER BY ... LIMIT inside a UNION.
   */
  async pageIdsByLeadGroups(type: AgencyType, groups: readonly { parentId: string; leadIds: readonly string[] }[], page: CommitmentPage): Promise<ParentPageRow[]> {
    const keyset = keysetSql('c', page.after);
    const arms: string[] = [];
    const params: unknown[] = [];
    for (const group of groups) {
      for (const leadId of new Set(group.leadIds)) {
        arms.push(
          `SELECT * FROM (SELECT ? AS parent_id, c.id, c.sort_date, c.code FROM commitment c
             WHERE c.lead_agency_id = ? AND c.lead_agency_type = ?${keyset.sql}
             ORDER BY c.sort_date DESC, c.code ASC LIMIT ?) a${arms.length}`,
        );
        params.push(group.parentId, leadId, type, ...keyset.params, page.limit + 1);
      }
    }
    if (!arms.length) return [];
    return mergePerParent(await this.db.query(arms.join(' UNION ALL '), params), page.limit);
  }

  /** The first page of commitments for many lead agencies in one statement (see `pageIdsByLeadGroups`). */
  pageIdsByLeadAgency(type: AgencyType, agencyIds: readonly string[], page: CommitmentPage): Promise<ParentPageRow[]> {
    return this.pageIdsByLeadGroups(type, agencyIds.map((id) => ({ parentId: id, leadIds: [id] })), page);
  }

  /** As `pageIdsByLeadAgency`, for the commitments each partner takes part in: index-only arms on `(partner_id, sort_date DESC, code)`. */
  async pageIdsByPartner(partnerIds: readonly string[], page: CommitmentPage): Promise<ParentPageRow[]> {
    const keyset = keysetSql('p', page.after);
    const ids = [...new Set(partnerIds)];
    if (!ids.length) return [];
    const arms = ids.map(
      (_, i) =>
        `SELECT * FROM (SELECT p.partner_id AS parent_id, p.commitment_id AS id, p.sort_date, p.code FROM commitment_partner p
           WHERE p.partner_id = ?${keyset.sql} ORDER BY p.sort_date DESC, p.code ASC LIMIT ?) a${i}`,
    );
    const params = ids.flatMap((id) => [id, ...keyset.params, page.limit + 1]);
    return mergePerParent(await this.db.query(arms.join(' UNION ALL '), params), page.limit);
  }

  /** Totals per group of leads (a unit and its predecessors), one grouped statement for the batch. */
  async countByLeadGroups(type: AgencyType, groups: readonly { parentId: string; leadIds: readonly string[] }[]): Promise<Map<string, number>> {
    const leads = [...new Set(groups.flatMap((g) => g.leadIds))];
    const perLead = await this.countByLeadAgency(type, leads);
    return new Map(groups.map((g) => [g.parentId, [...new Set(g.leadIds)].reduce((n, id) => n + (perLead.get(id) ?? 0), 0)]));
  }

  async countByLeadAgency(type: AgencyType, agencyIds: readonly string[]): Promise<Map<string, number>> {
    if (!agencyIds.length) return new Map();
    const rows: { parent_id: string; n: number | string }[] = await this.db.query(
      `SELECT c.lead_agency_id AS parent_id, COUNT(*) AS n FROM commitment c
        WHERE c.lead_agency_id IN (${placeholders(agencyIds.length)}) AND c.lead_agency_type = ? GROUP BY c.lead_agency_id`,
      [...agencyIds, type],
    );
    return new Map(rows.map((r) => [r.parent_id, Number(r.n)]));
  }

  async countByPartner(partnerIds: readonly string[]): Promise<Map<string, number>> {
    if (!partnerIds.length) return new Map();
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
