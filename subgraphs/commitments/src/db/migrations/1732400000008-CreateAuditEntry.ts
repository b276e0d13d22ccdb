import { createTableMigration } from '@accords/db';

export const CreateAuditEntry1732400000008 = createTableMigration('CreateAuditEntry1732400000008', {
  name: 'audit_entry',
  columns: [
    { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
    { name: 'commitment_id', type: 'varchar', length: '36', isNullable: true },
    { name: 'entity_type', type: 'varchar', length: '40' },
    { name: 'entity_id', type: 'varchar', length: '40' },
    { name: 'action', type: 'varchar', length: '16' },
    { name: 'actor_subject', type: 'varchar', length: '120' },
    { name: 'actor_name', type: 'varchar', length: '200', isNullable: true },
    { name: 'actor_agency', type: 'varchar', length: '40', isNullable: true },
    { name: 'request_id', type: 'varchar', length: '128' },
    { name: 'at', type: 'datetime' },
    { name: 'changes', type: 'text' },
  ],
  indices: [
    { name: 'IDX_audit_commitment', columnNames: ['commitment_id', 'id'] },
  ],
});
