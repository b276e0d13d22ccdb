import { openTestSupergraph, type TestSupergraph } from '@accords/testkit';
import { allModules } from './modules';

let graph: TestSupergraph;
let http: Awaited<ReturnType<TestSupergraph['serveHttp']>>;
beforeAll(async () => {
  graph = await openTestSupergraph(allModules, { seed: 'demo' });
  http = await graph.serveHttp();
});
afterAll(async () => {
  await http?.stop();
  await graph?.dispose();
});

async function post(url: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return { status: res.status, body: (await res.json()) as any };
}

describe('through the real gateway over HTTP', () => {
  it('answers a query that crosses all four subgraphs', async () => {
    const { status, body } = await post(
      http.gatewayUrl,
      `query ($code: String!) { commitment(code: $code) {
          code title signedOn
          leadAgency { ... on Ministry { name nameEn } ... on Locality { name } }
          partners { id name commitments(first: 5) { edges { node { code leadAgency { ... on Locality { name } ... on Ministry { name } } } } } }
      } }`,
      { code: 'MOH-2025-001' },
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const c = body.data.commitment;
    expect(c.leadAgency).toEqual({ name: 'Bộ Y tế', nameEn: 'Ministry of Health' });
    expect(c.partners.map((p: any) => p.id)).toEqual(['JP', 'KR']);
    const korean = c.partners.find((p: any) => p.id === 'KR');
    expect(korean.name).toBe('Hàn Quốc');
    const leads = korean.commitments.edges.map((e: any) => e.node.leadAgency.name);
    expect(leads).toEqual(expect.arrayContaining(['Bộ Y tế', 'Thành phố Hồ Chí Minh']));
  });

  it('keeps the error code and the client path, names the service, and leaks no stack or SQL', async () => {
    const { body } = await post(http.gatewayUrl, '{ commitments(first: 2) { edges { node { code } } } missing: ministry(id: "NOPE") { name } }');
    const error = body.errors[0];
    expect(error.extensions.code).toBe('NOT_FOUND');
    expect(error.path).toEqual(['missing']);
    expect(error.extensions.service).toBe('ministries');
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|SELECT|\.ts:/);
    expect(body.data.commitments.edges).toHaveLength(2);
  });

  it('refuses bad variables with BAD_USER_INPUT before any subgraph is asked', async () => {
    const { body } = await post(http.gatewayUrl, 'query ($d: Date) { commitments(signedFrom: $d) { totalCount } }', { d: '31/12/2025' });
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(/YYYY-MM-DD/);
  });

  it('serves GraphiQL itself, with no script, style or font from any other host', async () => {
    const res = await fetch(http.gatewayUrl, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<title>Accords GraphiQL</title>');
    expect(html.length).toBeGreaterThan(100_000); // the editor itself is inlined
    const external = [...html.matchAll(/<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=\s*["']?(https?:)?\/\/[^"'\s>]+/gi)].map((m) => m[0]);
    expect(external).toEqual([]);
    expect(html).not.toMatch(/@import\s+url\(\s*["']?https?:/i);
    expect(html).not.toMatch(/embeddable-sandbox|apollo-server-landing-page|cdn\.jsdelivr|unpkg\.com/);
  });

  it('answers health and readiness on every service', async () => {
    for (const url of [http.gatewayUrl, ...Object.values(http.subgraphUrls)]) {
      const base = url.replace(/\/graphql$/, '');
      expect((await fetch(`${base}/health`)).status).toBe(200);
      const ready = await fetch(`${base}/ready`);
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as any).ready).toBe(true);
    }
  });

  it('refuses a subgraph request body over the size limit', async () => {
    const res = await fetch(http.subgraphUrls.partners, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ partners(search: "${'x'.repeat(2_000_000)}") { totalCount } }` }),
    });
    expect(res.status).toBe(413);
  });
});

describe('query limits at the gateway', () => {
  it('refuses a 20-level query before execution with QUERY_TOO_COMPLEX, touching no database', async () => {
    let body = 'id';
    for (let i = 1; i < 20; i++) body = i % 2 ? `commitments { edges { node { ${body} } } }` : `partners { ${body} }`;
    graph.resetCounters();
    const { status, body: response } = await post(http.gatewayUrl, `{ partners { edges { node { ${body} } } } }`);
    expect(status).toBe(400);
    expect(response.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    expect(response.errors[0].message).toMatch(/levels deep/);
    expect(Object.values(graph.statementCounts()).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('refuses 1,000 aliases with QUERY_TOO_COMPLEX', async () => {
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: partner(id: "CN") { name }`).join(' ');
    const { body } = await post(http.gatewayUrl, `{ ${aliases} }`);
    expect(body.errors.map((e: any) => e.extensions.code)).toEqual(expect.arrayContaining(['QUERY_TOO_COMPLEX']));
    expect(body.errors.some((e: any) => /aliases/.test(e.message))).toBe(true);
  });
});

describe('identity', () => {
  it('refuses a direct subgraph call carrying a forged identity header', async () => {
    const { signInternalIdentity } = await import('@accords/auth');
    const forged = await signInternalIdentity({ subject: 'mallory', agency: { type: 'MINISTRY', id: 'MOFA' }, roles: ['approver'] }, 'not-the-shared-secret-but-long-enough-!!');
    const { status, body } = await post(http.subgraphUrls.commitments, '{ commitments(first: 1) { totalCount } }', undefined, { 'x-accords-identity': forged });
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    expect(body.data ?? null).toBeNull();
    expect(status).toBeGreaterThanOrEqual(400);
  });

  it('refuses a malformed or unverifiable bearer token at the gateway with 401 UNAUTHENTICATED', async () => {
    for (const header of ['Bearer not-a-token', 'Basic dXNlcjpwdw==']) {
      const { status, body } = await post(http.gatewayUrl, '{ commitments(first: 1) { totalCount } }', undefined, { authorization: header });
      expect(status).toBe(401);
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('forwards a verified identity that every subgraph accepts', async () => {
    // The verifier stands in for the agency identity provider; the gateway → subgraph signing is the real one.
    const signedIn = await graph.serveHttp({
      verifyToken: async (token) => {
        if (token !== 'valid-token') throw new Error('unknown token');
        return { subject: 'editor@langson', agency: { type: 'LOCALITY', id: '20' }, roles: ['editor'] };
      },
    });
    try {
      const query = '{ commitment(code: "20-2025-001") { code leadAgency { ... on Locality { name } } partners { name } } ministry(id: "MOFA") { name } }';
      const ok = await post(signedIn.gatewayUrl, query, undefined, { authorization: 'Bearer valid-token' });
      expect(ok.status).toBe(200);
      expect(ok.body.errors).toBeUndefined();
      expect(ok.body.data.commitment.leadAgency.name).toBe('Tỉnh Lạng Sơn');
      const refused = await post(signedIn.gatewayUrl, query, undefined, { authorization: 'Bearer stolen-token' });
      expect(refused.status).toBe(401);
    } finally {
      await signedIn.stop();
    }
  });

  it('still serves anonymous (public) reads', async () => {
    const { status, body } = await post(http.gatewayUrl, '{ commitments(first: 1) { totalCount } }');
    expect(status).toBe(200);
    expect(body.data.commitments.totalCount).toBeGreaterThan(0);
  });
});

describe('operations', () => {
  it('exposes Prometheus metrics at every service: request counts by operation and outcome, latency, subgraph fetches', async () => {
    await post(http.gatewayUrl, 'query ProvincePage { locality(id: "20") { name commitments { totalCount } } }');
    await post(http.gatewayUrl, 'query Missing { ministry(id: "NOPE") { name } }');
    const gateway = await (await fetch(http.gatewayUrl.replace(/graphql$/, 'metrics'))).text();
    expect(gateway).toMatch(/accords_graphql_requests_total\{[^}]*operation="ProvincePage"[^}]*outcome="ok"[^}]*\} [1-9]/);
    expect(gateway).toMatch(/accords_graphql_requests_total\{[^}]*operation="Missing"[^}]*outcome="NOT_FOUND"/);
    expect(gateway).toMatch(/accords_graphql_request_duration_seconds_bucket\{[^}]*operation="ProvincePage"/);
    expect(gateway).toMatch(/accords_subgraph_fetch_duration_seconds_count\{[^}]*subgraph="commitments"[^}]*\} [1-9]/);
    const commitments = await (await fetch(http.subgraphUrls.commitments.replace(/graphql$/, 'metrics'))).text();
    expect(commitments).toMatch(/accords_db_statements_total\{service="commitments"\} [1-9]/);
    expect(commitments).toMatch(/accords_graphql_requests_total\{[^}]*service="commitments"/);
  });
});

describe('CORS allow-list', () => {
  it('answers a preflight from an allowed origin and refuses one from another', async () => {
    const preflight = (origin: string) =>
      fetch(http.gatewayUrl, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' } });
    const allowed = await preflight('http://frontend.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('http://frontend.example');
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    const other = await preflight('http://evil.example');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});
