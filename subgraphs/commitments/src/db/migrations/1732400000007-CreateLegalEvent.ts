import { createTableMigration } from '@accords/db';

export const CreateLegalEvent1732400000007 = createTableMigration('CreateLegalEvent1732400000007', {
  name: 'legal_event',
  columns: [
    { name: 'id', type: 'integer', isPrimary: true, isGenerated: true, generationStrategy: 'increment' },
    { name: 'commitment_id', type: 'varchar', length: '36' },
    { name: 'from_status', type: 'varchar', length: '32', isNullable: true },
    { name: 'to_status', type: 'varchar', length: '32' },
    { name: 'occurred_at', type: 'datetime' },
    { name: 'recorded_at', type: 'datetime' },
    { name: 'actor_subject', type: 'varchar', length: '120' },
    { name: 'actor_agency', type: 'varchar', length: '40', isNullable: true },
    { name: 'document_ref', type: 'varchar', length: '300', isNullable: true },
    { name: 'note', type: 'text', isNullable: true },
  ],
  indices: [
    { name: 'IDX_legal_event_commitment', columnNames: ['commitment_id', 'id'] },
  ],
});
