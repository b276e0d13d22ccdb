import type { ApolloServerPlugin } from '@apollo/server';
import type { Logger } from '@accords/logger';

/**
 * One JSON line per request: operation, outcome and duration, on the request's child logger, so the line carries the
 * request id that the gateway forwards to every subgraph (one id follows a request through all services).
 */
export function requestLogPlugin<C extends { logger: Logger }>(): ApolloServerPlugin<C> {
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
