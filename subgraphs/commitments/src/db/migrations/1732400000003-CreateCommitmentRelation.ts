import { createTableMigration } from '@accords/db';

export const CreateCommitmentRelation1732400000003 = createTableMigration('CreateCommitmentRelation1732400000003', {
  name: 'commitment_relation',
  columns: [
    { name: 'commitment_id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'related_id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'kind', type: 'varchar', length: '16', isPrimary: true },
  ],
  indices: [
    { name: 'IDX_relation_related', columnNames: ['related_id'] },
  ],
});
