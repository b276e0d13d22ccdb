import fs from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, SignJWT, errors as joseErrors, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { accordsError } from '@accords/errors';
import { parseAgency, parseRoles, formatAgency, type Identity } from './identity';

export interface AgencyTokenOptions {
  issuer: string;
  audience: string;
  /** A JWKS file; re-read when it changes on disk, so keys rotate without a restart. */
  jwksPath?: string;
  /** Or the identity provider's JWKS URL (jose caches and refreshes it on an unknown key id). */
  jwksUrl?: string;
}

function fileKeySet(path: string): JWTVerifyGetKey {
  let loadedAt = -1;
  let keySet: JWTVerifyGetKey | undefined;
  return (header, token) => {
    const mtime = fs.statSync(path).mtimeMs;
    if (!keySet || mtime !== loadedAt) {
      keySet = createLocalJWKSet(JSON.parse(fs.readFileSync(path, 'utf8')) as JSONWebKeySet);
      loadedAt = mtime;
    }
    return keySet(header, token);
  };
}

function tokenProblem(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'The token has expired; sign in again.';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `The token's ${error.claim} claim is not accepted here.`;
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'The token was signed with a key this service does not know.';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'The token signature is invalid.';
  return 'The token is not a valid signed JWT.';
}

/** Verifies agency tokens (signature, issuer, audience, expiry) and turns their claims into an Identity. */
export function createAgencyTokenVerifier(options: AgencyTokenOptions): (token: string) => Promise<Identity> {
  if (!options.jwksPath && !options.jwksUrl) throw new Error('Set a JWKS file or URL to verify tokens');
  const keys = options.jwksUrl ? createRemoteJWKSet(new URL(options.jwksUrl)) : fileKeySet(options.jwksPath!);
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, { issuer: options.issuer, audience: options.audience, algorithms: ['RS256', 'ES256', 'EdDSA'] });
      if (!payload.sub) throw accordsError('UNAUTHENTICATED', 'The token has no subject.');
      return { subject: payload.sub, name: typeof payload.name === 'string' ? payload.name : undefined, agency: parseAgency(payload.agency), roles: parseRoles(payload.roles) };
    } catch (error) {
      if ((error as { extensions?: { code?: string } }).extensions?.code) throw error;
      if (keySetUnavailable(error)) {
        // Not the caller's fault: the identity provider's keys could not be read. The cause travels for the log.
        throw accordsError('SERVICE_UNAVAILABLE', 'The identity provider could not be reached to verify the token; retry later.', { http: { status: 503 } }, error);
      }
      throw accordsError('UNAUTHENTICATED', tokenProblem(error));
    }
  };
}

/**
 * Whether verification failed because the key set could not be had (JWKS URL unreachable, timed out, answered
 * non-200 or garbage; JWKS file unreadable), as opposed to a bad token. jose raises its own errors for every
 * problem with the token itself; anything else (a failed fetch, a file-system error) is the provider's side.
 */
function keySetUnavailable(error: unknown): boolean {
  if (error instanceof joseErrors.JWKSTimeout || error instanceof joseErrors.JWKSInvalid) return true;
  if (error instanceof joseErrors.JOSEError) return /JSON Web Key Set HTTP response/i.test(error.message);
  return true;
}

const INTERNAL_ISSUER = 'accords-gateway';
const INTERNAL_AUDIENCE = 'accords-subgraphs';

function secretKey(secret: string): Uint8Array {
  if (secret.length < 32) throw new Error('The internal identity secret must be at least 32 characters');
  return new TextEncoder().encode(secret);
}

/**
 * The gateway forwards the verified identity to subgraphs as a short-lived token signed with a secret shared only by
 * the services, so a subgraph reached directly with a forged identity header refuses it.
 */
export async function signInternalIdentity(identity: Identity, secret: string, ttlSeconds = 60): Promise<string> {
  return new SignJWT({ agency: formatAgency(identity.agency), roles: identity.roles, name: identity.name })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.subject)
    .setIssuer(INTERNAL_ISSUER)
    .setAudience(INTERNAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${ttlSeconds}s`)
    .sign(secretKey(secret));
}

export async function verifyInternalIdentity(token: string, secret: string): Promise<Identity> {
  try {
    const { payload } = await jwtVerify(token, secretKey(secret), { issuer: INTERNAL_ISSUER, audience: INTERNAL_AUDIENCE, algorithms: ['HS256'] });
    return { subject: String(payload.sub), name: typeof payload.name === 'string' ? payload.name : undefined, agency: parseAgency(payload.agency), roles: parseRoles(payload.roles) };
  } catch (error) {
    throw accordsError('UNAUTHENTICATED', `The forwarded identity was refused: ${tokenProblem(error)}`);
  }
}

/** Header carrying the internal identity from the gateway to subgraphs. */
export const IDENTITY_HEADER = 'x-accords-identity';

/** Development default, refused in production by the services' configuration. */
export const DEVELOPMENT_INTERNAL_SECRET = 'accords-development-only-internal-identity-secret';
