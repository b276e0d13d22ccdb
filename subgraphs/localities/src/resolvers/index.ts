import { badInput, notFound } from '@accords/errors';
import { listConnection, loadOrNotFound, pageRequest } from '@accords/subgraph-kit';
import type { LocalityEntity, LocalityVersionEntity } from '../db/entities';
import type { BorderType, LocalityLevel, Resolvers } from '../generated/resolvers-types';
import type { Context } from './mappers';
import { inForceOn, requestedRuleSet, signingCapability } from '@accords/rules';

/** YYYY-MM-DD of the day after `date` (calendar arithmetic in UTC, no time zone involved). */
export function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Units listed by `localities(activeOn:)` answer `name`, `nameEn`, `level`, `code` and `isBorder` as they were on that
 * date (their 2025 names and codes on 2025-06-30) unless a field is given its own `on`.
 */
const listedOn = new WeakMap<object, string>();

/** The version in force on `on`; with no date the latest one. Null when the unit had none then. */
export function versionOn(versions: readonly LocalityVersionEntity[], on: string | null | undefined): LocalityVersionEntity | null {
  if (!on) return versions[versions.length - 1] ?? null;
  return versions.find((v) => (v.validFrom === null || String(v.validFrom).slice(0, 10) <= on) && (v.validTo === null || String(v.validTo).slice(0, 10) >= on)) ?? null;
}

/** Every value of the SDL's enums, so a stored string is checked against them (exhaustive by `satisfies`). */
const LEVELS = { CENTRAL_CITY: true, PROVINCE: true, COMMUNE: true, WARD: true, SPECIAL_ZONE: true, DISTRICT: true } satisfies Record<LocalityLevel, true>;
const BORDER_TYPES = { LAND: true, SEA: true } satisfies Record<BorderType, true>;

/** A stored level as the SDL's enum; a value the SDL does not know is a data fault, not something to pass on. */
function levelOf(value: string): LocalityLevel {
  if (!Object.hasOwn(LEVELS, value)) throw new Error(`Stored locality level "${value}" is not a LocalityLevel`);
  return value as LocalityLevel;
}

function bordersOf(value: string | null | undefined): BorderType[] {
  return (value ? value.split(',') : []).map((type) => {
    if (!Object.hasOwn(BORDER_TYPES, type)) throw new Error(`Stored border type "${type}" is not a BorderType`);
    return type as BorderType;
  });
}

/** The version a field answers from: the field's own `on`, else the list's `activeOn`, else the latest. */
async function versionFor(l: LocalityEntity, on: string | null | undefined, ctx: Context): Promise<LocalityVersionEntity | null> {
  const date = on ?? listedOn.get(l) ?? null;
  if (date !== null && !DATE.test(date)) throw badInput(`on must be a date YYYY-MM-DD (got "${date}")`, 'on');
  return versionOn(await ctx.loaders.versions.load(l.id), date);
}

export const resolvers: Resolvers = {
  Query: {
    async locality(_, args, ctx) {
      if ((args.id ? 1 : 0) + (args.code ? 1 : 0) !== 1) throw badInput('Give exactly one of id or code', args.id ? 'code' : 'id');
      if (args.id) {
        if (args.on) throw badInput('on applies to a lookup by code; an id names one unit whatever the date', 'on');
        return loadOrNotFound(ctx.loaders.locality, 'Locality', args.id);
      }
      if (args.on && !DATE.test(args.on)) throw badInput(`on must be a date YYYY-MM-DD (got "${args.on}")`, 'on');
      const found = await ctx.loaders.repositories.localities.findByCode(args.code!, args.on ?? null);
      if (!found) throw notFound('Locality', args.on ? `code ${args.code} on ${args.on}` : `code ${args.code}`);
      if (args.on) listedOn.set(found, args.on);
      return found;
    },
    async localities(_, args, ctx) {
      const connection = await listConnection(ctx.loaders.repositories.localities, args);
      if (args.activeOn) for (const edge of connection.edges) listedOn.set(edge.node, args.activeOn);
      return connection;
    },
    provincialDepartment: (_, { id }, ctx) => loadOrNotFound(ctx.loaders.department, 'ProvincialDepartment', id),
    provincialDepartments: (_, args, ctx) => listConnection(ctx.loaders.repositories.departments, args),
    localOfficial: (_, { id }, ctx) => loadOrNotFound(ctx.loaders.official, 'LocalOfficial', id),
    signingRuleSets: (_, __, ctx) => ctx.loaders.ruleSets.load('all'),
  },
  Locality: {
    __resolveReference: (ref, ctx) => ctx.loaders.locality.load(ref.id),
    name: async (l, { on }, ctx) => (await versionFor(l, on, ctx))?.nameVi ?? l.nameVi,
    nameEn: async (l, { on }, ctx) => (await versionFor(l, on, ctx))?.nameEn ?? l.nameEn,
    level: async (l, _, ctx) => levelOf((await versionFor(l, null, ctx))?.level ?? l.level),
    code: async (l, { on }, ctx) => {
      const versions = await ctx.loaders.versions.load(l.id);
      if (versions.length === 0) return l.id; // not reloaded since the migration: the id was the code
      return (await versionFor(l, on, ctx))?.code ?? null;
    },
    codeHistory: (l, _, ctx) => ctx.loaders.versions.load(l.id),
    isBorder: async (l, _, ctx) => {
      const v = listedOn.has(l) ? await versionFor(l, null, ctx) : null;
      return v ? bordersOf(v.borderTypes).length > 0 : Boolean(l.isBorder);
    },
    borderTypes: async (l, _, ctx) => {
      const v = listedOn.has(l) ? await versionFor(l, null, ctx) : null;
      return bordersOf(v ? v.borderTypes : (l.borderTypes ?? l.borderType));
    },
    province: (l, _, ctx) => (l.provinceId ? ctx.loaders.locality.load(l.provinceId) : null),
    mergedInto: (l, _, ctx) => (l.mergedIntoId ? ctx.loaders.locality.load(l.mergedIntoId) : null),
    mergedOn: (l) => (l.mergedIntoId && l.validTo ? dayAfter(l.validTo) : null),
    predecessors: (l, _, ctx) => ctx.loaders.predecessors.load(l.id),
    scopeIds: (l, _, ctx) => ctx.loaders.scopeIds.load(l.id),
    communes: (l, args, ctx) => ctx.loaders.communes.load({ parentId: l.id, page: pageRequest(args) }),
    departments: (l, args, ctx) => ctx.loaders.departmentsOf.load({ parentId: l.id, page: pageRequest(args) }),
    officials: (l, args, ctx) => ctx.loaders.officialsOf.load({ parentId: l.id, page: pageRequest(args) }),
    async signingCapability(l, args, ctx) {
      // Rule sets and versions in the same tick, so a page of localities costs one statement for each.
      const [ruleSets, versions] = await Promise.all([ctx.loaders.ruleSets.load('all'), ctx.loaders.versions.load(l.id)]);
      const requested = requestedRuleSet(ruleSets, args.ruleSetVersion, (message) => badInput(message, 'ruleSetVersion'));
      const successor = l.validTo && l.validTo < args.asOf && l.mergedIntoId ? await ctx.loaders.locality.load(l.mergedIntoId) : null;
      // Judged as the unit was on that date: its level (Huế was a province until 2024-12-31) and its borders then.
      const then = versionOn(versions, args.asOf);
      const borderTypes = bordersOf(then ? then.borderTypes : (l.borderTypes ?? l.borderType));
      return signingCapability(
        { id: l.id, nameVi: then?.nameVi ?? l.nameVi, level: then?.level ?? l.level, isBorder: borderTypes.length > 0, borderTypes, validFrom: l.validFrom, validTo: l.validTo },
        args.asOf,
        ruleSets,
        requested,
        successor ? `${successor.nameVi} (${successor.id})` : null,
      );
    },
  },
  LocalityVersion: {
    name: (v) => v.nameVi,
    borderTypes: (v) => bordersOf(v.borderTypes),
  },
  ProvincialDepartment: {
    __resolveReference: (ref, ctx) => ctx.loaders.department.load(ref.id),
    name: (d) => d.nameVi,
    province: (d, _, ctx) => loadOrNotFound(ctx.loaders.locality, 'Locality', d.provinceId),
  },
  LocalOfficial: {
    __resolveReference: (ref, ctx) => ctx.loaders.official.load(ref.id),
    active: (o) => Boolean(o.active),
    locality: (o, _, ctx) => loadOrNotFound(ctx.loaders.locality, 'Locality', o.localityId),
    department: (o, _, ctx) => (o.departmentId ? ctx.loaders.department.load(o.departmentId) : null),
    async delegationsReceived(o, { activeOn }, ctx) {
      const all = await ctx.loaders.delegationsReceived.load(o.id);
      return activeOn ? all.filter((d) => inForceOn(d, activeOn)) : all;
    },
  },
  LocalAuthorityDelegation: {
    __resolveReference: (ref, ctx) => ctx.loaders.delegation.load(ref.id),
    locality: (d, _, ctx) => loadOrNotFound(ctx.loaders.locality, 'Locality', d.localityId),
    delegator: (d, _, ctx) => loadOrNotFound(ctx.loaders.official, 'LocalOfficial', d.delegatorOfficialId),
    delegate: (d, _, ctx) => loadOrNotFound(ctx.loaders.official, 'LocalOfficial', d.delegateOfficialId),
    isValidOn: (d, { date }) => inForceOn(d, date),
  },
};
