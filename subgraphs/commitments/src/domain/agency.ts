import { badInput } from '@accords/errors';
import type { AgencyRef } from '@accords/auth';

/** Kinds of agency a commitment names: the lead, a party or a consultee. */
export const AGENCY_KINDS = ['MINISTRY', 'MINISTRY_UNIT', 'LOCALITY', 'PROVINCIAL_DEPARTMENT'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export interface AgencyInput {
  type: AgencyKind;
  id: string;
}

/** The federation type each kind resolves to. */
export const AGENCY_TYPENAME: Record<AgencyKind, string> = {
  MINISTRY: 'Ministry',
  MINISTRY_UNIT: 'MinistryUnit',
  LOCALITY: 'Locality',
  PROVINCIAL_DEPARTMENT: 'ProvincialDepartment',
};

/** The subgraph that owns each kind. */
export const AGENCY_SUBGRAPH: Record<AgencyKind, 'ministries' | 'localities'> = {
  MINISTRY: 'ministries',
  MINISTRY_UNIT: 'ministries',
  LOCALITY: 'localities',
  PROVINCIAL_DEPARTMENT: 'localities',
};

const ID = /^[A-Za-z0-9-]{1,24}$/;

/** "MINISTRY:MOFA" — how agencies are stored in this subgraph. */
export function agencyKey(agency: AgencyInput, field = 'agency'): string {
  if (!AGENCY_KINDS.includes(agency.type) || !ID.test(agency.id)) throw badInput(`${field}: "${agency.type}:${agency.id}" is not an agency reference`, field);
  return `${agency.type}:${agency.id}`;
}

export function parseAgencyKey(key: string): AgencyInput {
  const i = key.indexOf(':');
  return { type: key.slice(0, i) as AgencyKind, id: key.slice(i + 1) };
}

export function agencyReference(key: string): { __typename: string; id: string } {
  const { type, id } = parseAgencyKey(key);
  return { __typename: AGENCY_TYPENAME[type], id };
}

export const formatRef = (ref: AgencyRef) => `${ref.type}:${ref.id}`;

/** A stored owner ("MINISTRY:NA-OFFICE") as an agency reference; the id may itself hold hyphens or colons. */
export function parseOwnerKey(key: string): AgencyRef {
  const { type, id } = parseAgencyKey(key);
  if (type !== 'MINISTRY' && type !== 'LOCALITY') throw new Error(`Stored owner "${key}" is not a ministry or a locality`);
  return { type, id };
}

/** A commitment's lead agency as stored ("LOCALITY:20"), and the agency whose users own the commitment (stored). */
export const leadKeyOf = (c: { leadAgencyType: string; leadAgencyId: string }) => `${c.leadAgencyType}:${c.leadAgencyId}`;
export const ownerOfCommitment = (c: { ownerAgency: string }) => parseOwnerKey(c.ownerAgency);

/**
 * The owner of an agency that owns itself (a ministry or a locality). A unit's or department's owner is in its
 * register: ask it with `resolveOwner` (services/owner.ts).
 */
export function selfOwned(agency: AgencyInput): AgencyRef | null {
  return agency.type === 'MINISTRY' || agency.type === 'LOCALITY' ? { type: agency.type, id: agency.id } : null;
}

