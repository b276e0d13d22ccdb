import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreatePartner1732300000000 implements MigrationInterface {
  name = 'CreatePartner1732300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'partner',
        columns: [
          { name: 'id', type: 'varchar', length: '16', isPrimary: true },
          { name: 'kind', type: 'varchar', length: '32' },
          { name: 'name_vi', type: 'varchar', length: '255' },
          { name: 'name_en', type: 'varchar', length: '255' },
          { name: 'iso_alpha3', type: 'varchar', length: '3', isNullable: true },
          { name: 'parent_id', type: 'varchar', length: '16', isNullable: true },
          { name: 'framework', type: 'varchar', length: '48', isNullable: true },
          { name: 'framework_since', type: 'date', isNullable: true },
          { name: 'groupings', type: 'varchar', length: '255' },
          { name: 'search_text', type: 'varchar', length: '600' },
          { name: 'version', type: 'integer' },
        ],
        indices: [
          { name: 'IDX_partner_kind', columnNames: ['kind'] },
          { name: 'IDX_partner_parent', columnNames: ['parent_id'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('partner');
  }
}
