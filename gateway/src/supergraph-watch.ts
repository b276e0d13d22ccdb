/**
 * Hot registration: the gateway serves the supergraph file and picks up a new one without a restart.
 *
 * A new file is taken only when (1) it builds as a valid supergraph with an API schema, (2) every subgraph it names
 * answers the gateway's health probe, and (3) the query plans of the persisted / allow-listed operations have been
 * computed on it; then the gateway switches in one synchronous step (requests in flight finish on the plan they
 * already have) and the computed plans are put in the gateway's plan cache at once, so the first requests after the
 * switch do not pay for planning. A file that fails any step leaves the current supergraph serving; the reason is
 * logged and shown in `/ready`.
 *
 * Wired through @apollo/gateway's `supergraphSdl` function form ({ update, healthCheck }).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import type { ApolloGateway, GraphQLDataSource, SupergraphSdlHook } from '@apollo/gateway';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { QueryPlanner, type QueryPlan } from '@apollo/query-planner';
import type { Logger } from '@accords/logger';

export interface WarmOperation {
  query: string;
  operationName?: string | null;
}

export interface SupergraphWatchOptions {
  /** The supergraph file (gateway/supergraph.graphql by default in main.ts). */
  path: string;
  logger: Logger;
  /** Polling interval, as a fallback to file-system events (default 1 s; 0 turns polling off). */
  pollIntervalMs?: number;
  /** Quiet time after a change before the file is read (writers replace files in steps); default 150 ms. */
  debounceMs?: number;
  /** Operations whose plans are computed before a switch (persisted / allow-listed operations). */
  warmOperations?: () => readonly WarmOperation[];
  /** Watch the file (default true). Off, only `reload()` loads a new file. */
  watch?: boolean;
}

export interface SupergraphRefusal {
  at: string;
  /** Hash of the refused file's text. */
  id: string;
  stage: 'read' | 'validate' | 'health-check' | 'switch';
  reason: string;
}

export interface SupergraphStatus {
  /** Hash (sha256, hex, first 16) of the supergraph being served. */
  id: string | null;
  loadedAt: string | null;
  subgraphs: string[];
  /** Switches since start (the initial load not counted). */
  reloads: number;
  /** Operations whose plans were put in the cache at the last switch, and those that no longer plan on it. */
  warmed: number;
  warmFailures: string[];
  /** The last file refused, while the current supergraph is older than it; null once a newer file is taken. */
  refused: SupergraphRefusal | null;
}

export type ReloadOutcome = { outcome: 'unchanged' } | { outcome: 'switched'; id: string; warmed: number; ms: number } | { outcome: 'refused'; refusal: SupergraphRefusal };

type SupergraphSdlHookOptions = Parameters<SupergraphSdlHook>[0];

const HEALTH_CHECK_QUERY = 'query __ApolloServiceHealthCheck__ { __typename }';

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 16);

/** The key @apollo/gateway stores a plan under: sha256(query), combined with the operation name when one is given. */
function planKey(op: WarmOperation): string {
  const queryHash = createHash('sha256').update(op.query).digest('hex');
  return op.operationName ? createHash('sha256').update(queryHash).update(op.operationName).digest('hex') : queryHash;
}

interface PlanStore {
  set(key: string, value: QueryPlan): Promise<void>;
}

export class SupergraphWatch {
  private hooks: SupergraphSdlHookOptions | null = null;
  private gateway: ApolloGateway | null = null;
  private watcher: fs.FSWatcher | null = null;
  private poller: NodeJS.Timeout | null = null;
  private debounce: NodeJS.Timeout | null = null;
  private lastStat = '';
  private queue: Promise<unknown> = Promise.resolve();
  private currentText: string | null = null;
  private readonly state: SupergraphStatus = { id: null, loadedAt: null, subgraphs: [], reloads: 0, warmed: 0, warmFailures: [], refused: null };

  constructor(private readonly options: SupergraphWatchOptions) {}

  /** Pass as ApolloGateway's `supergraphSdl`: loads the file once, then watches it. */
  readonly manager = async (hooks: SupergraphSdlHookOptions): Promise<{ supergraphSdl: string; cleanup: () => Promise<void> }> => {
    this.hooks = hooks;
    const text = fs.readFileSync(this.options.path, 'utf8');
    const supergraph = Supergraph.build(text, { validateSupergraph: true });
    this.served(text, supergraph);
    this.lastStat = this.statKey();
    if (this.options.watch !== false) this.startWatching();
    return { supergraphSdl: text, cleanup: async () => this.stop() };
  };

  /** The gateway whose plan cache is warmed at a switch. */
  attach(gateway: ApolloGateway): void {
    this.gateway = gateway;
  }

  status(): SupergraphStatus {
    return { ...this.state, subgraphs: [...this.state.subgraphs], warmFailures: [...this.state.warmFailures] };
  }

  /** Reads the file now and switches to it if it passes; one at a time, in order. */
  reload(): Promise<ReloadOutcome> {
    const next = this.queue.then(() => this.tryReload());
    this.queue = next.catch(() => undefined);
    return next;
  }

  stop(): void {
    this.watcher?.close();
    this.watcher = null;
    if (this.poller) clearInterval(this.poller);
    if (this.debounce) clearTimeout(this.debounce);
    this.poller = null;
    this.debounce = null;
  }

  private served(text: string, supergraph: Supergraph) {
    this.currentText = text;
    this.state.id = hashOf(text);
    this.state.loadedAt = new Date().toISOString();
    this.state.subgraphs = supergraph
      .subgraphsMetadata()
      .map((s) => s.name)
      .sort();
  }

  private statKey(): string {
    try {
      const s = fs.statSync(this.options.path);
      return `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      return 'missing';
    }
  }

  private startWatching() {
    const schedule = () => {
      if (this.debounce) clearTimeout(this.debounce);
      this.debounce = setTimeout(() => {
        this.debounce = null;
        this.reload().catch((error) => this.options.logger.error({ err: error }, 'Supergraph reload failed'));
      }, this.options.debounceMs ?? 150);
      this.debounce.unref();
    };
    try {
      // The directory, not the file: editors and `npm run compose` may replace the file, which ends a file watch.
      const base = path.basename(this.options.path);
      this.watcher = fs.watch(path.dirname(this.options.path), (_event, name) => {
        if (!name || name.toString() === base) schedule();
      });
      this.watcher.on('error', (error) => this.options.logger.warn({ err: error }, 'Supergraph file watch failed; polling only'));
      this.watcher.unref();
    } catch (error) {
      this.options.logger.warn({ err: error }, 'Cannot watch the supergraph file; polling only');
    }
    const every = this.options.pollIntervalMs ?? 1_000;
    if (every > 0) {
      this.poller = setInterval(() => {
        const key = this.statKey();
        if (key !== this.lastStat) {
          this.lastStat = key;
          schedule();
        }
      }, every);
      this.poller.unref();
    }
  }

  private refuse(id: string, stage: SupergraphRefusal['stage'], error: unknown): ReloadOutcome {
    const reason = error instanceof Error ? error.message : String(error);
    const refusal: SupergraphRefusal = { at: new Date().toISOString(), id, stage, reason: reason.slice(0, 2_000) };
    this.state.refused = refusal;
    this.options.logger.error({ supergraph: this.options.path, id, stage, reason: refusal.reason, serving: this.state.id }, 'New supergraph refused; the current one keeps serving');
    return { outcome: 'refused', refusal };
  }

  /**
   * Asks every subgraph `{ __typename }` and requires data back. (The library's own `healthCheck` only fails when a data
   * source throws; the Accords data source turns an unreachable subgraph into an error response instead.)
   */
  private async probe(supergraph: Supergraph): Promise<void> {
    const create = (this.gateway as unknown as { createDataSource?: (d: { name: string; url?: string }) => GraphQLDataSource } | null)?.createDataSource?.bind(this.gateway);
    if (!create) {
      await this.hooks!.healthCheck(supergraph.toString());
      return;
    }
    const failures: string[] = [];
    await Promise.all(
      supergraph.subgraphsMetadata().map(async ({ name, url }) => {
        try {
          const response = await create({ name, url }).process({
            // GraphQLDataSourceRequestKind.HEALTH_CHECK (the enum is not exported by the package's entry point).
            kind: 'health check',
            request: { query: HEALTH_CHECK_QUERY },
            context: {},
          } as Parameters<GraphQLDataSource['process']>[0]);
          const typename = (response.data as { __typename?: string } | null | undefined)?.__typename;
          if (response.errors?.length || !typename) failures.push(`[${name}] ${response.errors?.[0]?.message ?? 'no data in the answer'}`);
        } catch (error) {
          failures.push(`[${name}] ${error instanceof Error ? error.message : String(error)}`);
        }
      }),
    );
    if (failures.length) throw new Error(`Subgraphs that do not answer: ${failures.join('; ')}`);
  }

  private async tryReload(): Promise<ReloadOutcome> {
    if (!this.hooks) throw new Error('The supergraph watch is not attached to a gateway yet');
    this.lastStat = this.statKey();
    const started = performance.now();
    let text: string;
    try {
      text = fs.readFileSync(this.options.path, 'utf8');
    } catch (error) {
      return this.refuse('unreadable', 'read', error);
    }
    if (text === this.currentText) return { outcome: 'unchanged' };
    const id = hashOf(text);
    if (this.state.refused?.id === id) return { outcome: 'unchanged' };
    // 1. It must be a valid supergraph with an API schema.
    let supergraph: Supergraph;
    try {
      supergraph = Supergraph.build(text, { validateSupergraph: true });
      supergraph.apiSchema();
    } catch (error) {
      return this.refuse(id, 'validate', error);
    }
    // 2. Every subgraph it names must answer the health probe, through data sources built as the gateway builds its
    // own (same URL overrides, secret and timeouts) but separate from the ones serving now.
    try {
      await this.probe(supergraph);
    } catch (error) {
      return this.refuse(id, 'health-check', error);
    }
    // 3. Plans of the persisted operations, computed on the new supergraph before the switch.
    const plans: [string, QueryPlan][] = [];
    const warmFailures: string[] = [];
    const operations = this.options.warmOperations?.() ?? [];
    if (operations.length) {
      const planner = new QueryPlanner(supergraph);
      const apiSchema = supergraph.apiSchema();
      for (const op of operations) {
        try {
          const operation = operationFromDocument(apiSchema, parse(op.query), { operationName: op.operationName ?? undefined });
          plans.push([planKey(op), planner.buildQueryPlan(operation)]);
        } catch (error) {
          warmFailures.push(`${op.operationName ?? '(anonymous)'}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      if (warmFailures.length) this.options.logger.warn({ warmFailures }, 'Persisted operations that do not plan on the new supergraph');
    }
    // 4. The switch: synchronous in the gateway (schema, planner, services), then the warmed plans, before any other
    // request can run on this thread.
    try {
      this.hooks.update(text);
    } catch (error) {
      return this.refuse(id, 'switch', error);
    }
    const store = (this.gateway as unknown as { queryPlanStore?: PlanStore } | null)?.queryPlanStore;
    if (store) for (const [key, plan] of plans) void store.set(key, plan);
    this.served(text, supergraph);
    this.state.reloads++;
    this.state.warmed = store ? plans.length : 0;
    this.state.warmFailures = warmFailures;
    this.state.refused = null;
    const ms = Math.round(performance.now() - started);
    this.options.logger.info({ supergraph: this.options.path, id, subgraphs: this.state.subgraphs, warmed: this.state.warmed, ms }, 'Switched to the new supergraph');
    return { outcome: 'switched', id, warmed: this.state.warmed, ms };
  }
}
