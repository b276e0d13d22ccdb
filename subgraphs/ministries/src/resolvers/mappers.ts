/**
 * What the ministries resolvers receive as parents (read by `npm run codegen:resolvers`: `<GraphQLType>Parent` maps a
 * type of the SDL to it in src/generated/resolvers-types.ts).
 */
import type { SigningCapability } from '@accords/rules';
import type { BaseContext, ConnectionParent } from '@accords/subgraph-kit';
import type { AuthorityDelegationEntity, CentralBodyEntity, MinistryUnitEntity, OfficialEntity } from '../db/entities';
import type { Loaders } from '../loaders';

export type Context = BaseContext<Loaders>;
export type MinistryParent = CentralBodyEntity;
export type MinistryUnitParent = MinistryUnitEntity;
export type OfficialParent = OfficialEntity;
export type AuthorityDelegationParent = AuthorityDelegationEntity;
export type SigningCapabilityParent = SigningCapability;
export type MinistryConnectionParent = ConnectionParent<CentralBodyEntity>;
export type MinistryUnitConnectionParent = ConnectionParent<MinistryUnitEntity>;
export type OfficialConnectionParent = ConnectionParent<OfficialEntity>;
