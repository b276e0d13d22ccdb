export * from './scalars';
export * from './pagination';
export * from './loaders';
export * from './subgraph';
export * from './http';
export { runSubgraphProcess, internalSecretFor, peerUrlVariable } from './main';
export { ServiceMetrics } from './metrics';
export { requestLogPlugin } from './request-log';
export * from './peers';
