export { createGateway, serveGateway, type GatewayOptions, type ServeOptions, type RunningGateway } from './server';
export { apiSchemaOf, composeSupergraph, type SubgraphDefinition, type CompositionResult } from './compose';
export { loadGatewayConfig } from './config';
export { graphiqlLandingPage } from './plugins/graphiql';
export type { GatewayContext } from './context';
export { queryLimitRules, DEFAULT_LIMITS, type QueryLimits } from './plugins/limits';
export { createRateLimiter, DEFAULT_RATE_LIMITS, TokenBuckets, addressKey, parseTrustedProxy, type RateLimits, type TrustedProxy } from './plugins/rate-limit';
export { persistedQueries, readManifest, manifestSchema, sha256, type PersistedQueryManifest, type PersistedQueryMode, type PersistedQueriesOptions } from './plugins/persisted-queries';
