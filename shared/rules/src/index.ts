import path from 'node:path';

export * from './signing';
export * from './calendar';

/**
 * The SDL of `SigningCapability`, for `loadTypeDefs`: every subgraph that answers signing capability serves this one
 * file, so the shareable type cannot drift apart between them.
 */
export const SIGNING_CAPABILITY_SDL = path.join(__dirname, 'signing-capability.graphql');
