import type { MigrationInterface, QueryRunner } from 'typeorm';
import { addColumnsMigration, type MigrationClass } from '@accords/db';

/**
 * Lists at national scale (issue #16). Every list of commitments is ordered "newest signing first, unsigned drafts
 * ahead of everything, code breaks ties"; that order used to be an expression (`COALESCE(signed_on, '9999-12-31')`),
 * which no index can serve, so every page sorted the whole table. These migrations store the key and index it:
 *
 * - `commitment.sort_date`, a STORED generated column (`signed_on`, or 9999-12-31 while unsigned): the database keeps
 *   it, so no write path (workflow, import, seed, generators) has to set it;
 * - indexes `(sort_date DESC, code)` for the national list and the signed-date range,
 *   `(lead_agency_type, lead_agency_id, sort_date DESC, code)` for a lead's page (replacing the old `(type, id)`) and
 *   `(lead_agency_id, sort_date DESC, code)` for the `leadAgencyId` filter;
 * - the same key copied into the link tables (`commitment_partner`, `commitment_field`: `sort_date`, `code`), with
 *   `(partner_id | field, sort_date DESC, code)` indexes, so a partner's page or the `partnerId` / `field` filter reads
 *   only the rows it returns. A generated column cannot read another table, so triggers keep the copies: when a link
 *   is inserted, and when a commitment is inserted or its `signed_on` or `code` changes. Like the append-only
 *   triggers, they hold for every writer (the import included) without a change to it;
 * - a FULLTEXT index on `search_text` (MySQL/MariaDB only; the embedded engine keeps LIKE).
 *
 * Caution for later migrations: the embedded engine (TypeORM on SQLite) alters a table by recreating it, which drops
 * its triggers; a migration that alters `commitment`, `commitment_partner` or `commitment_field` must run
 * `SyncLinkSortKeys1767100000005`'s `up` again afterwards (`tests/commitment-lists.test.ts` checks the copies).
 */
const SORT_EXPRESSION = "COALESCE(signed_on, '9999-12-31')";

export const AddCommitmentSortDate1767100000000 = addColumnsMigration('AddCommitmentSortDate1767100000000', 'commitment', [
  { name: 'sort_date', type: 'date', isNullable: true, asExpression: SORT_EXPRESSION, generatedType: 'STORED' },
]);

/**
 * An index with a descending first column (MariaDB 10.8+, MySQL 8, SQLite): `ORDER BY sort_date DESC, code ASC` is
 * mixed, which an ascending index cannot give by scanning backwards. Re-runnable.
 */
function sortIndexMigration(name: string, table: string, index: string, columns: string): MigrationClass {
  return class implements MigrationInterface {
    name = name;
    async up(queryRunner: QueryRunner): Promise<void> {
      const existing = await queryRunner.getTable(table);
      if (!existing?.indices.some((i) => i.name === index)) await queryRunner.query(`CREATE INDEX ${index} ON ${table} (${columns})`);
    }
    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.dropIndex(table, index);
    }
  };
}

export const AddCommitmentSortIndex1767100000001 = sortIndexMigration('AddCommitmentSortIndex1767100000001', 'commitment', 'IDX_commitment_sort', 'sort_date DESC, code');
/** A lead's page (type and id): replaces `IDX_commitment_lead (lead_agency_type, lead_agency_id)`, its prefix. */
export const AddCommitmentLeadSortIndex1767100000002 = sortIndexMigration(
  'AddCommitmentLeadSortIndex1767100000002',
  'commitment',
  'IDX_commitment_lead_sort',
  'lead_agency_type, lead_agency_id, sort_date DESC, code',
);

/** The `leadAgencyId` filter of `commitments`, which names no type. */
export const AddCommitmentLeadIdSortIndex1767100000009 = sortIndexMigration(
  'AddCommitmentLeadIdSortIndex1767100000009',
  'commitment',
  'IDX_commitment_lead_id_sort',
  'lead_agency_id, sort_date DESC, code',
);

/** `IDX_commitment_lead` is a prefix of `IDX_commitment_lead_sort`; left in place, the optimizer picks it and sorts. Re-runnable. */
export class DropCommitmentLeadIndex1767100000010 implements MigrationInterface {
  name = 'DropCommitmentLeadIndex1767100000010';
  async up(queryRunner: QueryRunner): Promise<void> {
    const table = await queryRunner.getTable('commitment');
    if (table?.indices.some((i) => i.name === 'IDX_commitment_lead')) await queryRunner.dropIndex('commitment', 'IDX_commitment_lead');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE INDEX IDX_commitment_lead ON commitment (lead_agency_type, lead_agency_id)');
  }
}

const LINK_COLUMNS = [
  { name: 'sort_date', type: 'date', isNullable: true },
  { name: 'code', type: 'varchar', length: '40', isNullable: true },
];
export const AddPartnerSortKey1767100000003 = addColumnsMigration('AddPartnerSortKey1767100000003', 'commitment_partner', LINK_COLUMNS);
export const AddFieldSortKey1767100000004 = addColumnsMigration('AddFieldSortKey1767100000004', 'commitment_field', LINK_COLUMNS);

/** The link tables whose rows carry a copy of their commitment's sort key, with the column each is grouped by. */
export const LINK_TABLES = [
  { table: 'commitment_partner', key: 'partner_id' },
  { table: 'commitment_field', key: 'field' },
] as const;

/** The trigger names, for tests and for `down`. */
export const linkSortTriggers = (table: string) => [`${table}_sort_on_link`, `${table}_sort_on_insert`, `${table}_sort_on_update`];

/**
 * Fills the copies for existing rows and installs the triggers that keep them (dropped and created again, so this is
 * re-runnable, e.g. after a migration that recreated one of the tables on the embedded engine).
 */
export class SyncLinkSortKeys1767100000005 implements MigrationInterface {
  name = 'SyncLinkSortKeys1767100000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    const embedded = queryRunner.connection.options.type === 'sqljs';
    const newSortDate = SORT_EXPRESSION.replace('signed_on', 'NEW.signed_on');
    for (const { table } of LINK_TABLES) {
      const [onLink, onInsert, onUpdate] = linkSortTriggers(table);
      for (const trigger of linkSortTriggers(table)) await queryRunner.query(`DROP TRIGGER IF EXISTS ${trigger}`);
      await queryRunner.query(
        `UPDATE ${table} SET sort_date = (SELECT c.sort_date FROM commitment c WHERE c.id = ${table}.commitment_id),
                             code = (SELECT c.code FROM commitment c WHERE c.id = ${table}.commitment_id)`,
      );
      if (embedded) {
        await queryRunner.query(
          `CREATE TRIGGER ${onLink} AFTER INSERT ON ${table} BEGIN
             UPDATE ${table} SET sort_date = (SELECT c.sort_date FROM commitment c WHERE c.id = NEW.commitment_id),
                                 code = (SELECT c.code FROM commitment c WHERE c.id = NEW.commitment_id)
              WHERE rowid = NEW.rowid;
           END`,
        );
        await queryRunner.query(
          `CREATE TRIGGER ${onInsert} AFTER INSERT ON commitment BEGIN
             UPDATE ${table} SET sort_date = ${newSortDate}, code = NEW.code WHERE commitment_id = NEW.id;
           END`,
        );
        await queryRunner.query(
          `CREATE TRIGGER ${onUpdate} AFTER UPDATE OF signed_on, code ON commitment
             WHEN NEW.signed_on IS NOT OLD.signed_on OR NEW.code IS NOT OLD.code BEGIN
             UPDATE ${table} SET sort_date = ${newSortDate}, code = NEW.code WHERE commitment_id = NEW.id;
           END`,
        );
      } else {
        await queryRunner.query(
          `CREATE TRIGGER ${onLink} BEFORE INSERT ON ${table} FOR EACH ROW
             SET NEW.sort_date = (SELECT c.sort_date FROM commitment c WHERE c.id = NEW.commitment_id),
                 NEW.code = (SELECT c.code FROM commitment c WHERE c.id = NEW.commitment_id)`,
        );
        await queryRunner.query(
          `CREATE TRIGGER ${onInsert} AFTER INSERT ON commitment FOR EACH ROW
             UPDATE ${table} SET sort_date = ${newSortDate}, code = NEW.code WHERE commitment_id = NEW.id`,
        );
        // Only a change of the key touches (and locks) the links: most updates of a commitment leave them alone.
        await queryRunner.query(
          `CREATE TRIGGER ${onUpdate} AFTER UPDATE ON commitment FOR EACH ROW BEGIN
             IF NOT (NEW.signed_on <=> OLD.signed_on AND NEW.code <=> OLD.code) THEN
               UPDATE ${table} SET sort_date = ${newSortDate}, code = NEW.code WHERE commitment_id = NEW.id;
             END IF;
           END`,
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const { table } of LINK_TABLES) for (const trigger of linkSortTriggers(table)) await queryRunner.query(`DROP TRIGGER IF EXISTS ${trigger}`);
  }
}

export const AddPartnerSortIndex1767100000006 = sortIndexMigration('AddPartnerSortIndex1767100000006', 'commitment_partner', 'IDX_commitment_partner_sort', 'partner_id, sort_date DESC, code');
export const AddFieldSortIndex1767100000007 = sortIndexMigration('AddFieldSortIndex1767100000007', 'commitment_field', 'IDX_commitment_field_sort', 'field, sort_date DESC, code');

/**
 * Search through an index on MySQL/MariaDB: FULLTEXT on the folded `search_text`. Created with the stopword list off
 * for this index (the session's `innodb_ft_enable_stopword`, read when the index is created), so that Vietnamese
 * words that are English stopwords ("la", "de", "in") are indexed like any other. Words shorter than
 * `innodb_ft_min_token_size` (3 by default) are still not indexed; the repository leaves them to LIKE. Nothing on the
 * embedded engine.
 */
export class AddCommitmentSearchIndex1767100000008 implements MigrationInterface {
  name = 'AddCommitmentSearchIndex1767100000008';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'sqljs') return;
    const existing = await queryRunner.getTable('commitment');
    if (existing?.indices.some((i) => i.name === 'IDX_commitment_search')) return;
    await queryRunner.query('SET SESSION innodb_ft_enable_stopword = OFF');
    try {
      await queryRunner.query('CREATE FULLTEXT INDEX IDX_commitment_search ON commitment (search_text)');
    } finally {
      await queryRunner.query('SET SESSION innodb_ft_enable_stopword = ON');
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    if (queryRunner.connection.options.type === 'sqljs') return;
    await queryRunner.query('DROP INDEX IDX_commitment_search ON commitment');
  }
}

/** In order, after `WidenCommitmentLeadType1765400000003`. */
export const commitmentSortKeyMigrations: MigrationClass[] = [
  AddCommitmentSortDate1767100000000,
  AddCommitmentSortIndex1767100000001,
  AddCommitmentLeadSortIndex1767100000002,
  AddPartnerSortKey1767100000003,
  AddFieldSortKey1767100000004,
  SyncLinkSortKeys1767100000005,
  AddPartnerSortIndex1767100000006,
  AddFieldSortIndex1767100000007,
  AddCommitmentSearchIndex1767100000008,
  AddCommitmentLeadIdSortIndex1767100000009,
  DropCommitmentLeadIndex1767100000010,
];
