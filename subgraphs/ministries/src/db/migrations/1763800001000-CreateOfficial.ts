import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateOfficial1763800001000 implements MigrationInterface {
  name = 'CreateOfficial1763800001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'official',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'full_name', type: 'varchar', length: '255' },
          { name: 'position_vi', type: 'varchar', length: '255' },
          { name: 'position_en', type: 'varchar', length: '255', isNullable: true },
          { name: 'ministry_id', type: 'varchar', length: '16' },
          { name: 'unit_id', type: 'varchar', length: '24', isNullable: true },
          { name: 'active', type: 'boolean' },
          { name: 'search_text', type: 'varchar', length: '600' },
          { name: 'version', type: 'integer' },
        ],
        indices: [
          { name: 'IDX_official_ministry', columnNames: ['ministry_id'] },
          { name: 'IDX_official_unit', columnNames: ['unit_id'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('official');
  }
}
