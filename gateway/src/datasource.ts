import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLDataSourceRequestKind } from '@apollo/gateway/dist/datasources/types';
import { GraphQLError, Kind, parse, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import { isErrorCode } from '@accords/errors';
import { IDENTITY_HEADER, signInternalIdentity } from '@accords/auth';
import type { Histogram } from 'prom-client';
import type { GatewayContext } from './context';
import { CircuitBreaker, DEFAULT_BREAKER, type CircuitBreakerOptions } from './circuit-breaker';
import type { FetchSharing } from './fetch-sharing';
import { BufferedResponse, pooledFetch, type SubgraphConnections, type SubgraphRequestInit } from './subgraph-http';
import { takePrefetched } from './direct-route';

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

/** Whether a subgraph operation is a mutation (its parsed document when the gateway passes one, else its text). */
function isMutationOperation(query: string | undefined, document?: DocumentNode): boolean {
  if (document) return document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.operation === 'mutation');
  return query ? /^\s*mutation\b/.test(query) : false;
}

/**
 * An answer that did not come from this request's own subgraph response (shared, or cached) says nothing about how
 * long the client may cache it: the client's response is marked uncacheable, as a subgraph answer without a
 * Cache-Control header makes it.
 */
function restrictCachePolicy(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
  if ('incomingRequestContext' in options) {
    const policy = options.incomingRequestContext?.overallCachePolicy as { restrict?: (hint: { maxAge: number }) => void } | undefined;
    policy?.restrict?.({ maxAge: 0 });
  }
}

/** The one subgraph request of a direct route (direct-route.ts). */
export type RawRequest = { query: string; operationName?: string; variables: Record<string, unknown> };

/** A subgraph answer as the direct route receives it: the HTTP answer's bytes, or why there was none. */
export type RawOutcome = { status: number; statusText: string; headers: [string, string][]; body: Buffer } | { error: { name: string; message: string } };

/** Statuses that say "not reached / not ready", after which a read can safely be sent again. */
const RETRYABLE_STATUSES = new Set([502, 503, 504]);

const isMutation = (body: unknown) => typeof body === 'string' && /^\s*\{\s*"query"\s*:\s*"\s*mutation\b/.test(body);

/**
 * Fetches a subgraph within one overall deadline. A query the subgraph could not take (connection refused or reset,
 * 502/503/504) is sent again, a bounded number of times; a mutation never is: it may have been applied before the
 * connection broke, and sending it twice could apply it twice.
 */
export function subgraphFetcher(options: {
  timeoutMs: number;
  retries: number;
  backoffMs?: number;
  /** Pooled connections that end a request at `init.deadline` themselves (pooledFetch); otherwise Node's fetch, given an AbortSignal. */
  pooled?: (url: string, init: SubgraphRequestInit) => Promise<Response>;
}) {
  const { pooled } = options;
  return async (url: string, init: RequestInit): Promise<Response> => {
    const deadline = performance.now() + options.timeoutMs;
    const signal = pooled ? undefined : AbortSignal.timeout(options.timeoutMs);
    const attempts = isMutation(init.body) ? 1 : 1 + options.retries;
    for (let attempt = 1; ; attempt++) {
      try {
        const response = await (pooled ? pooled(url, { ...init, deadline }) : fetch(url, { ...init, signal }));
        if (attempt < attempts && RETRYABLE_STATUSES.has(response.status)) {
          await response.body?.cancel();
        } else {
          return response;
        }
      } catch (error) {
        // Past the deadline nothing is sent again. A timer may fire a fraction of a millisecond before the deadline by
        // the clock read here, so the pooled fetch's TimeoutError itself counts as expired (as an aborted signal does).
        const expired = signal ? signal.aborted : (error as { name?: string })?.name === 'TimeoutError' || performance.now() >= deadline;
        if (attempt >= attempts || expired) throw error;
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

  private readonly sharing?: FetchSharing;

  /** The fetch behind every request to this subgraph: pooled connections, the timeout, retries of reads. */
  private readonly send: (url: string, init: RequestInit) => Promise<Response>;

  constructor(config: {
    name: string;
    url: string;
    timeoutMs: number;
    retries?: number;
    internalSecret: string;
    fetchDuration?: Histogram<'subgraph'>;
    breaker?: CircuitBreakerOptions;
    /** Kept-alive connections to the subgraphs (absent: Node's global fetch). */
    connections?: SubgraphConnections;
    /** De-duplication of identical in-flight queries and the reference-entity cache (absent: neither). */
    sharing?: FetchSharing;
  }) {
    const send = subgraphFetcher({ timeoutMs: config.timeoutMs, retries: config.retries ?? 2, pooled: config.connections ? pooledFetch(config.connections) : undefined });
    super({ url: config.url, fetcher: send as never });
    this.send = send;
    this.name = config.name;
    this.sharing = config.sharing;
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
   * A mutation invalidates what this gateway (and, with Redis, every replica) holds for the subgraph, before it is sent
   * (no caller joins a read sent before it) and after it is answered (no read that raced it refills the cache). A
   * public `_entities` fetch is answered from the entity cache where it can; any other query joins an identical one
   * already in flight (see `shareKey` for what "identical" means), or is sent.
   */
  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<ProcessResult> {
    // The direct route already asked this exact question and handed the answer (with an error in it) to the pipeline.
    const handed = takePrefetched(options.context, this.name, options.request);
    if (handed) return handed as ProcessResult;
    const sharing = this.sharing;
    if (!sharing) return this.fetchFromSubgraph(options);
    const document = 'document' in options ? options.document : undefined;
    if (isMutationOperation(options.request.query, document)) {
      sharing.invalidate(this.name, 'mutation');
      try {
        return await this.fetchFromSubgraph(options);
      } finally {
        sharing.invalidate(this.name, 'mutation answered');
      }
    }
    if (sharing.cache.cacheable(this.name, options.request, document)) return this.fetchEntitiesThroughCache(sharing, options);
    return this.fetchShared(sharing, options);
  }

  /**
   * What makes two subgraph fetches interchangeable: this subgraph (one data source per subgraph), the invalidation
   * generation, the operation text and name, the variables, the headers set before sending (e.g. a trace request),
   * and the forwarded identity: two users never share an answer, even for a query that looks public, because a
   * subgraph may answer differently per caller (visibility, NOT_FOUND for what the caller may not see). The request id
   * is not part of it (it changes nothing in the answer).
   */
  private shareKey(sharing: FetchSharing, options: GraphQLDataSourceProcessOptions<GatewayContext>): string {
    const { request } = options;
    const identity = (options.context as Partial<GatewayContext>)?.identity ?? null;
    const headers = request.http?.headers ? [...request.http.headers] : null;
    return JSON.stringify([sharing.generation(this.name), request.operationName ?? null, request.query, request.variables ?? null, headers, identity]);
  }

  /**
   * Joins an identical fetch in flight, or sends it. A follower gets its own copy of the leader's answer, errors and
   * SERVICE_UNAVAILABLE included; the one subgraph request carries the leader's request id, and each follower logs,
   * under its own id, the id of the request whose fetch answered it (`sharedFetchOf`).
   */
  private async fetchShared(sharing: FetchSharing, options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<ProcessResult> {
    if (!sharing.deduplicate) return this.fetchFromSubgraph(options);
    const ctx = options.context as Partial<GatewayContext>;
    const answer = await sharing.inflight.run(this.shareKey(sharing, options), ctx?.requestId, () => this.fetchFromSubgraph(options));
    const result = answer.value as ProcessResult;
    if (answer.shared) {
      sharing.served?.inc({ subgraph: this.name, how: 'deduplicated' });
      restrictCachePolicy(options);
      const unavailable = result.errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE');
      if (unavailable) ctx?.logger?.warn({ subgraph: this.name, sharedFetchOf: answer.leaderRequestId }, 'Subgraph fetch failed (an identical fetch in flight, shared)');
      else ctx?.logger?.debug({ subgraph: this.name, sharedFetchOf: answer.leaderRequestId }, 'Answered by an identical subgraph fetch in flight');
    }
    return result;
  }

  /**
   * Answers each representation of a public `_entities` fetch from the cache where it can and asks the subgraph for
   * the rest only (still de-duplicated), in the original order; errors keep their place (`_entities[i]` of the
   * client's request). Only answers without any error are stored, and only when no invalidation happened meanwhile.
   */
  private async fetchEntitiesThroughCache(sharing: FetchSharing, options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<ProcessResult> {
    const { request } = options;
    const { representations, ...rest } = request.variables as { representations: unknown[] };
    const prefix = JSON.stringify([request.operationName ?? null, request.query, rest]);
    const keys = representations.map((r) => `${prefix}${JSON.stringify(r)}`);
    const entities: unknown[] = new Array(representations.length).fill(null);
    const missing: number[] = [];
    keys.forEach((key, i) => {
      const cached = sharing.cache.get(this.name, key);
      if (cached === undefined) missing.push(i);
      else entities[i] = structuredClone(cached);
    });
    if (missing.length < keys.length) sharing.served?.inc({ subgraph: this.name, how: 'cached' }, keys.length - missing.length);
    if (!missing.length) {
      restrictCachePolicy(options);
      return { data: { _entities: entities } } as ProcessResult;
    }
    const generation = sharing.generation(this.name);
    const asked =
      missing.length === keys.length ? options : { ...options, request: { ...request, variables: { ...request.variables, representations: missing.map((i) => representations[i]) } } };
    const response = await this.fetchShared(sharing, asked);
    const received = (response.data as { _entities?: unknown } | null | undefined)?._entities;
    const complete = Array.isArray(received) && received.length === missing.length;
    const storable = complete && !response.errors?.length && sharing.generation(this.name) === generation;
    missing.forEach((original, j) => {
      const entity = complete ? (received as unknown[])[j] : null;
      entities[original] = entity;
      if (storable && entity !== null && entity !== undefined) sharing.cache.set(this.name, keys[original], structuredClone(entity));
    });
    if (missing.length === keys.length) return response;
    const errors = response.errors?.map((e) => (e.path?.[0] === '_entities' && typeof e.path[1] === 'number' ? { ...e, path: ['_entities', missing[e.path[1]] ?? e.path[1], ...e.path.slice(2)] } : e));
    return { ...response, data: { ...(response.data ?? {}), _entities: entities }, ...(errors ? { errors } : {}) } as ProcessResult;
  }

  /**
   * Times every fetch to this subgraph (`accords_subgraph_fetch_duration_seconds`) and never throws: a subgraph that
   * is down, hung or refusing becomes errors at the client's paths, naming the service, so @apollo/gateway keeps every
   * field the other subgraphs answered (a thrown error would reach the client with no path and no service).
   */
  private async fetchFromSubgraph(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<ProcessResult> {
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
      return this.afterFailure(options, error);
    } finally {
      stop?.();
    }
  }

  /** A fetch that threw (unreachable, timed out, 5xx, or a refusal with the subgraph's own code): errors at the client's paths. */
  private afterFailure(options: GraphQLDataSourceProcessOptions<GatewayContext>, error: unknown): ProcessResult {
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
  }

  /**
   * The direct route's fetch (direct-route.ts): the request the pipeline would send for this operation (same body,
   * headers, request id and signed identity, timeout and retries), shared with identical ones in flight, answered as
   * text. It does not touch the circuit breaker: the caller reports the outcome (`succeeded`, or `resultOf`).
   */
  async fetchRaw(request: RawRequest, context: GatewayContext): Promise<RawOutcome> {
    const body = JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName });
    const headers: Record<string, string> = { 'content-type': 'application/json', ...Object.fromEntries(await this.forwarded(context)) };
    const go = async (): Promise<RawOutcome> => {
      const stop = this.fetchDuration?.startTimer({ subgraph: this.name });
      try {
        const response = await this.send(this.url!, { method: 'POST', headers, body });
        const answered = Object.freeze(response instanceof BufferedResponse ? response.headerEntries() : [...response.headers]) as [string, string][];
        const received = response instanceof BufferedResponse ? response.received : Buffer.from(await response.arrayBuffer());
        return Object.freeze({ status: response.status, statusText: response.statusText, headers: answered, body: received });
      } catch (error) {
        const e = error as { name?: string; message?: string };
        return { error: { name: e?.name ?? 'Error', message: e?.message ?? String(error) } };
      } finally {
        stop?.();
      }
    };
    const sharing = this.sharing;
    if (!sharing?.deduplicate) return go();
    const key = JSON.stringify(['direct', sharing.generation(this.name), request.operationName ?? null, request.query, request.variables, context.identity ?? null]);
    // Shared as it is, not copied (copyAnswer's structuredClone would turn the body into a plain Uint8Array): nothing
    // writes into a raw outcome; the route sends its bytes and resultOf parses objects of its own from them.
    const answer = await sharing.inflight.run(key, context.requestId, go, (outcome) => outcome);
    if (answer.shared) sharing.served?.inc({ subgraph: this.name, how: 'deduplicated' });
    return answer.value as RawOutcome;
  }

  /** Whether a fetch may go out directly: only while the circuit is closed (probes and refusals stay with the pipeline). */
  get closed(): boolean {
    return this.breaker.state === 'closed';
  }

  /** The direct route served a clean answer. */
  succeeded(): void {
    this.breaker.success();
  }

  /** What `process` returns for this raw outcome (the pipeline is handed it): errors shaped as a fetch of its own would be. */
  async resultOf(request: RawRequest, document: DocumentNode | undefined, context: GatewayContext, outcome: RawOutcome): Promise<ProcessResult> {
    const options = { kind: GraphQLDataSourceRequestKind.INCOMING_OPERATION, request, document, context } as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;
    try {
      if ('error' in outcome) throw Object.assign(new Error(outcome.error.message), { name: outcome.error.name });
      const response = new BufferedResponse(this.url!, outcome.status, outcome.statusText, new Headers(outcome.headers), outcome.body) as unknown as Response;
      if (!response.ok) throw await this.errorFromResponse(response as never);
      const body = await this.parseBody(response as never);
      if (!body || typeof body !== 'object') throw new Error(`Expected JSON response body, but received: ${String(body)}`);
      this.breaker.success();
      return { ...body, http: response } as ProcessResult;
    } catch (error) {
      return this.afterFailure(options, error);
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
    for (const [name, value] of await this.forwarded(context as Partial<GatewayContext>)) request.http?.headers.set(name, value);
  }

  /** The headers every subgraph request carries for its caller: the request id and the signed identity. */
  private async forwarded(ctx: Partial<GatewayContext>): Promise<[string, string][]> {
    const headers: [string, string][] = [];
    if (ctx.requestId) headers.push(['x-request-id', ctx.requestId]);
    if (ctx.identity) headers.push([IDENTITY_HEADER, await signInternalIdentity(ctx.identity, this.internalSecret)]);
    return headers;
  }
}
