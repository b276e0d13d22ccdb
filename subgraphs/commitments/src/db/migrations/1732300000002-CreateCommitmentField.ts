import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateCommitmentField1732300000002 implements MigrationInterface {
  name = 'CreateCommitmentField1732300000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'commitment_field',
        columns: [
          { name: 'commitment_id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'field', type: 'varchar', length: '48', isPrimary: true },
        ],
        indices: [{ name: 'IDX_commitment_field_field', columnNames: ['field'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('commitment_field');
  }
}
