import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ApolloServerPlugin } from '@apollo/server';

/**
 * The operation label comes from the client (the operation's name in the query it sends), so it is bounded: without a
 * bound, any client could create a new time series per request with a random name and exhaust the service's memory and
 * the Prometheus server behind it. The first MAX_OPERATION_LABELS distinct names a service sees keep their own label
 * for the life of the process; every later new name, any name longer than MAX_OPERATION_NAME_LENGTH and any name with
 * a character outside [A-Za-z0-9_] is counted under OTHER_OPERATION. Requests without a name are ANONYMOUS_OPERATION,
 * which does not take a place. So each metric has at most MAX_OPERATION_LABELS + 2 operation values (times the
 * outcomes for the request counter). First come, first served: a client that sends many names right after a start
 * pushes the operations that come later into "other" (their requests are still counted, just not by name).
 *
 * Constants, not environment variables: the environment is read only by each service's start-up code (parseEnv from
 * shared/config), so a setting would have to be added to every service's configuration; the constructor takes a
 * different bound (the tests pass a small one).
 */
export const MAX_OPERATION_LABELS = 100;
export const MAX_OPERATION_NAME_LENGTH = 64;
export const OTHER_OPERATION = 'other';
export const ANONYMOUS_OPERATION = 'anonymous';
const OPERATION_NAME = /^[A-Za-z0-9_]+$/;

/**
 * Prometheus metrics of one service (`/metrics`): requests and their latency by operation and outcome, plus the
 * process defaults. Each service owns its registry, so in-process tests never mix two services' series.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'operation' | 'outcome'>;
  readonly duration: Histogram<'operation'>;
  /** The operation names that have their own label (at most maxOperations). */
  private readonly operations = new Set<string>();

  constructor(
    readonly service: string,
    readonly maxOperations: number = MAX_OPERATION_LABELS,
  ) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, prefix: 'accords_' });
    this.requests = new Counter({ name: 'accords_graphql_requests_total', help: 'GraphQL requests by operation and outcome (ok, or the first error code)', labelNames: ['operation', 'outcome'], registers: [this.registry] });
    this.duration = new Histogram({
      name: 'accords_graphql_request_duration_seconds',
      help: 'GraphQL request latency by operation',
      labelNames: ['operation'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
  }

  /** A gauge read at scrape time (e.g. SQL statements sent, pool connections). */
  gauge(name: string, help: string, read: () => number): void {
    new Gauge({ name, help, registers: [this.registry], collect() { this.set(read()); } });
  }

  /** The operation label for a request's operation name: the name itself, "anonymous" or "other" (see the top of the file). */
  operationLabel(operationName: string | null | undefined): string {
    if (operationName === null || operationName === undefined || operationName === '') return ANONYMOUS_OPERATION;
    if (operationName === ANONYMOUS_OPERATION || operationName === OTHER_OPERATION) return operationName; // takes no place
    if (operationName.length > MAX_OPERATION_NAME_LENGTH || !OPERATION_NAME.test(operationName)) return OTHER_OPERATION;
    if (this.operations.has(operationName)) return operationName;
    if (this.operations.size >= this.maxOperations) return OTHER_OPERATION;
    this.operations.add(operationName);
    return operationName;
  }

  /** Counts and times every request; the operation label is the bounded operation name (operationLabel). */
  plugin(): ApolloServerPlugin {
    const metrics = this;
    return {
      async requestDidStart() {
        const stop = metrics.duration.startTimer();
        return {
          async willSendResponse({ operationName, errors }) {
            const operation = metrics.operationLabel(operationName);
            stop({ operation });
            metrics.requests.inc({ operation, outcome: errors?.length ? String(errors[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR') : 'ok' });
          },
        };
      },
    };
  }
}
