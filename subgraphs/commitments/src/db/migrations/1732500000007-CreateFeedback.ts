import { createTableMigration } from '@accords/db';

export const CreateFeedback1732500000007 = createTableMigration('CreateFeedback1732500000007', {
  name: 'feedback',
  columns: [
    { name: 'id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'receipt_hash', type: 'varchar', length: '64' },
    { name: 'submitter_kind', type: 'varchar', length: '16' },
    { name: 'submitter_name', type: 'varchar', length: '200', isNullable: true },
    { name: 'contact', type: 'varchar', length: '200', isNullable: true },
    { name: 'subject', type: 'varchar', length: '200' },
    { name: 'body', type: 'text' },
    { name: 'commitment_id', type: 'varchar', length: '36', isNullable: true },
    { name: 'locality_id', type: 'varchar', length: '16', isNullable: true },
    { name: 'agency', type: 'varchar', length: '40', isNullable: true },
    { name: 'status', type: 'varchar', length: '16' },
    { name: 'received_at', type: 'datetime' },
    { name: 'acknowledged_at', type: 'datetime', isNullable: true },
    { name: 'assigned_at', type: 'datetime', isNullable: true },
    { name: 'obstacle_id', type: 'varchar', length: '36', isNullable: true },
    { name: 'response', type: 'text', isNullable: true },
    { name: 'responded_at', type: 'datetime', isNullable: true },
    { name: 'resolved_at', type: 'datetime', isNullable: true },
    { name: 'resolution', type: 'text', isNullable: true },
    { name: 'version', type: 'integer' },
  ],
  indices: [
    { name: 'IDX_feedback_commitment', columnNames: ['commitment_id'] },
    { name: 'IDX_feedback_agency', columnNames: ['agency', 'received_at'] },
    { name: 'IDX_feedback_locality', columnNames: ['locality_id', 'received_at'] },
  ],
});
