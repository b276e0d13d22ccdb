import { createTableMigration } from '@accords/db';

export const CreateImportProvenance1766000000000 = createTableMigration('CreateImportProvenance1766000000000', {
  name: 'import_provenance',
  columns: [
    { name: 'commitment_id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'file', type: 'varchar', length: '300' },
    { name: 'imported_by', type: 'varchar', length: '200' },
    { name: 'imported_at', type: 'datetime' },
  ],
});
