import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { GraphQLError } from 'graphql';
import { exportJWK, generateKeyPair, SignJWT, type KeyLike } from 'jose';
import { createAgencyTokenVerifier, requireAgencyRole, signInternalIdentity, verifyInternalIdentity, type Identity } from '../src';

const SECRET = 'a-test-secret-that-is-long-enough-1234';

async function keyPair(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg: 'ES256' } };
}

function token(key: KeyLike, kid: string, claims: Record<string, unknown>, { exp = '1h', aud = 'accords', iss = 'test-idp' } = {}) {
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', kid }).setSubject('user-1').setIssuer(iss).setAudience(aud).setIssuedAt().setExpirationTime(exp).sign(key);
}

async function codeOf(promise: Promise<unknown>): Promise<[unknown, string]> {
  try {
    await promise;
    return ['NO_ERROR', ''];
  } catch (e) {
    return e instanceof GraphQLError ? [e.extensions.code, e.message] : ['NOT_A_GRAPHQL_ERROR', String(e)];
  }
}

describe('agency tokens', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accords-jwks-'));
  const jwksPath = path.join(dir, 'jwks.json');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('accepts a valid token and reads agency and roles; refuses expired, foreign-audience and unknown-key tokens', async () => {
    const a = await keyPair('a');
    fs.writeFileSync(jwksPath, JSON.stringify({ keys: [a.jwk] }));
    const verify = createAgencyTokenVerifier({ issuer: 'test-idp', audience: 'accords', jwksPath });
    const identity = await verify(await token(a.privateKey, 'a', { agency: 'LOCALITY:20', roles: ['editor'] }));
    expect(identity).toEqual({ subject: 'user-1', name: undefined, agency: { type: 'LOCALITY', id: '20' }, roles: ['editor'] });

    expect(await codeOf(verify(await token(a.privateKey, 'a', { agency: 'LOCALITY:20' }, { exp: '-1m' })))).toEqual(['UNAUTHENTICATED', 'The token has expired; sign in again.']);
    expect((await codeOf(verify(await token(a.privateKey, 'a', {}, { aud: 'other' }))))[0]).toBe('UNAUTHENTICATED');
    expect((await codeOf(verify(await token(a.privateKey, 'a', { roles: ['admin'] }))))[1]).toMatch(/roles claim/);
    const stranger = await keyPair('b');
    expect((await codeOf(verify(await token(stranger.privateKey, 'b', {}))))[1]).toMatch(/key this service does not know/);
  });

  it('picks up a rotated key from the JWKS file without being recreated', async () => {
    const old = await keyPair('old');
    fs.writeFileSync(jwksPath, JSON.stringify({ keys: [old.jwk] }));
    const verify = createAgencyTokenVerifier({ issuer: 'test-idp', audience: 'accords', jwksPath });
    await expect(verify(await token(old.privateKey, 'old', {}))).resolves.toMatchObject({ subject: 'user-1' });
    const next = await keyPair('new');
    await new Promise((r) => setTimeout(r, 20)); // a distinct mtime
    fs.writeFileSync(jwksPath, JSON.stringify({ keys: [next.jwk] }));
    await expect(verify(await token(next.privateKey, 'new', {}))).resolves.toMatchObject({ subject: 'user-1' });
    expect((await codeOf(verify(await token(old.privateKey, 'old', {}))))[0]).toBe('UNAUTHENTICATED');
  });
});

describe('identity forwarded from the gateway to subgraphs', () => {
  const editor: Identity = { subject: 'u', agency: { type: 'MINISTRY', id: 'MOIT' }, roles: ['editor'] };

  it('round-trips when signed with the shared secret', async () => {
    expect(await verifyInternalIdentity(await signInternalIdentity(editor, SECRET), SECRET)).toMatchObject({ subject: 'u', agency: editor.agency, roles: ['editor'] });
  });

  it('refuses a forged identity (another secret) and an expired one', async () => {
    const forged = await signInternalIdentity({ ...editor, roles: ['approver'] }, 'an-attacker-secret-that-is-long-enough!!');
    expect((await codeOf(verifyInternalIdentity(forged, SECRET)))[0]).toBe('UNAUTHENTICATED');
    expect((await codeOf(verifyInternalIdentity(await signInternalIdentity(editor, SECRET, -5), SECRET)))[1]).toMatch(/expired/);
    expect((await codeOf(verifyInternalIdentity('not.a.jwt', SECRET)))[0]).toBe('UNAUTHENTICATED');
  });
});

describe('ownership and roles', () => {
  const moit = { type: 'MINISTRY', id: 'MOIT' } as const;
  const as = (agency: Identity['agency'], roles: Identity['roles']): Identity => ({ subject: 's', agency, roles });
  const outcome = (identity: Identity | null, role: 'editor' | 'approver') => {
    try {
      requireAgencyRole(identity, moit, role);
      return 'allowed';
    } catch (e) {
      return (e as GraphQLError).extensions.code;
    }
  };

  it.each([
    ['anonymous', null, 'editor', 'UNAUTHENTICATED'],
    ['a viewer of the owner', as(moit, ['viewer']), 'editor', 'FORBIDDEN'],
    ['an editor of the owner', as(moit, ['editor']), 'editor', 'allowed'],
    ['an editor of the owner approving', as(moit, ['editor']), 'approver', 'FORBIDDEN'],
    ['an approver of the owner editing', as(moit, ['approver']), 'editor', 'allowed'],
    ['an approver of another agency', as({ type: 'MINISTRY', id: 'MOST' }, ['approver']), 'editor', 'FORBIDDEN'],
    ['central oversight (MOFA) writing another agency\'s record', as({ type: 'MINISTRY', id: 'MOFA' }, ['approver']), 'editor', 'FORBIDDEN'],
    ['a locality with the same id text', as({ type: 'LOCALITY', id: 'MOIT' }, ['editor']), 'editor', 'FORBIDDEN'],
  ] as const)('%s → %s', (_who, identity, role, expected) => {
    expect(outcome(identity as Identity | null, role)).toBe(expected);
  });
});
