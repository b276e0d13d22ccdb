/**
 * `npm run token -- --agency LOCALITY:20 --roles editor,approver [--sub user@langson.gov.vn] [--hours 8]`
 * Issues a development token from the local key pair (made on first use under infra/dev-keys/, never committed).
 * The gateway trusts infra/dev-keys/jwks.json outside production; in GraphiQL add the header
 *   { "Authorization": "Bearer <token>" }
 */
import path from 'node:path';
import { ROLES, parseAgency, parseRoles } from '@accords/auth';
import { DEV_KEYS_DIR, devToken, ensureDevKeys } from './dev-keys';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main() {
  if (await ensureDevKeys()) {
    console.error(`Created a development key pair in ${path.relative(process.cwd(), DEV_KEYS_DIR)}/ (restart the gateway to pick it up the first time)`);
  }
  const agency = arg('agency');
  parseAgency(agency);
  const roles = parseRoles((arg('roles', 'viewer') ?? '').split(',').filter(Boolean));
  console.log(await devToken({ agency: agency ?? null, roles, subject: arg('sub', `dev-${agency ?? 'public'}`)!, name: arg('name'), hours: Number(arg('hours', '8')) }));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error, `\nUsage: npm run token -- --agency MINISTRY:MOFA|LOCALITY:20 --roles ${ROLES.join(',')}`);
  process.exit(1);
});
