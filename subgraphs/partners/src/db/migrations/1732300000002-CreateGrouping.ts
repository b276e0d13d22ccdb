import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateGrouping1732300000002 implements MigrationInterface {
  name = 'CreateGrouping1732300000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'grouping',
        columns: [
          { name: 'code', type: 'varchar', length: '24', isPrimary: true },
          { name: 'name_vi', type: 'varchar', length: '255' },
          { name: 'name_en', type: 'varchar', length: '255' },
          { name: 'kind', type: 'varchar', length: '32' },
          { name: 'version', type: 'integer' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('grouping');
  }
}
