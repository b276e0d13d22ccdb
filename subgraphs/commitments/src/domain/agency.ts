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

/**
 * The agency whose users own records of this agency (identity tokens name a ministry or a locality): a ministry unit
 * belongs to its ministry (MOFA-DILT -> MOFA), a provincial department to its province (01-SNV -> 01).
 */
export function ownerOf(agency: AgencyInput): AgencyRef {
  switch (agency.type) {
    case 'MINISTRY':
      return { type: 'MINISTRY', id: agency.id };
    case 'MINISTRY_UNIT':
      return { type: 'MINISTRY', id: agency.id.split('-')[0] };
    case 'LOCALITY':
      return { type: 'LOCALITY', id: agency.id };
    case 'PROVINCIAL_DEPARTMENT':
      return { type: 'LOCALITY', id: agency.id.split('-')[0] };
  }
}

export const ownerOfKey = (key: string) => ownerOf(parseAgencyKey(key));
export const formatRef = (ref: AgencyRef) => `${ref.type}:${ref.id}`;

/** A commitment's lead agency as stored ("LOCALITY:20"), and the agency whose users own the commitment. */
export const leadKeyOf = (c: { leadAgencyType: string; leadAgencyId: string }) => `${c.leadAgencyType}:${c.leadAgencyId}`;
export const ownerOfCommitment = (c: { leadAgencyType: string; leadAgencyId: string }) => ownerOf({ type: c.leadAgencyType as AgencyKind, id: c.leadAgencyId });
