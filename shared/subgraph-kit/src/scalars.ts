import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { badInput } from '@accords/errors';

/** The legal time zone: all dates and times are shown in +07:00 at the edges; storage is UTC. */
export const LEGAL_TIME_ZONE_OFFSET_MINUTES = 7 * 60;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Formats an instant as ISO 8601 in +07:00, e.g. 2025-09-05T14:00:00.000+07:00. */
export function toLegalTime(instant: Date): string {
  const shifted = new Date(instant.getTime() + LEGAL_TIME_ZONE_OFFSET_MINUTES * 60_000);
  return `${shifted.toISOString().slice(0, -1)}+07:00`;
}

/** The calendar date in the legal time zone on which an instant falls. */
export function legalDateOf(instant: Date): string {
  return toLegalTime(instant).slice(0, 10);
}

function literalString(ast: ValueNode, scalar: string): string {
  if (ast.kind !== Kind.STRING) throw badInput(`${scalar} must be given as a string`);
  return ast.value;
}

function parseDate(value: unknown): string {
  if (typeof value !== 'string' || !isValidDate(value)) {
    throw badInput(`"${String(value)}" is not a calendar date; use YYYY-MM-DD, for example 2025-09-05`);
  }
  return value;
}

export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date, YYYY-MM-DD, in the legal time zone (+07:00).',
  serialize: (value) => (value instanceof Date ? legalDateOf(value) : String(value)),
  parseValue: parseDate,
  parseLiteral: (ast) => parseDate(literalString(ast, 'Date')),
});

function parseDateTime(value: unknown): Date {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const d = new Date(value);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw badInput(`"${String(value)}" is not a date-time; use ISO 8601 with an offset, for example 2025-09-05T09:30:00+07:00`);
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant, ISO 8601 with offset. Stored in UTC, shown in the legal time zone (+07:00).',
  serialize: (value) => {
    const d = value instanceof Date ? value : new Date(String(value));
    if (Number.isNaN(d.getTime())) throw new TypeError(`Cannot serialise "${String(value)}" as DateTime`);
    return toLegalTime(d);
  },
  parseValue: parseDateTime,
  parseLiteral: (ast) => parseDateTime(literalString(ast, 'DateTime')),
});

const DECIMAL_RE = /^-?\d{1,16}(\.\d{1,4})?$/;

function parseDecimal(value: unknown): string {
  if (typeof value === 'string' && DECIMAL_RE.test(value)) return value;
  throw badInput(`"${String(value)}" is not a decimal amount; send a string such as "1500000000.00" (never a float)`);
}

export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal (money, quantities) as a string, e.g. "1500000000.00". Never a float.',
  serialize: (value) => String(value),
  parseValue: parseDecimal,
  parseLiteral: (ast) => parseDecimal(literalString(ast, 'Decimal')),
});

export const scalarResolvers = { Date: DateScalar, DateTime: DateTimeScalar, Decimal: DecimalScalar };
