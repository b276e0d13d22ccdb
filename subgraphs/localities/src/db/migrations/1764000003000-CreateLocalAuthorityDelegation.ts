import { createTableMigration } from '@accords/db';

export const CreateLocalAuthorityDelegation1764000003000 = createTableMigration('CreateLocalAuthorityDelegation1764000003000', {
  name: 'local_authority_delegation',
  columns: [
    { name: 'id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'locality_id', type: 'varchar', length: '8' },
    { name: 'delegator_official_id', type: 'varchar', length: '36' },
    { name: 'delegate_official_id', type: 'varchar', length: '36' },
    { name: 'scope', type: 'varchar', length: '32' },
    { name: 'instrument_scope', type: 'varchar', length: '255', isNullable: true },
    { name: 'valid_from', type: 'date' },
    { name: 'valid_to', type: 'date', isNullable: true },
    { name: 'legal_basis', type: 'varchar', length: '255' },
  ],
  indices: [{ name: 'IDX_local_delegation_delegate', columnNames: ['delegate_official_id'] }],
});
