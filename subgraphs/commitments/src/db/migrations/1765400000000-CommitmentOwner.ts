import { TableColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { addColumnsMigration } from '@accords/db';

/**
 * The owner of a commitment is stored (`owner_agency`), not derived from the lead's id: a unit's ministry and a
 * department's province are what their registers say, asked when the commitment is proposed. Four steps, one change
 * each: add the column, fill it for existing rows, make it required, and widen `lead_agency_type`, which was too
 * short for PROVINCIAL_DEPARTMENT.
 */
export const AddCommitmentOwner1765400000000 = addColumnsMigration('AddCommitmentOwner1765400000000', 'commitment', [
  { name: 'owner_agency', type: 'varchar', length: '40', isNullable: true },
]);

/**
 * Existing rows: a ministry or a locality owns itself; for a unit or a department, the id up to its last hyphen
 * (`MOFA-DILT` -> MOFA, `NA-OFFICE-VDN` -> NA-OFFICE, `15-YB-SNV` -> 15-YB), which is how every unit and department id
 * in the registers is built. This subgraph cannot ask the registers from a migration; new commitments are asked.
 */
export class BackfillCommitmentOwner1765400000001 implements MigrationInterface {
  name = 'BackfillCommitmentOwner1765400000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    const rows: { id: string; type: string; lead: string }[] = await queryRunner.query(
      'SELECT id, lead_agency_type AS type, lead_agency_id AS lead FROM commitment WHERE owner_agency IS NULL',
    );
    for (const row of rows) {
      const cut = row.lead.lastIndexOf('-');
      const parent = cut > 0 ? row.lead.slice(0, cut) : row.lead;
      const owner =
        row.type === 'MINISTRY' || row.type === 'LOCALITY' ? `${row.type}:${row.lead}` : `${row.type === 'MINISTRY_UNIT' ? 'MINISTRY' : 'LOCALITY'}:${parent}`;
      await queryRunner.query('UPDATE commitment SET owner_agency = ? WHERE id = ?', [owner, row.id]);
    }
  }

  async down(): Promise<void> {
    /* the column goes with AddCommitmentOwner's down */
  }
}

/**
 * Changes a varchar column in place: MySQL/MariaDB `MODIFY` keeps the data and the indexes (TypeORM's changeColumn
 * there rebuilds more than it must); on the embedded engine TypeORM copies the table, which is SQLite's only way.
 */
async function modifyVarchar(queryRunner: QueryRunner, column: string, length: number, nullable: boolean): Promise<void> {
  if (queryRunner.connection.options.type === 'sqljs') {
    await queryRunner.changeColumn('commitment', column, new TableColumn({ name: column, type: 'varchar', length: String(length), isNullable: nullable }));
  } else {
    await queryRunner.query(`ALTER TABLE \`commitment\` MODIFY \`${column}\` varchar(${length}) ${nullable ? 'NULL' : 'NOT NULL'}`);
  }
}

export class RequireCommitmentOwner1765400000002 implements MigrationInterface {
  name = 'RequireCommitmentOwner1765400000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await modifyVarchar(queryRunner, 'owner_agency', 40, false);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await modifyVarchar(queryRunner, 'owner_agency', 40, true);
  }
}

export class WidenCommitmentLeadType1765400000003 implements MigrationInterface {
  name = 'WidenCommitmentLeadType1765400000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    await modifyVarchar(queryRunner, 'lead_agency_type', 32, false);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await modifyVarchar(queryRunner, 'lead_agency_type', 16, false);
  }
}
