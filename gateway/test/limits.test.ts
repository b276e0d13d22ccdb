import { parse, validate, buildSchema } from 'graphql';
import { queryLimitRules } from '../src/plugins/limits';

const schema = buildSchema(`
  type Query { partner(id: ID!): Partner partners: [Partner!]! }
  type Partner { id: ID! name: String commitments: [Commitment!]! }
  type Commitment { code: String partners: [Partner!]! }
`);
const rules = queryLimitRules({ maxDepth: 12, maxAliases: 50, maxRootFields: 20 });
const codes = (query: string) => validate(schema, parse(query), rules).map((e) => [e.extensions.code, e.extensions.limit]);

function nested(levels: number): string {
  let body = 'id';
  for (let i = 1; i < levels - 1; i++) body = i % 2 ? `commitments { ${body} }` : `partners { ${body} }`;
  return `{ partners { ${body} } }`;
}

describe('query limits', () => {
  it('refuses a query nested 20 levels deep, and accepts one within the limit', () => {
    expect(codes(nested(20))).toEqual([['QUERY_TOO_COMPLEX', 'depth']]);
    expect(codes(nested(12))).toEqual([]);
    expect(codes(nested(13))).toEqual([['QUERY_TOO_COMPLEX', 'depth']]);
  });

  it('counts depth through fragments, and a fragment cycle cannot hang it', () => {
    const viaFragments = `{ partners { ...P } } fragment P on Partner { commitments { partners { commitments { partners { commitments { partners { commitments { partners { commitments { partners { commitments { partners { id } } } } } } } } } } } } }`;
    expect(codes(viaFragments)).toContainEqual(['QUERY_TOO_COMPLEX', 'depth']);
  });

  it('refuses 1,000 aliases of one field', () => {
    const aliases = Array.from({ length: 1000 }, (_, i) => `a${i}: partner(id: "CN") { name }`).join(' ');
    const result = codes(`{ ${aliases} }`);
    expect(result).toContainEqual(['QUERY_TOO_COMPLEX', 'aliases']);
    expect(result).toContainEqual(['QUERY_TOO_COMPLEX', 'rootFields']);
  });

  it('leaves ordinary queries and introspection alone', () => {
    expect(codes('{ a: partner(id: "CN") { name } b: partner(id: "JP") { name } }')).toEqual([]);
    expect(codes('{ __schema { types { fields { type { ofType { ofType { ofType { name } } } } } } } }')).toEqual([]);
  });
});
