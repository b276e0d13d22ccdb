import { createIndexMigration } from '@accords/db';

/**
 * Indexes the set-based KPI statements read through (issue #12, national scale). One index per migration: MySQL
 * commits DDL implicitly.
 */

/** K12 (milestones due in a period, judged on asOf) and K17 (a milestone overdue): a range on the due date, covered. */
export const AddMilestoneDueStateIndex1767200000000 = createIndexMigration('AddMilestoneDueStateIndex1767200000000', 'milestone', {
  name: 'IDX_milestone_due_state',
  columnNames: ['due_on', 'completed_at', 'cancelled_at', 'commitment_id'],
});

/** K5, K10: a commitment's first milestone start (MIN per commitment read from the index). */
export const AddMilestoneStartIndex1767200000001 = createIndexMigration('AddMilestoneStartIndex1767200000001', 'milestone', {
  name: 'IDX_milestone_start',
  columnNames: ['commitment_id', 'actual_start'],
});

/** Stock KPIs: whether any legal event is dated after the as-of day (if none, the stored status is the status then). */
export const AddLegalEventOccurredIndex1767200000002 = createIndexMigration('AddLegalEventOccurredIndex1767200000002', 'legal_event', {
  name: 'IDX_legal_event_occurred',
  columnNames: ['occurred_at'],
});

/** K5, K10, K11: a commitment's first programme approval. */
export const AddProgramApprovedIndex1767200000003 = createIndexMigration('AddProgramApprovedIndex1767200000003', 'action_program', {
  name: 'IDX_program_approved',
  columnNames: ['commitment_id', 'approved_at'],
});
