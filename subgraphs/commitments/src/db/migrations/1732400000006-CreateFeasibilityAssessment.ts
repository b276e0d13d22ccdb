import { createTableMigration } from '@accords/db';

export const CreateFeasibilityAssessment1732400000006 = createTableMigration('CreateFeasibilityAssessment1732400000006', {
  name: 'feasibility_assessment',
  columns: [
    { name: 'id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'commitment_id', type: 'varchar', length: '36' },
    { name: 'budget_amount', type: 'decimal', precision: 18, scale: 2, isNullable: true },
    { name: 'budget_currency', type: 'varchar', length: '3', isNullable: true },
    { name: 'budget_source', type: 'varchar', length: '24', isNullable: true },
    { name: 'budget_status', type: 'varchar', length: '24' },
    { name: 'staff_count', type: 'integer', isNullable: true },
    { name: 'staffing', type: 'text', isNullable: true },
    { name: 'counterpart_readiness', type: 'varchar', length: '16' },
    { name: 'risks', type: 'text', isNullable: true },
    { name: 'verdict', type: 'varchar', length: '16' },
    { name: 'conditions', type: 'text', isNullable: true },
    { name: 'status', type: 'varchar', length: '16' },
    { name: 'submitted_by', type: 'varchar', length: '120' },
    { name: 'submitted_at', type: 'datetime' },
    { name: 'decided_by', type: 'varchar', length: '120', isNullable: true },
    { name: 'decided_at', type: 'datetime', isNullable: true },
    { name: 'decision_note', type: 'text', isNullable: true },
    { name: 'version', type: 'integer' },
  ],
  indices: [
    { name: 'IDX_feasibility_commitment', columnNames: ['commitment_id'] },
  ],
});
