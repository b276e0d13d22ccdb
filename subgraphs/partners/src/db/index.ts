import { PartnerEntity } from './entities';
import { CreatePartner1732300000000 } from './migrations/1732300000000-CreatePartner';

export * from './entities';
export const entities = [PartnerEntity];
/** In order. One DDL change each: MySQL commits DDL implicitly, so a migration must not stop half-applied. */
export const migrations = [CreatePartner1732300000000];
