import { badInput } from '@accords/errors';
import { inForceOn, requestedRuleSet, signingCapability, type SigningUnit } from '@accords/rules';
import { listConnection, loadOrNotFound, pageRequest } from '@accords/subgraph-kit';
import type { CentralBodyEntity } from '../db/entities';
import type { MinistrySigningCapabilityArgs, Resolvers } from '../generated/resolvers-types';
import type { Context } from './mappers';

/** The arguments of `signingCapability`, the same on Ministry and MinistryUnit. */
type SigningArgs = MinistrySigningCapabilityArgs;

/**
 * Legal rule V1 for a central body or one of its units, under the requested rule-set version or the one in force on
 * `asOf`. The rule sets and any successor are fetched through the request's loaders, so a page of bodies costs the
 * same statements as one.
 */
async function capabilityOf(ctx: Context, args: SigningArgs, unit: Omit<SigningUnit, 'isBorder'>, successor: Promise<CentralBodyEntity | null> | null) {
  const [ruleSets, heir] = await Promise.all([ctx.loaders.ruleSets.load('all'), successor]);
  const requested = requestedRuleSet(ruleSets, args.ruleSetVersion, (message) => badInput(message, 'ruleSetVersion'));
  return signingCapability({ ...unit, isBorder: false }, args.asOf, ruleSets, requested, heir ? `${heir.nameVi} (${heir.id})` : null);
}

export const resolvers: Resolvers = {
  Query: {
    ministry: (_, { id }, ctx) => loadOrNotFound(ctx.loaders.centralBody, 'Ministry', id),
    ministries: (_, args, ctx) => listConnection(ctx.loaders.repositories.centralBodies, args),
    ministryUnit: (_, { id }, ctx) => loadOrNotFound(ctx.loaders.unit, 'MinistryUnit', id),
    official: (_, { id }, ctx) => loadOrNotFound(ctx.loaders.official, 'Official', id),
    officials: (_, args, ctx) => listConnection(ctx.loaders.repositories.officials, args),
  },
  Ministry: {
    __resolveReference: (ref, ctx) => ctx.loaders.centralBody.load(ref.id),
    name: (b) => b.nameVi,
    successor: (b, _, ctx) => (b.successorId ? ctx.loaders.centralBody.load(b.successorId) : null),
    units: (b, args, ctx) => ctx.loaders.unitsOf.load({ parentId: b.id, page: pageRequest(args) }),
    officials: (b, args, ctx) =>
      ctx.loaders.officialsOf.load({ parentId: b.id, activeOnly: args.activeOnly !== false, page: pageRequest(args) }),
    signingCapability: (b, args, ctx) =>
      capabilityOf(
        ctx,
        args,
        { id: b.id, nameVi: b.nameVi, level: b.kind, validFrom: b.validFrom, validTo: b.validTo },
        // Only a body gone by `asOf` needs its successor named.
        b.validTo && b.validTo < args.asOf && b.successorId ? ctx.loaders.centralBody.load(b.successorId) : null,
      ),
  },
  MinistryUnit: {
    __resolveReference: (ref, ctx) => ctx.loaders.unit.load(ref.id),
    name: (u) => u.nameVi,
    ministry: (u, _, ctx) => loadOrNotFound(ctx.loaders.centralBody, 'Ministry', u.ministryId),
    // A unit is judged by what it is and whose it is: the rule sets key units by `<MinistryKind>.<MinistryUnitKind>`
    // (Law 70/2020/QH14 art. 2(2)(e) names the tổng cục and cục of ministries and ministerial-level agencies only).
    async signingCapability(u, args, ctx) {
      const body = await ctx.loaders.centralBody.load(u.ministryId);
      const level = body ? `${body.kind}.${u.kind}` : u.kind;
      return capabilityOf(ctx, args, { id: u.id, nameVi: u.nameVi, level, validFrom: u.validFrom, validTo: u.validTo }, null);
    },
  },
  Official: {
    __resolveReference: (ref, ctx) => ctx.loaders.official.load(ref.id),
    position: (o) => o.positionVi,
    active: (o) => Boolean(o.active),
    ministry: (o, _, ctx) => loadOrNotFound(ctx.loaders.centralBody, 'Ministry', o.ministryId),
    unit: (o, _, ctx) => (o.unitId ? ctx.loaders.unit.load(o.unitId) : null),
    async delegationsReceived(o, { activeOn }, ctx) {
      const all = await ctx.loaders.delegationsReceived.load(o.id);
      return activeOn ? all.filter((d) => inForceOn(d, activeOn)) : all;
    },
  },
  AuthorityDelegation: {
    __resolveReference: (ref, ctx) => ctx.loaders.delegation.load(ref.id),
    delegator: (d, _, ctx) => loadOrNotFound(ctx.loaders.official, 'Official', d.delegatorOfficialId),
    delegate: (d, _, ctx) => loadOrNotFound(ctx.loaders.official, 'Official', d.delegateOfficialId),
    isValidOn: (d, { date }) => inForceOn(d, date),
  },
};
