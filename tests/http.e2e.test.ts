import path from 'node:path';
import { createHash } from 'node:crypto';
import { openTestSupergraph, type TestSupergraph } from '@accords/gateway/testing';
import { readManifest } from '@accords/gateway';
import { commitmentCard, createClient, ministryCommitments, AccordsRequestError } from '@accords/examples';
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
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

/** A raw GraphQL POST: query text and/or a persisted-query hash. */
async function postRaw(url: string, payload: { query?: string; hash?: string; variables?: Record<string, unknown> }) {
  const extensions = payload.hash ? { persistedQuery: { version: 1, sha256Hash: payload.hash } } : undefined;
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: payload.query, variables: payload.variables, extensions }) });
  return { status: res.status, body: (await res.json()) as any };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const totalStatements = () => Object.values(graph.statementCounts()).reduce((a, b) => a + b, 0);

/** A fetch that records what the client sent, to show what went over the wire. */
function recordingFetch() {
  const sent: Record<string, any>[] = [];
  const wrapped: typeof fetch = async (input, init) => {
    sent.push(JSON.parse(String(init?.body)));
    return fetch(input, init);
  };
  return { sent, fetch: wrapped };
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
    // The KPI result cache: a list's totalCount goes through it, computed once, then served from memory.
    const kpiMetrics = async () => (await (await fetch(http.subgraphUrls.commitments.replace(/graphql$/, 'metrics'))).text()).split('\n').filter((l) => l.startsWith('accords_kpi'));
    const value = (lines: string[], name: string) => Number(lines.find((l) => l.startsWith(`${name}{`))?.split(' ')[1]);
    await post(http.gatewayUrl, 'query Listing { commitments(first: 1, leadAgencyId: "MOH") { totalCount } }');
    const before = await kpiMetrics();
    await post(http.gatewayUrl, 'query Listing { commitments(first: 1, leadAgencyId: "MOH") { totalCount } }');
    const after = await kpiMetrics();
    expect(value(after, 'accords_kpi_cache_hits_total')).toBe(value(before, 'accords_kpi_cache_hits_total') + 1);
    expect(value(after, 'accords_kpi_cache_misses_total')).toBe(value(before, 'accords_kpi_cache_misses_total'));
    expect(value(after, 'accords_kpi_cache_entries')).toBeGreaterThan(0);
    expect(commitments).toMatch(/accords_kpi_refreshed_total\{service="commitments"\} \d/);
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

describe('rate limits', () => {
  const query = '{ partners(first: 1) { totalCount } }';
  const from = (address: string) => ({ 'x-forwarded-for': address });

  it('refuses an anonymous address over its budget with 429, RATE_LIMITED and Retry-After, running nothing; another address is unaffected', async () => {
    const gateway = await graph.serveHttp({ gateway: { rateLimits: { userPerMinute: 0, ipPerMinute: 3, publicMutationsPerHour: 0 }, trustedProxy: ['loopback'] } });
    try {
      for (let i = 0; i < 3; i++) expect((await post(gateway.gatewayUrl, query, undefined, from('203.0.113.7'))).status).toBe(200);
      graph.resetCounters();
      const refused = await post(gateway.gatewayUrl, query, undefined, from('203.0.113.7'));
      expect(refused.status).toBe(429);
      expect(refused.body.data ?? null).toBeNull();
      const error = refused.body.errors[0];
      expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', budget: 'address', limit: 3 });
      expect(error.extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      expect(error.extensions.retryAfterSeconds).toBeLessThanOrEqual(20); // one request every 20 s
      expect(refused.headers.get('retry-after')).toBe(String(error.extensions.retryAfterSeconds));
      expect(totalStatements()).toBe(0);
      // Another client behind the same trusted proxy has its own budget.
      const other = await post(gateway.gatewayUrl, query, undefined, from('203.0.113.8'));
      expect(other.status).toBe(200);
      expect(other.body.data.partners.totalCount).toBeGreaterThan(0);
      const metrics = await (await fetch(gateway.gatewayUrl.replace(/graphql$/, 'metrics'))).text();
      expect(metrics).toMatch(/accords_rate_limited_total\{[^}]*budget="address"[^}]*\} 1/);
    } finally {
      await gateway.stop();
    }
  });

  it('ignores X-Forwarded-For unless TRUSTED_PROXY says whom to believe', async () => {
    const gateway = await graph.serveHttp({ gateway: { rateLimits: { userPerMinute: 0, ipPerMinute: 2, publicMutationsPerHour: 0 } } });
    try {
      expect((await post(gateway.gatewayUrl, query, undefined, from('198.51.100.1'))).status).toBe(200);
      expect((await post(gateway.gatewayUrl, query, undefined, from('198.51.100.2'))).status).toBe(200);
      // A made-up header buys no new budget: all three come from this machine's address.
      expect((await post(gateway.gatewayUrl, query, undefined, from('198.51.100.3'))).status).toBe(429);
    } finally {
      await gateway.stop();
    }
  });

  it('counts signed-in users by token subject: one user over budget leaves other users and anonymous callers alone', async () => {
    const gateway = await graph.serveHttp({
      verifyToken: async (token) => ({ subject: token.replace(/^token-/, ''), agency: { type: 'MINISTRY', id: 'MOFA' }, roles: ['viewer'] }),
      gateway: { rateLimits: { userPerMinute: 2, ipPerMinute: 1, publicMutationsPerHour: 0 } },
    });
    const as = (subject: string) => ({ authorization: `Bearer token-${subject}` });
    try {
      expect((await post(gateway.gatewayUrl, query, undefined, as('an'))).status).toBe(200);
      expect((await post(gateway.gatewayUrl, query, undefined, as('an'))).status).toBe(200);
      const refused = await post(gateway.gatewayUrl, query, undefined, as('an'));
      expect(refused.status).toBe(429);
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', budget: 'user' });
      expect(refused.body.errors[0].message).toMatch(/for this user/);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect((await post(gateway.gatewayUrl, query, undefined, as('binh'))).status).toBe(200);
      // The users' requests were not charged to the address they came from.
      expect((await post(gateway.gatewayUrl, query)).status).toBe(200);
      expect((await post(gateway.gatewayUrl, query)).status).toBe(429);
    } finally {
      await gateway.stop();
    }
  });

  it('gives anonymous mutations a stricter hourly budget of their own, refused with 429 and Retry-After', async () => {
    const gateway = await graph.serveHttp({
      verifyToken: async () => ({ subject: 'editor@moh', agency: { type: 'MINISTRY', id: 'MOH' }, roles: ['editor'] }),
      gateway: { rateLimits: { userPerMinute: 100, ipPerMinute: 100, publicMutationsPerHour: 1 } },
    });
    // `__typename` on the mutation root: a valid mutation that needs no particular field of the schema.
    const mutation = 'mutation Submit { __typename }';
    try {
      expect((await post(gateway.gatewayUrl, mutation)).body.data).toEqual({ __typename: 'Mutation' });
      const refused = await post(gateway.gatewayUrl, mutation);
      expect(refused.status).toBe(429);
      expect(refused.body.data ?? null).toBeNull();
      expect(refused.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', budget: 'publicMutations', limit: 1 });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(3000); // one an hour: the next in an hour
      // Reads from the same address, and a signed-in user's mutations, are not charged to it.
      expect((await post(gateway.gatewayUrl, query)).status).toBe(200);
      expect((await post(gateway.gatewayUrl, mutation, undefined, { authorization: 'Bearer editor' })).status).toBe(200);
    } finally {
      await gateway.stop();
    }
  });
});

describe('persisted queries', () => {
  const manifestPath = path.join(__dirname, '..', 'examples', 'persisted-query-manifest.json');
  const query = 'query PartnerName($id: ID!) { partner(id: $id) { name } }';

  it('APQ (the default): an unknown hash is asked for, hash + text registers it, then the hash alone runs it', async () => {
    const hash = sha256(query);
    const unknown = await postRaw(http.gatewayUrl, { hash, variables: { id: 'JP' } });
    expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(unknown.body.data ?? null).toBeNull();
    expect((await postRaw(http.gatewayUrl, { hash, query, variables: { id: 'JP' } })).body.data.partner.name).toBe('Nhật Bản');
    expect((await postRaw(http.gatewayUrl, { hash, variables: { id: 'KR' } })).body.data.partner.name).toBe('Hàn Quốc');
    // GET with the hash alone: cacheable URLs for CDNs and browsers.
    const params = new URLSearchParams({ variables: JSON.stringify({ id: 'JP' }), extensions: JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }) });
    const get = await fetch(`${http.gatewayUrl}?${params}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(((await get.json()) as any).data.partner.name).toBe('Nhật Bản');
    // A hash that does not match the text is refused.
    expect((await postRaw(http.gatewayUrl, { hash: sha256('other'), query, variables: { id: 'JP' } })).status).toBe(400);
  });

  it('APQ through the typed client: one round trip to register, then hashes only', async () => {
    const wire = recordingFetch();
    const client = createClient({ url: http.gatewayUrl, fetch: wire.fetch });
    const first = await commitmentCard(client, 'MOH-2025-001');
    expect(first).toEqual({ code: 'MOH-2025-001', title: expect.any(String), signedOn: '2025-07-22', lead: 'Bộ Y tế (Ministry of Health)', partners: ['Nhật Bản', 'Hàn Quốc'] });
    await commitmentCard(client, '20-2025-001');
    // First call: hash, asked for the text, hash + text. Second call: the hash alone.
    expect(wire.sent.map((body) => [Boolean(body.extensions?.persistedQuery), Boolean(body.query)])).toEqual([
      [true, false],
      [true, true],
      [true, false],
    ]);
  });

  it('allow-list mode runs the manifest of the example operations, by id alone, and the downloads\' operations, and refuses every other operation before it runs', async () => {
    const manifest = readManifest(manifestPath);
    const gateway = await graph.serveHttp({ gateway: { persistedQueries: { mode: 'allowlist', manifest } } });
    try {
      const wire = recordingFetch();
      const client = createClient({ url: gateway.gatewayUrl, fetch: wire.fetch });
      const card = await commitmentCard(client, '20-2025-001');
      expect(card?.lead).toBe('Tỉnh Lạng Sơn, province');
      const moit = await ministryCommitments(client, 'MOIT', 2);
      expect(moit?.commitments).toHaveLength(moit!.totalCount);
      expect(moit!.totalCount).toBeGreaterThan(2); // it took more than one page
      // Every request carried the manifest id and no text.
      expect(wire.sent.every((body) => !body.query && manifest.operations.some((op) => op.id === body.extensions.persistedQuery.sha256Hash))).toBe(true);
      // The manifest body sent as text runs too: its hash is listed.
      const listed = manifest.operations.find((op) => op.name === 'CommitmentWithPartners')!;
      expect((await postRaw(gateway.gatewayUrl, { query: listed.body, variables: { code: 'MOH-2025-001' } })).body.data.commitment.code).toBe('MOH-2025-001');
      // The downloads run their operations through the same allow-list; the manifest lists them (the report's, here).
      const base = gateway.gatewayUrl.replace(/\/graphql$/, '');
      const report = await fetch(`${base}/reports/commitment/MOH-2025-001.docx?asOf=2026-06-30`);
      expect(report.status).toBe(200);
      expect(report.headers.get('content-type')).toMatch(/wordprocessingml/);
      expect(manifest.operations.map((op) => op.name)).toContain('CommitmentReport');

      graph.resetCounters();
      // An export of an operation the manifest does not list is refused like any other, before it runs.
      const table = await fetch(`${base}/exports/table.csv`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: { id: 'JP' }, path: 'partner' }) });
      expect(table.status).toBe(400);
      expect(((await table.json()) as any).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
      const other = await postRaw(gateway.gatewayUrl, { query, variables: { id: 'JP' } });
      expect(other.status).toBe(400);
      expect(other.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
      expect(other.body.errors[0].message).toMatch(/"PartnerName" is not in this gateway's persisted-query list/);
      expect(other.body.data ?? null).toBeNull();
      // An APQ client: unknown hash, then hash + text, which is refused and not registered.
      expect((await postRaw(gateway.gatewayUrl, { hash: sha256(query), variables: { id: 'JP' } })).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect((await postRaw(gateway.gatewayUrl, { hash: sha256(query), query, variables: { id: 'JP' } })).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_IN_LIST');
      expect((await postRaw(gateway.gatewayUrl, { hash: sha256(query), variables: { id: 'JP' } })).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(totalStatements()).toBe(0);
    } finally {
      await gateway.stop();
    }
  });

  it('off: a hash is refused with PERSISTED_QUERY_NOT_SUPPORTED and the typed client falls back to text', async () => {
    const gateway = await graph.serveHttp({ gateway: { persistedQueries: { mode: 'off' } } });
    try {
      const refused = await postRaw(gateway.gatewayUrl, { hash: sha256(query), query, variables: { id: 'JP' } });
      expect(refused.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_SUPPORTED');
      const wire = recordingFetch();
      const client = createClient({ url: gateway.gatewayUrl, fetch: wire.fetch });
      expect((await commitmentCard(client, 'MOH-2025-001'))?.partners).toEqual(['Nhật Bản', 'Hàn Quốc']);
      expect((await commitmentCard(client, 'NOPE-0000-000').catch((e: unknown) => e)) as AccordsRequestError).toBeInstanceOf(AccordsRequestError);
      // After the refusal it sends text only.
      expect(wire.sent.slice(1).every((body) => body.query && !body.extensions)).toBe(true);
    } finally {
      await gateway.stop();
    }
  });
});
