import { createIndexMigration } from '@accords/db';

/** K7 selects the opinions requested in a period (sent_on range). */
export const AddConsultationSentIndex1765300000003 = createIndexMigration('AddConsultationSentIndex1765300000003', 'consultation', { name: 'IDX_consultation_sent', columnNames: ['sent_on'] });
