import { SigningRuleSetEntity } from '@accords/db';
import { LocalAuthorityDelegationEntity, LocalOfficialEntity, LocalityEntity, LocalityVersionEntity, ProvincialDepartmentEntity } from './entities';
import { CreateLocality1732300000000 } from './migrations/1732300000000-CreateLocality';
import { CreateProvincialDepartment1764000000000 } from './migrations/1764000000000-CreateProvincialDepartment';
import { CreateLocalOfficial1764000001000 } from './migrations/1764000001000-CreateLocalOfficial';
import { CreateSigningRuleSet1764000002000 } from './migrations/1764000002000-CreateSigningRuleSet';
import { CreateLocalAuthorityDelegation1764000003000 } from './migrations/1764000003000-CreateLocalAuthorityDelegation';
import { AddLocalityBorderTypesAndSource1765100000000 } from './migrations/1765100000000-AddLocalityBorderTypesAndSource';
import { CreateLocalityVersion1765100001000 } from './migrations/1765100001000-CreateLocalityVersion';
import { BackfillLocalityBorderTypes1765100002000 } from './migrations/1765100002000-BackfillLocalityBorderTypes';

export * from './entities';
export const entities = [LocalityEntity, ProvincialDepartmentEntity, LocalOfficialEntity, SigningRuleSetEntity, LocalAuthorityDelegationEntity, LocalityVersionEntity];
/** In order. One DDL change each: MySQL commits DDL implicitly, so a migration must not stop half-applied. */
export const migrations = [
  CreateLocality1732300000000, CreateProvincialDepartment1764000000000, CreateLocalOfficial1764000001000, CreateSigningRuleSet1764000002000, CreateLocalAuthorityDelegation1764000003000,
  AddLocalityBorderTypesAndSource1765100000000,
  CreateLocalityVersion1765100001000,
  BackfillLocalityBorderTypes1765100002000,
];
