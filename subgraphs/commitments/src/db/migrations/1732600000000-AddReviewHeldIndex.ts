import { createIndexMigration } from '@accords/db';

/** Query.reviews pages newest held first (held_at DESC, id DESC). */
export const AddReviewHeldIndex1732600000000 = createIndexMigration('AddReviewHeldIndex1732600000000', 'review', { name: 'IDX_review_held', columnNames: ['held_at', 'id'] });
