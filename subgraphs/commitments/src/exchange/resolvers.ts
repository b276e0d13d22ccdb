import DataLoader from 'dataloader';
import { In } from 'typeorm';
import type { Resolvers } from '../generated/resolvers-types';
import type { Context } from '../resolvers/mappers';
import { ImportFindingEntity, ImportProvenanceEntity } from './entities';
import { registerRowsOf } from './records';
import { importRegister } from './service';

interface ExchangeLoaders {
  provenance: DataLoader<string, ImportProvenanceEntity | null>;
  findings: DataLoader<string, ImportFindingEntity[]>;
}

const perRequest = new WeakMap<object, ExchangeLoaders>();

/** One statement per page of commitments for each field (no N+1), scoped to the request's loaders. */
function loadersOf(ctx: Context): ExchangeLoaders {
  let loaders = perRequest.get(ctx.loaders as object);
  if (!loaders) {
    loaders = {
      provenance: new DataLoader(async (ids) => {
        const rows = await ctx.db.manager.findBy(ImportProvenanceEntity, { commitmentId: In([...ids]) });
        const byId = new Map(rows.map((r) => [r.commitmentId, r]));
        return ids.map((id) => byId.get(id) ?? null);
      }),
      findings: new DataLoader(async (ids) => {
        const rows = await ctx.db.manager.find(ImportFindingEntity, { where: { commitmentId: In([...ids]) }, order: { rule: 'ASC', id: 'ASC' } });
        return ids.map((id) => rows.filter((r) => r.commitmentId === id));
      }),
    };
    perRequest.set(ctx.loaders as object, loaders);
  }
  return loaders;
}

export const exchangeResolvers: Resolvers = {
  Query: {
    registerRows: (_, args, ctx) => registerRowsOf(ctx, args.sheet, args.codes),
  },
  Mutation: {
    importRegister: (_, args, ctx) => importRegister(args, ctx),
  },
  Commitment: {
    importProvenance: (c, _, ctx) => loadersOf(ctx).provenance.load(c.id),
    importFindings: (c, _, ctx) => loadersOf(ctx).findings.load(c.id),
  },
};

/** The subgraph's resolver map with the exchange domain's joined in, type by type. */
export function withExchange<T extends object>(base: T): T {
  const map = base as unknown as Record<string, Record<string, unknown>>;
  return { ...map, Query: { ...map.Query, ...exchangeResolvers.Query }, Mutation: { ...map.Mutation, ...exchangeResolvers.Mutation }, Commitment: { ...map.Commitment, ...exchangeResolvers.Commitment } } as unknown as T;
}
