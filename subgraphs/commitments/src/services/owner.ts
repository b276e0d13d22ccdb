import DataLoader from 'dataloader';
import { badInput } from '@accords/errors';
import type { AgencyRef } from '@accords/auth';
import type { BaseContext } from '@accords/subgraph-kit';
import { AGENCY_SUBGRAPH, AGENCY_TYPENAME, formatRef, parseAgencyKey, type AgencyInput } from '../domain/agency';

/**
 * Whose users own records of an agency: a ministry or a locality owns itself; a ministry unit belongs to its ministry
 * and a provincial department to its province, as *their* registers say (ministries, localities), never as an id's
 * spelling suggests: `NA-OFFICE` holds a hyphen, and `15-YB` is Yên Bái, not Lào Cai (15). The answer is stored on the
 * commitment when it is proposed (`owner_agency`) and ownership is checked against the stored value.
 */
const PARENT_QUERIES = {
  MINISTRY_UNIT: { fragment: '... on MinistryUnit { id ministry { id } }', owner: (row: { ministry?: { id: string } }) => ({ type: 'MINISTRY' as const, id: row.ministry!.id }) },
  PROVINCIAL_DEPARTMENT: { fragment: '... on ProvincialDepartment { id province { id } }', owner: (row: { province?: { id: string } }) => ({ type: 'LOCALITY' as const, id: row.province!.id }) },
};

const ownerLoaders = new WeakMap<object, DataLoader<string, AgencyRef>>();

/** One question per owning subgraph for every unit and department a request needs the owner of. */
function ownerLoader(ctx: BaseContext<unknown>): DataLoader<string, AgencyRef> {
  const scope = ctx.loaders as object;
  let loader = ownerLoaders.get(scope);
  if (!loader) {
    loader = new DataLoader<string, AgencyRef>(async (keys) => {
      const agencies = keys.map(parseAgencyKey);
      const answers = new Map<string, AgencyRef | Error>();
      for (const [i, a] of agencies.entries()) {
        if (a.type === 'MINISTRY' || a.type === 'LOCALITY') answers.set(keys[i], { type: a.type, id: a.id });
      }
      for (const type of ['MINISTRY_UNIT', 'PROVINCIAL_DEPARTMENT'] as const) {
        const asked = agencies.filter((a) => a.type === type);
        if (!asked.length) continue;
        const service = AGENCY_SUBGRAPH[type];
        const data = await ctx.peers.query<{ _entities: ({ id: string; ministry?: { id: string }; province?: { id: string } } | null)[] }>(
          service,
          `query Owners($representations: [_Any!]!) { _entities(representations: $representations) { ${PARENT_QUERIES[type].fragment} } }`,
          { representations: asked.map((a) => ({ __typename: AGENCY_TYPENAME[type], id: a.id })) },
          { requestId: ctx.requestId, identity: ctx.identity },
        );
        asked.forEach((a, i) => {
          const row = data._entities[i];
          answers.set(`${a.type}:${a.id}`, row ? PARENT_QUERIES[type].owner(row) : badInput(`${a.type}:${a.id} does not exist in the ${service} register`, 'agency'));
        });
      }
      return keys.map((key) => answers.get(key) ?? badInput(`"${key}" is not an agency reference`, 'agency'));
    });
    ownerLoaders.set(scope, loader);
  }
  return loader;
}

/** The ministry or locality that owns `agency` (asked from its register, once per request). */
export function resolveOwner(ctx: BaseContext<unknown>, agency: AgencyInput | string): Promise<AgencyRef> {
  return ownerLoader(ctx).load(typeof agency === 'string' ? agency : `${agency.type}:${agency.id}`);
}

/** The stored form of an owner, e.g. "MINISTRY:NA-OFFICE". */
export const ownerKey = (owner: AgencyRef) => formatRef(owner);
