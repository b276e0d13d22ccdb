/**
 * Per-subgraph logical backups and restores (README, *Reliability*: backups).
 *
 *   npm run backup -- --out backups/2026-12-02            one file per subgraph: <name>.sql (MySQL) or <name>.sqlite
 *   npm run backup -- --restore backups/2026-12-02        loads each file into its subgraph's database
 *   npm run backup -- --restore DIR --only commitments    one subgraph
 *
 * Where each subgraph's database is: `BACKUP_<NAME>_URL` (e.g. BACKUP_COMMITMENTS_URL=mysql://backup@db:3306/
 * accords_commitments), else `MYSQL_URL` + `accords_<name>` as `npm start` uses, else the embedded files in DATA_DIR
 * (default ./data). A restore goes into an empty database: restore into a new one and switch the subgraph's
 * DATABASE_URL, or drop the old one first.
 */
import path from 'node:path';
import { dumpDatabase, restoreDatabase, withDatabase } from '@accords/db';
import config from '../supergraph.config.json';

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function databaseUrlOf(name: string): string {
  const explicit = process.env[`BACKUP_${name.toUpperCase()}_URL`];
  if (explicit) return explicit;
  if (process.env.MYSQL_URL) return withDatabase(process.env.MYSQL_URL, `accords_${name}`);
  return `sqljs:${path.join(process.env.DATA_DIR ?? 'data', `${name}.sqlite`)}`;
}

async function main() {
  const out = option('out');
  const from = option('restore');
  if (!out === !from) throw new Error('Say either --out DIR (back up) or --restore DIR (restore).');
  const only = option('only');
  const names = config.subgraphs.map((s) => s.name).filter((n) => !only || n === only);
  if (only && names.length === 0) throw new Error(`No subgraph "${only}" in supergraph.config.json`);
  for (const name of names) {
    const url = databaseUrlOf(name);
    const file = path.join(out ?? from!, `${name}.${url.startsWith('sqljs:') ? 'sqlite' : 'sql'}`);
    const started = Date.now();
    if (out) await dumpDatabase(url, file);
    else await restoreDatabase(file, url);
    console.log(`${out ? 'Backed up' : 'Restored'} ${name}: ${file} (${Date.now() - started} ms)`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
