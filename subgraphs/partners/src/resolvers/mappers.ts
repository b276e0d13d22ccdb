/**
 * What the partners resolvers receive as parents (read by `npm run codegen:resolvers`: `<GraphQLType>Parent` maps a
 * type of the SDL to it in src/generated/resolvers-types.ts).
 */
import type { BaseContext, ConnectionParent } from '@accords/subgraph-kit';
import type { GroupingEntity, PartnerEntity, PartnerFrameworkEventEntity } from '../db/entities';
import type { Loaders } from '../loaders';

export type Context = BaseContext<Loaders>;
export type PartnerParent = PartnerEntity;
export type GroupingParent = GroupingEntity;
export type FrameworkEventParent = PartnerFrameworkEventEntity;
export type PartnerConnectionParent = ConnectionParent<PartnerEntity>;
