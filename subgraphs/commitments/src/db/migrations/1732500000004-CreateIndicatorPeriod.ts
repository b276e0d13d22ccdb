import { createTableMigration } from '@accords/db';

export const CreateIndicatorPeriod1732500000004 = createTableMigration('CreateIndicatorPeriod1732500000004', {
  name: 'indicator_period',
  columns: [
    { name: 'id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'indicator_id', type: 'varchar', length: '36' },
    { name: 'commitment_id', type: 'varchar', length: '36' },
    { name: 'period_start', type: 'date' },
    { name: 'period_end', type: 'date' },
    { name: 'target', type: 'decimal', precision: 20, scale: 4, isNullable: true },
    { name: 'actual', type: 'decimal', precision: 20, scale: 4, isNullable: true },
    { name: 'version', type: 'integer' },
  ],
  indices: [
    { name: 'UQ_indicator_period', columnNames: ['indicator_id', 'period_start'], isUnique: true },
    { name: 'IDX_indicator_period_commitment', columnNames: ['commitment_id'] },
  ],
});
