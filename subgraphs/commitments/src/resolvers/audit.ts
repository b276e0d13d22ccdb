import { requireSignedIn } from '@accords/auth';
import { loadOrNotFound } from '@accords/subgraph-kit';
import type { Resolvers } from '../generated/resolvers-types';
import { verifyAuditChain } from '../services/audit-chain';

export const auditResolvers: Resolvers = {
  Query: {
    verifyAuditTrail: async (_, { commitmentId }, ctx) => {
      requireSignedIn(ctx.identity);
      await loadOrNotFound(ctx.loaders.commitmentById, 'Commitment', commitmentId);
      return verifyAuditChain(ctx.db, commitmentId);
    },
  },
};
