import { createTableMigration } from '@accords/db';

export const CreateCommitmentDocument1732400000004 = createTableMigration('CreateCommitmentDocument1732400000004', {
  name: 'commitment_document',
  columns: [
    { name: 'id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'commitment_id', type: 'varchar', length: '36' },
    { name: 'kind', type: 'varchar', length: '24' },
    { name: 'title', type: 'varchar', length: '300' },
    { name: 'url', type: 'varchar', length: '1000' },
    { name: 'added_at', type: 'datetime' },
  ],
  indices: [
    { name: 'IDX_document_commitment', columnNames: ['commitment_id'] },
  ],
});
