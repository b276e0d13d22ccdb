import { __PASCAL__NoteEntity } from './entities';
import { Create__PASCAL__Note__STAMP__ } from './migrations/__STAMP__-Create__PASCAL__Note';

export * from './entities';
export const entities = [__PASCAL__NoteEntity];
/** In order. One DDL change each: MySQL commits DDL implicitly, so a migration must not stop half-applied. */
export const migrations = [Create__PASCAL__Note__STAMP__];
