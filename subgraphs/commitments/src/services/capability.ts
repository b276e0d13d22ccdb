import DataLoader from 'dataloader';
import { badInput, type RuleViolation } from '@accords/errors';
import type { BaseContext } from '@accords/subgraph-kit';
import { AGENCY_SUBGRAPH, AGENCY_TYPENAME, parseAgencyKey, type AgencyKind } from '../domain/agency';
import type { CapabilitySnapshot } from '../domain/signing-checks';

const CAPABILITY_FIELDS = 'maySign signatoryLevel priorConsent consultees reason ruleSetVersion legalBasis asOf';

/** The question each owning subgraph is asked; the parent is whose head gives prior consent. */
const QUERIES: Partial<Record<AgencyKind, { fragment: string; parent: (row: Record<string, unknown>) => string | null }>> = {
  MINISTRY: { fragment: `... on Ministry { id name signingCapability(asOf: $asOf) { ${CAPABILITY_FIELDS} } }`, parent: (r) => `MINISTRY:${String(r.id)}` },
  MINISTRY_UNIT: {
    fragment: `... on MinistryUnit { id name ministry { id } signingCapability(asOf: $asOf) { ${CAPABILITY_FIELDS} } }`,
    parent: (r) => `MINISTRY:${(r.ministry as { id: string }).id}`,
  },
  LOCALITY: {
    fragment: `... on Locality { id name province { id } signingCapability(asOf: $asOf) { ${CAPABILITY_FIELDS} } }`,
    parent: (r) => ((r.province as { id: string } | null) ? `LOCALITY:${(r.province as { id: string }).id}` : null),
  },
};

type CapabilityRow = Record<string, unknown> & { name: string; signingCapability: Omit<CapabilitySnapshot, 'agency' | 'name' | 'parentAgency'> };

const capabilityLoaders = new WeakMap<object, DataLoader<string, CapabilitySnapshot>>();

/**
 * One loader per request: every signatory asked about in a request (a page of commitments showing their signing
 * readiness, say) costs one question per owning subgraph and date, not one per commitment.
 */
function capabilityLoader(ctx: BaseContext<unknown>): DataLoader<string, CapabilitySnapshot> {
  const scope = ctx.loaders as object;
  let loader = capabilityLoaders.get(scope);
  if (!loader) {
    loader = new DataLoader<string, CapabilitySnapshot>(async (keys) => {
      const asked = keys.map((key) => {
        const [agencyKey, asOf] = key.split('|');
        return { key, agencyKey, asOf, agency: parseAgencyKey(agencyKey) };
      });
      const answers = new Map<string, CapabilitySnapshot | Error>();
      const groups = new Map<string, typeof asked>();
      for (const a of asked) {
        if (!QUERIES[a.agency.type]) {
          answers.set(a.key, badInput(`A ${a.agency.type} cannot lead an international agreement in Accords yet; name its ministry or province as the lead`, 'leadAgency'));
          continue;
        }
        const group = `${AGENCY_SUBGRAPH[a.agency.type]}|${a.asOf}`;
        groups.set(group, [...(groups.get(group) ?? []), a]);
      }
      await Promise.all(
        [...groups.values()].map(async (group) => {
          const service = AGENCY_SUBGRAPH[group[0].agency.type];
          const fragments = [...new Set(group.map((a) => QUERIES[a.agency.type]!.fragment))].join(' ');
          const data = await ctx.peers.query<{ _entities: (CapabilityRow | null)[] }>(
            service,
            `query SigningCapability($representations: [_Any!]!, $asOf: Date!) { _entities(representations: $representations) { ${fragments} } }`,
            { representations: group.map((a) => ({ __typename: AGENCY_TYPENAME[a.agency.type], id: a.agency.id })), asOf: group[0].asOf },
            { requestId: ctx.requestId, identity: ctx.identity },
          );
          group.forEach((a, i) => {
            const row = data._entities[i];
            answers.set(
              a.key,
              row
                ? { agency: a.agencyKey, name: row.name, parentAgency: QUERIES[a.agency.type]!.parent(row), ...row.signingCapability }
                : badInput(`${a.agencyKey} does not exist in the ${service} register`, 'leadAgency'),
            );
          });
        }),
      );
      return keys.map((key) => answers.get(key)!);
    });
    capabilityLoaders.set(scope, loader);
  }
  return loader;
}

/**
 * Asks the subgraph that owns the signatory (ministries or localities) whether it may sign on `asOf` (V1). Done
 * outside any transaction: no lock is held while another service answers.
 */
export function fetchCapability(ctx: BaseContext<unknown>, agencyKey: string, asOf: string): Promise<CapabilitySnapshot> {
  return capabilityLoader(ctx).load(`${agencyKey}|${asOf}`);
}

/** Checks that agencies and partners exist in their owners' registers (one peer call per subgraph). */
export async function assertExist(ctx: BaseContext<unknown>, service: string, typename: string, ids: readonly string[], field: string): Promise<void> {
  const unique = [...new Set(ids)];
  if (!unique.length) return;
  const data = await ctx.peers.query<{ _entities: ({ id: string } | null)[] }>(
    service,
    `query Exists($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${typename} { id } } }`,
    { representations: unique.map((id) => ({ __typename: typename, id })) },
    { requestId: ctx.requestId, identity: ctx.identity },
  );
  const missing = unique.filter((_, i) => !data._entities[i]);
  if (missing.length) throw badInput(`${field}: no ${typename} with id ${missing.map((m) => `"${m}"`).join(', ')}`, field);
}

/** Where each kind of lead keeps its register of delegations. */
const DELEGATION_REGISTERS: Record<string, { service: string; typename: string }> = {
  MINISTRY: { service: 'ministries', typename: 'AuthorityDelegation' },
  MINISTRY_UNIT: { service: 'ministries', typename: 'AuthorityDelegation' },
  LOCALITY: { service: 'localities', typename: 'LocalAuthorityDelegation' },
  PROVINCIAL_DEPARTMENT: { service: 'localities', typename: 'LocalAuthorityDelegation' },
};

/**
 * V1 for a signer other than the decider: the delegation must be in the owning subgraph's register (ministries or
 * localities), in force on the signing date, and run from the decider to the signer.
 */
export interface DelegationCheck {
  /** The commitment's lead agency type: whose register holds the delegation. */
  leadType: string;
  delegationId: string;
  /** The official who signs, who must be the delegate. */
  signedById: string;
  /** The official who decided to sign, who must be the delegator. */
  decidedById: string;
  signedOn: string;
}

export async function delegationViolations(ctx: BaseContext<unknown>, { leadType, delegationId, signedById, decidedById, signedOn }: DelegationCheck): Promise<RuleViolation[]> {
  const register = DELEGATION_REGISTERS[leadType];
  if (!register) return [{ rule: 'V1', message: `No register of delegations is known for a ${leadType} lead` }];
  const data = await ctx.peers.query<{ _entities: ({ isValidOn: boolean; delegate: { id: string }; delegator: { id: string } } | null)[] }>(
    register.service,
    `query Delegation($representations: [_Any!]!, $on: Date!) { _entities(representations: $representations) { ... on ${register.typename} { isValidOn(date: $on) delegate { id } delegator { id } } } }`,
    { representations: [{ __typename: register.typename, id: delegationId }], on: signedOn },
    { requestId: ctx.requestId, identity: ctx.identity },
  );
  const d = data._entities[0];
  if (!d) return [{ rule: 'V1', message: `Delegation "${delegationId}" is not in the ${register.service}' register of delegations` }];
  const problems: string[] = [];
  if (!d.isValidOn) problems.push(`it is not in force on ${signedOn}`);
  if (d.delegate.id !== signedById) problems.push(`it was given to ${d.delegate.id}, not to the signer ${signedById}`);
  if (d.delegator.id !== decidedById) problems.push(`it was given by ${d.delegator.id}, not by the decider ${decidedById}`);
  return problems.length ? [{ rule: 'V1', message: `Delegation ${delegationId} does not authorise this signing: ${problems.join('; ')}` }] : [];
}
