/**
 * Defaults fail closed: a deployment that forgets NODE_ENV runs as production, and production refuses to start
 * without INTERNAL_IDENTITY_SECRET (the development secret is a constant in the source). Real processes are
 * started as the container starts them, with the test runner's NODE_ENV and secret removed.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ConfigError, env, parseEnv } from '@accords/config';
import { DEVELOPMENT_INTERNAL_SECRET } from '@accords/auth';
import { internalSecretFor } from '@accords/subgraph-kit';
import { createGateway, loadGatewayConfig } from '@accords/gateway';
import { createLogger } from '@accords/logger';
import { serviceCommand } from '../scripts/service-command';

const root = path.join(__dirname, '..');

/** Starts a service with NODE_ENV and the secret unset; resolves with its exit code and output. */
function startWithoutModeOrSecret(directory: string): Promise<{ code: number | null; output: string }> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(TSX_|JEST_|NODE_ENV$|INTERNAL_IDENTITY_SECRET$)/.test(key)));
  const service = serviceCommand(root);
  const child = spawn(service.command, service.args, {
    cwd: directory,
    // PORT 0 and an in-memory database: had the check been missing, the process would listen, not exit.
    env: { ...inherited, ...service.env, PORT: '0', DATABASE_URL: 'sqljs::memory:', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const timer = setTimeout(() => child.kill('SIGKILL'), 45_000);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    }),
  );
}

describe('safe defaults', () => {
  it('NODE_ENV defaults to production in every service config', () => {
    expect(parseEnv({ NODE_ENV: env.nodeEnv() }, {}).NODE_ENV).toBe('production');
    expect(loadGatewayConfig({}).NODE_ENV).toBe('production');
  });

  it('outside development the internal secret is required, with a message naming the variable', () => {
    for (const mode of ['production', 'test']) {
      expect(() => internalSecretFor(mode, undefined)).toThrow(ConfigError);
      expect(() => internalSecretFor(mode, undefined)).toThrow(/INTERNAL_IDENTITY_SECRET: required when NODE_ENV is/);
    }
    expect(internalSecretFor('production', 'x'.repeat(32))).toBe('x'.repeat(32));
    expect(internalSecretFor('development', undefined)).toBe(DEVELOPMENT_INTERNAL_SECRET);
  });

  it('a production gateway built without a secret is refused instead of signing with the constant', () => {
    expect(() => createGateway({ supergraphSdl: 'type Query { a: Int }', development: false, logger: createLogger({ service: 'gateway', level: 'silent' }) })).toThrow(/INTERNAL_IDENTITY_SECRET/);
  });

  it.each([
    ['gateway', path.join(root, 'gateway')],
    ['partners subgraph', path.join(root, 'subgraphs', 'partners')],
  ])('the %s refuses to start without NODE_ENV and the secret, and says why', async (_name, directory) => {
    const { code, output } = await startWithoutModeOrSecret(directory);
    expect(code).toBe(1);
    expect(output).toContain('INTERNAL_IDENTITY_SECRET: required when NODE_ENV is "production"');
  });
});
