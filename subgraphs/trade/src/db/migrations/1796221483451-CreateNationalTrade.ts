import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateNationalTrade1796221483451 implements MigrationInterface {
  name = 'CreateNationalTrade1796221483451';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'national_trade',
        columns: [
          { name: 'year', type: 'integer', isPrimary: true },
          { name: 'exports', type: 'decimal', precision: 12, scale: 1, isNullable: true },
          { name: 'imports', type: 'decimal', precision: 12, scale: 1, isNullable: true },
          { name: 'turnover', type: 'decimal', precision: 12, scale: 1, isNullable: true },
          { name: 'estimate', type: 'boolean' },
          { name: 'source', type: 'varchar', length: '500' },
          { name: 'source_url', type: 'varchar', length: '500', isNullable: true },
          { name: 'note', type: 'varchar', length: '500', isNullable: true },
          { name: 'version', type: 'integer' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('national_trade');
  }
}
