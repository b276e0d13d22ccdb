import { appendOnlyMigration } from './append-only';

/** The database refuses UPDATE and DELETE on legal_event, whoever connects (root included). */
export const LegalEventAppendOnly1733000000003 = appendOnlyMigration('LegalEventAppendOnly1733000000003', 'legal_event');
