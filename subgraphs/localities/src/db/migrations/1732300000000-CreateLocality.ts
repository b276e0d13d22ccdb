import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateLocality1732300000000 implements MigrationInterface {
  name = 'CreateLocality1732300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'locality',
        columns: [
          { name: 'id', type: 'varchar', length: '8', isPrimary: true },
          { name: 'level', type: 'varchar', length: '16' },
          { name: 'name_vi', type: 'varchar', length: '255' },
          { name: 'name_en', type: 'varchar', length: '255' },
          { name: 'province_id', type: 'varchar', length: '8', isNullable: true },
          { name: 'is_border', type: 'boolean' },
          { name: 'border_type', type: 'varchar', length: '8', isNullable: true },
          { name: 'border_legal_basis', type: 'varchar', length: '255', isNullable: true },
          { name: 'search_text', type: 'varchar', length: '600' },
          { name: 'valid_from', type: 'date', isNullable: true },
          { name: 'valid_to', type: 'date', isNullable: true },
          { name: 'merged_into_id', type: 'varchar', length: '8', isNullable: true },
          { name: 'version', type: 'integer' },
        ],
        indices: [
          { name: 'IDX_locality_province', columnNames: ['province_id'] },
          { name: 'IDX_locality_level', columnNames: ['level'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('locality');
  }
}
