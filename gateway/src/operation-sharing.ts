import type { ApolloServerPlugin, GraphQLRequestContext, GraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { FormattedExecutionResult, GraphQLFormattedError } from 'graphql';
import { Counter, type Registry } from 'prom-client';
import type { GatewayContext } from './context';

/**
 * Identical client queries in flight at the same time are executed once. Subgraph fetches are already shared
 * (fetch-sharing.ts), but each client request would still plan, merge and shape its own copy of the answer: for a
 * dashboard that many people open at once, or a list polled by many screens, that work is the gateway's whole cost.
 *
 * The first request (the leader) runs as usual. A request arriving while it runs, with the same operation (query hash
 * and name), the same variables, the same verified identity and no invalidation in between (`changes`: a mutation
 * answered, a supergraph reload, a relayed invalidation), waits for the leader and answers with its result. Two users
 * never share (the identity is in the key; anonymous requests share only with anonymous ones); mutations never
 * share. Each follower still goes through everything before execution on its own (parsing, validation, the query
 * limits, its rate-limit bucket, persisted queries) and after it (logging, metrics, error masking), and its answer is
 * marked uncacheable, as a shared subgraph answer is. A leader whose execution throws shares nothing: its followers
 * execute on their own.
 */
export interface OperationSharingOptions {
  enabled: boolean;
  /** Changes whenever shared answers must no longer be joined (FetchSharing.changes). */
  changes: () => string;
  registry?: Registry;
}

interface Shared {
  result: FormattedExecutionResult;
  status?: number;
  leaderRequestId?: string;
}

type Follower = (shared: Shared | null) => void;

export function operationSharingPlugin(options: OperationSharingOptions): ApolloServerPlugin<GatewayContext> & { readonly followers: number } {
  const pending = new Map<string, Follower[]>();
  const shared = options.registry
    ? new Counter({
        name: 'accords_gateway_operations_shared_total',
        help: 'Client queries answered with the result of an identical query in flight (executed once)',
        registers: [options.registry],
      })
    : undefined;
  return {
    /** Requests waiting for an identical one in flight (tests and diagnostics). */
    get followers() {
      let n = 0;
      for (const waiting of pending.values()) n += waiting.length;
      return n;
    },
    async requestDidStart() {
      if (!options.enabled) return;
      let key: string | undefined;
      let leading = false;
      const settle = (rc: GraphQLRequestContext<GatewayContext> | null) => {
        if (!leading || key === undefined) return;
        leading = false;
        const followers = pending.get(key) ?? [];
        pending.delete(key);
        const body = rc?.response.body;
        const result = body?.kind === 'single' ? body.singleResult : undefined;
        // Copies are made now, synchronously: the leader's own willSendResponse hooks run after this and may amend its
        // errors (e.g. add its request id); no hook writes into the data.
        const leaderRequestId = rc?.contextValue.requestId;
        for (const follower of followers) follower(result ? { result: copyResult(result, leaderRequestId), status: rc?.response.http.status, leaderRequestId } : null);
      };
      return {
        async responseForOperation(rc): Promise<GraphQLResponse | null> {
          if (rc.operation?.operation !== 'query') return null;
          key = JSON.stringify([options.changes(), rc.queryHash, rc.request.operationName ?? null, rc.request.variables ?? null, rc.contextValue.identity ?? null]);
          const followers = pending.get(key);
          if (!followers) {
            pending.set(key, []);
            leading = true;
            return null;
          }
          const answer = await new Promise<Shared | null>((resolve) => followers.push(resolve));
          if (!answer) return null; // the leader failed outright: execute on our own
          shared?.inc();
          rc.contextValue.logger?.debug({ sharedOperationOf: answer.leaderRequestId }, 'Answered by an identical query in flight');
          // Over HTTP the answer is only serialised from here on; an in-process caller (executeOperation: the
          // downloads, tests) gets objects of its own, since it may sort or amend what it receives.
          const result = rc.request.http ? answer.result : structuredClone(answer.result);
          return { body: { kind: 'single', singleResult: result }, http: { status: answer.status, headers: new HeaderMap() } };
        },
        async executionDidStart(rc) {
          return {
            async executionDidEnd(error) {
              settle(error ? null : rc);
            },
          };
        },
        async willSendResponse() {
          settle(null); // a leader that never reached execution's end (it should not happen) releases its followers
        },
      };
    },
  };
}

/**
 * A follower's answer: the leader's data (shared, for HTTP callers: see responseForOperation), its own copy of the
 * errors. An unexpected fault was logged once, under the leader's request id: that is the id the follower's error
 * carries.
 */
function copyResult(result: FormattedExecutionResult, leaderRequestId: string | undefined): FormattedExecutionResult {
  const copy: FormattedExecutionResult = { ...result };
  if (result.errors) {
    copy.errors = result.errors.map((error): GraphQLFormattedError => {
      const extensions = error.extensions ? { ...error.extensions } : undefined;
      if (extensions && extensions.code === 'INTERNAL_SERVER_ERROR' && !extensions.requestId && leaderRequestId) extensions.requestId = leaderRequestId;
      return { ...error, ...(extensions ? { extensions } : {}) };
    });
  }
  if (result.extensions) copy.extensions = { ...result.extensions };
  return copy;
}
