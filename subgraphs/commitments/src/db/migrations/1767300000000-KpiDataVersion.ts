import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A data version for the KPI result cache (kpis/cache.ts): a counter the database bumps on every row inserted,
 * updated or deleted in a table the KPI statements read, whatever wrote it (the API, the import, a script, a DBA).
 * A cached KPI result is valid while the version is the one it was computed at.
 *
 * The counter is split into shards (`kpi_data_version`, one row per shard; the version is their sum): a trigger bumps
 * the shard of its connection (`CONNECTION_ID() % 16` on MySQL/MariaDB), so concurrent write transactions on
 * different connections do not queue on one hot row. Every committed write adds at least one to the sum and nothing
 * ever subtracts, so two different committed states never show the same sum. The embedded engine has one
 * connection and one shard.
 *
 * Re-runnable (triggers dropped and created again): the embedded engine drops a table's triggers when a later
 * migration recreates the table; the cache checks at start that every trigger exists and stays off if one is missing.
 */

/** Every table a KPI statement reads (tests/kpi-cache.test.ts checks the KPI SQL against this list). */
export const KPI_TABLES = [
  'commitment',
  'commitment_partner',
  'commitment_field',
  'commitment_party',
  'legal_event',
  'feasibility_assessment',
  'consultation',
  'action_program',
  'milestone',
  'result_indicator',
  'indicator_period',
  'progress_report',
  'obstacle',
  'feedback',
  'review_entry',
  'review_decision',
  'public_holiday',
] as const;

export const KPI_VERSION_SHARDS = 16;
const EVENTS = ['INSERT', 'UPDATE', 'DELETE'] as const;

/** The trigger names, for the start-up check and tests. */
export const kpiVersionTriggers = (): string[] => KPI_TABLES.flatMap((t) => EVENTS.map((e) => `kpi_version_${t}_${e.toLowerCase()}`));

export class KpiDataVersion1767300000000 implements MigrationInterface {
  name = 'KpiDataVersion1767300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const embedded = queryRunner.connection.options.type === 'sqljs';
    await queryRunner.query(
      embedded
        ? 'CREATE TABLE IF NOT EXISTS kpi_data_version (shard INTEGER PRIMARY KEY NOT NULL, v BIGINT NOT NULL DEFAULT 0)'
        : 'CREATE TABLE IF NOT EXISTS kpi_data_version (shard INT NOT NULL PRIMARY KEY, v BIGINT NOT NULL DEFAULT 0) ENGINE=InnoDB',
    );
    const shards = embedded ? 1 : KPI_VERSION_SHARDS;
    for (let s = 0; s < shards; s++) {
      await queryRunner.query(embedded ? 'INSERT OR IGNORE INTO kpi_data_version (shard, v) VALUES (?, 0)' : 'INSERT IGNORE INTO kpi_data_version (shard, v) VALUES (?, 0)', [s]);
    }
    const bump = embedded ? 'UPDATE kpi_data_version SET v = v + 1 WHERE shard = 0' : `UPDATE kpi_data_version SET v = v + 1 WHERE shard = CONNECTION_ID() % ${KPI_VERSION_SHARDS}`;
    for (const table of KPI_TABLES) {
      for (const event of EVENTS) {
        const name = `kpi_version_${table}_${event.toLowerCase()}`;
        await queryRunner.query(`DROP TRIGGER IF EXISTS ${name}`);
        await queryRunner.query(
          embedded
            ? `CREATE TRIGGER ${name} AFTER ${event} ON ${table} BEGIN ${bump}; END`
            : `CREATE TRIGGER ${name} AFTER ${event} ON ${table} FOR EACH ROW ${bump}`,
        );
      }
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const name of kpiVersionTriggers()) await queryRunner.query(`DROP TRIGGER IF EXISTS ${name}`);
    await queryRunner.query('DROP TABLE IF EXISTS kpi_data_version');
  }
}
