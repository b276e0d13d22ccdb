import fs from 'node:fs';
import path from 'node:path';
import {
  buildASTSchema,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  parse,
  GraphQLList,
  GraphQLNonNull,
  type GraphQLObjectType,
  type DirectiveNode,
  type GraphQLOutputType,
} from 'graphql';

/**
 * The rule for subgraph authors (README, *Nullability across subgraphs*): a subgraph that is down must cost only the
 * fields it serves. GraphQL passes a null up to the nearest nullable field, so:
 * 1. every Query field is nullable (one subgraph's failure never empties the whole answer);
 * 2. a field that holds another subgraph's entity (or a list of them) is nullable (the items too), when that entity
 *    has a non-null field the holding subgraph cannot resolve itself. Contributing nullable fields to another
 *    subgraph's entity is the other way to satisfy it (e.g. `Locality.commitments` served by commitments).
 * This test reads the composed supergraph, so a subgraph added later is held to the same rule.
 */
const supergraphSdl = fs.readFileSync(path.join(__dirname, '..', 'gateway', 'supergraph.graphql'), 'utf8');
const doc = parse(supergraphSdl);
const schema = buildASTSchema(doc, { assumeValid: true });

const argOf = (d: DirectiveNode, name: string) => {
  const v = d.arguments?.find((a) => a.name.value === name)?.value;
  return v && (v.kind === 'EnumValue' || v.kind === 'StringValue' || v.kind === 'BooleanValue') ? v.value : undefined;
};

/** For each type: the graphs that declare it and its key fields; for each field: the graphs that resolve it. */
const declaring = new Map<string, Set<string>>();
const keyFields = new Map<string, Set<string>>();
const resolving = new Map<string, Set<string>>();
for (const def of doc.definitions) {
  if (!('name' in def) || !def.name || !('directives' in def)) continue;
  const typeName = def.name.value;
  const joinTypes = (def.directives ?? []).filter((d) => d.name.value === 'join__type');
  declaring.set(typeName, new Set(joinTypes.map((d) => String(argOf(d, 'graph')))));
  keyFields.set(typeName, new Set(joinTypes.flatMap((d) => String(argOf(d, 'key') ?? '').split(/\s+/).filter(Boolean))));
  if (!('fields' in def) || !def.fields) continue;
  for (const field of def.fields) {
    const joins = (field.directives ?? []).filter((d) => d.name.value === 'join__field' && argOf(d, 'external') !== true && argOf(d, 'graph'));
    resolving.set(`${typeName}.${field.name.value}`, joins.length ? new Set(joins.map((d) => String(argOf(d, 'graph')))) : declaring.get(typeName)!);
  }
}

const isEntity = (name: string) => (keyFields.get(name)?.size ?? 0) > 0;

/** Non-null, non-key fields of an entity that graph `g` cannot resolve: a null there would travel up to the holder. */
function unresolvableNonNull(entity: string, g: string): string[] {
  const type = schema.getType(entity);
  if (!isObjectType(type)) return [];
  return Object.values(type.getFields())
    .filter((f) => isNonNullType(f.type) && !keyFields.get(entity)!.has(f.name) && !resolving.get(`${entity}.${f.name}`)?.has(g))
    .map((f) => `${entity}.${f.name}`);
}

/** Whether the position holding the entity itself is nullable (`Partner`, `[Partner]!`), so a null stops there. */
function entityPositionNullable(type: GraphQLOutputType): boolean {
  if (isNonNullType(type)) return isListType(type.ofType) ? entityPositionNullable(type.ofType) : false;
  return isListType(type) ? entityPositionNullable(type.ofType) : true;
}

describe('nullability across subgraph boundaries', () => {
  it('every Query field is nullable', () => {
    const query = schema.getQueryType()!;
    const offenders = Object.values(query.getFields()).filter((f) => !f.name.startsWith('_') && isNonNullType(f.type)).map((f) => `Query.${f.name}: ${f.type}`);
    expect(offenders).toEqual([]);
  });

  it("a field holding another subgraph's entity is nullable where that subgraph must fill it in", () => {
    const offenders: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || type.name.startsWith('join__') || type.name.startsWith('link__')) continue;
      if (type.name === 'Query' || type.name === 'Mutation') continue;
      for (const field of Object.values(type.getFields())) {
        const named = getNamedType(field.type);
        const members = isUnionType(named) ? named.getTypes().map((t) => t.name) : [named.name];
        for (const g of resolving.get(`${type.name}.${field.name}`) ?? []) {
          const needs = members.filter(isEntity).flatMap((m) => unresolvableNonNull(m, g));
          if (needs.length && !entityPositionNullable(field.type)) offenders.push(`${type.name}.${field.name}: ${field.type} (in ${g}; needs ${needs.slice(0, 3).join(', ')})`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('the rule catches a violation (a check that cannot fail proves nothing)', () => {
    // Commitment.partners as [Partner!]! would put the partners subgraph's Partner.name on the commitment's path.
    const partner = schema.getType('Partner') as GraphQLObjectType;
    expect(unresolvableNonNull('Partner', 'COMMITMENTS')).toContain('Partner.name');
    expect(entityPositionNullable(new GraphQLNonNull(new GraphQLList(new GraphQLNonNull(partner))))).toBe(false);
    expect(entityPositionNullable(new GraphQLNonNull(partner))).toBe(false);
    expect(entityPositionNullable(new GraphQLNonNull(new GraphQLList(partner)))).toBe(true);
  });
});
