import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateMinistryUnit1763800000000 implements MigrationInterface {
  name = 'CreateMinistryUnit1763800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'ministry_unit',
        columns: [
          { name: 'id', type: 'varchar', length: '24', isPrimary: true },
          { name: 'ministry_id', type: 'varchar', length: '16' },
          { name: 'kind', type: 'varchar', length: '32' },
          { name: 'name_vi', type: 'varchar', length: '255' },
          { name: 'name_en', type: 'varchar', length: '255' },
          { name: 'search_text', type: 'varchar', length: '600' },
          { name: 'valid_from', type: 'date', isNullable: true },
          { name: 'valid_to', type: 'date', isNullable: true },
          { name: 'version', type: 'integer' },
        ],
        indices: [{ name: 'IDX_ministry_unit_ministry', columnNames: ['ministry_id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('ministry_unit');
  }
}
