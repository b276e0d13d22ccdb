import { createTableMigration } from '@accords/db';

export const CreateObstacle1732500000006 = createTableMigration('CreateObstacle1732500000006', {
  name: 'obstacle',
  columns: [
    { name: 'id', type: 'varchar', length: '36', isPrimary: true },
    { name: 'commitment_id', type: 'varchar', length: '36' },
    { name: 'milestone_id', type: 'varchar', length: '36', isNullable: true },
    { name: 'category', type: 'varchar', length: '24' },
    { name: 'description', type: 'text' },
    { name: 'detected_at', type: 'datetime' },
    { name: 'detected_by', type: 'varchar', length: '200' },
    { name: 'severity', type: 'varchar', length: '16' },
    { name: 'beyond_authority', type: 'boolean' },
    { name: 'escalated_to', type: 'varchar', length: '40', isNullable: true },
    { name: 'escalated_at', type: 'datetime', isNullable: true },
    { name: 'resolved_at', type: 'datetime', isNullable: true },
    { name: 'resolution', type: 'text', isNullable: true },
    { name: 'created_at', type: 'datetime' },
    { name: 'version', type: 'integer' },
  ],
  indices: [
    { name: 'IDX_obstacle_commitment', columnNames: ['commitment_id'] },
  ],
});
