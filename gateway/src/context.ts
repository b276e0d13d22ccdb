import type { Logger } from '@accords/logger';
import type { Identity } from '@accords/auth';
import type { Clock } from '@accords/config';
import type { Prefetched } from './direct-route';

export interface GatewayContext {
  requestId: string;
  logger: Logger;
  /** Verified from the bearer token; null for anonymous (public) requests. */
  identity: Identity | null;
  /** The client's address (X-Forwarded-For counts only from a trusted proxy); absent for in-process calls. */
  clientAddress?: string;
  /** The one source of "now" (ACCORDS_FIXED_NOW in tests), as in every subgraph. */
  clock?: Clock;
  /** A subgraph answer the direct route fetched and handed to the pipeline (taken once by the data source). */
  prefetched?: Prefetched;
}
