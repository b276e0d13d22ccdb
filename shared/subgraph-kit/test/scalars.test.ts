import { GraphQLError } from 'graphql';
import { DateScalar, DateTimeScalar, DecimalScalar, legalDateOf, toLegalTime } from '../src/scalars';
import { decodeCursor, encodeCursor, pageRequest } from '../src/pagination';

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e instanceof GraphQLError ? e.extensions.code : 'NOT_A_GRAPHQL_ERROR';
  }
  return 'NO_ERROR';
}

describe('scalars', () => {
  it('shows instants in the legal time zone (+07:00), whatever the stored UTC', () => {
    expect(toLegalTime(new Date('2025-12-31T18:30:00Z'))).toBe('2026-01-01T01:30:00.000+07:00');
    expect(DateTimeScalar.serialize(new Date('2025-09-05T02:00:00Z'))).toBe('2025-09-05T09:00:00.000+07:00');
  });

  it('dates an instant by the +07:00 calendar: 17:00Z is already the next day in Hanoi', () => {
    expect(legalDateOf(new Date('2025-03-31T17:00:00Z'))).toBe('2025-04-01');
    expect(legalDateOf(new Date('2025-03-31T16:59:59Z'))).toBe('2025-03-31');
  });

  it('accepts real calendar dates and refuses malformed or impossible ones with BAD_USER_INPUT', () => {
    expect(DateScalar.parseValue('2024-02-29')).toBe('2024-02-29');
    expect(codeOf(() => DateScalar.parseValue('2025-02-29'))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => DateScalar.parseValue('05/09/2025'))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => DateTimeScalar.parseValue('2025-09-05 09:00'))).toBe('BAD_USER_INPUT');
    expect((DateTimeScalar.parseValue('2025-09-05T09:00:00+07:00') as Date).toISOString()).toBe('2025-09-05T02:00:00.000Z');
  });

  it('keeps money exact: decimals travel as strings, floats are refused', () => {
    expect(DecimalScalar.parseValue('1500000000.25')).toBe('1500000000.25');
    expect(codeOf(() => DecimalScalar.parseValue(0.1))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => DecimalScalar.parseValue('1e9'))).toBe('BAD_USER_INPUT');
  });
});

describe('pagination arguments', () => {
  it('round-trips cursors and refuses forged ones', () => {
    expect(decodeCursor(encodeCursor(['2025-01-01', 'MOIT-1']))).toEqual(['2025-01-01', 'MOIT-1']);
    expect(codeOf(() => decodeCursor('not-a-cursor'))).toBe('BAD_USER_INPUT');
  });

  it('bounds the page size to 1..100', () => {
    expect(pageRequest({ first: 100 }).limit).toBe(100);
    expect(pageRequest({}).limit).toBe(20);
    expect(codeOf(() => pageRequest({ first: 101 }))).toBe('BAD_USER_INPUT');
    expect(codeOf(() => pageRequest({ first: 0 }))).toBe('BAD_USER_INPUT');
  });
});
