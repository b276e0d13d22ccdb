import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { GraphQLError } from 'graphql';
import { IDENTITY_HEADER, verifyInternalIdentity, type Identity } from '@accords/auth';
import { httpPeers } from '../src/peers';

const SECRET = 'peer-test-shared-secret-with-32-characters!';
const caller = { requestId: 'req-42', identity: { subject: 'u1', agency: { type: 'LOCALITY', id: '20' }, roles: ['editor'] } as Identity };

/** A stand-in subgraph: answers with `reply` and records what it was sent. */
async function fakeSubgraph(reply: (body: { query: string }) => object) {
  const seen: { headers: http.IncomingHttpHeaders; body: { query: string; variables: unknown } }[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = JSON.parse(raw);
      seen.push({ headers: req.headers, body });
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(reply(body)));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return { url, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('peers over HTTP', () => {
  it('sends the request id and the caller re-signed with the shared secret, and returns the data', async () => {
    const peer = await fakeSubgraph(() => ({ data: { ok: true } }));
    try {
      const data = await httpPeers({ localities: peer.url }, { internalSecret: SECRET }).query('localities', '{ ok }', { a: 1 }, caller);
      expect(data).toEqual({ ok: true });
      expect(peer.seen[0].headers['x-request-id']).toBe('req-42');
      expect(peer.seen[0].body.variables).toEqual({ a: 1 });
      expect(await verifyInternalIdentity(String(peer.seen[0].headers[IDENTITY_HEADER]), SECRET)).toMatchObject({ subject: 'u1', agency: { type: 'LOCALITY', id: '20' } });
    } finally {
      await peer.close();
    }
  });

  it("keeps a peer's error code and names the peer; an unknown code becomes SERVICE_UNAVAILABLE", async () => {
    const peer = await fakeSubgraph((body) => ({ errors: [{ message: 'no such thing', extensions: { code: body.query.includes('known') ? 'BAD_USER_INPUT' : 'WEIRD' } }] }));
    try {
      const peers = httpPeers({ partners: peer.url }, { internalSecret: SECRET });
      await expect(peers.query('partners', '{ known }', {}, caller)).rejects.toMatchObject({ message: 'The partners service refused: no such thing', extensions: { code: 'BAD_USER_INPUT', peer: 'partners' } });
      const unknown = await peers.query('partners', '{ other }', {}, caller).catch((e: GraphQLError) => e);
      expect((unknown as GraphQLError).extensions.code).toBe('SERVICE_UNAVAILABLE');
    } finally {
      await peer.close();
    }
  });

  it('turns an unreachable or unconfigured peer into SERVICE_UNAVAILABLE', async () => {
    const peer = await fakeSubgraph(() => ({}));
    const url = peer.url;
    await peer.close();
    const peers = httpPeers({ ministries: url }, { internalSecret: SECRET, timeoutMs: 1_000 });
    await expect(peers.query('ministries', '{ x }', {}, caller)).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' }, message: expect.stringMatching(/ministries service did not answer/) });
    await expect(peers.query('localities', '{ x }', {}, caller)).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE' }, message: expect.stringMatching(/PEER_LOCALITIES_URL/) });
  });
});
