/**
 * `npm run token -- --agency LOCALITY:20 --roles editor,approver [--sub user@langson.gov.vn] [--hours 8]`
 * Issues a development token from a local key pair (made on first use under infra/dev-keys/, never committed).
 * The gateway trusts infra/dev-keys/jwks.json outside production; in GraphiQL add the header
 *   { "Authorization": "Bearer <token>" }
 */
import fs from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import { ROLES, parseAgency, parseRoles } from '@accords/auth';

const dir = path.join(__dirname, '..', 'infra', 'dev-keys');
const privatePath = path.join(dir, 'private.jwk.json');
const jwksPath = path.join(dir, 'jwks.json');

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main() {
  if (!fs.existsSync(privatePath)) {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const kid = `dev-${Date.now()}`;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(privatePath, JSON.stringify({ ...(await exportJWK(privateKey)), kid, alg: 'ES256' }), { mode: 0o600 });
    fs.writeFileSync(jwksPath, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' }] }, null, 2));
    console.error(`Created a development key pair in ${path.relative(process.cwd(), dir)}/ (restart the gateway to pick it up the first time)`);
  }
  const jwk = JSON.parse(fs.readFileSync(privatePath, 'utf8')) as JWK & { kid: string };
  const agency = arg('agency');
  parseAgency(agency);
  const roles = parseRoles((arg('roles', 'viewer') ?? '').split(',').filter(Boolean));
  const hours = Number(arg('hours', '8'));
  const token = await new SignJWT({ agency: agency ?? null, roles, name: arg('name') })
    .setProtectedHeader({ alg: 'ES256', kid: jwk.kid })
    .setSubject(arg('sub', `dev-${agency ?? 'public'}`)!)
    .setIssuer(process.env.AUTH_ISSUER ?? 'accords-dev')
    .setAudience(process.env.AUTH_AUDIENCE ?? 'accords')
    .setIssuedAt()
    .setExpirationTime(`${hours}h`)
    .sign(await importJWK(jwk, 'ES256'));
  console.log(token);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error, `\nUsage: npm run token -- --agency MINISTRY:MOFA|LOCALITY:20 --roles ${ROLES.join(',')}`);
  process.exit(1);
});
