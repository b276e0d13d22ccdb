import { createTableMigration } from '@accords/db';

export const CreateMilestone1732500000001 = createTableMigration('CreateMilestone1732500000001', {
  name: 'milestone',
  columns: [
    { name: 'id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'commitment_id', type: 'varchar', length: '36' },
    { name: 'program_id', type: 'varchar', length: '36' },
    { name: 'parent_id', type: 'varchar', length: '36', isNullable: true },
    { name: 'task', type: 'varchar', length: '500' },
    { name: 'responsible_official_id', type: 'varchar', length: '40', isNullable: true },
    { name: 'owner_agency', type: 'varchar', length: '40' },
    { name: 'due_on', type: 'date', isNullable: true },
    { name: 'deliverable', type: 'varchar', length: '500', isNullable: true },
    { name: 'means_of_verification', type: 'varchar', length: '500', isNullable: true },
    { name: 'weight', type: 'decimal', precision: 9, scale: 2, isNullable: true },
    { name: 'planned_start', type: 'date', isNullable: true },
    { name: 'actual_start', type: 'date', isNullable: true },
    { name: 'completed_at', type: 'datetime', isNullable: true },
    { name: 'cancelled_at', type: 'datetime', isNullable: true },
    { name: 'cancellation_reason', type: 'varchar', length: '500', isNullable: true },
    { name: 'created_at', type: 'datetime' },
    { name: 'version', type: 'integer' },
  ],
  indices: [
    { name: 'IDX_milestone_official', columnNames: ['responsible_official_id'] },
    { name: 'IDX_milestone_commitment', columnNames: ['commitment_id'] },
  ],
});
