import http from 'node:http';
import https from 'node:https';
import { urlToHttpOptions } from 'node:url';

/**
 * The connections the gateway keeps open to its subgraphs. Node's global `fetch` (undici) keeps connections alive too,
 * but its pool cannot be sized without the `undici` package, and each call pays for WHATWG streams and a Request
 * object; a plain `http.Agent` with `keepAlive` reuses sockets as well, with a bounded, configurable pool per
 * subgraph. Idle sockets are closed one second before the subgraph's announced `Keep-Alive: timeout` (Node's agent
 * reads the hint), so a request is not sent on a socket the subgraph is closing.
 *
 * Mutations never ride a reused socket: a socket the server closes at the same moment would fail the write with
 * ECONNRESET, and a mutation is never sent twice (it may have been applied), so the caller would be told "may or may
 * not have been applied". A fresh connection costs well under a millisecond on a local network; mutations are rare.
 */
export class SubgraphConnections {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(readonly maxSocketsPerSubgraph: number) {
    const options = { keepAlive: true, maxSockets: maxSocketsPerSubgraph, maxFreeSockets: maxSocketsPerSubgraph, scheduling: 'lifo' as const };
    this.httpAgent = new http.Agent(options);
    this.httpsAgent = new https.Agent(options);
  }

  agentFor(protocol: string, reuse: boolean): http.Agent | false {
    if (!reuse) return false;
    return protocol === 'https:' ? this.httpsAgent : this.httpAgent;
  }

  /** Open sockets per origin (for tests and diagnostics). */
  openSockets(): number {
    const count = (agent: http.Agent) =>
      [...Object.values(agent.sockets), ...Object.values(agent.freeSockets)].reduce((n, list) => n + (list?.length ?? 0), 0);
    return count(this.httpAgent) + count(this.httpsAgent);
  }

  destroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

/** A fully read subgraph answer: what RemoteGraphQLDataSource and the datasource's error handling read of a Response. */
export class BufferedResponse {
  readonly ok: boolean;
  readonly redirected = false;
  readonly type = 'basic';
  readonly body = null;
  readonly bodyUsed = false;
  private built?: Headers;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    /** A Headers object, or Node's parsed headers (turned into one only when asked: the direct route reads them as they are). */
    private readonly given: Headers | http.IncomingHttpHeaders,
    private readonly bytes: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  get headers(): Headers {
    if (this.given instanceof Headers) return this.given;
    if (!this.built) {
      this.built = new Headers();
      for (const [name, value] of this.headerEntries()) this.built.set(name, value);
    }
    return this.built;
  }

  /** The headers as [name, value] pairs, lower-case names, repeated values joined (as Headers would give them). */
  headerEntries(): [string, string][] {
    if (this.given instanceof Headers) return [...this.given];
    const entries: [string, string][] = [];
    for (const name in this.given) {
      const value = this.given[name];
      if (value !== undefined) entries.push([name, Array.isArray(value) ? value.join(', ') : value]);
    }
    return entries;
  }

  /** The body's bytes as received (not copied). */
  get received(): Buffer {
    return this.bytes;
  }

  async text(): Promise<string> {
    return this.bytes.toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(this.bytes.toString('utf8'));
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return this.bytes.buffer.slice(this.bytes.byteOffset, this.bytes.byteOffset + this.bytes.byteLength) as ArrayBuffer;
  }

  clone(): BufferedResponse {
    return new BufferedResponse(this.url, this.status, this.statusText, this.given, this.bytes);
  }
}

function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers) return Object.fromEntries(headers.entries());
  if (Array.isArray(headers)) return Object.fromEntries(headers);
  return { ...(headers as Record<string, string>) };
}

const isMutationBody = (body: unknown) => typeof body === 'string' && /^\s*\{\s*"query"\s*:\s*"\s*mutation\b/.test(body);

/** A `fetch` init that may carry, instead of an AbortSignal, the instant (`performance.now()`) the request must end by. */
export type SubgraphRequestInit = RequestInit & { deadline?: number };

/** The error a request past its deadline ends with: what `AbortSignal.timeout` gives (a DOMException named TimeoutError). */
function timeoutError(): Error {
  return new DOMException('The operation was aborted due to timeout', 'TimeoutError');
}

/** Where a subgraph URL points, parsed once per URL (a gateway talks to a handful). */
interface Target {
  client: typeof http | typeof https;
  /** What http.request makes of the URL itself (hostname without IPv6 brackets, port, path with query, auth). */
  options: http.RequestOptions;
}

/**
 * A `fetch` for subgraph requests over the given pooled connections: the whole body is read before it resolves. The
 * request ends with a TimeoutError at `init.deadline` (one timer: cheaper than an AbortSignal per request), or with
 * the reason of an aborted `init.signal`.
 */
export function pooledFetch(connections: SubgraphConnections) {
  const targets = new Map<string, Target>();
  const targetOf = (input: string): Target => {
    let target = targets.get(input);
    if (!target) {
      const url = new URL(input);
      target = { client: url.protocol === 'https:' ? https : http, options: urlToHttpOptions(url) };
      if (targets.size >= 100) targets.clear();
      targets.set(input, target);
    }
    return target;
  };
  return (input: string, init: SubgraphRequestInit = {}): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      const target = targetOf(input);
      const signal = init.signal ?? undefined;
      let timer: NodeJS.Timeout | undefined;
      let timedOut = false;
      const fail = (error: unknown) => {
        if (timer) clearTimeout(timer);
        reject(signal?.aborted ? signal.reason : timedOut ? timeoutError() : error);
      };
      if (signal?.aborted) return fail(signal.reason);
      if (init.deadline !== undefined && init.deadline <= performance.now()) return fail(timeoutError()); // nothing sent
      const body = typeof init.body === 'string' ? init.body : undefined;
      const headers = headerRecord(init.headers);
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const agent = connections.agentFor(target.options.protocol ?? 'http:', !isMutationBody(body));
      const request = target.client.request({ ...target.options, method: init.method ?? 'GET', headers, agent, ...(signal ? { signal } : {}) }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('aborted', () => fail(new Error('The subgraph closed the connection before the answer was complete')));
        response.on('end', () => {
          if (!response.complete) return fail(new Error('The subgraph closed the connection before the answer was complete'));
          if (timer) clearTimeout(timer);
          resolve(new BufferedResponse(input, response.statusCode ?? 0, response.statusMessage ?? '', response.headers, Buffer.concat(chunks)) as unknown as Response);
        });
      });
      if (init.deadline !== undefined) {
        timer = setTimeout(() => {
          timedOut = true;
          request.destroy(timeoutError());
        }, Math.max(1, init.deadline - performance.now()));
      }
      request.on('error', fail);
      request.end(body);
    });
}
