/**
 * What the localities resolvers receive as parents (read by `npm run codegen:resolvers`: `<GraphQLType>Parent` maps a
 * type of the SDL to it in src/generated/resolvers-types.ts).
 */
import type { RuleSet, SigningCapability } from '@accords/rules';
import type { BaseContext, ConnectionParent } from '@accords/subgraph-kit';
import type { LocalAuthorityDelegationEntity, LocalOfficialEntity, LocalityEntity, LocalityVersionEntity, ProvincialDepartmentEntity } from '../db/entities';
import type { Loaders } from '../loaders';

export type Context = BaseContext<Loaders>;
export type LocalityParent = LocalityEntity;
export type LocalityVersionParent = LocalityVersionEntity;
export type ProvincialDepartmentParent = ProvincialDepartmentEntity;
export type LocalOfficialParent = LocalOfficialEntity;
export type LocalAuthorityDelegationParent = LocalAuthorityDelegationEntity;
export type SigningRuleSetParent = RuleSet;
export type SigningCapabilityParent = SigningCapability;
export type LocalityConnectionParent = ConnectionParent<LocalityEntity>;
export type ProvincialDepartmentConnectionParent = ConnectionParent<ProvincialDepartmentEntity>;
export type LocalOfficialConnectionParent = ConnectionParent<LocalOfficialEntity>;
