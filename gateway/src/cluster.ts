import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '@accords/logger';

export interface PrimaryOptions {
  /** Worker processes to keep running (GATEWAY_WORKERS). */
  workers: number;
  logger: Logger;
  /** A worker that dies sooner than this after its start counts as a crash loop (default 10 s). */
  quickDeathMs?: number;
  /** Consecutive quick deaths after which the primary gives up and exits 1 (default 5). */
  maxQuickDeaths?: number;
  /** Wait before forking a replacement (default 500 ms), so a crash loop does not spin a core. */
  restartDelayMs?: number;
  /** A drain that takes longer than this is cut: remaining workers are killed and the primary exits 1 (default 30 s). */
  drainTimeoutMs?: number;
  /** Exits the process (tests replace it). */
  exit?: (code: number) => void;
}

/**
 * The gateway under `node:cluster` (GATEWAY_WORKERS > 1). The primary serves nothing itself: it forks the workers,
 * which all listen on the same port (the primary hands connections out round-robin), replaces a worker that dies,
 * and on SIGTERM or SIGINT forwards SIGTERM to every worker, waits until each has drained its in-flight requests and
 * exited, then exits 0 (1 if a worker failed to drain or the drain timed out). A worker that keeps dying right after
 * its start (a bad configuration, a port in use) is not restarted forever: after `maxQuickDeaths` the primary stops.
 *
 * State the workers must agree on (rate-limit budgets, APQ registrations, entity-cache invalidations) goes through
 * Redis (REDIS_URL); see config.ts for the refusal to start several workers with per-process budgets by accident.
 */
export function runPrimary(options: PrimaryOptions): void {
  const { logger } = options;
  const quickDeathMs = options.quickDeathMs ?? 10_000;
  const maxQuickDeaths = options.maxQuickDeaths ?? 5;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const startedAt = new Map<number, number>();
  let quickDeaths = 0;
  let stopping = false;
  let failedDrain = false;

  const fork = () => {
    const worker = cluster.fork();
    startedAt.set(worker.id, Date.now());
    worker.once('listening', () => {
      quickDeaths = 0;
      logger.info({ worker: worker.process.pid }, 'Gateway worker listening');
    });
    return worker;
  };

  const alive = () => Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());

  const finish = () => {
    if (alive().length) return;
    logger.info({ failedDrain }, 'Every gateway worker stopped');
    exit(failedDrain ? 1 : 0);
  };

  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (startedAt.get(worker.id) ?? 0);
    startedAt.delete(worker.id);
    if (stopping) {
      if (code !== 0) failedDrain = true;
      logger.info({ worker: worker.process.pid, code, signal }, 'Gateway worker drained and exited');
      finish();
      return;
    }
    quickDeaths = lived < quickDeathMs ? quickDeaths + 1 : 0;
    if (quickDeaths >= maxQuickDeaths) {
      logger.error({ worker: worker.process.pid, code, signal, quickDeaths }, 'Gateway workers keep dying right after their start: stopping');
      failedDrain = true;
      stop('crash loop');
      return;
    }
    logger.error({ worker: worker.process.pid, code, signal, livedMs: lived }, 'Gateway worker died: starting a replacement');
    setTimeout(() => {
      if (!stopping) fork();
    }, options.restartDelayMs ?? 500).unref();
  });

  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason, workers: alive().length }, 'Stopping: every gateway worker drains its in-flight requests');
    for (const worker of alive()) worker.process.kill('SIGTERM');
    setTimeout(() => {
      const left = alive();
      if (!left.length) return;
      logger.error({ workers: left.map((w) => w.process.pid) }, 'Drain timed out: killing the remaining workers');
      failedDrain = true;
      for (const worker of left) worker.process.kill('SIGKILL');
    }, options.drainTimeoutMs ?? 30_000).unref();
    finish();
  };

  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  for (let i = 0; i < options.workers; i++) fork();
  logger.info({ workers: options.workers, primary: process.pid }, 'Gateway primary started its workers');
}
