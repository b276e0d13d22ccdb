import type { Logger } from '@accords/logger';

export interface GatewayContext {
  requestId: string;
  logger: Logger;
}
