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

/**
 * K3, K5, K10, K13: every milestone column the per-commitment KPI roll-ups read, so the milestones of the active
 * commitments are read from this index alone (one range per commitment), not row by row from the table. At 100,000
 * commitments / 1,000,000 milestones those row reads were most of the stock statements' time (README, Benchmarks).
 * The deliverable text is part of it (six-clear "product" needs to know whether it is empty): the index grows with
 * the text people write (up to 500 characters; 22 on average in the generated register).
 */
export const AddMilestoneKpiIndex1767300000001 = createIndexMigration('AddMilestoneKpiIndex1767300000001', 'milestone', {
  name: 'IDX_milestone_kpi',
  columnNames: ['commitment_id', 'parent_id', 'completed_at', 'cancelled_at', 'due_on', 'weight', 'responsible_official_id', 'program_id', 'actual_start', 'deliverable'],
});

/**
 * K9 and the attention list's missing plans: the agencies whose annual plan for a year reached MOFA by the deadline,
 * read from this index alone (a range on kind and year) instead of every programme (134 ms at 100,000 commitments,
 * measured: the only statement of K9 a write to one commitment does not narrow).
 */
export const AddProgramAnnualIndex1767400000001 = createIndexMigration('AddProgramAnnualIndex1767400000001', 'action_program', {
  name: 'IDX_program_annual',
  columnNames: ['kind', 'year', 'submitted_to_mofa_at', 'owner_agency'],
});
