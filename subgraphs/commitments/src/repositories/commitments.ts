import { In, type DataSource, type SelectQueryBuilder } from 'typeorm';
import { badInput } from '@accords/errors';
import { foldForSearch, likeContains } from '@accords/db';
import { pageRequest, type ConnectionArgs } from '@accords/subgraph-kit';
import { CommitmentEntity, CommitmentFieldEntity, CommitmentPartnerEntity } from '../db/entities';
import { cachedKpiRows } from '../kpis/cache';
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
 * server's value) and largest (`innodb_ft_max_token_size`). Shorter words never serve as the index's key.
 */
export const FT_MIN_TOKEN = 3;
const FT_MAX_TOKEN = 84;

/**
 * How a search matches, on both engines: the folded search (lower case, no diacritics, spaces collapsed) must occur
 * in the folded code and titles starting where a word starts (at the start, or after a character that is not a
 * letter, digit or `_`). So "hop tac" finds "Thỏa thuận hợp tác", "moit-2025" finds MOIT-2025-004, "2025-004" finds
 * it too (after the hyphen), but "oan" no longer finds "đoàn" (the middle of a word), which the former
 * LIKE '%...%' did. This is what a word index can serve.
 *
 * How it is read: first a window of the list's first rows in index order (`sort_date DESC, code`, after the cursor,
 * with the other filters), checked here; a common phrase fills the page from it. Otherwise one more statement
 * finds the rows through the FULLTEXT index on MySQL/MariaDB (`MATCH ... AGAINST ('+word*' IN BOOLEAN MODE)` on the
 * search's longest word of 3+ characters, then LIKE and REGEXP check the phrase), or through LIKE and GLOB on the
 * embedded engine. Always two statements for a page of search results.
 */
export interface SearchPlan {
  folded: string;
  /** LIKE pattern of the whole folded search, for `ESCAPE '!'`. */
  like: string;
  /** The phrase at a word start, for MySQL REGEXP and for rows checked here. */
  regexp: string;
  /** The same for the embedded engine's GLOB, on `' ' || search_text`. */
  glob: string;
  /** The FULLTEXT boolean query of the most selective-looking word, or null when no word can use the index. */
  fulltext: string | null;
  test(searchText: string): boolean;
}

const WORD = '\\p{L}\\p{N}_';
/** Characters that are not part of a word, for GLOB (letters beyond ASCII count as word characters; punctuation U+2000-206F not). */
const GLOB_NON_WORD = '[^0-9a-z_\u00c0-\u1fff\u2070-\uffff]';
const escapeRegexp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const escapeGlob = (text: string) => text.replace(/[*?[]/g, (c) => `[${c}]`);

export function searchPlan(search: string): SearchPlan | null {
  const folded = foldForSearch(search);
  if (!folded) return null;
  const regexp = `(^|[^${WORD}])${escapeRegexp(folded)}`;
  const compiled = new RegExp(regexp, 'u');
  // Each word of the search followed by a separator is a whole word of the text; the last may be a prefix. The index
  // is asked for one word, the longest (likely the rarest); the phrase is checked on what it finds. An apostrophe may
  // join words in MySQL's parser ("d'ivoire"): such a search does without the index.
  const words = [...folded.matchAll(new RegExp(`[${WORD}]+`, 'gu'))].map((m) => ({ word: m[0], last: m.index! + m[0].length === folded.length }));
  const usable = folded.includes("'") ? [] : words.filter((w) => w.word.length >= FT_MIN_TOKEN && w.word.length <= FT_MAX_TOKEN);
  const key = usable.reduce<(typeof usable)[number] | null>((best, w) => (!best || w.word.length >= best.word.length ? w : best), null);
  return {
    folded,
    like: likeContains(folded),
    regexp,
    glob: `*${GLOB_NON_WORD}${escapeGlob(folded)}*`,
    fulltext: key ? `+${key.word}${key.last ? '*' : ''}` : null,
    test: (text) => compiled.test(text),
  };
}

/** Rows of the list read in index order and checked here before asking the word index (see `SearchPlan`). */
const searchWindow = (limit: number) => Math.max(100, 10 * (limit + 1));

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
  private filtered(filter: CommitmentFilter, useIndex = true): { qb: SelectQueryBuilder<CommitmentEntity>; key: string } {
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
      qb.andWhere("c.search_text LIKE :search ESCAPE '!'", { search: plan.like });
      if (this.embedded) {
        qb.andWhere(`(' ' || c.search_text) GLOB :glob`, { glob: plan.glob });
      } else {
        if (plan.fulltext && useIndex) qb.andWhere('MATCH (c.search_text) AGAINST (:fulltext IN BOOLEAN MODE)', { fulltext: plan.fulltext });
        qb.andWhere('c.search_text REGEXP :regexp', { regexp: plan.regexp });
      }
    }
    return { qb, key };
  }

  /** Whether the last search page of this request was filled from the window: its phrase is common. */
  private readonly common = new Map<string, boolean>();

  private keyset(qb: SelectQueryBuilder<CommitmentEntity>, key: string, page: CommitmentPage): SelectQueryBuilder<CommitmentEntity> {
    if (page.after) {
      const [date, code] = page.after;
      qb.andWhere(`(${key}.sort_date < :afterDate OR (${key}.sort_date = :afterDate AND ${key}.code > :afterCode))`, { afterDate: date, afterCode: code });
    }
    return qb.orderBy(`${key}.sort_date`, 'DESC').addOrderBy(`${key}.code`, 'ASC');
  }

  async list(filter: CommitmentFilter, page: CommitmentPage): Promise<CommitmentEntity[]> {
    const plan = filter.search ? searchPlan(filter.search) : null;
    if (!plan) {
      const { qb, key } = this.filtered(filter);
      return this.keyset(qb, key, page).limit(page.limit + 1).getMany();
    }
    // The window: the list without the search, in index order, its search text checked here.
    const { qb: windowQb, key } = this.filtered({ ...filter, search: null });
    const size = searchWindow(page.limit);
    const window: { id: string; search_text: string }[] = await this.keyset(windowQb, key, page)
      .select('c.id', 'id')
      .addSelect('c.search_text', 'search_text')
      .limit(size)
      .getRawMany();
    const hits = window.filter((r) => plan.test(r.search_text)).slice(0, page.limit + 1);
    if (hits.length > page.limit || window.length < size) {
      this.common.set(plan.folded, hits.length > page.limit);
      return hits.length ? (await this.findByIds(hits.map((h) => h.id))).sort(compareCommitments) : [];
    }
    this.common.set(plan.folded, false);
    const { qb } = this.filtered(filter);
    return this.keyset(qb, key, page).limit(page.limit + 1).getMany();
  }

  /**
   * The total of a filtered list. A search whose phrase filled a page from the window (a common phrase) is counted
   * by reading the rows (the word index would fetch nearly every row one by one); a rarer one through the index.
   */
  async count(filter: CommitmentFilter): Promise<number> {
    const plan = filter.search ? searchPlan(filter.search) : null;
    const qb = this.filtered(filter, !(plan && this.common.get(plan.folded))).qb.select('COUNT(DISTINCT c.id)', 'n').orderBy();
    const [sql, params] = qb.getQueryAndParameters();
    // The count reads commitment and its partner and field links only, all versioned (kpi_data_version): the same
    // count at the same data version is served from the KPI result cache (this repository lives for one request).
    const rows = await cachedKpiRows<{ n: number | string }>(this.db, this, sql, params, () => this.db.query(sql, params));
    return Number(rows[0]?.n ?? 0);
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
