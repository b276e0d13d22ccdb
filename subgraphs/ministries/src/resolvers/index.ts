import { badInput } from '@accords/errors';
import { inForceOn, requestedRuleSet, signingCapability, type SigningUnit } from '@accords/rules';
import { listConnection, loadOrNotFound, pageRequest, type BaseContext, type ConnectionArgs } from '@accords/subgraph-kit';
import type { AuthorityDelegationEntity, CentralBodyEntity, MinistryUnitEntity, OfficialEntity } from '../db/entities';
import type { CentralBodyFilter } from '../repositories/central-bodies';
import type { OfficialFilter } from '../repositories/officials';
import type { Loaders } from '../loaders';

type Context = BaseContext<Loaders>;

interface SigningArgs {
  asOf: string;
  ruleSetVersion?: string | null;
}

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

export const resolvers = {
  Query: {
    ministry: (_: unknown, { id }: { id: string }, ctx: Context) => loadOrNotFound(ctx.loaders.centralBody, 'Ministry', id),
    ministries: (_: unknown, args: ConnectionArgs & CentralBodyFilter, ctx: Context) => listConnection(ctx.loaders.repositories.centralBodies, args),
    ministryUnit: (_: unknown, { id }: { id: string }, ctx: Context) => loadOrNotFound(ctx.loaders.unit, 'MinistryUnit', id),
    official: (_: unknown, { id }: { id: string }, ctx: Context) => loadOrNotFound(ctx.loaders.official, 'Official', id),
    officials: (_: unknown, args: ConnectionArgs & OfficialFilter, ctx: Context) => listConnection(ctx.loaders.repositories.officials, args),
  },
  Ministry: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.centralBody.load(ref.id),
    name: (b: CentralBodyEntity) => b.nameVi,
    successor: (b: CentralBodyEntity, _: unknown, ctx: Context) => (b.successorId ? ctx.loaders.centralBody.load(b.successorId) : null),
    units: (b: CentralBodyEntity, args: ConnectionArgs, ctx: Context) => ctx.loaders.unitsOf.load({ parentId: b.id, page: pageRequest(args) }),
    officials: (b: CentralBodyEntity, args: ConnectionArgs & { activeOnly?: boolean | null }, ctx: Context) =>
      ctx.loaders.officialsOf.load({ parentId: b.id, activeOnly: args.activeOnly !== false, page: pageRequest(args) }),
    signingCapability: (b: CentralBodyEntity, args: SigningArgs, ctx: Context) =>
      capabilityOf(
        ctx,
        args,
        { id: b.id, nameVi: b.nameVi, level: b.kind, validFrom: b.validFrom, validTo: b.validTo },
        // Only a body gone by `asOf` needs its successor named.
        b.validTo && b.validTo < args.asOf && b.successorId ? ctx.loaders.centralBody.load(b.successorId) : null,
      ),
  },
  MinistryUnit: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.unit.load(ref.id),
    name: (u: MinistryUnitEntity) => u.nameVi,
    ministry: (u: MinistryUnitEntity, _: unknown, ctx: Context) => loadOrNotFound(ctx.loaders.centralBody, 'Ministry', u.ministryId),
    signingCapability: (u: MinistryUnitEntity, args: SigningArgs, ctx: Context) =>
      capabilityOf(ctx, args, { id: u.id, nameVi: u.nameVi, level: u.kind, validFrom: u.validFrom, validTo: u.validTo }, null),
  },
  Official: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.official.load(ref.id),
    position: (o: OfficialEntity) => o.positionVi,
    active: (o: OfficialEntity) => Boolean(o.active),
    ministry: (o: OfficialEntity, _: unknown, ctx: Context) => loadOrNotFound(ctx.loaders.centralBody, 'Ministry', o.ministryId),
    unit: (o: OfficialEntity, _: unknown, ctx: Context) => (o.unitId ? ctx.loaders.unit.load(o.unitId) : null),
    async delegationsReceived(o: OfficialEntity, { activeOn }: { activeOn?: string | null }, ctx: Context) {
      const all = await ctx.loaders.delegationsReceived.load(o.id);
      return activeOn ? all.filter((d) => inForceOn(d, activeOn)) : all;
    },
  },
  AuthorityDelegation: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.delegation.load(ref.id),
    delegator: (d: AuthorityDelegationEntity, _: unknown, ctx: Context) => loadOrNotFound(ctx.loaders.official, 'Official', d.delegatorOfficialId),
    delegate: (d: AuthorityDelegationEntity, _: unknown, ctx: Context) => loadOrNotFound(ctx.loaders.official, 'Official', d.delegateOfficialId),
    isValidOn: (d: AuthorityDelegationEntity, { date }: { date: string }) => inForceOn(d, date),
  },
};
