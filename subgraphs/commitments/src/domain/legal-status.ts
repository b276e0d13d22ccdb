/**
 * The legal lifecycle (DESIGN section 4) as a table: which status may follow which. Gated transitions (approval to
 * sign, signing) run the legal rules on top of this table; the others only need it.
 */
export const LEGAL_STATUSES = [
  'DRAFT', 'FEASIBILITY_REVIEW', 'CONSULTING', 'AWAITING_DECISION', 'ESCALATED_TO_PM', 'APPROVED_TO_SIGN', 'SIGNED', 'IN_FORCE',
  'AMENDED', 'EXTENDED', 'SUSPENDED', 'TERMINATED', 'EXPIRED', 'WITHDRAWN', 'INHERITED',
] as const;
export type LegalStatus = (typeof LEGAL_STATUSES)[number];

const PRE_SIGNING: LegalStatus[] = ['DRAFT', 'FEASIBILITY_REVIEW', 'CONSULTING', 'AWAITING_DECISION', 'ESCALATED_TO_PM', 'APPROVED_TO_SIGN'];
const LIVE: LegalStatus[] = ['SIGNED', 'IN_FORCE', 'AMENDED', 'EXTENDED'];

export const TRANSITIONS: Record<LegalStatus, readonly LegalStatus[]> = {
  DRAFT: ['FEASIBILITY_REVIEW', 'CONSULTING', 'SIGNED', 'WITHDRAWN'],
  FEASIBILITY_REVIEW: ['FEASIBILITY_REVIEW', 'CONSULTING', 'SIGNED', 'WITHDRAWN'],
  CONSULTING: ['CONSULTING', 'AWAITING_DECISION', 'WITHDRAWN'],
  AWAITING_DECISION: ['ESCALATED_TO_PM', 'APPROVED_TO_SIGN', 'WITHDRAWN'],
  ESCALATED_TO_PM: ['AWAITING_DECISION', 'WITHDRAWN'],
  APPROVED_TO_SIGN: ['SIGNED', 'WITHDRAWN'],
  SIGNED: ['IN_FORCE', 'AMENDED', 'EXTENDED', 'SUSPENDED', 'TERMINATED', 'EXPIRED', 'INHERITED'],
  IN_FORCE: ['AMENDED', 'EXTENDED', 'SUSPENDED', 'TERMINATED', 'EXPIRED', 'INHERITED'],
  AMENDED: ['AMENDED', 'EXTENDED', 'SUSPENDED', 'TERMINATED', 'EXPIRED', 'INHERITED'],
  EXTENDED: ['AMENDED', 'EXTENDED', 'SUSPENDED', 'TERMINATED', 'EXPIRED', 'INHERITED'],
  SUSPENDED: ['IN_FORCE', 'TERMINATED', 'EXPIRED'],
  TERMINATED: [],
  EXPIRED: [],
  WITHDRAWN: [],
  INHERITED: [],
};

/** Statuses a plain `transitionCommitment` may reach: the gated ones have mutations of their own. */
export const PLAIN_TARGETS: readonly LegalStatus[] = ['IN_FORCE', 'AMENDED', 'EXTENDED', 'SUSPENDED', 'TERMINATED', 'EXPIRED', 'WITHDRAWN', 'INHERITED'];

export const canMove = (from: string, to: LegalStatus) => (TRANSITIONS[from as LegalStatus] ?? []).includes(to);
export const isPreSigning = (status: string) => PRE_SIGNING.includes(status as LegalStatus);
export const isLive = (status: string) => LIVE.includes(status as LegalStatus);
