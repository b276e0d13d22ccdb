export { createGateway, serveGateway, type GatewayOptions, type RunningGateway } from './server';
export { composeSupergraph, type SubgraphDefinition, type CompositionResult } from './compose';
export { loadGatewayConfig } from './config';
export { graphiqlLandingPage } from './plugins/graphiql';
export type { GatewayContext } from './context';
export { queryLimitRules, DEFAULT_LIMITS, type QueryLimits } from './plugins/limits';
