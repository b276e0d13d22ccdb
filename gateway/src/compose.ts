// Composition and the API schema live below the gateway, in the shared schema-check package (its database- and
// inspector-free entry), so the schema check uses them without depending on the gateway.
export { apiSchemaOf, composeSupergraph, type CompositionResult, type SubgraphDefinition } from '@accords/schema-check/compose';
