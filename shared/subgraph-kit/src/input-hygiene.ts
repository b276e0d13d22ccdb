import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, visit, type ArgumentNode, type DocumentNode, type ValueNode } from 'graphql';
import { badInput } from '@accords/errors';

/**
 * Text every subgraph refuses in any argument, before a resolver runs, so that no service stores or matches on it:
 * - C0 and C1 control characters (U+0000–U+001F except tab, line feed and carriage return; U+007F–U+009F): they
 *   corrupt exports and terminals, and U+0000 truncates text in some drivers;
 * - bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069): they make a title display differently from
 *   what it says ("Trojan Source", CVE-2021-42574);
 * - unpaired UTF-16 surrogates, which are not text and cannot be stored in utf8mb4.
 * Everything else, Vietnamese in any normalisation and any script, passes and is returned byte for byte.
 */
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/;

/** The longest text any argument may carry; inputs with tighter limits check their own. */
export const MAX_ARGUMENT_TEXT = 20_000;
/** A search term longer than this is not a search (and `LIKE` over it can fail on the embedded engine). */
export const MAX_SEARCH_TEXT = 200;

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function describe(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The reason a text is refused, or null when it is acceptable. */
export function textProblem(value: string, name: string): string | null {
  if (LONE_SURROGATE.test(value)) return `${name} contains an unpaired surrogate (not valid Unicode text); send UTF-8 text.`;
  const bad = FORBIDDEN.exec(value);
  if (bad) return `${name} contains the control or direction-override character ${describe(bad[0])} at position ${bad.index + 1}; remove it.`;
  const limit = /(^|\.)search$/.test(name) ? MAX_SEARCH_TEXT : MAX_ARGUMENT_TEXT;
  if (value.length > limit) return `${name} is ${value.length} characters long; at most ${limit} are accepted.`;
  return null;
}

function checkValue(value: unknown, name: string): void {
  if (typeof value === 'string') {
    const problem = textProblem(value, name);
    if (problem) throw badInput(problem, name);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => checkValue(item, `${name}[${i}]`));
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) checkValue(item, `${name}.${key}`);
  }
}

function checkLiteral(node: ValueNode, name: string): void {
  switch (node.kind) {
    case Kind.STRING:
      return checkValue(node.value, name);
    case Kind.LIST:
      return node.values.forEach((v, i) => checkLiteral(v, `${name}[${i}]`));
    case Kind.OBJECT:
      return node.fields.forEach((f) => checkLiteral(f.value, `${name}.${f.name.value}`));
    default:
  }
}

/** Checks the variables and the literal arguments of a document; throws BAD_USER_INPUT naming the argument. */
export function checkArguments(document: DocumentNode, variables: Record<string, unknown> | undefined): void {
  for (const [key, value] of Object.entries(variables ?? {})) checkValue(value, key);
  visit(document, {
    Argument(node: ArgumentNode) {
      checkLiteral(node.value, node.name.value);
    },
  });
}

/** Refuses unacceptable text in any argument before execution, in every subgraph (see `textProblem`). */
export function inputHygienePlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          checkArguments(document, request.variables);
        },
      };
    },
  };
}
