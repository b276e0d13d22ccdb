import { addColumnsMigration } from '@accords/db';

/** The audit hash chain (services/audit-chain.ts): each entry's predecessor hash and its own. Re-runnable. */
export const AddAuditEntryHash1733000000000 = addColumnsMigration('AddAuditEntryHash1733000000000', 'audit_entry', [
  { name: 'prev_hash', type: 'varchar', length: '64', isNullable: true },
  { name: 'hash', type: 'varchar', length: '64', isNullable: true },
]);
