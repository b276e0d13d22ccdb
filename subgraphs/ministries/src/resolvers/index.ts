import { notFound } from '@accords/errors';
import { pageRequest, toConnection, type BaseContext, type ConnectionArgs } from '@accords/subgraph-kit';
import type { CentralBodyEntity } from '../db/entities';
import type { CentralBodyFilter } from '../repositories/central-bodies';
import type { Loaders } from '../loaders';

type Context = BaseContext<Loaders>;

export const resolvers = {
  Query: {
    async ministry(_: unknown, { id }: { id: string }, ctx: Context) {
      const body = await ctx.loaders.centralBody.load(id);
      if (!body) throw notFound('Ministry', id);
      return body;
    },
    async ministries(_: unknown, args: ConnectionArgs & CentralBodyFilter, ctx: Context) {
      const page = pageRequest(args);
      const repo = ctx.loaders.repositories.centralBodies;
      const rows = await repo.list(args, page);
      return { ...toConnection(rows, page, (b) => [b.id]), totalCount: () => repo.count(args) };
    },
  },
  Ministry: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.centralBody.load(ref.id),
    name: (b: CentralBodyEntity) => b.nameVi,
    successor: (b: CentralBodyEntity, _: unknown, ctx: Context) => (b.successorId ? ctx.loaders.centralBody.load(b.successorId) : null),
  },
};
