import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreatePartnerFrameworkEvent1732300000001 implements MigrationInterface {
  name = 'CreatePartnerFrameworkEvent1732300000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'partner_framework_event',
        columns: [
          { name: 'id', type: 'varchar', length: '48', isPrimary: true },
          { name: 'partner_id', type: 'varchar', length: '16' },
          { name: 'framework', type: 'varchar', length: '48' },
          { name: 'since', type: 'date' },
          { name: 'note', type: 'varchar', length: '255', isNullable: true },
          { name: 'version', type: 'integer' },
        ],
        indices: [{ name: 'IDX_partner_framework_event_partner', columnNames: ['partner_id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('partner_framework_event');
  }
}
