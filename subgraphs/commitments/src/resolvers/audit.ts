import { requireSignedIn } from '@accords/auth';
import { loadOrNotFound, type BaseContext } from '@accords/subgraph-kit';
import type { Loaders } from '../loaders';
import type { QueryVerifyAuditTrailArgs } from '../generated/resolvers-types';
import { verifyAuditChain } from '../services/audit-chain';

type Context = BaseContext<Loaders>;

export const auditResolvers = {
  Query: {
    verifyAuditTrail: async (_: unknown, { commitmentId }: QueryVerifyAuditTrailArgs, ctx: Context) => {
      requireSignedIn(ctx.identity);
      await loadOrNotFound(ctx.loaders.commitmentById, 'Commitment', commitmentId);
      return verifyAuditChain(ctx.db, commitmentId);
    },
  },
};
