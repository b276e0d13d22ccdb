import http from 'node:http';
import https from 'node:https';

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

  agentFor(url: URL, reuse: boolean): http.Agent | false {
    if (!reuse) return false;
    return url.protocol === 'https:' ? this.httpsAgent : this.httpAgent;
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

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: Headers,
    private readonly bytes: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
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
    return new BufferedResponse(this.url, this.status, this.statusText, this.headers, this.bytes);
  }
}

function headerRecord(headers: RequestInit['headers']): Record<string, string> {
  if (!headers) return {};
  if (headers instanceof Headers) return Object.fromEntries(headers.entries());
  if (Array.isArray(headers)) return Object.fromEntries(headers);
  return { ...(headers as Record<string, string>) };
}

const isMutationBody = (body: unknown) => typeof body === 'string' && /^\s*\{\s*"query"\s*:\s*"\s*mutation\b/.test(body);

/**
 * A `fetch` for subgraph requests over the given pooled connections: the whole body is read before it resolves, and
 * an aborted signal (the per-subgraph timeout) ends the request with the signal's reason (a TimeoutError).
 */
export function pooledFetch(connections: SubgraphConnections) {
  return (input: string, init: RequestInit = {}): Promise<Response> =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(input);
      const signal = init.signal ?? undefined;
      const fail = (error: unknown) => reject(signal?.aborted ? signal.reason : error);
      if (signal?.aborted) return fail(signal.reason);
      const body = typeof init.body === 'string' ? init.body : undefined;
      const headers = headerRecord(init.headers);
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const client = url.protocol === 'https:' ? https : http;
      const request = client.request(url, { method: init.method ?? 'GET', headers, agent: connections.agentFor(url, !isMutationBody(body)), signal }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        response.on('aborted', () => fail(new Error('The subgraph closed the connection before the answer was complete')));
        response.on('end', () => {
          if (!response.complete) return fail(new Error('The subgraph closed the connection before the answer was complete'));
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) responseHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          resolve(new BufferedResponse(input, response.statusCode ?? 0, response.statusMessage ?? '', responseHeaders, Buffer.concat(chunks)) as unknown as Response);
        });
      });
      request.on('error', fail);
      request.end(body);
    });
}
