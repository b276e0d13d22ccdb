/**
 * The offline equivalent of `rover subgraph check`: compose a candidate subgraph SDL with the other subgraphs of the
 * current supergraph, report composition errors (with the subgraph and type/field named) and hints, and classify the
 * changes the candidate makes to the public API schema as breaking, dangerous or safe. No network, no vendor cloud.
 */
import { composeServices } from '@apollo/composition';
import { Supergraph } from '@apollo/federation-internals';
import { diff, CriticalityLevel, type Change } from '@graphql-inspector/core';
import { buildSchema, concatAST, parse, type DocumentNode, type GraphQLError } from 'graphql';
import { apiSchemaOf, type SubgraphDefinition } from './compose';

export type Severity = 'BREAKING' | 'DANGEROUS' | 'SAFE';

export interface CompositionProblem {
  code: string | null;
  /** The subgraph the problem is in, when composition names one. */
  subgraph: string | null;
  /** Type or Type.field, when the message names one. */
  coordinate: string | null;
  message: string;
}

export interface SchemaChange {
  severity: Severity;
  /** graphql-inspector's change type, e.g. FIELD_REMOVED, FIELD_ARGUMENT_ADDED, ENUM_VALUE_REMOVED. */
  type: string;
  /** Type.field(.argument) it concerns. */
  path: string | null;
  message: string;
  reason: string | null;
}

export interface SchemaCheckReport {
  subgraph: string;
  /** false when composition failed or a breaking change was found and not allowed. */
  ok: boolean;
  allowBreaking: boolean;
  errors: CompositionProblem[];
  hints: CompositionProblem[];
  changes: SchemaChange[];
  summary: { errors: number; hints: number; breaking: number; dangerous: number; safe: number };
}

export interface SchemaCheckInput {
  /** The candidate subgraph (its full published SDL: what `_service { sdl }` returns). */
  candidate: SubgraphDefinition;
  /** The subgraphs of the current supergraph; the one named like the candidate is replaced, the others kept. */
  current: SubgraphDefinition[];
  /** The current public API schema (gateway/api-schema.graphql) the changes are measured against. */
  currentApiSchema: string;
  /** Report breaking changes but pass anyway (a deliberate, announced change). */
  allowBreaking?: boolean;
}

/** The subgraphs recorded in a composed supergraph (for an agency that has the supergraph file but not the code). */
export function subgraphsOfSupergraph(supergraphSdl: string): SubgraphDefinition[] {
  return Supergraph.build(supergraphSdl)
    .subgraphs()
    .values()
    .map((s) => ({ name: s.name, url: s.url, typeDefs: parse(s.toString()) }));
}

/** An SDL as written by an agency: if it has no federation `@link`, the kit's common SDL (scalars, PageInfo) is added. */
export function subgraphSdl(text: string, common?: DocumentNode): DocumentNode {
  const document = parse(text);
  return common && !/@link\s*\(/.test(text) ? concatAST([common, document]) : document;
}

const SUBGRAPH_PREFIX = /^\[([^\]]+)\]\s*/;
const COORDINATE = /"([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)?(?:\([^)"]*\))?)"/;

function problemOf(message: string, code: string | null, coordinate?: string | null, knownSubgraphs: string[] = []): CompositionProblem {
  const prefixed = SUBGRAPH_PREFIX.exec(message);
  let subgraph = prefixed?.[1] ?? null;
  if (!subgraph) {
    // Errors across subgraphs name them in the message, e.g. 'in subgraph "trade"' or '(in "trade" and "partners")'.
    subgraph = knownSubgraphs.find((name) => new RegExp(`subgraph[s]? "${name}"|"${name}"`).test(message)) ?? null;
  }
  const named = coordinate ?? COORDINATE.exec(message.replace(SUBGRAPH_PREFIX, ''))?.[1] ?? null;
  return { code, subgraph, coordinate: named, message };
}

const severityOf = (change: Change): Severity =>
  change.criticality.level === CriticalityLevel.Breaking ? 'BREAKING' : change.criticality.level === CriticalityLevel.Dangerous ? 'DANGEROUS' : 'SAFE';

export async function checkSubgraph(input: SchemaCheckInput): Promise<SchemaCheckReport> {
  const { candidate } = input;
  const subgraphs = [...input.current.filter((s) => s.name !== candidate.name), candidate];
  const names = subgraphs.map((s) => s.name);
  const composed = composeServices(subgraphs.map((s) => ({ name: s.name, url: s.url, typeDefs: s.typeDefs })));
  const hints = (composed.hints ?? []).map((h) => problemOf(h.message, h.definition.code, h.coordinate ?? null, names));
  const report = (errors: CompositionProblem[], changes: SchemaChange[]): SchemaCheckReport => {
    const count = (severity: Severity) => changes.filter((c) => c.severity === severity).length;
    const breaking = count('BREAKING');
    return {
      subgraph: candidate.name,
      ok: errors.length === 0 && (breaking === 0 || Boolean(input.allowBreaking)),
      allowBreaking: Boolean(input.allowBreaking),
      errors,
      hints,
      changes,
      summary: { errors: errors.length, hints: hints.length, breaking, dangerous: count('DANGEROUS'), safe: count('SAFE') },
    };
  };
  if (composed.errors) {
    return report(
      composed.errors.map((e: GraphQLError) => problemOf(e.message, typeof e.extensions?.code === 'string' ? e.extensions.code : null, null, names)),
      [],
    );
  }
  const next = buildSchema(apiSchemaOf(composed.supergraphSdl));
  const previous = buildSchema(input.currentApiSchema);
  const changes = (await diff(previous, next)).map((c) => ({
    severity: severityOf(c),
    type: String(c.type),
    path: c.path ?? null,
    message: c.message,
    reason: c.criticality.reason ?? null,
  }));
  const order: Record<Severity, number> = { BREAKING: 0, DANGEROUS: 1, SAFE: 2 };
  changes.sort((a, b) => order[a.severity] - order[b.severity] || (a.path ?? '').localeCompare(b.path ?? ''));
  return report([], changes);
}

/** A report as a person reads it in a terminal or a CI log. */
export function formatReport(r: SchemaCheckReport): string {
  const lines = [`Schema check of subgraph "${r.subgraph}": ${r.ok ? 'PASS' : 'FAIL'}`];
  if (r.errors.length) {
    lines.push(`Composition errors (${r.errors.length}):`);
    for (const e of r.errors) lines.push(`  ✗ ${e.code ?? 'ERROR'}${e.subgraph ? ` [${e.subgraph}]` : ''}${e.coordinate ? ` ${e.coordinate}` : ''}: ${e.message}`);
  }
  const groups: [Severity, string][] = [
    ['BREAKING', 'Breaking changes'],
    ['DANGEROUS', 'Dangerous changes'],
    ['SAFE', 'Safe changes'],
  ];
  for (const [severity, title] of groups) {
    const list = r.changes.filter((c) => c.severity === severity);
    if (list.length) {
      lines.push(`${title} (${list.length}):`);
      for (const c of list) lines.push(`  ${severity === 'BREAKING' ? '✗' : severity === 'DANGEROUS' ? '!' : '+'} ${c.path ?? ''} — ${c.message}`);
    }
  }
  if (r.hints.length) {
    lines.push(`Hints (${r.hints.length}):`);
    for (const h of r.hints) lines.push(`  · ${h.code ?? ''}${h.coordinate ? ` ${h.coordinate}` : ''}: ${h.message}`);
  }
  if (!r.errors.length && !r.changes.length) lines.push('No change to the API schema.');
  if (r.summary.breaking && r.allowBreaking) lines.push('Breaking changes allowed (--allow-breaking).');
  return lines.join('\n');
}


