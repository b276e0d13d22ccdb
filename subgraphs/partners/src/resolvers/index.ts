import { listConnection, loadOrNotFound, type BaseContext, type ConnectionArgs } from '@accords/subgraph-kit';
import { decodeGroupings, type GroupingEntity, type PartnerEntity } from '../db/entities';
import { frameworkOn } from '../repositories/frameworks';
import type { PartnerFilter } from '../repositories/partners';
import type { Loaders } from '../loaders';

type Context = BaseContext<Loaders>;

export const resolvers = {
  Query: {
    partner: (_: unknown, { id }: { id: string }, ctx: Context) => loadOrNotFound(ctx.loaders.partner, 'Partner', id),
    partners: (_: unknown, args: ConnectionArgs & PartnerFilter, ctx: Context) => listConnection(ctx.loaders.repositories.partners, args),
    groupings: (_: unknown, __: unknown, ctx: Context) => ctx.loaders.repositories.groupings.all(),
  },
  Partner: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.partner.load(ref.id),
    name: (p: PartnerEntity) => p.nameVi,
    parent: (p: PartnerEntity, _: unknown, ctx: Context) => (p.parentId ? ctx.loaders.partner.load(p.parentId) : null),
    groupings: (p: PartnerEntity) => decodeGroupings(p.groupings),
    async groupingDetails(p: PartnerEntity, _: unknown, ctx: Context) {
      const found = await ctx.loaders.grouping.loadMany(decodeGroupings(p.groupings));
      return found.filter((g): g is GroupingEntity => g !== null && !(g instanceof Error));
    },
    frameworkHistory: (p: PartnerEntity, _: unknown, ctx: Context) => ctx.loaders.frameworkHistory.load(p.id),
    async frameworkOn(p: PartnerEntity, { date }: { date: string }, ctx: Context) {
      return frameworkOn(await ctx.loaders.frameworkHistory.load(p.id), date);
    },
  },
  Grouping: {
    name: (g: GroupingEntity) => g.nameVi,
  },
};
