import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class Create__PASCAL__Note__STAMP__ implements MigrationInterface {
  name = 'Create__PASCAL__Note__STAMP__';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: '__NAME___note',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'partner_id', type: 'varchar', length: '16' },
          { name: 'text', type: 'varchar', length: '1000' },
          { name: 'created_by', type: 'varchar', length: '128' },
          { name: 'created_at', type: 'datetime', default: 'CURRENT_TIMESTAMP' },
          { name: 'version', type: 'integer' },
        ],
        indices: [new TableIndex({ name: 'IDX___NAME___note_partner', columnNames: ['partner_id'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('__NAME___note');
  }
}
