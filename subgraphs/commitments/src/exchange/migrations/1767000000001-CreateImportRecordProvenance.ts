import { createTableMigration } from '@accords/db';

export const CreateImportRecordProvenance1767000000001 = createTableMigration('CreateImportRecordProvenance1767000000001', {
  name: 'import_record_provenance',
  columns: [
    { name: 'entity_type', type: 'varchar', length: '40', isPrimary: true },
    { name: 'entity_id', type: 'varchar', length: '120', isPrimary: true },
    { name: 'commitment_id', type: 'varchar', length: '36' },
    { name: 'file', type: 'varchar', length: '300' },
    { name: 'imported_by', type: 'varchar', length: '200' },
    { name: 'imported_at', type: 'datetime' },
  ],
  indices: [{ name: 'IDX_import_record_provenance_commitment', columnNames: ['commitment_id'] }],
});
