import { Table, type MigrationInterface, type QueryRunner } from 'typeorm';

export class CreateCommitment1732300000000 implements MigrationInterface {
  name = 'CreateCommitment1732300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'commitment',
        columns: [
          { name: 'id', type: 'varchar', length: '36', isPrimary: true },
          { name: 'code', type: 'varchar', length: '40' },
          { name: 'title_vi', type: 'varchar', length: '500' },
          { name: 'title_en', type: 'varchar', length: '500', isNullable: true },
          { name: 'summary', type: 'text', isNullable: true },
          { name: 'instrument_class', type: 'varchar', length: '32' },
          { name: 'document_type', type: 'varchar', length: '32' },
          { name: 'lead_agency_type', type: 'varchar', length: '16' },
          { name: 'lead_agency_id', type: 'varchar', length: '16' },
          { name: 'signed_on', type: 'date', isNullable: true },
          { name: 'legal_status', type: 'varchar', length: '32' },
          { name: 'search_text', type: 'varchar', length: '1200' },
          { name: 'created_at', type: 'datetime' },
          { name: 'version', type: 'integer' },
        ],
        indices: [
          { name: 'UQ_commitment_code', columnNames: ['code'], isUnique: true },
          { name: 'IDX_commitment_lead', columnNames: ['lead_agency_type', 'lead_agency_id'] },
          { name: 'IDX_commitment_signed', columnNames: ['signed_on'] },
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('commitment');
  }
}
