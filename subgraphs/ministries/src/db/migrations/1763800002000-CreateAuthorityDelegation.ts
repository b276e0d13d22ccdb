import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateAuthorityDelegation1763800002000 implements MigrationInterface {
  name = 'CreateAuthorityDelegation1763800002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'authority_delegation',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'ministry_id', type: 'varchar', length: '16' },
          { name: 'delegator_official_id', type: 'varchar', length: '36' },
          { name: 'delegate_official_id', type: 'varchar', length: '36' },
          { name: 'scope', type: 'varchar', length: '32' },
          { name: 'instrument_scope', type: 'varchar', length: '255', isNullable: true },
          { name: 'valid_from', type: 'date' },
          { name: 'valid_to', type: 'date', isNullable: true },
          { name: 'legal_basis', type: 'varchar', length: '255' },
          { name: 'version', type: 'integer' },
        ],
        indices: [
          { name: 'IDX_authority_delegation_ministry', columnNames: ['ministry_id'] },
          { name: 'IDX_authority_delegation_delegator', columnNames: ['delegator_official_id'] },
          { name: 'IDX_authority_delegation_delegate', columnNames: ['delegate_official_id'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('authority_delegation');
  }
}
