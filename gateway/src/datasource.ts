import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import { isErrorCode } from '@accords/errors';
import { IDENTITY_HEADER, signInternalIdentity } from '@accords/auth';
import type { Histogram } from 'prom-client';
import type { GatewayContext } from './context';

/** Statuses that say "not reached / not ready", after which a read can safely be sent again. */
const RETRYABLE_STATUSES = new Set([502, 503, 504]);

const isMutation = (body: unknown) => typeof body === 'string' && /^\s*\{\s*"query"\s*:\s*"\s*mutation\b/.test(body);

/**
 * Fetches a subgraph within one overall deadline. A query the subgraph could not take (connection refused or reset,
 * 502/503/504) is sent again, a bounded number of times; a mutation never is: it may have been applied before the
 * connection broke, and sending it twice could apply it twice.
 */
export function subgraphFetcher(options: { timeoutMs: number; retries: number; backoffMs?: number }) {
  return async (url: string, init: RequestInit): Promise<Response> => {
    const signal = AbortSignal.timeout(options.timeoutMs);
    const attempts = isMutation(init.body) ? 1 : 1 + options.retries;
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await fetch(url, { ...init, signal });
        if (attempt < attempts && RETRYABLE_STATUSES.has(response.status)) {
          await response.body?.cancel();
        } else {
          return response;
        }
      } catch (error) {
        if (attempt >= attempts || signal.aborted) throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, (options.backoffMs ?? 50) * attempt));
    }
  };
}

/**
 * Subgraph fetches: forward the request id (one id in every service's log lines for a client request), and give up
 * after a per-subgraph timeout instead of holding the client connection open.
 */
export class AccordsDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  readonly name: string;

  private readonly internalSecret: string;

  private readonly fetchDuration?: Histogram<'subgraph'>;

  constructor(config: { name: string; url: string; timeoutMs: number; retries?: number; internalSecret: string; fetchDuration?: Histogram<'subgraph'> }) {
    super({ url: config.url, fetcher: subgraphFetcher({ timeoutMs: config.timeoutMs, retries: config.retries ?? 2 }) as never });
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
