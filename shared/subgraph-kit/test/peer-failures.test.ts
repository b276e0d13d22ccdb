/**
 * A peer that fails is reported as SERVICE_UNAVAILABLE naming the peer, and the cause (the fetch error, the HTTP
 * status) is kept: logged with the request id, and attached as the error's original error. Local servers only.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import type { GraphQLError } from 'graphql';
import { createLogger } from '@accords/logger';
import { httpPeers } from '../src/peers';

const SECRET = 'peer-test-shared-secret-with-32-characters!';
const caller = { requestId: 'req-peer-1', identity: null };

function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _e, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, logger: createLogger({ service: 'commitments', level: 'info' }, sink) };
}

async function server(handler: http.RequestListener) {
  const s = http.createServer(handler);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/graphql`, close: () => new Promise((resolve) => s.close(resolve)) };
}

const failure = (promise: Promise<unknown>) => promise.then(() => { throw new Error('expected a failure'); }, (e: GraphQLError) => e);

it("an HTTP failure status is SERVICE_UNAVAILABLE naming the peer and its status, not 'no data'", async () => {
  const { lines, logger } = capture();
  const peer = await server((_req, res) => {
    res.statusCode = 502;
    res.setHeader('content-type', 'text/html');
    res.end('<html>Bad gateway</html>');
  });
  try {
    const error = await failure(httpPeers({ localities: peer.url }, { internalSecret: SECRET, logger }).query('localities', '{ x }', {}, caller));
    expect(error.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', peer: 'localities', peerStatus: 502 });
    expect(error.message).toMatch(/localities service answered HTTP 502/);
    expect(error.originalError).toBeDefined();
    expect(lines.filter((l) => l.msg === 'Peer service unavailable')).toEqual([expect.objectContaining({ requestId: 'req-peer-1', peer: 'localities', status: 502, level: 40 })]);
  } finally {
    await peer.close();
  }
});

it('a JSON failure status without GraphQL errors is not taken as an empty answer', async () => {
  const peer = await server((_req, res) => {
    res.statusCode = 503;
    res.setHeader('content-type', 'application/json');
    res.end('{"status":"draining"}');
  });
  try {
    const error = await failure(httpPeers({ ministries: peer.url }, { internalSecret: SECRET }).query('ministries', '{ x }', {}, caller));
    expect(error.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', peer: 'ministries', peerStatus: 503 });
  } finally {
    await peer.close();
  }
});

it('an unreachable peer keeps the fetch error as the logged cause', async () => {
  const { lines, logger } = capture();
  const peer = await server(() => undefined);
  await peer.close();
  const error = await failure(httpPeers({ partners: peer.url }, { internalSecret: SECRET, timeoutMs: 2_000, logger }).query('partners', '{ x }', {}, caller));
  expect(error.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', peer: 'partners' });
  expect(error.originalError?.message).toMatch(/fetch failed/);
  const [line] = lines.filter((l) => l.msg === 'Peer service unavailable');
  expect(line).toMatchObject({ peer: 'partners', requestId: 'req-peer-1' });
  expect(JSON.stringify(line.err)).toMatch(/ECONNREFUSED|fetch failed/);
});
