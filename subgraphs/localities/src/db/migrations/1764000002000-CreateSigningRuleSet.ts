import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateSigningRuleSet1764000002000 implements MigrationInterface {
  name = 'CreateSigningRuleSet1764000002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'signing_rule_set',
        columns: [
          { name: 'version', type: 'varchar', length: '16', isPrimary: true },
          { name: 'effective_from', type: 'date' },
          { name: 'legal_basis', type: 'varchar', length: '255' },
          { name: 'rules', type: 'text' },
          { name: 'version_no', type: 'integer' },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('signing_rule_set');
  }
}
