import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { subgraphFetcher } from '../src/datasource';
import { pooledFetch, SubgraphConnections } from '../src/subgraph-http';

/** A subgraph that answers 503 to its first `failures` requests, then 200; it counts what it received. */
async function flakySubgraph(failures: number) {
  let received = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.statusCode = received <= failures ? 503 : 200;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(received <= failures ? { errors: [{ message: 'starting' }] } : { data: { ok: true } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`, received: () => received, close: () => new Promise((r) => server.close(r)) };
}

const post = (query: string): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: {} }) });

describe('subgraph fetches', () => {
  it('send a query again when the subgraph answered 503, within the retry budget', async () => {
    const subgraph = await flakySubgraph(2);
    try {
      const response = await subgraphFetcher({ timeoutMs: 5_000, retries: 2, backoffMs: 1 })(subgraph.url, post('query Q__commitments__0 { ok }'));
      expect(response.status).toBe(200);
      expect(subgraph.received()).toBe(3);
    } finally {
      await subgraph.close();
    }
  });

  it('pass the 503 on with zero retries: the retry is what makes the first case pass', async () => {
    const subgraph = await flakySubgraph(2);
    try {
      const response = await subgraphFetcher({ timeoutMs: 5_000, retries: 0, backoffMs: 1 })(subgraph.url, post('query Q__commitments__0 { ok }'));
      expect(response.status).toBe(503);
      expect(subgraph.received()).toBe(1);
    } finally {
      await subgraph.close();
    }
  });

  it('give up after the budget and pass the last answer on', async () => {
    const subgraph = await flakySubgraph(5);
    try {
      const response = await subgraphFetcher({ timeoutMs: 5_000, retries: 1, backoffMs: 1 })(subgraph.url, post('{ ok }'));
      expect(response.status).toBe(503);
      expect(subgraph.received()).toBe(2);
    } finally {
      await subgraph.close();
    }
  });

  it('never send a mutation twice: it may have been applied before the failure', async () => {
    const subgraph = await flakySubgraph(1);
    try {
      const response = await subgraphFetcher({ timeoutMs: 5_000, retries: 2, backoffMs: 1 })(subgraph.url, post('mutation M__commitments__0 { proposeCommitment { id } }'));
      expect(response.status).toBe(503);
      expect(subgraph.received()).toBe(1);
    } finally {
      await subgraph.close();
    }
  });

  it('retry a query whose connection was refused, and fail once the budget is spent', async () => {
    const subgraph = await flakySubgraph(0);
    const url = subgraph.url;
    await subgraph.close();
    const started = Date.now();
    await expect(subgraphFetcher({ timeoutMs: 5_000, retries: 2, backoffMs: 1 })(url, post('{ ok }'))).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  describe('over pooled connections (the deadline is one timer, not an AbortSignal)', () => {
    let connections: SubgraphConnections;
    beforeEach(() => {
      connections = new SubgraphConnections(4);
    });
    afterEach(() => connections.destroy());

    it('retries a 503 on the kept-alive connection and reads the answer and its headers', async () => {
      const subgraph = await flakySubgraph(1);
      try {
        const response = await subgraphFetcher({ timeoutMs: 5_000, retries: 2, backoffMs: 1, pooled: pooledFetch(connections) })(subgraph.url, post('{ ok }'));
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('application/json');
        expect(await response.json()).toEqual({ data: { ok: true } });
        expect(subgraph.received()).toBe(2);
      } finally {
        await subgraph.close();
      }
    });

    it('a TimeoutError is final even when the clock says the deadline is a moment away (a timer may fire that early)', async () => {
      let calls = 0;
      const timingOut = async (): Promise<Response> => {
        calls++;
        throw new DOMException('The operation was aborted due to timeout', 'TimeoutError');
      };
      const failure = await subgraphFetcher({ timeoutMs: 10_000, retries: 2, backoffMs: 1, pooled: timingOut })('http://subgraph.invalid/graphql', post('{ ok }')).catch((e: unknown) => e);
      expect(failure).toMatchObject({ name: 'TimeoutError' });
      expect(calls).toBe(1); // not sent again: a read is retried only when the subgraph could not take it
    });

    it('a subgraph that never answers ends with a TimeoutError at the deadline, and a read is not sent again after it', async () => {
      let received = 0;
      const hung = http.createServer((req) => {
        received++;
        req.resume(); // never answered
      });
      await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
      const url = `http://127.0.0.1:${(hung.address() as AddressInfo).port}/graphql`;
      try {
        const started = performance.now();
        const failure = await subgraphFetcher({ timeoutMs: 300, retries: 2, backoffMs: 1, pooled: pooledFetch(connections) })(url, post('{ ok }')).catch((e: unknown) => e as Error);
        const elapsed = performance.now() - started;
        // The name AbortSignal.timeout gives, which the data source reports as "did not answer within".
        expect(failure).toMatchObject({ name: 'TimeoutError' });
        expect(elapsed).toBeGreaterThanOrEqual(290);
        expect(elapsed).toBeLessThan(3_000);
        expect(received).toBe(1);
      } finally {
        hung.closeAllConnections();
        await new Promise((r) => hung.close(r));
      }
    });
  });
});
