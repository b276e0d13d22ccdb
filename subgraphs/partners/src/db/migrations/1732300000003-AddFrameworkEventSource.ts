import { addColumnsMigration } from '@accords/db';

/**
 * The statement each framework event rests on (`partner_framework_event.source`: the joint statement or declaration,
 * where and when its text was published). Nullable so existing rows migrate; the seed fills every row. Re-runnable.
 */
export const AddFrameworkEventSource1732300000003 = addColumnsMigration('AddFrameworkEventSource1732300000003', 'partner_framework_event', [
  { name: 'source', type: 'varchar', length: '500', isNullable: true },
]);
