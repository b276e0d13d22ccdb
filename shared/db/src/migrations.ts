import { Table, TableColumn, TableIndex, type MigrationInterface, type QueryRunner, type TableColumnOptions, type TableOptions } from 'typeorm';

export type MigrationClass = new () => MigrationInterface;

/** A migration that creates one table (one DDL change) and drops it on the way down. */
export function createTableMigration(name: string, table: TableOptions): MigrationClass {
  return class implements MigrationInterface {
    name = name;
    async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.createTable(new Table(table));
    }
    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.dropTable(table.name!);
    }
  };
}

/**
 * A migration adding several columns to one table. MySQL commits each ALTER on its own, so a failure half-way would
 * leave some columns added and the migration unrecorded; this one adds only the columns still missing, so running it
 * again after such a failure completes it instead of failing on the first column.
 */
export function addColumnsMigration(name: string, tableName: string, columns: TableColumnOptions[]): MigrationClass {
  return class implements MigrationInterface {
    name = name;
    async up(queryRunner: QueryRunner): Promise<void> {
      for (const column of columns) {
        if (!(await queryRunner.hasColumn(tableName, column.name))) await queryRunner.addColumn(tableName, new TableColumn(column));
      }
    }
    async down(queryRunner: QueryRunner): Promise<void> {
      for (const column of [...columns].reverse()) {
        if (await queryRunner.hasColumn(tableName, column.name)) await queryRunner.dropColumn(tableName, column.name);
      }
    }
  };
}

/** A migration adding one index to a table (one DDL change); re-runnable: it adds the index only while it is missing. */
export function createIndexMigration(name: string, tableName: string, index: { name: string; columnNames: string[] }): MigrationClass {
  return class implements MigrationInterface {
    name = name;
    async up(queryRunner: QueryRunner): Promise<void> {
      const table = await queryRunner.getTable(tableName);
      if (!table?.indices.some((i) => i.name === index.name)) await queryRunner.createIndex(tableName, new TableIndex(index));
    }
    async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.dropIndex(tableName, index.name);
    }
  };
}
