import { createTableMigration } from '@accords/db';

export const CreateActionProgram1732500000000 = createTableMigration('CreateActionProgram1732500000000', {
  name: 'action_program',
  columns: [
    { name: 'id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'commitment_id', type: 'varchar', length: '36' },
    { name: 'owner_agency', type: 'varchar', length: '40' },
    { name: 'kind', type: 'varchar', length: '16' },
    { name: 'year', type: 'integer', isNullable: true },
    { name: 'title', type: 'varchar', length: '500' },
    { name: 'status', type: 'varchar', length: '16' },
    { name: 'approved_by', type: 'varchar', length: '120', isNullable: true },
    { name: 'approved_at', type: 'datetime', isNullable: true },
    { name: 'approval_document', type: 'varchar', length: '300', isNullable: true },
    { name: 'submitted_to_mofa_at', type: 'datetime', isNullable: true },
    { name: 'created_at', type: 'datetime' },
    { name: 'version', type: 'integer' },
  ],
  indices: [
    { name: 'IDX_program_owner', columnNames: ['owner_agency', 'year'] },
    { name: 'IDX_program_commitment', columnNames: ['commitment_id'] },
  ],
});
