import { createTableMigration } from '@accords/db';

export const CreatePublicHoliday1732400000009 = createTableMigration('CreatePublicHoliday1732400000009', {
  name: 'public_holiday',
  columns: [
    { name: 'date', type: 'date', isPrimary: true },
    { name: 'kind', type: 'varchar', length: '24' },
    { name: 'name_vi', type: 'varchar', length: '200' },
    { name: 'name_en', type: 'varchar', length: '200' },
  ],
  indices: [],
});
