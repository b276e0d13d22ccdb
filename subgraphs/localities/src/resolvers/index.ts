import { badInput } from '@accords/errors';
import { listConnection, loadOrNotFound, pageRequest, type BaseContext, type ConnectionArgs } from '@accords/subgraph-kit';
import type { LocalAuthorityDelegationEntity, LocalOfficialEntity, LocalityEntity, ProvincialDepartmentEntity } from '../db/entities';
import type { DepartmentFilter } from '../repositories/departments';
import type { LocalityFilter } from '../repositories/localities';
import type { Loaders } from '../loaders';
import { inForceOn, requestedRuleSet, signingCapability } from '@accords/rules';

type Context = BaseContext<Loaders>;

/** YYYY-MM-DD of the day after `date` (calendar arithmetic in UTC, no time zone involved). */
export function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export const resolvers = {
  Query: {
    locality: (_: unknown, { id }: { id: string }, ctx: Context) => loadOrNotFound(ctx.loaders.locality, 'Locality', id),
    localities: (_: unknown, args: ConnectionArgs & LocalityFilter, ctx: Context) => listConnection(ctx.loaders.repositories.localities, args),
    provincialDepartment: (_: unknown, { id }: { id: string }, ctx: Context) => loadOrNotFound(ctx.loaders.department, 'ProvincialDepartment', id),
    provincialDepartments: (_: unknown, args: ConnectionArgs & DepartmentFilter, ctx: Context) => listConnection(ctx.loaders.repositories.departments, args),
    localOfficial: (_: unknown, { id }: { id: string }, ctx: Context) => loadOrNotFound(ctx.loaders.official, 'LocalOfficial', id),
    signingRuleSets: (_: unknown, __: unknown, ctx: Context) => ctx.loaders.ruleSets.load('all'),
  },
  Locality: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.locality.load(ref.id),
    name: (l: LocalityEntity) => l.nameVi,
    isBorder: (l: LocalityEntity) => Boolean(l.isBorder),
    province: (l: LocalityEntity, _: unknown, ctx: Context) => (l.provinceId ? ctx.loaders.locality.load(l.provinceId) : null),
    mergedInto: (l: LocalityEntity, _: unknown, ctx: Context) => (l.mergedIntoId ? ctx.loaders.locality.load(l.mergedIntoId) : null),
    mergedOn: (l: LocalityEntity) => (l.mergedIntoId && l.validTo ? dayAfter(l.validTo) : null),
    predecessors: (l: LocalityEntity, _: unknown, ctx: Context) => ctx.loaders.predecessors.load(l.id),
    scopeIds: (l: LocalityEntity, _: unknown, ctx: Context) => ctx.loaders.scopeIds.load(l.id),
    communes: (l: LocalityEntity, args: ConnectionArgs, ctx: Context) => ctx.loaders.communes.load({ parentId: l.id, page: pageRequest(args) }),
    departments: (l: LocalityEntity, args: ConnectionArgs, ctx: Context) => ctx.loaders.departmentsOf.load({ parentId: l.id, page: pageRequest(args) }),
    officials: (l: LocalityEntity, args: ConnectionArgs, ctx: Context) => ctx.loaders.officialsOf.load({ parentId: l.id, page: pageRequest(args) }),
    async signingCapability(l: LocalityEntity, args: { asOf: string; ruleSetVersion?: string | null }, ctx: Context) {
      const ruleSets = await ctx.loaders.ruleSets.load('all');
      const requested = requestedRuleSet(ruleSets, args.ruleSetVersion, (message) => badInput(message, 'ruleSetVersion'));
      const successor = l.validTo && l.validTo < args.asOf && l.mergedIntoId ? await ctx.loaders.locality.load(l.mergedIntoId) : null;
      return signingCapability(
        { id: l.id, nameVi: l.nameVi, level: l.level, isBorder: Boolean(l.isBorder), validFrom: l.validFrom, validTo: l.validTo },
        args.asOf,
        ruleSets,
        requested,
        successor ? `${successor.nameVi} (${successor.id})` : null,
      );
    },
  },
  ProvincialDepartment: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.department.load(ref.id),
    name: (d: ProvincialDepartmentEntity) => d.nameVi,
    province: (d: ProvincialDepartmentEntity, _: unknown, ctx: Context) => ctx.loaders.locality.load(d.provinceId),
  },
  LocalOfficial: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.official.load(ref.id),
    active: (o: LocalOfficialEntity) => Boolean(o.active),
    locality: (o: LocalOfficialEntity, _: unknown, ctx: Context) => ctx.loaders.locality.load(o.localityId),
    department: (o: LocalOfficialEntity, _: unknown, ctx: Context) => (o.departmentId ? ctx.loaders.department.load(o.departmentId) : null),
    async delegationsReceived(o: LocalOfficialEntity, { activeOn }: { activeOn?: string | null }, ctx: Context) {
      const all = await ctx.loaders.delegationsReceived.load(o.id);
      return activeOn ? all.filter((d) => inForceOn(d, activeOn)) : all;
    },
  },
  LocalAuthorityDelegation: {
    __resolveReference: (ref: { id: string }, ctx: Context) => ctx.loaders.delegation.load(ref.id),
    locality: (d: LocalAuthorityDelegationEntity, _: unknown, ctx: Context) => loadOrNotFound(ctx.loaders.locality, 'Locality', d.localityId),
    delegator: (d: LocalAuthorityDelegationEntity, _: unknown, ctx: Context) => loadOrNotFound(ctx.loaders.official, 'LocalOfficial', d.delegatorOfficialId),
    delegate: (d: LocalAuthorityDelegationEntity, _: unknown, ctx: Context) => loadOrNotFound(ctx.loaders.official, 'LocalOfficial', d.delegateOfficialId),
    isValidOn: (d: LocalAuthorityDelegationEntity, { date }: { date: string }) => inForceOn(d, date),
  },
};
