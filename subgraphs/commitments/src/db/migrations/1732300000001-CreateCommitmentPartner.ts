import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateCommitmentPartner1732300000001 implements MigrationInterface {
  name = 'CreateCommitmentPartner1732300000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'commitment_partner',
        columns: [
          { name: 'commitment_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'partner_id', type: 'varchar', length: '16', isPrimary: true },
        ],
        indices: [{ name: 'IDX_commitment_partner_partner', columnNames: ['partner_id'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('commitment_partner');
  }
}
