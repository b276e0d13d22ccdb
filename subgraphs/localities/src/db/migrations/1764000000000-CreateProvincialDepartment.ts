import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateProvincialDepartment1764000000000 implements MigrationInterface {
  name = 'CreateProvincialDepartment1764000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'provincial_department',
        columns: [
          { name: 'id', type: 'varchar', length: '24', isPrimary: true },
          { name: 'province_id', type: 'varchar', length: '8' },
          { name: 'kind', type: 'varchar', length: '32' },
          { name: 'name_vi', type: 'varchar', length: '255' },
          { name: 'name_en', type: 'varchar', length: '255' },
          { name: 'search_text', type: 'varchar', length: '600' },
          { name: 'valid_from', type: 'date', isNullable: true },
          { name: 'valid_to', type: 'date', isNullable: true },
          { name: 'version', type: 'integer' },
        ],
        indices: [
          { name: 'IDX_provincial_department_province', columnNames: ['province_id'] },
          { name: 'IDX_provincial_department_kind', columnNames: ['kind'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('provincial_department');
  }
}
