import type { ValueTransformer } from 'typeorm';

/**
 * Folds Vietnamese (and other Latin) text for accent-insensitive search: "Sơn La" and "Son La" both become "son la".
 * Identity columns keep the exact text under a binary collation, so "Nguyễn" and "Nguyen" stay different people.
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * A LIKE pattern matching `folded` anywhere, with wildcards in user text escaped. Use it with `ESCAPE '!'`: a
 * backslash is an escape inside MySQL string literals but not in SQLite's, so it cannot serve both engines.
 */
export function likeContains(folded: string): string {
  return `%${folded.replace(/[!%_]/g, (c) => `!${c}`)}%`;
}

const DECIMAL = /^-?\d{1,16}(\.\d{1,4})?$/;

/**
 * Money is DECIMAL in the database and a string at the API. MySQL returns DECIMAL as a string already; the embedded
 * engine returns a number, which is normalised here to the column's scale so both engines answer identically.
 */
export function decimalTransformer(scale: number): ValueTransformer {
  return {
    to: (value: string | null | undefined) => {
      if (value === null || value === undefined) return value;
      if (!DECIMAL.test(String(value))) throw new Error(`"${value}" is not a decimal amount`);
      return String(value);
    },
    from: (value: string | number | null) => {
      if (value === null || value === undefined) return null;
      return typeof value === 'number' ? value.toFixed(scale) : value;
    },
  };
}
