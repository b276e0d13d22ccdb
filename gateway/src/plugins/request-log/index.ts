import type { ApolloServerPlugin } from '@apollo/server';
import type { GatewayContext } from '../../context';

/** One JSON line per request: operation, outcome, duration and the request id every subgraph logs too. */
export function requestLogPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart({ contextValue }) {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, errors, contextValue: ctx }) {
          const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
          const codes = [...new Set((errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
          (ctx ?? contextValue).logger?.info({ operationName: operationName ?? null, durationMs: Math.round(durationMs * 10) / 10, errorCodes: codes }, 'Request completed');
        },
      };
    },
  };
}
