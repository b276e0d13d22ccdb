import { appendOnlyMigration } from './append-only';

/** The database refuses UPDATE and DELETE on audit_entry, whoever connects (root included). */
export const AuditEntryAppendOnly1733000000002 = appendOnlyMigration('AuditEntryAppendOnly1733000000002', 'audit_entry');
