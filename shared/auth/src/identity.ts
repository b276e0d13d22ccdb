import { accordsError } from '@accords/errors';

export const ROLES = ['viewer', 'editor', 'approver'] as const;
export type Role = (typeof ROLES)[number];

export type AgencyType = 'MINISTRY' | 'LOCALITY';

export interface AgencyRef {
  type: AgencyType;
  id: string;
}

/** Who is calling: a user of an agency with roles there, or the public (no agency). */
export interface Identity {
  subject: string;
  name?: string;
  agency: AgencyRef | null;
  roles: Role[];
}

/**
 * Central oversight bodies read everything (DESIGN section 9): the Ministry of Foreign Affairs and the Government
 * Office. Kept as data here, not scattered `if`s.
 */
export const CENTRAL_OVERSIGHT: readonly AgencyRef[] = [
  { type: 'MINISTRY', id: 'MOFA' },
  { type: 'MINISTRY', id: 'GO' },
];

const sameAgency = (a: AgencyRef | null, b: AgencyRef) => a !== null && a.type === b.type && a.id === b.id;

export function isCentralOversight(identity: Identity | null): boolean {
  return identity !== null && CENTRAL_OVERSIGHT.some((c) => sameAgency(identity.agency, c));
}

/** Parses the `agency` claim: "MINISTRY:MOFA" or "LOCALITY:20". */
export function parseAgency(value: unknown): AgencyRef | null {
  if (value === undefined || value === null || value === '') return null;
  const m = typeof value === 'string' ? /^(MINISTRY|LOCALITY):([A-Za-z0-9-]{1,24})$/.exec(value) : null;
  if (!m) throw accordsError('UNAUTHENTICATED', `The token's agency claim "${String(value)}" is not of the form MINISTRY:<id> or LOCALITY:<code>.`);
  return { type: m[1] as AgencyType, id: m[2] };
}

export function formatAgency(agency: AgencyRef | null): string | null {
  return agency ? `${agency.type}:${agency.id}` : null;
}

export function parseRoles(value: unknown): Role[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((r) => (ROLES as readonly string[]).includes(r))) {
    throw accordsError('UNAUTHENTICATED', `The token's roles claim must be a list of ${ROLES.join(', ')}.`);
  }
  return [...new Set(value as Role[])];
}

export function requireSignedIn(identity: Identity | null): Identity {
  if (!identity) throw accordsError('UNAUTHENTICATED', 'Sign in first: this operation needs a valid token from your agency.');
  return identity;
}

/**
 * An agency writes only what it owns: the caller must belong to `owner` and hold `role` there (an approver may also
 * edit). Each subgraph calls this itself; it never trusts the gateway alone.
 */
export function requireAgencyRole(identity: Identity | null, owner: AgencyRef, role: Role): Identity {
  const who = requireSignedIn(identity);
  if (!sameAgency(who.agency, owner)) {
    throw accordsError('FORBIDDEN', `Only ${owner.type}:${owner.id} may change this record; you act for ${formatAgency(who.agency) ?? 'no agency'}.`, { owner: formatAgency(owner) });
  }
  const held = role === 'editor' ? who.roles.includes('editor') || who.roles.includes('approver') : who.roles.includes(role);
  if (!held) throw accordsError('FORBIDDEN', `This needs the ${role} role at ${owner.type}:${owner.id}; you have ${who.roles.join(', ') || 'no role'}.`, { requiredRole: role });
  return who;
}
