import { createTableMigration } from '@accords/db';

export const CreateResultIndicator1732500000003 = createTableMigration('CreateResultIndicator1732500000003', {
  name: 'result_indicator',
  columns: [
    { name: 'id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'result_id', type: 'varchar', length: '36' },
    { name: 'commitment_id', type: 'varchar', length: '36' },
    { name: 'title', type: 'varchar', length: '500' },
    { name: 'measure', type: 'varchar', length: '16' },
    { name: 'direction', type: 'varchar', length: '16' },
    { name: 'baseline_value', type: 'decimal', precision: 20, scale: 4, isNullable: true },
    { name: 'baseline_year', type: 'integer', isNullable: true },
    { name: 'created_at', type: 'datetime' },
    { name: 'version', type: 'integer' },
  ],
  indices: [
    { name: 'IDX_indicator_commitment', columnNames: ['commitment_id'] },
  ],
});
