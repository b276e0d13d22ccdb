/**
 * Development identity: a local key pair under infra/dev-keys/ (git-ignored), whose public JWKS the gateway trusts
 * outside production. `npm run token` and `npm start` (for the demo story) issue tokens from it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import type { Role } from '@accords/auth';

export const DEV_KEYS_DIR = path.join(__dirname, '..', 'infra', 'dev-keys');
const privatePath = path.join(DEV_KEYS_DIR, 'private.jwk.json');
const jwksPath = path.join(DEV_KEYS_DIR, 'jwks.json');

/** Creates the key pair on first use; true when it was created now. */
export async function ensureDevKeys(): Promise<boolean> {
  if (fs.existsSync(privatePath) && fs.existsSync(jwksPath)) return false;
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `dev-${Date.now()}`;
  fs.mkdirSync(DEV_KEYS_DIR, { recursive: true });
  fs.writeFileSync(privatePath, JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: 'ES256' }), { mode: 0o600 });
  fs.writeFileSync(jwksPath, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] }, null, 2));
  return true;
}

export interface DevClaims {
  /** "MINISTRY:MOFA", "LOCALITY:20", or null for a member of the public. */
  agency: string | null;
  roles: Role[];
  subject: string;
  name?: string;
  hours?: number;
}

export async function devToken(claims: DevClaims): Promise<string> {
  await ensureDevKeys();
  const jwk = JSON.parse(fs.readFileSync(privatePath, 'utf8')) as JWK & { kid: string };
  return new SignJWT({ agency: claims.agency, roles: claims.roles, name: claims.name })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid })
    .setSubject(claims.subject)
    .setIssuer(process.env.AUTH_ISSUER ?? 'accords-dev')
    .setAudience(process.env.AUTH_AUDIENCE ?? 'accords')
    .setIssuedAt()
    .setExpirationTime(`${claims.hours ?? 8}h`)
    .sign(await importJWK(jwk, 'ES256'));
}
