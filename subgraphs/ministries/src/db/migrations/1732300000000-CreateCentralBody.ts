import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateCentralBody1732300000000 implements MigrationInterface {
  name = 'CreateCentralBody1732300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'central_body',
        columns: [
          { name: 'id', type: 'varchar', length: '16', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '32' },
          { name: 'name_vi', type: 'varchar', length: '255' },
          { name: 'name_en', type: 'varchar', length: '255' },
          { name: 'abbreviation', type: 'varchar', length: '32', isNullable: true },
          { name: 'search_text', type: 'varchar', length: '600' },
          { name: 'valid_from', type: 'date', isNullable: true },
          { name: 'valid_to', type: 'date', isNullable: true },
          { name: 'successor_id', type: 'varchar', length: '16', isNullable: true },
          { name: 'version', type: 'integer' },
        ],
        indices: [{ name: 'IDX_central_body_kind', columnNames: ['kind'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('central_body');
  }
}
