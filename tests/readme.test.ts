import fs from 'node:fs';
import path from 'node:path';
import { ERROR_CODES } from '@accords/errors';

describe('README', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

  it('documents every error code exactly as the registry describes it', () => {
    for (const [code, description] of Object.entries(ERROR_CODES)) {
      expect(readme).toContain(`| \`${code}\` | ${description} |`);
    }
  });
});
