import { createTableMigration } from '@accords/db';

export const CreateReviewEntry1732500000010 = createTableMigration('CreateReviewEntry1732500000010', {
  name: 'review_entry',
  columns: [
    { name: 'review_id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'commitment_id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'completion_level', type: 'varchar', length: '16' },
    { name: 'delivery_confidence', type: 'varchar', length: '16' },
    { name: 'confidence_justification', type: 'text' },
    { name: 'note', type: 'text', isNullable: true },
    { name: 'recorded_at', type: 'datetime' },
    { name: 'version', type: 'integer' },
  ],
  indices: [
    { name: 'IDX_review_entry_commitment', columnNames: ['commitment_id'] },
  ],
});
