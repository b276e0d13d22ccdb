import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from './context';

/**
 * Subgraph fetches: forward the request id (one id in every service's log lines for a client request), and give up
 * after a per-subgraph timeout instead of holding the client connection open.
 */
export class AccordsDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(config: { name: string; url: string; timeoutMs: number }) {
    super({
      url: config.url,
      fetcher: ((url: string, init: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(config.timeoutMs) })) as never,
    });
  }

  willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const ctx = context as Partial<GatewayContext>;
    if (ctx.requestId) request.http?.headers.set('x-request-id', ctx.requestId);
  }
}
