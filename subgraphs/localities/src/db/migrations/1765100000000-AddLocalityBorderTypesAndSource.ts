import { addColumnsMigration } from '@accords/db';

/**
 * `border_types`: every border a unit's area has ("LAND", "SEA" or "LAND,SEA"; Decree 34/2014/ND-CP and Decree
 * 71/2015/ND-CP), where `border_type` held one. `source`: the document that establishes the unit's record.
 */
export const AddLocalityBorderTypesAndSource1765100000000 = addColumnsMigration('AddLocalityBorderTypesAndSource1765100000000', 'locality', [
  { name: 'border_types', type: 'varchar', length: '16', isNullable: true },
  { name: 'source', type: 'varchar', length: '1000', isNullable: true },
]);
