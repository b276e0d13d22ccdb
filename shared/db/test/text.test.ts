import { decimalTransformer, foldForSearch, likeContains } from '../src/text';
import { parseDatabaseUrl, redact } from '../src/url';

describe('search folding', () => {
  it('ignores Vietnamese diacritics, đ and case', () => {
    expect(foldForSearch('Sơn La')).toBe(foldForSearch('son la'));
    expect(foldForSearch('Đà Nẵng')).toBe('da nang');
    expect(foldForSearch('  Thành phố   Hồ Chí Minh ')).toBe('thanh pho ho chi minh');
  });

  it('escapes LIKE wildcards in user text', () => {
    expect(likeContains('50%_off!')).toBe('%50!%!_off!!%');
  });
});

describe('decimal transformer', () => {
  const money = decimalTransformer(2);
  it('answers the same string on both engines', () => {
    expect(money.from('1500000000.50')).toBe('1500000000.50'); // MySQL
    expect(money.from(1500000000.5)).toBe('1500000000.50'); // sql.js
  });
  it('refuses a value that is not a decimal', () => {
    expect(() => money.to('12,5')).toThrow(/not a decimal/);
  });
});

describe('database URLs', () => {
  it('parses MySQL and embedded targets, and never prints a password', () => {
    expect(parseDatabaseUrl('mysql://u:p%40ss@db:3307/accords_x')).toMatchObject({ kind: 'mysql', host: 'db', port: 3307, user: 'u', password: 'p@ss', database: 'accords_x' });
    expect(parseDatabaseUrl('sqljs::memory:')).toEqual({ kind: 'sqljs', location: null });
    expect(redact('mysql://u:secret@db/x')).toBe('mysql://u:***@db/x');
    expect(() => parseDatabaseUrl('postgres://db/x')).toThrow(/not supported/);
  });
});
