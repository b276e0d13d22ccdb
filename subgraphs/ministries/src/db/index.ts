import { SigningRuleSetEntity } from '@accords/db';
import { AuthorityDelegationEntity, CentralBodyEntity, MinistryUnitEntity, OfficialEntity } from './entities';
import { CreateCentralBody1732300000000 } from './migrations/1732300000000-CreateCentralBody';
import { CreateMinistryUnit1763800000000 } from './migrations/1763800000000-CreateMinistryUnit';
import { CreateOfficial1763800001000 } from './migrations/1763800001000-CreateOfficial';
import { CreateAuthorityDelegation1763800002000 } from './migrations/1763800002000-CreateAuthorityDelegation';
import { CreateSigningRuleSet1764100000000 } from './migrations/1764100000000-CreateSigningRuleSet';

export * from './entities';
export const entities = [CentralBodyEntity, MinistryUnitEntity, OfficialEntity, AuthorityDelegationEntity, SigningRuleSetEntity];
/** In order. One DDL change each: MySQL commits DDL implicitly, so a migration must not stop half-applied. */
export const migrations = [
  CreateCentralBody1732300000000,
  CreateMinistryUnit1763800000000,
  CreateOfficial1763800001000,
  CreateAuthorityDelegation1763800002000,
  CreateSigningRuleSet1764100000000,
];
