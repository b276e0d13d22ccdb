import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateTradeAgreement1796221483452 implements MigrationInterface {
  name = 'CreateTradeAgreement1796221483452';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'trade_agreement',
        columns: [
          { name: 'code', type: 'varchar', length: '24', isPrimary: true },
          { name: 'name_vi', type: 'varchar', length: '255' },
          { name: 'name_en', type: 'varchar', length: '255' },
          { name: 'signed_on', type: 'date' },
          { name: 'source', type: 'varchar', length: '500' },
          { name: 'note', type: 'varchar', length: '500', isNullable: true },
          { name: 'version', type: 'integer' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('trade_agreement');
  }
}
