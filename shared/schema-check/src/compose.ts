import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { printSchema, type DocumentNode } from 'graphql';

export interface SubgraphDefinition {
  name: string;
  url: string;
  typeDefs: DocumentNode;
}

export type CompositionResult = { ok: true; supergraphSdl: string } | { ok: false; errors: string[] };

/** Composes the supergraph ahead of time (no vendor cloud): the output is checked in and served by the gateway. */
export function composeSupergraph(subgraphs: SubgraphDefinition[]): CompositionResult {
  const result = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: s.typeDefs })));
  if (result.errors) return { ok: false, errors: result.errors.map((e) => e.message) };
  return { ok: true, supergraphSdl: result.supergraphSdl };
}

/**
 * The API schema of a supergraph: what clients see and query (no join__/link directives, no federation internals,
 * nothing @inaccessible). Codegen and other client tooling read this, not the supergraph.
 */
export function apiSchemaOf(supergraphSdl: string): string {
  return printSchema(Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema());
}
