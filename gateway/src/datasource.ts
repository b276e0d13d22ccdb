import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { isErrorCode } from '@accords/errors';
import { IDENTITY_HEADER, signInternalIdentity } from '@accords/auth';
import type { Histogram } from 'prom-client';
import type { GatewayContext } from './context';

/**
 * Subgraph fetches: forward the request id (one id in every service's log lines for a client request), and give up
 * after a per-subgraph timeout instead of holding the client connection open.
 */
export class AccordsDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly name: string;

  private readonly internalSecret: string;

  private readonly fetchDuration?: Histogram<'subgraph'>;

  constructor(config: { name: string; url: string; timeoutMs: number; internalSecret: string; fetchDuration?: Histogram<'subgraph'> }) {
    super({
      url: config.url,
      fetcher: ((url: string, init: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(config.timeoutMs) })) as never,
    });
    this.name = config.name;
    this.internalSecret = config.internalSecret;
    this.fetchDuration = config.fetchDuration;
  }

  /**
   * A subgraph answers a refused request (e.g. a malformed variable) with HTTP 400 and a GraphQL error body. Keep that
   * error's code and message for the client instead of a generic upstream failure; never pass the raw body on.
   */
  async errorFromResponse(response: Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0]): Promise<GraphQLError> {
    try {
      const body = (await response.clone().json()) as { errors?: { message?: string; extensions?: { code?: unknown } }[] };
      const first = body.errors?.[0];
      if (first && isErrorCode(first.extensions?.code) && first.extensions.code !== 'INTERNAL_SERVER_ERROR') {
        return new GraphQLError(first.message ?? 'Request refused', { extensions: { code: first.extensions.code, service: this.name } });
      }
    } catch {
      /* not a GraphQL body: fall through */
    }
    return new GraphQLError(`The ${this.name} service answered HTTP ${response.status}`, { extensions: { code: 'SERVICE_UNAVAILABLE', service: this.name } });
  }

  /** Times every fetch to this subgraph (`accords_subgraph_fetch_duration_seconds`). */
  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    const stop = this.fetchDuration?.startTimer({ subgraph: this.name });
    try {
      return await super.process(options);
    } finally {
      stop?.();
    }
  }

  /** Forwards the request id, and the caller's identity signed for the subgraphs (which verify it themselves). */
  async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const ctx = context as Partial<GatewayContext>;
    if (ctx.requestId) request.http?.headers.set('x-request-id', ctx.requestId);
    if (ctx.identity) request.http?.headers.set(IDENTITY_HEADER, await signInternalIdentity(ctx.identity, this.internalSecret));
  }
}
