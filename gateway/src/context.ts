import type { Logger } from '@accords/logger';
import type { Identity } from '@accords/auth';

export interface GatewayContext {
  requestId: string;
  logger: Logger;
  /** Verified from the bearer token; null for anonymous (public) requests. */
  identity: Identity | null;
}
