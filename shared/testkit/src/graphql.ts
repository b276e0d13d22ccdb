import type { GraphQLFormattedError } from 'graphql';

/** What an operation answers (the single result of Apollo Server's executeOperation, or a gateway's HTTP body). */
export interface GraphQLResult<T = Record<string, unknown>> {
  data?: T | null;
  errors?: readonly GraphQLFormattedError[];
}
