import { createTableMigration } from '@accords/db';

export const CreateReviewDecision1732500000009 = createTableMigration('CreateReviewDecision1732500000009', {
  name: 'review_decision',
  columns: [
    { name: 'id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'review_id', type: 'varchar', length: '36' },
    { name: 'decision', type: 'text' },
    { name: 'assignee_agency', type: 'varchar', length: '40' },
    { name: 'assignee_official_id', type: 'varchar', length: '40', isNullable: true },
    { name: 'due_on', type: 'date' },
    { name: 'done_at', type: 'datetime', isNullable: true },
    { name: 'version', type: 'integer' },
  ],
  indices: [
    { name: 'IDX_review_decision_review', columnNames: ['review_id'] },
  ],
});
