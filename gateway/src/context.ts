import type { Logger } from '@accords/logger';
import type { Identity } from '@accords/auth';

export interface GatewayContext {
  requestId: string;
  logger: Logger;
  /** Verified from the bearer token; null for anonymous (public) requests. */
  identity: Identity | null;
  /** The client's address (X-Forwarded-For counts only from a trusted proxy); absent for in-process calls. */
  clientAddress?: string;
}
