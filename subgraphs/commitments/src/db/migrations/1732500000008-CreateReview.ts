import { createTableMigration } from '@accords/db';

export const CreateReview1732500000008 = createTableMigration('CreateReview1732500000008', {
  name: 'review',
  columns: [
    { name: 'id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'kind', type: 'varchar', length: '16' },
    { name: 'owner_agency', type: 'varchar', length: '40' },
    { name: 'period_start', type: 'date' },
    { name: 'period_end', type: 'date' },
    { name: 'scope', type: 'varchar', length: '500' },
    { name: 'chair', type: 'varchar', length: '200' },
    { name: 'held_at', type: 'datetime' },
    { name: 'achievements', type: 'text', isNullable: true },
    { name: 'shortcomings', type: 'text', isNullable: true },
    { name: 'created_at', type: 'datetime' },
    { name: 'version', type: 'integer' },
  ],
  indices: [
    { name: 'IDX_review_owner', columnNames: ['owner_agency', 'period_start'] },
  ],
});
