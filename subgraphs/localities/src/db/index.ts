import { LocalityEntity } from './entities';
import { CreateLocality1732300000000 } from './migrations/1732300000000-CreateLocality';

export * from './entities';
export const entities = [LocalityEntity];
/** In order. One DDL change each: MySQL commits DDL implicitly, so a migration must not stop half-applied. */
export const migrations = [CreateLocality1732300000000];
