import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { commitments } from '@accords/commitments';
import { localities } from '@accords/localities';
import { ministries } from '@accords/ministries';
import { partners } from '@accords/partners';

/**
 * Requests that never reach GraphQL: not JSON, the wrong content type, too large, batched, an unknown path. Every
 * service (the gateway and each subgraph) answers with a JSON error body and a 4xx status, never an HTML page or a
 * stack trace, and a later well-formed request is served as usual.
 */
let graph: TestSupergraph;
let http: Awaited<ReturnType<TestSupergraph['serveHttp']>>;
let services: [string, string][];
beforeAll(async () => {
  graph = await openTestSupergraph([ministries, localities, partners, commitments] as Parameters<typeof openTestSupergraph>[0], { seed: 'reference' });
  http = await graph.serveHttp();
  services = [['gateway', http.gatewayUrl], ...Object.entries(http.subgraphUrls)];
});
afterAll(async () => {
  await http?.stop();
  await graph?.dispose();
});

async function send(url: string, body: string, contentType = 'application/json') {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': contentType, 'apollo-require-preflight': 'true' }, body });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text };
}

function expectJsonError(reply: { status: number; type: string; text: string }, status: number) {
  expect(reply.status).toBe(status);
  expect(reply.type).toMatch(/application\/(graphql-response\+)?json/);
  expect(reply.text).not.toMatch(/<html|<pre>|\bat [\w.]+ \(|node_modules/i);
  const body = JSON.parse(reply.text);
  expect(body.errors?.[0]?.message).toEqual(expect.any(String));
  expect(body.errors[0].extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
  return body.errors[0];
}

describe('malformed HTTP gets a JSON error from every service', () => {
  it('a body that is not JSON', async () => {
    for (const [name, url] of services) {
      const error = expectJsonError(await send(url, '{"query": "{ __typename }"'), 400);
      expect({ name, code: error.extensions.code }).toEqual({ name, code: 'BAD_USER_INPUT' });
      expect(error.message).toMatch(/not valid JSON/);
    }
  });

  it('a body over the size limit', async () => {
    const huge = JSON.stringify({ query: '{ __typename }', variables: { x: 'a'.repeat(2 * 1024 * 1024) } });
    for (const [, url] of services) {
      const error = expectJsonError(await send(url, huge), 413);
      expect(error.message).toMatch(/larger than this service accepts/);
    }
  });

  it('the wrong content type, an empty body and a batched array', async () => {
    for (const [, url] of services) {
      expectJsonError(await send(url, 'query { __typename }', 'text/plain'), 400);
      expectJsonError(await send(url, ''), 400);
      expectJsonError(await send(url, JSON.stringify([{ query: '{ __typename }' }, { query: '{ __typename }' }])), 400);
    }
  });

  it('an unknown path', async () => {
    for (const [, url] of services) {
      const res = await fetch(url.replace(/\/graphql$/, '/no-such-thing'));
      expect(res.status).toBe(404);
      expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0].extensions.code).toBe('NOT_FOUND');
    }
  });

  it('a well-formed request still works afterwards', async () => {
    for (const [, url] of services) {
      const reply = await send(url, JSON.stringify({ query: '{ __typename }' }));
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.text).data.__typename).toBe('Query');
    }
  });
});
