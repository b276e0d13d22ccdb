import type { IncomingMessage, ServerResponse } from 'node:http';
import type express from 'express';
import bytes from 'bytes';
import proxyaddr from 'proxy-addr';
import { Kind, parse, print, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { Experimental_DidResolveQueryPlanCallback } from '@apollo/gateway';
import { parseCacheControlHeader } from '@apollo/gateway/dist/datasources/parseCacheControlHeader';
import { Counter, type Registry } from 'prom-client';
import type { ServiceMetrics } from '@accords/subgraph-kit/service';
import type { GatewayContext } from './context';
import type { RawOutcome, RawRequest } from './datasource';

/**
 * The direct route: a client query that the gateway plans into exactly one fetch, whose operation is the client's own
 * (the same selections, arguments, variables and directives: the planner added, renamed or split nothing), is
 * answered by that one subgraph fetch without Apollo Server's request pipeline around it.
 *
 * Why: for such a query the pipeline (Express's router and body parser, Apollo Server's plugins, the executor, the
 * data source's request objects, parsing the subgraph's answer, shaping it into the client's, serialising it again)
 * is the gateway's whole cost: 2.2–3.8 ms of CPU per `partners(first: 50)` on this machine, more than the subgraph's
 * own work, against 0.8–1.6 ms on the route (issue #16: p50 through the gateway at most 1.5× the subgraph's own).
 *
 * What it keeps, so that the answer is the one the pipeline would give:
 * - Routes are learned, never guessed: a query text (with its operation name) gets a route only after the full
 *   pipeline has parsed, validated (query limits included), admitted (persisted-query allow-list) and planned that
 *   exact text, and the plan is a single root fetch whose operation prints the same as the client's once the name is
 *   set aside. Anything else (entities, `@requires`, rewrites, `@defer`, conditions, fragments the planner inlines, a
 *   `__typename` it adds) stays on the pipeline. A new supergraph clears the routes.
 * - The same body reading (`express.json()`'s strictness and its error for a body that is not JSON), the same CORS
 *   headers, the same context: identity (the bearer token verified), the rate-limit charge (once: the pipeline reuses
 *   the context when it takes over), the request id and logger.
 * - The same fetch (AccordsDataSource.fetchRaw): body, request id, signed identity, timeout, retries, the circuit
 *   breaker (only while closed), de-duplication of identical fetches in flight.
 * - The same answer: the subgraph's `{"data":{…}}` bytes, which for this exact selection are what the pipeline would
 *   serialise, with the status and headers it sets (`cache-control` from the subgraph's hint as Apollo's cache-control
 *   plugin computes it, Express's ETag). An answer with an error, extensions, no data, another status or content type
 *   goes to the pipeline, handed over as the result the data source would have produced (`resultOf`), so errors (a
 *   subgraph down, a refusal) are shaped, coded and placed exactly as before, without asking the subgraph again.
 * - Logging and metrics: the same "Request completed" line (with `directRoute`) and the same request counter and
 *   duration histogram, plus `accords_gateway_direct_route_total` by subgraph and outcome.
 * Off with GATEWAY_DIRECT_ROUTE=off.
 */
/** What the direct route needs of a subgraph's data source (AccordsDataSource; in-process test sources have no route). */
export interface RawFetching {
  fetchRaw(request: RawRequest, context: GatewayContext): Promise<RawOutcome>;
  readonly closed: boolean;
  succeeded(): void;
  resultOf(request: RawRequest, document: DocumentNode | undefined, context: GatewayContext, outcome: RawOutcome): Promise<unknown>;
}

export interface DirectRoute {
  service: string;
  dataSource: RawFetching;
  /** The fetch's operation, as the pipeline would send it. */
  operation: string;
  operationName: string | undefined;
  document: DocumentNode | undefined;
  variableUsages: readonly string[];
  /** The client operation's name (logs and metrics), as the pipeline resolves it. */
  clientOperationName: string | null;
}

/** Query texts remembered (routes and known non-routes); the oldest are forgotten first. */
export const DIRECT_ROUTE_ENTRIES = 2_000;

/** What ApolloGateway tells `experimental_didResolveQueryPlan` once a request is planned. */
type Resolved = Parameters<Experimental_DidResolveQueryPlanCallback>[0];

/** The operation without its name, printed: what must match between the client's operation and the fetch. */
function shape(operation: OperationDefinitionNode): string {
  return print({ ...operation, name: undefined });
}

/** The route for this planned request, or null when the single fetch is not exactly the client's operation. */
export function routeOf({ queryPlan, serviceMap, requestContext }: Resolved): DirectRoute | null {
  const node = queryPlan.node;
  if (requestContext.operation?.operation !== 'query' || node?.kind !== 'Fetch') return null;
  if (node.requires?.length || node.inputRewrites?.length || node.outputRewrites?.length || node.contextRewrites?.length || node.hasDefers) return null;
  if (node.operationKind !== 'query') return null;
  const dataSource = serviceMap[node.serviceName] as Partial<RawFetching> | undefined;
  if (typeof dataSource?.fetchRaw !== 'function') return null;
  const fetchDocument = node.operationDocumentNode ?? parse(node.operation);
  const fetchOperations = fetchDocument.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (fetchOperations.length !== 1 || fetchDocument.definitions.length !== 1) return null;
  if (shape(fetchOperations[0]) !== shape(requestContext.operation)) return null;
  return {
    service: node.serviceName,
    dataSource: dataSource as RawFetching,
    operation: node.operation,
    operationName: node.operationName,
    document: node.operationDocumentNode,
    variableUsages: node.variableUsages ?? [],
    clientOperationName: requestContext.operationName ?? null,
  };
}

const keyOf = (query: string, operationName: string | null | undefined) => `${operationName ?? ''}\u0000${query}`;

export class DirectRoutes {
  private readonly routes = new Map<string, DirectRoute | null>();

  readonly served?: Counter<'subgraph' | 'outcome'>;

  constructor(readonly enabled: boolean, registry?: Registry, private readonly maxEntries = DIRECT_ROUTE_ENTRIES) {
    this.served = registry
      ? new Counter({
          name: 'accords_gateway_direct_route_total',
          help: 'Single-subgraph queries sent straight to their subgraph, by outcome: answered, or handed to the pipeline (the answer had an error)',
          labelNames: ['subgraph', 'outcome'],
          registers: [registry],
        })
      : undefined;
  }

  /** ApolloGateway's experimental_didResolveQueryPlan: remembers whether this query text has a direct route. */
  learn(options: Resolved): void {
    if (!this.enabled) return;
    const query = options.requestContext.request.query;
    if (typeof query !== 'string') return;
    const key = keyOf(query, options.requestContext.request.operationName);
    if (this.routes.has(key)) return;
    let route: DirectRoute | null = null;
    try {
      route = routeOf(options);
    } catch {
      route = null;
    }
    this.routes.set(key, route);
    while (this.routes.size > this.maxEntries) this.routes.delete(this.routes.keys().next().value as string);
  }

  find(query: string, operationName: string | null | undefined): DirectRoute | undefined {
    return this.routes.get(keyOf(query, operationName)) ?? undefined;
  }

  /** Known query texts (tests, diagnostics). */
  get size(): number {
    return this.routes.size;
  }

  clear(): void {
    this.routes.clear();
  }
}

/** A subgraph answer handed to the pipeline when the direct route could not use it (see AccordsDataSource.process). */
export interface Prefetched {
  service: string;
  query: string;
  variables: string;
  result: unknown;
}

/** Takes (once) the answer the direct route already fetched for this exact subgraph request, if any. */
export function takePrefetched(context: unknown, service: string, request: { query?: string; variables?: Record<string, unknown> }): unknown {
  const ctx = context as { prefetched?: Prefetched } | undefined;
  const handed = ctx?.prefetched;
  if (!handed || handed.service !== service || handed.query !== request.query || handed.variables !== JSON.stringify(request.variables ?? {})) return undefined;
  ctx.prefetched = undefined;
  return handed.result;
}

/** Only what Apollo Server would answer as `application/json` (a client asking for graphql-response+json gets the pipeline). */
function wantsJson(accept: string | undefined): boolean {
  return !accept || !accept.includes('application/graphql-response+json');
}

const BODY_KEYS = new Set(['query', 'operationName', 'variables']);

/** The request context a client request's pipeline (and the direct route) uses: computed once per HTTP request. */
export const CONTEXT_OF_REQUEST = Symbol('accords.context');

/** A POST body read before Express (see directRouteServer): the parse error, if any, for the JSON error handler. */
const PRE_READ = Symbol('accords.preRead');

type Marked = IncomingMessage & { body?: unknown; ip?: string; [PRE_READ]?: { error?: Error }; [CONTEXT_OF_REQUEST]?: Promise<GatewayContext> };

/** body-parser's error for a body that is not JSON (its `strict` mode: an object or an array), as jsonErrorHandler reads it. */
function parseFailed(): Error {
  return Object.assign(new Error('The request body is not valid JSON'), { type: 'entity.parse.failed', status: 400, statusCode: 400, expose: true });
}

/** What body-parser's `json()` makes of a complete UTF-8 body (strict). */
function parseJsonBody(text: string): { body: unknown } | { error: Error } {
  const first = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d])/.exec(text)?.[1];
  if (first === undefined) return { body: {} };
  if (first !== '{' && first !== '[') return { error: parseFailed() };
  try {
    return { body: JSON.parse(text) };
  } catch {
    return { error: parseFailed() };
  }
}

/**
 * In the `/graphql` chain, where `express.json()` was: a body already read by directRouteServer is used as is (or its
 * parse error passed on to the JSON error handler); any other request is read by `express.json()`.
 */
export function preReadOrJson(json: express.RequestHandler): express.RequestHandler {
  return (req, res, next) => {
    const pre = (req as unknown as Marked)[PRE_READ];
    if (!pre) void json(req, res, next);
    else next(pre.error);
  };
}

/**
 * The HTTP server's request handler: answers a request on its direct route, and gives every other request to Express
 * (`app`). A `POST /graphql` with a plain UTF-8 JSON body of a declared length within the limit is read here (as
 * body-parser would: same strictness, same error); other requests reach Express untouched. A routed request keeps
 * Node's request and response objects, with Express's settings applied: the client address as `trust proxy` says
 * (Express's own computation, proxy-addr), the ETag Express would set. The CORS headers come from the same allow-list
 * middleware, and the context is the pipeline's (see CONTEXT_OF_REQUEST), so a request handed over is not charged
 * twice.
 */
export function directRouteServer(options: {
  routes: DirectRoutes;
  app: express.Express;
  contextOf: (req: express.Request) => Promise<GatewayContext>;
  metrics: ServiceMetrics;
  cors: express.RequestHandler;
  bodyLimit: string;
}): (req: IncomingMessage, res: ServerResponse) => void {
  const { routes, app, metrics } = options;
  // Parsed as body-parser parses express.json()'s `limit`.
  const limit = bytes.parse(options.bodyLimit);
  const trustProxy = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  const etagOf = app.get('etag fn') as ((body: string | Buffer, encoding: string) => string) | undefined;
  // Node's request and response (see below): the context reads only the headers, the address and the socket.
  const answer = async (route: DirectRoute, body: RouteBody, req: Marked, res: ServerResponse, handOver: () => void) => {
    const started = process.hrtime.bigint();
    const stopTimer = metrics.duration.startTimer();
    const contextPromise = options.contextOf(req as unknown as express.Request);
    req[CONTEXT_OF_REQUEST] = contextPromise;
    let context: GatewayContext & { prefetched?: Prefetched };
    try {
      context = await contextPromise;
    } catch {
      return handOver(); // the pipeline answers the refusal (401, 429) from the same rejected context
    }
    const given = (body.variables ?? {}) as Record<string, unknown>;
    const sent: Record<string, unknown> = {};
    for (const name of route.variableUsages) if (Object.prototype.hasOwnProperty.call(given, name) && given[name] !== undefined) sent[name] = given[name];
    const ds = route.dataSource;
    if (!ds.closed) return handOver(); // the circuit is open or probing: the pipeline decides
    const request = { query: route.operation, operationName: route.operationName, variables: sent };
    const outcome = await ds.fetchRaw(request, context);
    const clean = 'body' in outcome && outcome.status === 200 && isJson(header(outcome, 'content-type')) && isCleanData(outcome.body);
    if (!clean) {
      const result = await ds.resultOf(request, route.document, context, outcome);
      routes.served?.inc({ subgraph: route.service, outcome: 'handed to the pipeline' });
      context.prefetched = { service: route.service, query: route.operation, variables: JSON.stringify(sent), result };
      return handOver();
    }
    ds.succeeded();
    // The subgraph's own bytes: `{"data":{…}}` is what the pipeline would serialise for this exact selection (and,
    // like it, ending in one newline), passed on without decoding them.
    const bytes = withOneNewline(outcome.body);
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('cache-control', cacheControl(header(outcome, 'cache-control')));
    res.setHeader('content-length', bytes.length);
    if (etagOf) res.setHeader('etag', etagOf(bytes, 'utf8')); // Express hashes a string's UTF-8 bytes: the same tag
    res.statusCode = 200;
    res.end(bytes);
    routes.served?.inc({ subgraph: route.service, outcome: 'answered' });
    const operation = metrics.operationLabel(route.clientOperationName);
    stopTimer({ operation });
    metrics.requests.inc({ operation, outcome: 'ok' });
    const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
    context.logger?.info({ operationName: route.clientOperationName, durationMs: Math.round(durationMs * 10) / 10, errorCodes: [], directRoute: route.service }, 'Request completed');
  };
  return (incoming, res) => {
    const req = incoming as Marked;
    const length = Number(req.headers['content-length']);
    const type = req.headers['content-type']?.toLowerCase().replace(/\s+/g, '');
    const readable =
      routes.enabled &&
      limit !== null &&
      req.method === 'POST' &&
      req.url === '/graphql' &&
      (type === 'application/json' || type === 'application/json;charset=utf-8') &&
      !req.headers['content-encoding'] &&
      Number.isInteger(length) &&
      length >= 0 &&
      length <= limit;
    if (!readable) return app(req, res);
    const chunks: Buffer[] = [];
    let received = 0;
    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      chunks.push(chunk);
    });
    req.on('error', () => res.destroy());
    req.on('end', () => {
      if (received !== length) return res.destroy(); // the client lied about the length: nothing sensible to answer
      const parsed = parseJsonBody(Buffer.concat(chunks, received).toString('utf8'));
      if ('error' in parsed) {
        req[PRE_READ] = { error: parsed.error };
        return app(req, res);
      }
      req.body = parsed.body;
      req[PRE_READ] = {};
      const route = routeFor(routes, parsed.body, req.headers.accept);
      if (!route) return app(req, res);
      // Node's own request and response, not turned into Express's (app.handle does that when the pipeline takes
      // over): Express swaps their prototypes, which costs every later use of them. What the route needs of Express is
      // the client address, computed as Express's `req.ip` computes it (same `trust proxy` function), and kept on the
      // request, so the pipeline sees the same one; the CORS middleware only sets headers on a POST.
      req.ip = proxyaddr(req, trustProxy);
      options.cors(req as unknown as express.Request, res as unknown as express.Response, () => undefined);
      let handedOver = false;
      const handOver = () => {
        handedOver = true;
        app(req, res);
      };
      answer(route, parsed.body as RouteBody, req, res, handOver).catch((error: unknown) => {
        // Not expected (every outcome above is handled): the pipeline answers instead, unless it already does.
        req[CONTEXT_OF_REQUEST]?.then((c) => c.logger?.error({ err: error }, 'Direct route failed; answered by the pipeline'), () => undefined);
        if (!handedOver && !res.headersSent) handOver();
        else if (!res.writableEnded) res.destroy(error as Error);
      });
    });
  };
}

function header(outcome: RawOutcome, name: string): string | undefined {
  return 'headers' in outcome ? outcome.headers.find(([k]) => k.toLowerCase() === name)?.[1] : undefined;
}

const isJson = (type: string | undefined) => !!type && (type.startsWith('application/json') || type.startsWith('application/graphql-response+json'));

/**
 * A subgraph answer the client can have as it is: data (an object) and nothing else. Inside a JSON string a quote is
 * always escaped, so `"errors":` or `"extensions":` in the bytes can only be a key; a field aliased so sends the
 * answer to the pipeline, which is merely slower.
 */
export function isCleanData(body: Buffer): boolean {
  const end = contentEnd(body);
  return end > DATA_PREFIX.length && body.subarray(0, DATA_PREFIX.length).equals(DATA_PREFIX) && body[end - 1] === CLOSING_BRACE && !body.includes('"errors":') && !body.includes('"extensions":');
}

const DATA_PREFIX = Buffer.from('{"data":{');
const CLOSING_BRACE = 0x7d;
const NEWLINE = Buffer.from('\n');

/** Where the body ends once trailing JSON whitespace (space, tab, line feed, carriage return) is set aside. */
function contentEnd(body: Buffer): number {
  let end = body.length;
  while (end > 0 && (body[end - 1] === 0x20 || body[end - 1] === 0x0a || body[end - 1] === 0x0d || body[end - 1] === 0x09)) end--;
  return end;
}

/** The body ending in exactly one newline, as Apollo Server ends its JSON (the same bytes when it already does). */
export function withOneNewline(body: Buffer): Buffer {
  const end = contentEnd(body);
  return end === body.length - 1 && body[end] === 0x0a ? body : Buffer.concat([body.subarray(0, end), NEWLINE]);
}

/**
 * The client's Cache-Control for this subgraph answer: the hint RemoteGraphQLDataSource derives from the subgraph's
 * header (max-age, else 0; private or public), as Apollo Server's cache-control plugin turns a policy restricted by
 * that one hint into a header (cacheable only with a max-age above 0, public unless private; otherwise no-store).
 */
function cacheControl(value: string | undefined): string {
  const parsed = parseCacheControlHeader(value);
  const maxAge = typeof parsed['max-age'] === 'string' && /^[0-9]+$/.test(parsed['max-age']) ? Number(parsed['max-age']) : 0;
  const scope = parsed.public === true ? 'public' : parsed.private === true ? 'private' : 'public';
  return maxAge > 0 ? `max-age=${maxAge}, ${scope}` : 'no-store';
}

interface RouteBody {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** The route for a request body, when it is a plain query request (no extensions, no batch) the route can answer. */
function routeFor(routes: DirectRoutes, body: unknown, accept: string | undefined): DirectRoute | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const b = body as Record<string, unknown>;
  if (typeof b.query !== 'string') return undefined;
  for (const key of Object.keys(b)) if (!BODY_KEYS.has(key)) return undefined; // extensions (APQ), ...
  if (b.operationName != null && typeof b.operationName !== 'string') return undefined;
  if (b.variables != null && (typeof b.variables !== 'object' || Array.isArray(b.variables))) return undefined;
  if (!wantsJson(accept)) return undefined;
  return routes.find(b.query, b.operationName as string | null | undefined);
}
