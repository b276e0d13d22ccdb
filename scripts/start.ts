/**
 * `npm start`: migrates, seeds demo data when empty, starts the four subgraphs and the gateway as separate
 * processes, prints the URLs, and on Ctrl-C stops them all (each drains its in-flight requests first).
 *
 * Database: the embedded engine (one sql.js file per subgraph under ./data) unless MYSQL_URL is set, in which case
 * each subgraph gets its own database `accords_<name>` on that server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { env, parseEnv, z } from '@accords/config';
import { withDatabase } from '@accords/db';
import { peerUrlVariable } from '@accords/subgraph-kit';
import { runDemoStory } from './demo-story';
import { serviceCommand } from './service-command';
import { ensureDevKeys } from './dev-keys';
import { configuredSubgraphs } from './subgraphs';

const root = path.join(__dirname, '..');
const config = parseEnv({
  MYSQL_URL: z.string().url().optional(),
  DATA_DIR: z.string().default(path.join(root, 'data')),
  GATEWAY_PORT: env.port(4000),
  SEED: z.enum(['none', 'reference', 'demo']).default('demo'),
  // `npm start` is the one entry point that opts into development by default (services default to production).
  NODE_ENV: env.nodeEnv().removeDefault().default('development'),
  LOG_LEVEL: env.logLevel(),
});
const children: ChildProcess[] = [];

function launch(name: string, cwd: string, childEnv: Record<string, string>): ChildProcess {
  const { TSX_TSCONFIG_PATH: _ignored, ...inherited } = process.env;
  const service = serviceCommand(root, name);
  const child = spawn(service.command, service.args, { cwd, env: { ...inherited, ...service.env, ...childEnv }, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping the others.`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

async function waitReady(name: string, url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${name} was not ready at ${url} within ${timeoutMs / 1000}s`);
}

let stopping = false;
function stop(code: number) {
  if (stopping) return;
  stopping = true;
  const alive = children.filter((c) => c.exitCode === null && c.signalCode === null);
  if (!alive.length) process.exit(code);
  let left = alive.length;
  for (const child of alive) {
    child.once('exit', () => {
      if (--left === 0) process.exit(code);
    });
    child.kill('SIGTERM');
  }
  setTimeout(() => process.exit(code), 15_000).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function main() {
  const subgraphs = configuredSubgraphs();
  const urls: Record<string, string> = {};
  // Every subgraph learns where its peers listen (the commitments subgraph asks ministries and localities).
  const peerUrls = Object.fromEntries(subgraphs.map((s) => [peerUrlVariable(s.name), s.routingUrl]));
  await Promise.all(
    subgraphs.map(async (s) => {
      const port = new URL(s.routingUrl).port;
      const databaseUrl = config.MYSQL_URL
        ? withDatabase(config.MYSQL_URL, `accords_${s.name}`)
        : `sqljs:${path.join(config.DATA_DIR, `${s.name}.sqlite`)}`;
      launch(s.name, s.directory, { ...peerUrls, PORT: port, DATABASE_URL: databaseUrl, SEED: config.SEED, NODE_ENV: config.NODE_ENV, LOG_LEVEL: config.LOG_LEVEL });
      await waitReady(s.name, s.routingUrl.replace(/\/graphql$/, '/ready'));
      urls[s.name] = s.routingUrl;
    }),
  );
  // Development: a local key pair the gateway trusts, so `npm run token` works without a restart.
  if (config.NODE_ENV !== 'production') await ensureDevKeys();
  launch('gateway', path.join(root, 'gateway'), {
    PORT: String(config.GATEWAY_PORT),
    NODE_ENV: config.NODE_ENV,
    LOG_LEVEL: config.LOG_LEVEL,
    // The embedded engine is single-threaded: a report's operations one at a time (gateway/src/config.ts).
    REPORT_CONCURRENCY: process.env.REPORT_CONCURRENCY ?? (config.MYSQL_URL ? '2' : '1'),
  });
  const gatewayUrl = `http://127.0.0.1:${config.GATEWAY_PORT}/graphql`;
  await waitReady('gateway', `http://127.0.0.1:${config.GATEWAY_PORT}/ready`);
  if (config.SEED === 'demo' && config.NODE_ENV !== 'production') {
    await runDemoStory(gatewayUrl, (message) => console.log(message)).catch((error) => console.warn(`The demo story did not complete: ${error instanceof Error ? error.message : error}`));
  }
  console.log(
    [
      '',
      'Accords is running.',
      `  GraphiQL and API:  ${gatewayUrl}`,
      ...Object.entries(urls).map(([n, u]) => `  ${n.padEnd(18)} ${u}`),
      `  database:          ${config.MYSQL_URL ? 'MySQL (databases accords_<subgraph>)' : `embedded, files in ${config.DATA_DIR}`}`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  stop(1);
});
