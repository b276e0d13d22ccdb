/**
 * Property-based hostile input over every mutation and every query argument of the public API, generated from the
 * API schema itself (so a field added later is fuzzed too). Each case sends arguments of the right shape filled with
 * hostile values (control and bidi characters, unpaired surrogates, SQL and HTML payloads, mixed-script Vietnamese,
 * dates out of range, negative and enormous numbers, huge strings and lists) or of the wrong type, as a signed-in
 * editor and approver of a province so that the request reaches the subgraph's own validation.
 *
 * A case passes when: the answer has no INTERNAL_SERVER_ERROR and nothing threw; and when the operation was refused,
 * the commitments database is exactly as before (row counts and version sums of every table).
 * Used by `tests/hostile-input.test.ts` (fixed seed, a few cases per operation, in CI) and `npm run fuzz` (1,000+).
 */
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import type { Identity } from '@accords/auth';
import type { TestSupergraph } from '@accords/gateway/testing';

export const apiSchema: GraphQLSchema = buildSchema(fs.readFileSync(path.join(__dirname, '..', '..', 'gateway', 'api-schema.graphql'), 'utf8'));

const CONTROL = ['\u0000', '\u0007', '\u001b[31m', '\u007f', '\u0085', '\u202e', '\u2066'];
const PAYLOADS = [
  "' OR 1=1 --",
  "'); DROP TABLE commitment; --",
  '" UNION SELECT password FROM mysql.user --',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '%_%!\\',
  '${7*7}{{7*7}}',
  '../../etc/passwd',
  'Thỏa thuận hợp tác Việt Nam – 中国 – Россия – العربية',
  'Nguyễn Thị Ánh Tuyết',
  'Nguye\u0302\u0303n', // decomposed diacritics
  '\uD800', // unpaired high surrogate
  'a\uDC00b', // unpaired low surrogate
  '🇻🇳 👩🏽‍💼',
  '',
  ' ',
];

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('Hợp tác kinh tế', 'Kế hoạch triển khai 2026', 'Cửa khẩu thông minh', 'https://example.gov.vn/doc.pdf', '20-2026-777') },
  { weight: 3, arbitrary: fc.constantFrom(...PAYLOADS) },
  { weight: 2, arbitrary: fc.constantFrom(...CONTROL).chain((c) => fc.string({ maxLength: 20 }).map((s) => `${s}${c}${s}`)) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom(300, 5_000, 100_000).map((n) => 'x'.repeat(n)) },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
);

const plausibleDate = fc.date({ min: new Date('2021-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const hostileDate = fc.oneof(
  { weight: 6, arbitrary: plausibleDate },
  { weight: 1, arbitrary: fc.constantFrom('2025-02-30', '2025-13-01', '0000-01-01', '9999-12-31', '1900-01-01', '2100-01-01', '2025-1-1', '20250101', '2025-06-31', '') },
  { weight: 1, arbitrary: fc.date({ min: new Date('1000-01-01'), max: new Date('9000-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: hostileString },
);
const hostileDateTime = fc.oneof(
  { weight: 6, arbitrary: plausibleDate.map((d) => `${d}T09:30:00+07:00`) },
  { weight: 1, arbitrary: fc.constantFrom('2025-02-30T10:00:00Z', '2025-06-30T23:30:00+07:00', '2025-06-30T25:00:00Z', '9999-12-31T23:59:59Z', '0001-01-01T00:00:00Z', 'now', '') },
  { weight: 1, arbitrary: hostileDate },
);
const hostileInt = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31), 101, 1_000_000) },
  { weight: 1, arbitrary: fc.integer() },
);
const hostileFloat = fc.oneof(fc.constantFrom(0, -1, 1e308, -1e308, 0.1, 1.5), fc.double({ noNaN: true, noDefaultInfinity: true }));
/** A value of some other type: GraphQL coercion must refuse it at the gateway with a clear code. */
const wrongType = fc.oneof(fc.constant(null), fc.integer(), fc.boolean(), fc.constant({ nested: 'object' }), fc.constant(['a', 'b']), fc.string({ maxLength: 5 }));

/**
 * Real ids from the reference and demo data, so that cases reach deep validation, mixed with hostile ones. The test
 * adds the ids of the records in its database (`knownIds.push(...)`) before the cases run.
 */
export const knownIds: string[] = ['20', '01', '79', 'MOFA', 'MOIT', 'CN', 'JP', 'US', '06037', 'NA-OFFICE', '20-2025-001', 'MOH-2025-001'];

/** Collects up to `perTable` ids of every table of the commitments database into `knownIds`. */
export async function collectIds(graph: TestSupergraph, perTable = 10): Promise<void> {
  const ds = graph.subgraphs.commitments.database.dataSource;
  for (const meta of ds.entityMetadatas) {
    if (!meta.primaryColumns.some((c) => c.databaseName === 'id')) continue;
    const rows: { id: unknown }[] = await ds.query(`SELECT id FROM ${meta.tableName} ORDER BY id LIMIT ${perTable}`);
    for (const r of rows) knownIds.push(String(r.id));
  }
}
const knownId = fc.nat().map((i) => knownIds[i % knownIds.length]);

function valueFor(type: GraphQLInputType, depth: number): fc.Arbitrary<unknown> {
  if (isNonNullType(type)) return valueFor(type.ofType, depth);
  if (isListType(type)) {
    const item = valueFor(type.ofType, depth + 1);
    return fc.oneof({ weight: 5, arbitrary: fc.array(item, { maxLength: 4 }) }, { weight: 1, arbitrary: fc.array(item, { minLength: 200, maxLength: 300 }).map((a) => a) });
  }
  if (isEnumType(type)) return fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...type.getValues().map((v) => v.name)) }, { weight: 1, arbitrary: hostileString });
  if (isInputObjectType(type)) {
    if (depth > 3) return fc.constant({});
    const fields = Object.values(type.getFields());
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    for (const f of fields) record[f.name] = valueFor(f.type, depth + 1);
    const required = fields.filter((f) => isNonNullType(f.type)).map((f) => f.name);
    return fc.record(record, { requiredKeys: required as never[] });
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID':
        return fc.oneof({ weight: 4, arbitrary: knownId }, { weight: 1, arbitrary: hostileString });
      case 'Int':
        return hostileInt;
      case 'Float':
        return hostileFloat;
      case 'Boolean':
        return fc.boolean();
      case 'Date':
        return hostileDate;
      case 'DateTime':
        return hostileDateTime;
      case 'Decimal':
        return fc.oneof(fc.constantFrom('1000000.00', '-1', '1e10', '0.123456', '99999999999999999999', 'NaN', ''), hostileString);
      default:
        return hostileString;
    }
  }
  return fc.constant(null);
}

/** Arguments for one operation: mostly the right shape with hostile values, sometimes the wrong type. */
export function argumentsFor(field: GraphQLField<unknown, unknown>): fc.Arbitrary<Record<string, unknown>> {
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const arg of field.args) {
    record[arg.name] = fc.oneof({ weight: 12, arbitrary: valueFor(arg.type, 0) }, { weight: 1, arbitrary: wrongType });
  }
  const required = field.args.filter((a) => isNonNullType(a.type)).map((a) => a.name);
  return fc.record(record, { requiredKeys: required as never[] });
}

/** A selection that reads the scalar fields of the result (enough to make the resolvers run). */
function selectionFor(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  if (isScalarType(named) || isEnumType(named)) return '';
  if ('getFields' in named) {
    const scalars = Object.values(named.getFields()).filter((f) => {
      const t = getNamedType(f.type);
      return (isScalarType(t) || isEnumType(t)) && f.args.length === 0;
    });
    return scalars.length ? `{ ${scalars.slice(0, 8).map((f) => f.name).join(' ')} }` : '{ __typename }';
  }
  return '{ __typename }';
}

function typeText(arg: GraphQLArgument): string {
  return String(arg.type);
}

export interface Operation {
  kind: 'mutation' | 'query';
  name: string;
  text: string;
  args: fc.Arbitrary<Record<string, unknown>>;
}

/** Every mutation, and every query field that takes arguments. */
export function operations(): Operation[] {
  const ops: Operation[] = [];
  const add = (kind: 'mutation' | 'query', field: GraphQLField<unknown, unknown>) => {
    const defs = field.args.map((a) => `$${a.name}: ${typeText(a)}`).join(', ');
    const call = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
    const text = `${kind} Fuzz${defs ? `(${defs})` : ''} { ${field.name}${call ? `(${call})` : ''} ${selectionFor(field)} }`;
    ops.push({ kind, name: field.name, text, args: argumentsFor(field) });
  };
  for (const field of Object.values(apiSchema.getMutationType()?.getFields() ?? {})) add('mutation', field);
  for (const field of Object.values(apiSchema.getQueryType()!.getFields())) if (field.args.length) add('query', field);
  return ops;
}

/** Row counts and version sums of every table of the commitments database: equal means nothing was written. */
export async function fingerprint(graph: TestSupergraph): Promise<string> {
  const ds = graph.subgraphs.commitments.database.dataSource;
  // One statement for every table: the fingerprint is taken twice per mutation case.
  const sql = ds.entityMetadatas
    .map((meta) => `SELECT '${meta.tableName}' AS t, COUNT(*) AS n, ${meta.versionColumn ? `SUM(${meta.versionColumn.databaseName})` : '0'} AS v FROM ${meta.tableName}`)
    .join(' UNION ALL ');
  const rows: { t: string; n: unknown; v: unknown }[] = await ds.query(sql);
  return rows.map((r) => `${r.t}:${Number(r.n)}:${Number(r.v ?? 0)}`).join('|');
}

export interface Failure {
  operation: string;
  variables: unknown;
  problem: string;
}

/** How the cases ended, by code (`OK` when the operation answered): shows that cases reach deep validation. */
export type Outcomes = Record<string, number>;

/** Runs one case; returns a failure description or null. */
export async function runCase(graph: TestSupergraph, op: Operation, variables: Record<string, unknown>, identity: Identity, outcomes?: Outcomes): Promise<Failure | null> {
  const before = op.kind === 'mutation' ? await fingerprint(graph) : '';
  let result;
  try {
    result = await graph.query(op.text, variables, identity);
  } catch (error) {
    return { operation: op.name, variables, problem: `threw: ${(error as Error).message}` };
  }
  const internal = result.errors?.find((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR' || !e.extensions?.code);
  if (internal) return { operation: op.name, variables, problem: `INTERNAL_SERVER_ERROR: ${internal.message}` };
  const refused = !result.data || (result.data as Record<string, unknown>)[op.name] == null;
  if (outcomes) {
    const outcome = refused ? String(result.errors?.[0]?.extensions?.code ?? 'NULL') : 'OK';
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    if (process.env.FUZZ_VERBOSE === '2' && refused) console.log(op.name, result.errors?.[0]?.message.slice(0, 160));
  }
  if (op.kind === 'mutation' && refused) {
    const after = await fingerprint(graph);
    if (after !== before) return { operation: op.name, variables, problem: `refused (${result.errors?.[0]?.extensions?.code}) but the database changed` };
  }
  return null;
}

/** Shortens a failing case for a report line. */
export function describeFailure(f: Failure): string {
  const v = JSON.stringify(f.variables, (_k, value) => (typeof value === 'string' && value.length > 60 ? `${value.slice(0, 60)}…(${value.length})` : value));
  return `${f.operation}: ${f.problem}\n    variables: ${v.slice(0, 400)}`;
}
