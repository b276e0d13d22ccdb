import { createTableMigration } from '@accords/db';

export const CreateImportFinding1766000000001 = createTableMigration('CreateImportFinding1766000000001', {
  name: 'import_finding',
  columns: [
    { name: 'id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'commitment_id', type: 'varchar', length: '36' },
    { name: 'rule', type: 'varchar', length: '16' },
    { name: 'message', type: 'varchar', length: '1000' },
    { name: 'file', type: 'varchar', length: '300' },
    { name: 'imported_at', type: 'datetime' },
  ],
  indices: [{ name: 'IDX_import_finding_commitment', columnNames: ['commitment_id'] }],
});
