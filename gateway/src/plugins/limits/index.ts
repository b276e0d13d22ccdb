import { GraphQLError, Kind, type ASTVisitor, type FragmentDefinitionNode, type SelectionSetNode, type ValidationContext, type ValidationRule } from 'graphql';

export interface QueryLimits {
  /** Deepest field nesting allowed (the root field is depth 1). */
  maxDepth: number;
  /** Aliased fields allowed in one document. */
  maxAliases: number;
  /** Operations allowed in one document... and root fields per operation. */
  maxRootFields: number;
}

export const DEFAULT_LIMITS: QueryLimits = { maxDepth: 12, maxAliases: 50, maxRootFields: 20 };

function tooComplex(message: string, limit: string, max: number, actual: number): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', limit, max, actual } });
}

/** Depth of a selection set, following fragments (each fragment at most once per path, so cycles cannot loop). */
function depthOf(set: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, seen: Set<string>): number {
  if (!set) return 0;
  let deepest = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value.startsWith('__')) continue; // introspection is bounded by the schema
      deepest = Math.max(deepest, 1 + depthOf(selection.selectionSet, fragments, seen));
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      deepest = Math.max(deepest, depthOf(selection.selectionSet, fragments, seen));
    } else {
      const name = selection.name.value;
      const fragment = fragments[name];
      if (!fragment || seen.has(name)) continue;
      deepest = Math.max(deepest, depthOf(fragment.selectionSet, fragments, new Set(seen).add(name)));
    }
  }
  return deepest;
}

/**
 * Validation rules that refuse abusive documents before any subgraph is asked: too deep (a 20-level nesting of
 * partners → commitments → partners ...), too many aliases (1,000 copies of an expensive field), too many root fields.
 */
export function queryLimitRules(limits: QueryLimits = DEFAULT_LIMITS): ValidationRule[] {
  const depthRule: ValidationRule = (context: ValidationContext): ASTVisitor => ({
    Document(document) {
      const fragments: Record<string, FragmentDefinitionNode> = {};
      for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
      for (const d of document.definitions) {
        if (d.kind !== Kind.OPERATION_DEFINITION) continue;
        const depth = depthOf(d.selectionSet, fragments, new Set());
        if (depth > limits.maxDepth) {
          context.reportError(tooComplex(`The query is nested ${depth} levels deep; at most ${limits.maxDepth} are allowed. Split it into several requests.`, 'depth', limits.maxDepth, depth));
        }
        const roots = d.selectionSet.selections.length;
        if (roots > limits.maxRootFields) {
          context.reportError(tooComplex(`The operation asks for ${roots} root fields; at most ${limits.maxRootFields} are allowed.`, 'rootFields', limits.maxRootFields, roots));
        }
      }
    },
  });
  const aliasRule: ValidationRule = (context: ValidationContext): ASTVisitor => {
    let aliases = 0;
    return {
      Field(node) {
        if (node.alias) aliases++;
      },
      Document: {
        leave() {
          if (aliases > limits.maxAliases) {
            context.reportError(tooComplex(`The query uses ${aliases} aliases; at most ${limits.maxAliases} are allowed.`, 'aliases', limits.maxAliases, aliases));
          }
        },
      },
    };
  };
  return [depthRule, aliasRule];
}
