import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Prometheus metrics of one service (`/metrics`): requests and their latency by operation and outcome, plus the
 * process defaults. Each service owns its registry, so in-process tests never mix two services' series.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'operation' | 'outcome'>;
  readonly duration: Histogram<'operation'>;

  constructor(readonly service: string) {
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

  /** Counts and times every request; the operation label is the operation name (anonymous when none). */
  plugin(): ApolloServerPlugin {
    const metrics = this;
    return {
      async requestDidStart() {
        const stop = metrics.duration.startTimer();
        return {
          async willSendResponse({ operationName, errors }) {
            const operation = operationName ?? 'anonymous';
            stop({ operation });
            metrics.requests.inc({ operation, outcome: errors?.length ? String(errors[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR') : 'ok' });
          },
        };
      },
    };
  }
}
