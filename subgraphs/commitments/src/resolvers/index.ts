import { badInput } from '@accords/errors';
import { listConnection, loadOrNotFound, pageRequest, toConnection, type BaseContext, type ConnectionArgs } from '@accords/subgraph-kit';
import type { CommitmentEntity } from '../db/entities';
import { cursorOf, type CommitmentFilter } from '../repositories/commitments';
import type { Loaders, ParentKind } from '../loaders';
import { agencyReference, leadKeyOf } from '../domain/agency';
import { deliveryResolvers } from './delivery';
import { localityCommitments } from './locality-commitments';
import { lifecycleResolvers } from './lifecycle';
import { auditResolvers } from './audit';
import { kpiResolvers } from '../kpis/resolvers';

type Context = BaseContext<Loaders>;


/** `commitments` on another subgraph's entity: a batched page per parent, total only when asked for. */
function commitmentsOf(kind: ParentKind) {
  return async (parent: { id: string }, args: ConnectionArgs, ctx: Context) => {
    const page = pageRequest(args);
    const rows = await ctx.loaders.pageByParent.load({ kind, id: parent.id, page });
    return { ...toConnection(rows, page, cursorOf), totalCount: () => ctx.loaders.countByParent.load({ kind, id: parent.id }) };
  };
}

export const resolvers = {
  ...lifecycleResolvers,
  ...deliveryResolvers,
  Mutation: { ...lifecycleResolvers.Mutation, ...deliveryResolvers.Mutation },
  Query: {
    ...lifecycleResolvers.Query,
    ...auditResolvers.Query,
    ...deliveryResolvers.Query,
    ...kpiResolvers.Query,
    async commitment(_: unknown, args: { id?: string | null; code?: string | null }, ctx: Context) {
      if ((args.id ? 1 : 0) + (args.code ? 1 : 0) !== 1) throw badInput('Give exactly one of id or code', 'id');
      return args.id ? loadOrNotFound(ctx.loaders.commitmentById, 'Commitment', args.id) : loadOrNotFound(ctx.loaders.commitmentByCode, 'Commitment', args.code!);
    },
    async commitments(_: unknown, args: ConnectionArgs & CommitmentFilter, ctx: Context) {
      if (args.signedFrom && args.signedTo && args.signedFrom > args.signedTo) {
        throw badInput(`signedFrom (${args.signedFrom}) is after signedTo (${args.signedTo})`, 'signedFrom');
      }
      return listConnection(ctx.loaders.repositories.commitments, args, cursorOf);
    },
  },
  Commitment: {
    ...lifecycleResolvers.Commitment,
    ...deliveryResolvers.Commitment,
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.commitmentById.load(ref.id),
    title: (c: CommitmentEntity) => c.titleVi,
    leadAgency: (c: CommitmentEntity) => agencyReference(leadKeyOf(c)),
    partners: async (c: CommitmentEntity, _: unknown, ctx: Context) =>
      (await ctx.loaders.partnersOf.load(c.id)).map((p) => ({ __typename: 'Partner', id: p.partnerId })),
    fields: async (c: CommitmentEntity, _: unknown, ctx: Context) => (await ctx.loaders.fieldsOf.load(c.id)).map((f) => f.field),
  },
  Agency: {
    __resolveType: (agency: { __typename: string }) => agency.__typename,
  },
  Ministry: { ...deliveryResolvers.Ministry, ...kpiResolvers.Ministry, commitments: commitmentsOf('MINISTRY') },
  Locality: { ...deliveryResolvers.Locality, ...kpiResolvers.Locality, commitments: localityCommitments },
  Partner: { ...kpiResolvers.Partner, commitments: commitmentsOf('PARTNER') },
  KpiReport: kpiResolvers.KpiReport,
  KpiFigure: kpiResolvers.KpiFigure,
  AttentionItem: kpiResolvers.AttentionItem,
};
