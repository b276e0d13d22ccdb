import { notFound } from '@accords/errors';
import { pageRequest, toConnection, type BaseContext, type ConnectionArgs } from '@accords/subgraph-kit';
import type { LocalityEntity } from '../db/entities';
import type { LocalityFilter } from '../repositories/localities';
import type { Loaders } from '../loaders';

type Context = BaseContext<Loaders>;

export const resolvers = {
  Query: {
    async locality(_: unknown, { id }: { id: string }, ctx: Context) {
      const locality = await ctx.loaders.locality.load(id);
      if (!locality) throw notFound('Locality', id);
      return locality;
    },
    async localities(_: unknown, args: ConnectionArgs & LocalityFilter, ctx: Context) {
      const page = pageRequest(args);
      const repo = ctx.loaders.repositories.localities;
      const rows = await repo.list(args, page);
      return { ...toConnection(rows, page, (l) => [l.id]), totalCount: () => repo.count(args) };
    },
  },
  Locality: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.locality.load(ref.id),
    name: (l: LocalityEntity) => l.nameVi,
    isBorder: (l: LocalityEntity) => Boolean(l.isBorder),
    province: (l: LocalityEntity, _: unknown, ctx: Context) => (l.provinceId ? ctx.loaders.locality.load(l.provinceId) : null),
    mergedInto: (l: LocalityEntity, _: unknown, ctx: Context) => (l.mergedIntoId ? ctx.loaders.locality.load(l.mergedIntoId) : null),
    communes: (l: LocalityEntity, args: ConnectionArgs, ctx: Context) => ctx.loaders.communes.load({ provinceId: l.id, page: pageRequest(args) }),
  },
};
