import { GroupingEntity, PartnerEntity, PartnerFrameworkEventEntity } from './entities';
import { CreatePartner1732300000000 } from './migrations/1732300000000-CreatePartner';
import { CreatePartnerFrameworkEvent1732300000001 } from './migrations/1732300000001-CreatePartnerFrameworkEvent';
import { CreateGrouping1732300000002 } from './migrations/1732300000002-CreateGrouping';
import { AddFrameworkEventSource1732300000003 } from './migrations/1732300000003-AddFrameworkEventSource';

export * from './entities';
export const entities = [PartnerEntity, PartnerFrameworkEventEntity, GroupingEntity];
/** In order. One DDL change each: MySQL commits DDL implicitly, so a migration must not stop half-applied. */
export const migrations = [
  CreatePartner1732300000000,
  CreatePartnerFrameworkEvent1732300000001,
  CreateGrouping1732300000002,
  AddFrameworkEventSource1732300000003,
];
