import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError, Kind, parse, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { isErrorCode } from '@accords/errors';
import { IDENTITY_HEADER, signInternalIdentity } from '@accords/auth';
import type { Histogram } from 'prom-client';
import type { GatewayContext } from './context';
import { CircuitBreaker, DEFAULT_BREAKER, type CircuitBreakerOptions } from './circuit-breaker';

type ProcessResult = Awaited<ReturnType<RemoteGraphQLDataSource['process']>>;

/** At most this many per-entity errors for one failed fetch; a page of 100 references needs no 100 messages. */
const MAX_PATH_ERRORS = 100;

/**
 * Where a failed fetch's error belongs in the client's answer. For an entity fetch, `_entities[i]` for each
 * representation: @apollo/gateway maps those to the client's own paths (`commitment.partners.0`). For a root fetch,
 * each root field the fetch asked for. So the client sees which fields are missing, and everything else arrives.
 */
export function failurePaths(request: { query?: string; variables?: Record<string, unknown> }, document?: DocumentNode): (string | number)[][] {
  const representations = request.variables?.representations;
  if (Array.isArray(representations)) return representations.slice(0, MAX_PATH_ERRORS).map((_, i) => ['_entities', i]);
  try {
    const doc = document ?? (request.query ? parse(request.query) : undefined);
    const operation = doc?.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (!operation || operation.kind !== Kind.OPERATION_DEFINITION) return [];
    return operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD && s.name.value !== '__typename' ? [[s.alias?.value ?? s.name.value]] : []));
  } catch {
    return [];
  }
}

/** A subgraph's refusal (its own registered code, e.g. BAD_USER_INPUT) as opposed to it being unreachable. */
function refusalOf(error: unknown): GraphQLError | null {
  if (!(error instanceof GraphQLError)) return null;
  const code = error.extensions?.code;
  return isErrorCode(code) && code !== 'SERVICE_UNAVAILABLE' && code !== 'INTERNAL_SERVER_ERROR' ? error : null;
}

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

  private readonly timeoutMs: number;

  readonly breaker: CircuitBreaker;

  constructor(config: {
    name: string;
    url: string;
    timeoutMs: number;
    retries?: number;
    internalSecret: string;
    fetchDuration?: Histogram<'subgraph'>;
    breaker?: CircuitBreakerOptions;
  }) {
    super({ url: config.url, fetcher: subgraphFetcher({ timeoutMs: config.timeoutMs, retries: config.retries ?? 2 }) as never });
    this.name = config.name;
    this.internalSecret = config.internalSecret;
    this.fetchDuration = config.fetchDuration;
    this.timeoutMs = config.timeoutMs;
    this.breaker = new CircuitBreaker(config.breaker ?? DEFAULT_BREAKER);
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

  /**
   * Times every fetch to this subgraph (`accords_subgraph_fetch_duration_seconds`) and never throws: a subgraph that
   * is down, hung or refusing becomes errors at the client's paths, naming the service, so @apollo/gateway keeps every
   * field the other subgraphs answered (a thrown error would reach the client with no path and no service).
   */
  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<ProcessResult> {
    const admission = this.breaker.admit();
    if (!admission.admitted) {
      const seconds = Math.ceil(admission.retryAfterMs / 1000);
      return this.failed(options, `The ${this.name} service is unavailable (it failed repeatedly; the gateway tries it again within ${seconds} s).`, { retryAfterSeconds: seconds });
    }
    const stop = this.fetchDuration?.startTimer({ subgraph: this.name });
    try {
      const response = await super.process(options);
      this.breaker.success();
      return response;
    } catch (error) {
      const refusal = refusalOf(error);
      if (refusal) {
        this.breaker.success();
        return this.failed(options, refusal.message, { code: refusal.extensions.code });
      }
      this.breaker.failure();
      const e = error as { name?: string; message?: string };
      const timedOut = e?.name === 'TimeoutError' || e?.name === 'AbortError';
      (options.context as Partial<GatewayContext>)?.logger?.warn(
        { service: this.name, cause: e?.message ?? String(error), timedOut, circuit: this.breaker.state },
        'Subgraph fetch failed',
      );
      const mutation = options.request.query ? /^\s*mutation\b/.test(options.request.query) : false;
      const what = timedOut ? `did not answer within ${this.timeoutMs} ms` : 'could not be reached';
      const message = mutation
        ? `The ${this.name} service ${what}; the change may or may not have been applied: reload before retrying.`
        : `The ${this.name} service ${what}; the fields it serves are missing from this answer. Retry later.`;
      return this.failed(options, message, {});
    } finally {
      stop?.();
    }
  }

  /** One error per client path the fetch would have filled, with the registered code and this service's name. */
  private failed(options: GraphQLDataSourceProcessOptions<GatewayContext>, message: string, extra: { code?: unknown; retryAfterSeconds?: number }): ProcessResult {
    const extensions = { code: extra.code ?? 'SERVICE_UNAVAILABLE', service: this.name, ...(extra.retryAfterSeconds ? { retryAfterSeconds: extra.retryAfterSeconds } : {}) };
    const document = 'document' in options ? options.document : undefined;
    const paths = failurePaths(options.request, document);
    const errors: GraphQLFormattedError[] = paths.length ? paths.map((path) => ({ message, path, extensions })) : [{ message, extensions }];
    return { errors } as ProcessResult;
  }

  /** Forwards the request id, and the caller's identity signed for the subgraphs (which verify it themselves). */
  async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    const ctx = context as Partial<GatewayContext>;
    if (ctx.requestId) request.http?.headers.set('x-request-id', ctx.requestId);
    if (ctx.identity) request.http?.headers.set(IDENTITY_HEADER, await signInternalIdentity(ctx.identity, this.internalSecret));
  }
}
