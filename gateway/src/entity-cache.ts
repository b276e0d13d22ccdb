import { Kind, parse, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * Fields whose answer is the same for every caller: stored attributes of reference data, never a field computed for
 * the caller (visibility, "can I edit", the caller's agency) nor one judged by rules (`signingCapability`). `true` is a
 * leaf; a type name is an object field whose own selection is checked against that type. An `_entities` fetch is
 * cached only when everything it selects is listed here; anything else goes to the subgraph every time.
 *
 * Adding a field here is a promise that its answer does not depend on who asks.
 */
export type PublicEntityFields = Record<string, Record<string, Record<string, true | string>>>;

const leaves = (...names: string[]): Record<string, true> => Object.fromEntries(names.map((n) => [n, true]));

export const DEFAULT_PUBLIC_ENTITY_FIELDS: PublicEntityFields = {
  ministries: {
    Ministry: { ...leaves('id', 'name', 'nameEn', 'abbreviation', 'kind', 'validFrom', 'validTo'), successor: 'Ministry' },
    MinistryUnit: { ...leaves('id', 'name', 'nameEn', 'kind', 'validFrom', 'validTo'), ministry: 'Ministry' },
  },
  localities: {
    Locality: {
      ...leaves('id', 'name', 'nameEn', 'level', 'code', 'source', 'isBorder', 'borderTypes', 'borderType', 'borderLegalBasis', 'validFrom', 'validTo', 'mergedOn', 'scopeIds'),
      codeHistory: 'LocalityVersion',
      province: 'Locality',
      mergedInto: 'Locality',
      predecessors: 'Locality',
    },
    LocalityVersion: leaves('code', 'name', 'nameEn', 'level', 'borderTypes', 'validFrom', 'validTo', 'source'),
    ProvincialDepartment: { ...leaves('id', 'name', 'nameEn', 'kind', 'validFrom', 'validTo'), province: 'Locality' },
  },
  partners: {
    Partner: {
      ...leaves('id', 'name', 'nameEn', 'kind', 'isoAlpha3', 'framework', 'frameworkSince', 'groupings', 'frameworkOn'),
      parent: 'Partner',
      groupingDetails: 'Grouping',
      frameworkHistory: 'FrameworkEvent',
    },
    Grouping: leaves('code', 'name', 'nameEn', 'kind'),
    FrameworkEvent: leaves('framework', 'since', 'note'),
  },
};

/**
 * Whether a subgraph fetch is an `_entities` fetch selecting only public fields: one query operation whose only root
 * field is `_entities`, selecting per type (inline fragments or fragment spreads on listed types) listed fields only.
 */
export function isPublicEntityFetch(document: DocumentNode, types: Record<string, Record<string, true | string>>): boolean {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || operations[0].kind !== Kind.OPERATION_DEFINITION || operations[0].operation !== 'query') return false;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root = operations[0].selectionSet.selections;
  if (root.length !== 1 || root[0].kind !== Kind.FIELD || root[0].name.value !== '_entities' || root[0].alias || !root[0].selectionSet) return false;

  const selectsPublicOnly = (typeName: string | undefined, set: SelectionSetNode, depth: number): boolean => {
    if (depth > 10) return false;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === '__typename') continue;
        const field = typeName ? types[typeName]?.[selection.name.value] : undefined;
        if (!field) return false;
        if (field === true) {
          if (selection.selectionSet) return false;
        } else if (!selection.selectionSet || !selectsPublicOnly(field, selection.selectionSet, depth + 1)) {
          return false;
        }
      } else {
        const fragment = selection.kind === Kind.FRAGMENT_SPREAD ? fragments.get(selection.name.value) : selection;
        if (!fragment) return false;
        const condition = fragment.typeCondition?.name.value ?? typeName;
        // Under `_entities` (typeName undefined) each fragment names an entity type; below, only the same type.
        if (!condition || !types[condition] || (typeName !== undefined && condition !== typeName)) return false;
        if (!selectsPublicOnly(condition, fragment.selectionSet, depth + 1)) return false;
      }
    }
    return true;
  };
  return selectsPublicOnly(undefined, root[0].selectionSet, 0);
}

interface Entry {
  value: unknown;
  expiresAt: number;
}

/**
 * Cached answers of public `_entities` fetches, one entry per representation, per subgraph. Bounded (least recently
 * used first out), expired after `ttlMs`, and emptied for a subgraph whenever a mutation to it passes through any
 * replica (see FetchSharing). Nothing in it depends on the caller, by the allow-list above.
 */
export class EntityCache {
  private readonly entries = new Map<string, Map<string, Entry>>();
  private readonly analysed = new WeakMap<DocumentNode, boolean>();
  private readonly analysedText = new Map<string, boolean>();
  private readonly now: () => number;

  constructor(
    private readonly options: { ttlMs: number; maxEntriesPerSubgraph: number; publicFields: PublicEntityFields; now?: () => number },
  ) {
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.options.ttlMs > 0 && this.options.maxEntriesPerSubgraph > 0;
  }

  /** Whether this fetch to this subgraph may be answered from (and stored in) the cache. */
  cacheable(subgraph: string, request: { query?: string; variables?: Record<string, unknown> }, document?: DocumentNode): boolean {
    const types = this.options.publicFields[subgraph];
    if (!this.enabled || !types || !request.query || !Array.isArray(request.variables?.representations)) return false;
    if (document) {
      let known = this.analysed.get(document);
      if (known === undefined) this.analysed.set(document, (known = isPublicEntityFetch(document, types)));
      return known;
    }
    let known = this.analysedText.get(request.query);
    if (known === undefined) {
      try {
        known = isPublicEntityFetch(parse(request.query), types);
      } catch {
        known = false;
      }
      if (this.analysedText.size > 1000) this.analysedText.clear();
      this.analysedText.set(request.query, known);
    }
    return known;
  }

  get(subgraph: string, key: string): unknown {
    const entries = this.entries.get(subgraph);
    const entry = entries?.get(key);
    if (!entries || !entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      entries.delete(key);
      return undefined;
    }
    // Most recently used last: the first key is the one to drop when full.
    entries.delete(key);
    entries.set(key, entry);
    return entry.value;
  }

  set(subgraph: string, key: string, value: unknown): void {
    let entries = this.entries.get(subgraph);
    if (!entries) this.entries.set(subgraph, (entries = new Map()));
    entries.delete(key);
    entries.set(key, { value, expiresAt: this.now() + this.options.ttlMs });
    while (entries.size > this.options.maxEntriesPerSubgraph) entries.delete(entries.keys().next().value as string);
  }

  clear(subgraph?: string): void {
    if (subgraph === undefined) this.entries.clear();
    else this.entries.delete(subgraph);
  }

  size(subgraph: string): number {
    return this.entries.get(subgraph)?.size ?? 0;
  }
}
