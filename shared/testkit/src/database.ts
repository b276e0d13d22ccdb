import { randomBytes } from 'node:crypto';
import { mysqlReachable, withDatabase } from '@accords/db';

export type TestEngine = 'mysql' | 'embedded';

const MYSQL_URL = process.env.ACCORDS_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/';
let chosen: Promise<TestEngine> | undefined;

/**
 * The engine tests run on. ACCORDS_TEST_DB=mysql requires MySQL (CI sets it, so a missing server fails loudly);
 * =embedded forces sql.js; unset or auto uses MySQL when one answers, else the embedded engine.
 */
export function testEngine(): Promise<TestEngine> {
  chosen ??= (async () => {
    const wanted = process.env.ACCORDS_TEST_DB ?? 'auto';
    if (wanted === 'embedded') return 'embedded';
    if (await mysqlReachable(MYSQL_URL)) return 'mysql';
    if (wanted === 'mysql') throw new Error(`ACCORDS_TEST_DB=mysql but no MySQL answers at ${MYSQL_URL}`);
    return 'embedded';
  })();
  return chosen;
}

/** A database of its own for one suite: `accords_t_<label>_<random>` on MySQL, or an in-memory sql.js database. */
export async function freshDatabaseUrl(label: string): Promise<string> {
  if ((await testEngine()) === 'embedded') return 'sqljs::memory:';
  const name = `accords_t_${label.replace(/[^A-Za-z0-9]/g, '').slice(0, 24)}_${randomBytes(4).toString('hex')}`;
  return withDatabase(MYSQL_URL, name);
}
