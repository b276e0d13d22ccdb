/**
 * The kit's parts for a service without a database of its own (the gateway): request ids, JSON error handlers,
 * metrics, the request-log and unexpected-error plugins, the internal secret. Import them from
 * `@accords/subgraph-kit/service`: nothing reachable from here loads TypeORM or @accords/db (tests/layering.test.ts
 * holds it to that), whereas the package's main entry also carries the subgraph runtime and its database.
 */
export { requestIdOf } from './http';
export { jsonErrorHandler, jsonNotFound } from './http-errors';
export { ServiceMetrics } from './metrics';
export { requestLogPlugin } from './request-log';
export { unexpectedErrorPlugin } from './error-log';
export { internalSecretFor } from './secret';
