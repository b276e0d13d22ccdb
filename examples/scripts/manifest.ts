/**
 * `npm run persisted:manifest`: writes persisted-query-manifest.json from the generated documents, the list the
 * gateway runs in allow-list mode (PERSISTED_QUERIES=allowlist, PERSISTED_QUERIES_MANIFEST=<this file>).
 * `--check` fails when the checked-in manifest is stale.
 */
import fs from 'node:fs';
import path from 'node:path';
import * as documents from '../src/generated/graphql';
import { persistedQueryManifest } from '../src/manifest';

export const manifestPath = path.join(__dirname, '..', 'persisted-query-manifest.json');

export async function manifestText(): Promise<string> {
  return `${JSON.stringify(await persistedQueryManifest(documents), null, 2)}\n`;
}

async function main() {
  const text = await manifestText();
  const current = fs.existsSync(manifestPath) ? fs.readFileSync(manifestPath, 'utf8') : '';
  if (process.argv.includes('--check')) {
    if (current !== text) {
      console.error('persisted-query-manifest.json is stale: run `npm run persisted:manifest`.');
      process.exit(1);
    }
    console.log('Persisted-query manifest is current.');
    return;
  }
  fs.writeFileSync(manifestPath, text);
  console.log(`Wrote ${path.relative(process.cwd(), manifestPath)}`);
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
