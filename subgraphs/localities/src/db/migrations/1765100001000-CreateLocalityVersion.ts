import { createTableMigration } from '@accords/db';

/**
 * The dated versions of a unit: its administrative code, name, level and border status from `valid_from` to
 * `valid_to`. A code is an attribute of a version, not the unit's identity: it may be reused by another unit later
 * (code 15 was Yên Bái until 2025-06-30 and is Lào Cai's from 2025-07-01).
 */
export const CreateLocalityVersion1765100001000 = createTableMigration('CreateLocalityVersion1765100001000', {
  name: 'locality_version',
  columns: [
    { name: 'id', type: 'varchar', length: '40', isPrimary: true },
    { name: 'locality_id', type: 'varchar', length: '8' },
    { name: 'code', type: 'varchar', length: '8' },
    { name: 'level', type: 'varchar', length: '16' },
    { name: 'name_vi', type: 'varchar', length: '255' },
    { name: 'name_en', type: 'varchar', length: '255' },
    { name: 'border_types', type: 'varchar', length: '16', isNullable: true },
    { name: 'valid_from', type: 'date', isNullable: true },
    { name: 'valid_to', type: 'date', isNullable: true },
    { name: 'source', type: 'varchar', length: '1000', isNullable: true },
    { name: 'version', type: 'integer' },
  ],
  indices: [
    { name: 'IDX_locality_version_locality', columnNames: ['locality_id'] },
    { name: 'IDX_locality_version_code', columnNames: ['code'] },
  ],
});
