import type { MigrationInterface, QueryRunner } from 'typeorm';
import type { MigrationClass } from '@accords/db';

/** The message the database answers an UPDATE or DELETE of an append-only table with. */
export const appendOnlyMessage = (table: string) => `${table} is append-only: entries are never updated or deleted`;

/** The two triggers guarding a table, by name. */
export const appendOnlyTriggers = (table: string) => [`${table}_no_update`, `${table}_no_delete`];

/**
 * Triggers that refuse UPDATE and DELETE on an append-only table, on MySQL/MariaDB (SIGNAL SQLSTATE '45000') and on
 * the embedded engine (RAISE(ABORT)). Grants already keep the service's user from it (infra/mysql/init.sql); the
 * triggers hold for every connection, root's included. Re-runnable: a trigger already there is kept.
 *
 * Caution for later migrations: the embedded engine (TypeORM on SQLite) alters a table by recreating it, which drops
 * its triggers; a migration that alters one of these tables must run this one's `up` again afterwards.
 */
export function appendOnlyMigration(name: string, table: string): MigrationClass {
  return class implements MigrationInterface {
    name = name;
    async up(queryRunner: QueryRunner): Promise<void> {
      const embedded = queryRunner.connection.options.type === 'sqljs';
      const message = appendOnlyMessage(table);
      for (const [trigger, event] of [[`${table}_no_update`, 'UPDATE'], [`${table}_no_delete`, 'DELETE']] as const) {
        if (embedded) {
          await queryRunner.query(`CREATE TRIGGER IF NOT EXISTS ${trigger} BEFORE ${event} ON ${table} BEGIN SELECT RAISE(ABORT, '${message}'); END`);
        } else {
          const [found] = await queryRunner.query('SELECT COUNT(*) AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME = ?', [trigger]);
          if (Number(found.n) === 0) {
            await queryRunner.query(`CREATE TRIGGER ${trigger} BEFORE ${event} ON ${table} FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = '${message}'`);
          }
        }
      }
    }
    async down(queryRunner: QueryRunner): Promise<void> {
      for (const trigger of appendOnlyTriggers(table)) await queryRunner.query(`DROP TRIGGER IF EXISTS ${trigger}`);
    }
  };
}
