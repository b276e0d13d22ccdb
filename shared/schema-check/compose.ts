// Composition and the API schema without the change classifier (no @graphql-inspector): see src/compose.ts. The gateway
// composes and serves through this entry.
export * from './src/compose';
