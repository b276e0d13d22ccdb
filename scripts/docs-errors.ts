/**
 * Writes README's error table from the code registry (shared/errors/src/codes.ts). `--check` fails when it is stale
 * (tests/readme.test.ts checks the same).
 */
import fs from 'node:fs';
import path from 'node:path';
import { errorTableMarkdown } from '@accords/errors';

const readmePath = path.join(__dirname, '..', 'README.md');
const readme = fs.readFileSync(readmePath, 'utf8');
// The table runs from its header row to the first line that is not a table row.
const table = /^\| code \| meaning \|\n(?:\|.*\|\n)*/m;
if (!table.test(readme)) {
  console.error('README.md has no error table (a "| code | meaning |" header).');
  process.exit(1);
}
const updated = readme.replace(table, `${errorTableMarkdown()}\n`);
if (process.argv.includes('--check')) {
  if (updated !== readme) {
    console.error('README.md error table is stale: run `npm run docs:errors`.');
    process.exit(1);
  }
  console.log('README error table is current.');
} else {
  fs.writeFileSync(readmePath, updated);
  console.log(updated === readme ? 'README error table was current.' : 'Wrote the error table into README.md.');
}
