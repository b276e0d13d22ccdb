import { parse } from 'graphql';
import { DEFAULT_PUBLIC_ENTITY_FIELDS, isPublicEntityFetch } from '../src/entity-cache';

const localities = DEFAULT_PUBLIC_ENTITY_FIELDS.localities;
const partners = DEFAULT_PUBLIC_ENTITY_FIELDS.partners;
const entities = (selection: string, extra = '') =>
  parse(`query Q__localities__1($representations: [_Any!]!) { _entities(representations: $representations) { ${selection} } } ${extra}`);

describe('which entity fetches the gateway may cache (public fields only)', () => {
  it('takes stored fields of a listed type, nested listed types and __typename', () => {
    expect(isPublicEntityFetch(entities('... on Locality { __typename id name isBorder province { name } codeHistory { code validFrom } }'), localities)).toBe(true);
    expect(isPublicEntityFetch(entities('... on Partner { name parent { name } groupingDetails { code name } }'), partners)).toBe(true);
    expect(isPublicEntityFetch(entities('...L', 'fragment L on Locality { name }'), localities)).toBe(true);
  });

  it('refuses a field off the list, a leaf with a selection, an object without its type, another type', () => {
    expect(isPublicEntityFetch(entities('... on Locality { name signingCapability(asOf: "2025-01-01") { maySign } }'), localities)).toBe(false);
    expect(isPublicEntityFetch(entities('... on Locality { officials { totalCount } }'), localities)).toBe(false);
    expect(isPublicEntityFetch(entities('... on Locality { province { name officials { totalCount } } }'), localities)).toBe(false);
    expect(isPublicEntityFetch(entities('... on LocalOfficial { fullName }'), localities)).toBe(false);
    expect(isPublicEntityFetch(entities('... on Locality { province { ... on ProvincialDepartment { name } } }'), localities)).toBe(false);
    expect(isPublicEntityFetch(entities('...L', 'fragment L on Locality { name officials { totalCount } }'), localities)).toBe(false);
  });

  it('refuses anything but one query whose only root field is _entities', () => {
    expect(isPublicEntityFetch(parse('mutation { _entities(representations: []) { ... on Locality { name } } }'), localities)).toBe(false);
    expect(isPublicEntityFetch(parse('{ locality(id: "20") { name } }'), localities)).toBe(false);
    expect(isPublicEntityFetch(parse('query ($r: [_Any!]!) { _entities(representations: $r) { ... on Locality { name } } other: _entities(representations: $r) { ... on Locality { name } } }'), localities)).toBe(false);
    expect(isPublicEntityFetch(parse('query ($r: [_Any!]!) { e: _entities(representations: $r) { ... on Locality { name } } }'), localities)).toBe(false);
  });
});
