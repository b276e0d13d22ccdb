import { createTableMigration } from '@accords/db';

export const CreateConsultation1732400000005 = createTableMigration('CreateConsultation1732400000005', {
  name: 'consultation',
  columns: [
    { name: 'id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'commitment_id', type: 'varchar', length: '36' },
    { name: 'consultee', type: 'varchar', length: '40' },
    { name: 'sent_on', type: 'date' },
    { name: 'due_working_days', type: 'integer' },
    { name: 'due_on', type: 'date' },
    { name: 'replied_at', type: 'datetime', isNullable: true },
    { name: 'opinion', type: 'varchar', length: '24', isNullable: true },
    { name: 'comments', type: 'text', isNullable: true },
    { name: 'document_ref', type: 'varchar', length: '300', isNullable: true },
    { name: 'version', type: 'integer' },
  ],
  indices: [
    { name: 'IDX_consultation_commitment', columnNames: ['commitment_id'] },
    { name: 'IDX_consultation_consultee', columnNames: ['consultee', 'replied_at'] },
  ],
});
