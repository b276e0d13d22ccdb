import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateTradeFlow1796221483450 implements MigrationInterface {
  name = 'CreateTradeFlow1796221483450';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'trade_flow',
        columns: [
          { name: 'id', type: 'varchar', length: '24', isPrimary: true },
          { name: 'partner_id', type: 'varchar', length: '16' },
          { name: 'year', type: 'integer' },
          { name: 'exports', type: 'decimal', precision: 12, scale: 1, isNullable: true },
          { name: 'imports', type: 'decimal', precision: 12, scale: 1, isNullable: true },
          { name: 'turnover', type: 'decimal', precision: 12, scale: 1, isNullable: true },
          { name: 'estimate', type: 'boolean' },
          { name: 'source', type: 'varchar', length: '500' },
          { name: 'source_url', type: 'varchar', length: '500', isNullable: true },
          { name: 'note', type: 'varchar', length: '500', isNullable: true },
          { name: 'version', type: 'integer' },
        ],
        indices: [new TableIndex({ name: 'IDX_trade_flow_partner_year', columnNames: ['partner_id', 'year'], isUnique: true })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('trade_flow');
  }
}
