import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateLocalOfficial1764000001000 implements MigrationInterface {
  name = 'CreateLocalOfficial1764000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'local_official',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'full_name', type: 'varchar', length: '255' },
          { name: 'position_vi', type: 'varchar', length: '255' },
          { name: 'position_en', type: 'varchar', length: '255', isNullable: true },
          { name: 'locality_id', type: 'varchar', length: '8' },
          { name: 'department_id', type: 'varchar', length: '24', isNullable: true },
          { name: 'active', type: 'boolean' },
          { name: 'search_text', type: 'varchar', length: '600' },
          { name: 'version', type: 'integer' },
        ],
        indices: [
          { name: 'IDX_local_official_locality', columnNames: ['locality_id'] },
          { name: 'IDX_local_official_department', columnNames: ['department_id'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('local_official');
  }
}
