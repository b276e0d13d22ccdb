import { createTableMigration } from '@accords/db';

export const CreateCommitmentResult1732500000002 = createTableMigration('CreateCommitmentResult1732500000002', {
  name: 'commitment_result',
  columns: [
    { name: 'id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'commitment_id', type: 'varchar', length: '36' },
    { name: 'type', type: 'varchar', length: '16' },
    { name: 'title', type: 'varchar', length: '500' },
    { name: 'description', type: 'text', isNullable: true },
    { name: 'created_at', type: 'datetime' },
    { name: 'version', type: 'integer' },
  ],
  indices: [
    { name: 'IDX_result_commitment', columnNames: ['commitment_id'] },
  ],
});
