import { listConnection, loadOrNotFound } from '@accords/subgraph-kit';
import { decodeGroupings, type GroupingEntity } from '../db/entities';
import type { Resolvers } from '../generated/resolvers-types';
import { frameworkOn, UNSOURCED_FRAMEWORK_EVENT } from '../repositories/frameworks';

export const resolvers: Resolvers = {
  Query: {
    partner: (_, { id }, ctx) => loadOrNotFound(ctx.loaders.partner, 'Partner', id),
    partners: (_, args, ctx) => listConnection(ctx.loaders.repositories.partners, args),
    groupings: (_, __, ctx) => ctx.loaders.repositories.groupings.all(),
  },
  Partner: {
    __resolveReference: (ref, ctx) => ctx.loaders.partner.load(ref.id),
    name: (p) => p.nameVi,
    parent: (p, _, ctx) => (p.parentId ? ctx.loaders.partner.load(p.parentId) : null),
    groupings: (p) => decodeGroupings(p.groupings),
    async groupingDetails(p, _, ctx) {
      const found = await ctx.loaders.grouping.loadMany(decodeGroupings(p.groupings));
      return found.filter((g): g is GroupingEntity => g !== null && !(g instanceof Error));
    },
    frameworkHistory: (p, _, ctx) => ctx.loaders.frameworkHistory.load(p.id),
    async frameworkOn(p, { date }, ctx) {
      return frameworkOn(await ctx.loaders.frameworkHistory.load(p.id), date);
    },
  },
  FrameworkEvent: {
    // A row loaded before the source column existed and not re-seeded yet says so rather than serving nothing.
    source: (e) => e.source ?? UNSOURCED_FRAMEWORK_EVENT,
  },
  Grouping: {
    name: (g) => g.nameVi,
  },
};
