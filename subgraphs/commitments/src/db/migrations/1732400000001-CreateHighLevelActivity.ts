import { createTableMigration } from '@accords/db';

export const CreateHighLevelActivity1732400000001 = createTableMigration('CreateHighLevelActivity1732400000001', {
  name: 'high_level_activity',
  columns: [
    { name: 'id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'kind', type: 'varchar', length: '16' },
    { name: 'title_vi', type: 'varchar', length: '500' },
    { name: 'title_en', type: 'varchar', length: '500', isNullable: true },
    { name: 'starts_on', type: 'date' },
    { name: 'ends_on', type: 'date', isNullable: true },
    { name: 'place', type: 'varchar', length: '200' },
    { name: 'leaders', type: 'text' },
    { name: 'partner_ids', type: 'varchar', length: '500' },
    { name: 'owner_agency', type: 'varchar', length: '40' },
    { name: 'created_at', type: 'datetime' },
    { name: 'version', type: 'integer' },
  ],
  indices: [
    { name: 'IDX_activity_starts', columnNames: ['starts_on'] },
  ],
});
