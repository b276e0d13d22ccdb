import { badInput } from '@accords/errors';
import { loadOrNotFound, toConnection } from '@accords/subgraph-kit';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import type { CooperationField, MinistryCommitmentsArgs, Resolvers } from '../generated/resolvers-types';
import { commitmentPage, cursorOf } from '../repositories/commitments';
import type { ParentKind } from '../loaders';
import { agencyReference, leadKeyOf } from '../domain/agency';
import { deliveryResolvers } from './delivery';
import { localityCommitments } from './locality-commitments';
import { lifecycleResolvers } from './lifecycle';
import { auditResolvers } from './audit';
import { kpiResolvers } from '../kpis/resolvers';
import type { Context, EntityReference } from './mappers';



/** `commitments` on another subgraph's entity: a batched page per parent, total only when asked for. */
function commitmentsOf(kind: ParentKind) {
  return async (parent: EntityReference, args: MinistryCommitmentsArgs, ctx: Context) => {
    const page = commitmentPage(args);
    const rows = await ctx.loaders.pageByParent.load({ kind, id: parent.id, page });
    return { ...toConnection(rows, page, cursorOf), totalCount: () => ctx.loaders.countByParent.load({ kind, id: parent.id }) };
  };
}

/** The resolvers of the commitments, lifecycle and delivery domains, typed from the SDL (src/generated). */
const typed: Resolvers = {
  ...lifecycleResolvers,
  ...deliveryResolvers,
  Mutation: { ...lifecycleResolvers.Mutation, ...deliveryResolvers.Mutation },
  Query: {
    ...lifecycleResolvers.Query,
    ...deliveryResolvers.Query,
    async commitment(_, args, ctx) {
      if ((args.id ? 1 : 0) + (args.code ? 1 : 0) !== 1) throw badInput('Give exactly one of id or code', 'id');
      return args.id ? loadOrNotFound(ctx.loaders.commitmentById, 'Commitment', args.id) : loadOrNotFound(ctx.loaders.commitmentByCode, 'Commitment', args.code!);
    },
    async commitments(_, args, ctx) {
      if (args.signedFrom && args.signedTo && args.signedFrom > args.signedTo) {
        throw badInput(`signedFrom (${args.signedFrom}) is after signedTo (${args.signedTo})`, 'signedFrom');
      }
      // One keyset page on an index; the total is counted only when the client selects totalCount.
      const page = commitmentPage(args);
      const repo = ctx.loaders.repositories.commitments;
      const rows = await repo.list(args, page);
      return { ...toConnection(rows, page, cursorOf), totalCount: () => repo.count(args) };
    },
  },
  Commitment: {
    ...lifecycleResolvers.Commitment,
    ...deliveryResolvers.Commitment,
    __resolveReference: (ref, ctx) => ctx.loaders.commitmentById.load(ref.id),
    title: (c) => c.titleVi,
    leadAgency: (c) => agencyReference(leadKeyOf(c)),
    partners: async (c, _, ctx) =>
      (await ctx.loaders.partnersOf.load(c.id)).map((p) => ({ __typename: 'Partner', id: p.partnerId })),
    fields: async (c, _, ctx) => (await ctx.loaders.fieldsOf.load(c.id)).map((f) => f.field as CooperationField),
  },
  Agency: {
    // agencyReference names one of the union's members (AGENCY_TYPENAME).
    __resolveType: (agency) => (agency.__typename ?? null) as 'Ministry' | 'MinistryUnit' | 'Locality' | 'ProvincialDepartment' | null,
  },
  Ministry: { ...deliveryResolvers.Ministry, commitments: commitmentsOf('MINISTRY') },
  Locality: { ...deliveryResolvers.Locality, commitments: localityCommitments },
  Partner: { commitments: commitmentsOf('PARTNER') },
};

/**
 * Every resolver of the subgraph: the map above and the maps of the KPI and audit-chain domains (each a `Resolvers`
 * of its own, with `<Type>Parent` mappers in mappers.ts for what they compute lazily: KpiReport, KpiFigure,
 * AttentionItem, AuditVerification), merged type by type.
 */
function mergeMaps(...maps: Resolvers[]): GraphQLResolverMap<Context> {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const map of maps) {
    for (const [typeName, fields] of Object.entries(map)) merged[typeName] = { ...merged[typeName], ...(fields as Record<string, unknown>) };
  }
  return merged as GraphQLResolverMap<Context>;
}

export const resolvers = mergeMaps(typed, auditResolvers, kpiResolvers);
