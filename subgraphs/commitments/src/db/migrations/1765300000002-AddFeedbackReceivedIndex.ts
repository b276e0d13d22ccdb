import { createIndexMigration } from '@accords/db';

/** K20 selects the feedback received in a period, whoever answers it (received_at range). */
export const AddFeedbackReceivedIndex1765300000002 = createIndexMigration('AddFeedbackReceivedIndex1765300000002', 'feedback', { name: 'IDX_feedback_received', columnNames: ['received_at'] });
