/**
 * An identity provider the gateway cannot reach is not a bad token: the request gets SERVICE_UNAVAILABLE with HTTP
 * 503 (and the cause is logged), not UNAUTHENTICATED/401, which would tell a user with a good token to sign in again.
 * Local servers only: a JWKS endpoint that is down, one that fails, and one that works (a bad token stays 401).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createAgencyTokenVerifier } from '@accords/auth';
import { serveGateway, type RunningGateway } from '../src/server';
import { HELLO_SUPERGRAPH } from './support/supergraph';
import { capturingLogger } from './support/log-lines';

const SDL = HELLO_SUPERGRAPH;

async function jwksServer(handler: http.RequestListener) {
  const s = http.createServer(handler);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(s.address() as AddressInfo).port}/jwks.json`, close: () => new Promise((resolve) => s.close(resolve)) };
}

const { logger, lines } = capturingLogger('info');

let keys: Awaited<ReturnType<typeof generateKeyPair>>;
let token: string;
beforeAll(async () => {
  keys = await generateKeyPair('ES256', { extractable: true });
  token = await new SignJWT({ agency: 'LOCALITY:20', roles: ['viewer'] }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setSubject('u1').setIssuer('idp').setAudience('accords').setIssuedAt().setExpirationTime('1h').sign(keys.privateKey);
});

async function ask(jwksUrl: string, bearer: string) {
  const gateway: RunningGateway = await serveGateway({
    supergraphSdl: SDL, development: false, internalSecret: 'identity-provider-test-secret-32-characters', logger, port: 0,
    verifyToken: createAgencyTokenVerifier({ issuer: 'idp', audience: 'accords', jwksUrl }),
  });
  try {
    const res = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}`, 'x-request-id': 'req-idp' }, body: JSON.stringify({ query: '{ __typename }' }) });
    return { status: res.status, body: (await res.json()) as { errors?: { message: string; extensions?: Record<string, unknown> }[] } };
  } finally {
    await gateway.stop();
  }
}

it('an unreachable JWKS URL is SERVICE_UNAVAILABLE (503) with the cause logged, not 401', async () => {
  const down = await jwksServer(() => undefined);
  await down.close();
  lines.length = 0;
  const { status, body } = await ask(down.url, token);
  expect(status).toBe(503);
  expect(body.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
  const logged = lines.filter((l) => l.msg === 'Identity provider unavailable');
  expect(logged).toHaveLength(1);
  expect(logged[0]).toMatchObject({ requestId: 'req-idp', level: 50 });
  expect(JSON.stringify(logged[0].err)).toMatch(/fetch failed|ECONNREFUSED/);
});

it('a JWKS endpoint answering 500 is SERVICE_UNAVAILABLE too', async () => {
  const failing = await jwksServer((_req, res) => {
    res.statusCode = 500;
    res.end('oops');
  });
  try {
    const { status, body } = await ask(failing.url, token);
    expect(status).toBe(503);
    expect(body.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
  } finally {
    await failing.close();
  }
});

it('with the provider up, a good token passes and a forged one is still 401', async () => {
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'ES256' };
  const up = await jwksServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  try {
    expect((await ask(up.url, token)).status).toBe(200);
    const forged = `${token.slice(0, -6)}AAAAAA`;
    const refused = await ask(up.url, forged);
    expect(refused.status).toBe(401);
    expect(refused.body.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  } finally {
    await up.close();
  }
});
