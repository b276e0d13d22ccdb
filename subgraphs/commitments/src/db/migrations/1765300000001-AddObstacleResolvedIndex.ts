import { createIndexMigration } from '@accords/db';

/** K19 selects the obstacles resolved in a period (resolved_at range). */
export const AddObstacleResolvedIndex1765300000001 = createIndexMigration('AddObstacleResolvedIndex1765300000001', 'obstacle', { name: 'IDX_obstacle_resolved', columnNames: ['resolved_at'] });
