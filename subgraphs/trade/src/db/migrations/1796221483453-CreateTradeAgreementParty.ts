import { Table, TableIndex, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateTradeAgreementParty1796221483453 implements MigrationInterface {
  name = 'CreateTradeAgreementParty1796221483453';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'trade_agreement_party',
        columns: [
          { name: 'id', type: 'varchar', length: '48', isPrimary: true },
          { name: 'agreement_code', type: 'varchar', length: '24' },
          { name: 'partner_id', type: 'varchar', length: '16' },
          { name: 'in_force_on', type: 'date', isNullable: true },
          { name: 'version', type: 'integer' },
        ],
        indices: [new TableIndex({ name: 'IDX_trade_agreement_party_partner', columnNames: ['partner_id'] })],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('trade_agreement_party');
  }
}
