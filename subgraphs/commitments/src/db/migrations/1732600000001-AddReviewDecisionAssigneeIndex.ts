import { createIndexMigration } from '@accords/db';

/** Ministry.reviews / Locality.reviews find the decisions given to an agency. */
export const AddReviewDecisionAssigneeIndex1732600000001 = createIndexMigration('AddReviewDecisionAssigneeIndex1732600000001', 'review_decision', { name: 'IDX_review_decision_assignee', columnNames: ['assignee_agency'] });
