/**
 * A hand-written Federation 2 supergraph for gateway tests that need no real subgraph schema: the link/join
 * declarations every supergraph carries, then the test's `join__Graph` enum and types.
 */
export function testSupergraph(graphs: Record<string, string>, types: string): string {
  const members = Object.entries(graphs).map(([name, url]) => `${name.toUpperCase()} @join__graph(name: "${name}", url: "${url}")`);
  return `schema @link(url: "https://specs.apollo.dev/link/v1.0") @link(url: "https://specs.apollo.dev/join/v0.3", for: EXECUTION) { query: Query }
directive @join__enumValue(graph: join__Graph!) repeatable on ENUM_VALUE
directive @join__field(graph: join__Graph, requires: join__FieldSet, provides: join__FieldSet, type: String, external: Boolean, override: String, usedOverridden: Boolean) repeatable on FIELD_DEFINITION | INPUT_FIELD_DEFINITION
directive @join__graph(name: String!, url: String!) on ENUM_VALUE
directive @join__implements(graph: join__Graph!, interface: String!) repeatable on OBJECT | INTERFACE
directive @join__type(graph: join__Graph!, key: join__FieldSet, extension: Boolean! = false, resolvable: Boolean! = true, isInterfaceObject: Boolean! = false) repeatable on OBJECT | INTERFACE | UNION | ENUM | INPUT_OBJECT | SCALAR
directive @join__unionMember(graph: join__Graph!, member: String!) repeatable on UNION
directive @link(url: String, as: String, for: link__Purpose, import: [link__Import]) repeatable on SCHEMA
scalar join__FieldSet
enum join__Graph { ${members.join(' ')} }
scalar link__Import
enum link__Purpose { SECURITY EXECUTION }
${types}`;
}

/** One subgraph `a` (never called) serving `Query.hello`: enough for tests of what the gateway does before planning. */
export const HELLO_SUPERGRAPH = testSupergraph({ a: 'http://127.0.0.1:1/graphql' }, 'type Query @join__type(graph: A) { hello: String }');
