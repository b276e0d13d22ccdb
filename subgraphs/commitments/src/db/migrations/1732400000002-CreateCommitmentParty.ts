import { createTableMigration } from '@accords/db';

export const CreateCommitmentParty1732400000002 = createTableMigration('CreateCommitmentParty1732400000002', {
  name: 'commitment_party',
  columns: [
    { name: 'commitment_id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'agency', type: 'varchar', length: '40', isPrimary: true },
    { name: 'role', type: 'varchar', length: '16', isPrimary: true },
    { name: 'responsible_official_id', type: 'varchar', length: '40', isNullable: true },
    { name: 'role_description', type: 'varchar', length: '500', isNullable: true },
  ],
  indices: [],
});
