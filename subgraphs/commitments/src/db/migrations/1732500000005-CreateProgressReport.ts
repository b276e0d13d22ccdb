import { createTableMigration } from '@accords/db';

export const CreateProgressReport1732500000005 = createTableMigration('CreateProgressReport1732500000005', {
  name: 'progress_report',
  columns: [
    { name: 'id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'commitment_id', type: 'varchar', length: '36' },
    { name: 'period_start', type: 'date' },
    { name: 'period_end', type: 'date' },
    { name: 'achievements', type: 'text' },
    { name: 'challenges', type: 'text', isNullable: true },
    { name: 'recommendations', type: 'text', isNullable: true },
    { name: 'completion_level', type: 'varchar', length: '16' },
    { name: 'delivery_confidence', type: 'varchar', length: '16' },
    { name: 'confidence_justification', type: 'text' },
    { name: 'submitted_by', type: 'varchar', length: '120' },
    { name: 'submitted_at', type: 'datetime' },
    { name: 'version', type: 'integer' },
  ],
  indices: [
    { name: 'UQ_progress_report_period', columnNames: ['commitment_id', 'period_start', 'period_end'], isUnique: true },
  ],
});
