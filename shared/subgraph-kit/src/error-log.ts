import type { ApolloServerPlugin } from '@apollo/server';
import { isUnexpectedError } from '@accords/errors';
import type { Logger } from '@accords/logger';

/**
 * Unexpected faults are masked for the client (INTERNAL_SERVER_ERROR, no SQL or stack), so they must not vanish:
 * each is logged once, at error level, on the request's logger (which carries `requestId` and `service`) with the
 * operation name, the path and the original error with its stack; and the client's error carries
 * `extensions.requestId`, the id an operator finds the log line by.
 */
export function unexpectedErrorPlugin<C extends { logger: Logger; requestId: string }>(service: string): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors) {
            if (!isUnexpectedError(error, service)) continue;
            contextValue.logger?.error({ operationName: operationName ?? null, path: error.path ?? null, err: error.originalError ?? error }, 'Unexpected error');
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single' || !contextValue.requestId) return;
          for (const error of response.body.singleResult.errors ?? []) {
            if (error.extensions?.code !== 'INTERNAL_SERVER_ERROR' || error.extensions.requestId) continue;
            (error as { extensions: Record<string, unknown> }).extensions = { ...error.extensions, requestId: contextValue.requestId };
          }
        },
      };
    },
  };
}
