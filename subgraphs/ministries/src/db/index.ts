import { CentralBodyEntity } from './entities';
import { CreateCentralBody1732300000000 } from './migrations/1732300000000-CreateCentralBody';

export * from './entities';
export const entities = [CentralBodyEntity];
/** In order. One DDL change each: MySQL commits DDL implicitly, so a migration must not stop half-applied. */
export const migrations = [CreateCentralBody1732300000000];
