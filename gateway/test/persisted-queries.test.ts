import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import { persistedQueries, readManifest, sha256, type PersistedQueriesOptions } from '../src/plugins/persisted-queries';

const typeDefs = 'type Query { echo(text: String!): String }';
let executed = 0;

async function serverWith(options: PersistedQueriesOptions) {
  const persisted = persistedQueries(options);
  const server = new ApolloServer({
    typeDefs,
    resolvers: { Query: { echo: (_: unknown, { text }: { text: string }) => (executed++, text) } },
    persistedQueries: persisted.apollo,
    plugins: persisted.plugins,
  });
  await server.start();
  const run = async (request: { query?: string; hash?: string }) => {
    const response = await server.executeOperation({
      query: request.query,
      extensions: request.hash ? { persistedQuery: { version: 1, sha256Hash: request.hash } } : undefined,
    } as never);
    const body = response.body.kind === 'single' ? response.body.singleResult : {};
    return { status: response.http.status, data: body.data, code: body.errors?.[0]?.extensions?.code };
  };
  return { run, stop: () => server.stop() };
}

describe('automatic persisted queries', () => {
  it('asks for an unknown hash, registers it with its text, then runs it by hash alone', async () => {
    const { run, stop } = await serverWith({ mode: 'apq' });
    const query = '{ echo(text: "xin chào") }';
    expect(await run({ hash: sha256(query) })).toMatchObject({ code: 'PERSISTED_QUERY_NOT_FOUND', data: undefined });
    expect(await run({ hash: sha256(query), query })).toMatchObject({ data: { echo: 'xin chào' } });
    expect(await run({ hash: sha256(query) })).toMatchObject({ data: { echo: 'xin chào' } });
    expect(await run({ hash: sha256('something else'), query })).toMatchObject({ status: 400 });
    await stop();
  });

  it('keeps a bounded cache: past its size the least recently used texts are forgotten', async () => {
    const { run, stop } = await serverWith({ mode: 'apq', cacheBytes: 200 });
    const queries = Array.from({ length: 6 }, (_, i) => `{ echo(text: "${String(i).repeat(40)}") }`); // ~60 bytes each
    for (const query of queries) expect((await run({ hash: sha256(query), query })).data).toBeDefined();
    expect((await run({ hash: sha256(queries[0]) })).code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await run({ hash: sha256(queries[5]) })).data).toBeDefined();
    await stop();
  });
});

describe('allow-list mode', () => {
  const listed = '{ echo(text: "listed") }';
  const manifest = {
    format: 'apollo-persisted-query-manifest' as const,
    version: 1 as const,
    operations: [
      { id: sha256(listed), name: 'Listed', type: 'query' as const, body: listed },
      { id: 'custom-id-7', name: 'Custom', type: 'query' as const, body: '{ echo(text: "custom") }' },
    ],
  };

  it('runs manifest operations by id or by text, and refuses anything else before it runs', async () => {
    const { run, stop } = await serverWith({ mode: 'allowlist', manifest });
    expect(await run({ hash: sha256(listed) })).toMatchObject({ data: { echo: 'listed' } });
    expect(await run({ hash: 'custom-id-7' })).toMatchObject({ data: { echo: 'custom' } });
    expect(await run({ query: listed })).toMatchObject({ data: { echo: 'listed' } });
    expect(await run({ query: '{ echo(text: "custom") }' })).toMatchObject({ data: { echo: 'custom' } });
    const before = executed;
    const other = '{ echo(text: "not listed") }';
    expect(await run({ query: other })).toMatchObject({ status: 400, code: 'PERSISTED_QUERY_NOT_IN_LIST', data: undefined });
    expect(await run({ hash: sha256(other) })).toMatchObject({ code: 'PERSISTED_QUERY_NOT_FOUND' });
    expect(await run({ hash: sha256(other), query: other })).toMatchObject({ status: 400, code: 'PERSISTED_QUERY_NOT_IN_LIST' });
    // Sending the text with its hash did not register it.
    expect(await run({ hash: sha256(other) })).toMatchObject({ code: 'PERSISTED_QUERY_NOT_FOUND' });
    expect(executed).toBe(before);
    await stop();
  });

  it('reads an Apollo persisted-query manifest and refuses a malformed one at start-up', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accords-manifest-'));
    const good = path.join(dir, 'good.json');
    fs.writeFileSync(good, JSON.stringify(manifest));
    expect(readManifest(good).operations.map((o) => o.name)).toEqual(['Listed', 'Custom']);
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 2, operations: [{ id: 'x', name: 'X', type: 'query' }] }));
    expect(() => readManifest(bad)).toThrow(/version[\s\S]*operations\.0\.body/);
    expect(() => readManifest(path.join(dir, 'missing.json'))).toThrow(/PERSISTED_QUERIES_MANIFEST: cannot read/);
    fs.rmSync(dir, { recursive: true });
  });

  it('needs a manifest', () => {
    expect(() => persistedQueries({ mode: 'allowlist' })).toThrow(/PERSISTED_QUERIES_MANIFEST/);
  });
});
