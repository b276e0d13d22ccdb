import { ConfigError } from '@accords/config';
import { DEVELOPMENT_INTERNAL_SECRET } from '@accords/auth';

/**
 * Outside development (production is the default when NODE_ENV is unset), the gateway and every subgraph must share
 * a real secret: the constant development secret is in the source, so anyone could forge an identity with it.
 */
export function internalSecretFor(nodeEnv: string, secret: string | undefined): string {
  if (secret) return secret;
  if (nodeEnv !== 'development') {
    throw new ConfigError([
      `INTERNAL_IDENTITY_SECRET: required when NODE_ENV is "${nodeEnv}" (NODE_ENV defaults to production): set 32+ random characters, the same for the gateway and every subgraph; only NODE_ENV=development falls back to the built-in development secret`,
    ]);
  }
  return DEVELOPMENT_INTERNAL_SECRET;
}
