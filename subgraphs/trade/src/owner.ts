import type { AgencyRef } from '@accords/auth';

/** The agency that owns this subgraph: only its editors and approvers write here (checked in every mutation). */
export const OWNER: AgencyRef = { type: 'MINISTRY', id: 'MOIT' };
