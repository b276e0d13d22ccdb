import { createIndexMigration } from '@accords/db';

/** K12 selects the milestones due in a period (due_on range). */
export const AddMilestoneDueIndex1765300000000 = createIndexMigration('AddMilestoneDueIndex1765300000000', 'milestone', { name: 'IDX_milestone_due', columnNames: ['due_on'] });
