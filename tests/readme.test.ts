import fs from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { ERROR_CODES, errorTableMarkdown } from '@accords/errors';

describe('README', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

  it('documents every error code exactly as the registry describes it', () => {
    for (const [code, description] of Object.entries(ERROR_CODES)) {
      expect(readme).toContain(`| \`${code}\` | ${description} |`);
    }
  });

  it('has exactly the registry\'s rows in its error table, no stale ones (`npm run docs:errors` writes it)', () => {
    expect(readme).toContain(`${errorTableMarkdown()}\n\n`);
  });

  it('shows only queries and mutations that are valid against the API schema', () => {
    const schema = buildSchema(fs.readFileSync(path.join(__dirname, '..', 'gateway', 'api-schema.graphql'), 'utf8'));
    const blocks = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThan(4);
    for (const block of blocks) {
      // A block holds one or more operations; each is checked on its own, with its comments.
      const operations = block.split(/\n(?=#|\{|mutation|query)/).filter((op) => op.replace(/#.*$/gm, '').trim());
      for (const operation of operations) {
        const errors = validate(schema, parse(operation)).map((e) => e.message);
        expect({ operation, errors }).toEqual({ operation, errors: [] });
      }
    }
  });
});
