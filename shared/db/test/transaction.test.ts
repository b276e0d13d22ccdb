import { randomBytes } from 'node:crypto';
import { DataSource, type QueryRunner } from 'typeorm';
import { createDataSource, dropDatabase, ensureDatabase, mysqlReachable, withTransaction } from '../src/datasource';
import { withDatabase } from '../src/url';

/**
 * A connection that breaks while COMMIT is in flight leaves the outcome unknown to the client. `withTransaction`
 * settles it with the receipt the work wrote: here the COMMIT really happens (or really does not) and then the
 * driver reports a lost connection, as a server restart at that instant would. MySQL only: the embedded engine has
 * no connection to lose.
 */
const MYSQL = process.env.ACCORDS_TEST_MYSQL_URL ?? 'mysql://root@127.0.0.1:3306/';
let url: string;
let ds: DataSource;
let available = false;

beforeAll(async () => {
  if (process.env.ACCORDS_TEST_DB === 'embedded' || !(await mysqlReachable(MYSQL))) return;
  available = true;
  url = withDatabase(MYSQL, `accords_t_txn_${randomBytes(3).toString('hex')}`);
  await ensureDatabase(url);
  ds = createDataSource({ url, entities: [], migrations: [] }).dataSource;
  await ds.initialize();
  await ds.query('CREATE TABLE receipt (id VARCHAR(40) PRIMARY KEY) ENGINE=InnoDB');
});
afterAll(async () => {
  if (!available) return;
  await ds.destroy();
  await dropDatabase(url);
});

const lost = () => Object.assign(new Error('Connection lost: The server closed the connection.'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true });

/** The next transaction's COMMIT either commits and then reports a lost connection, or reports it without committing. */
function breakNextCommit(afterCommitting: boolean) {
  const create = ds.createQueryRunner.bind(ds);
  const spy = jest.spyOn(ds, 'createQueryRunner').mockImplementationOnce((mode) => {
    const runner: QueryRunner = create(mode);
    const commit = runner.commitTransaction.bind(runner);
    runner.commitTransaction = async () => {
      if (afterCommitting) await commit();
      else await runner.rollbackTransaction();
      throw lost();
    };
    return runner;
  });
  return spy;
}

const receiptExists = (id: string) => async (db: DataSource) => (await db.query('SELECT 1 FROM receipt WHERE id = ?', [id])).length > 0;

describe('a COMMIT whose connection breaks', () => {
  it('is reported saved when the receipt is there', async () => {
    if (!available) return;
    const id = `saved-${randomBytes(4).toString('hex')}`;
    breakNextCommit(true);
    const result = await withTransaction(ds, async (m) => {
      await m.query('INSERT INTO receipt (id) VALUES (?)', [id]);
      return 'done';
    }, { verifyCommitted: receiptExists(id) });
    expect(result).toBe('done');
    expect(await receiptExists(id)(ds)).toBe(true);
  });

  it('is reported not saved (SERVICE_UNAVAILABLE, saved: false) when it is not', async () => {
    if (!available) return;
    const id = `lost-${randomBytes(4).toString('hex')}`;
    breakNextCommit(false);
    const attempt = withTransaction(ds, (m) => m.query('INSERT INTO receipt (id) VALUES (?)', [id]), { verifyCommitted: receiptExists(id) });
    await expect(attempt).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', saved: false } });
    expect(await receiptExists(id)(ds)).toBe(false);
  });

  it('says it cannot tell (saved: null) when no receipt can be asked', async () => {
    if (!available) return;
    breakNextCommit(true);
    const attempt = withTransaction(ds, (m) => m.query('INSERT INTO receipt (id) VALUES (?)', [`unknown-${randomBytes(4).toString('hex')}`]));
    await expect(attempt).rejects.toMatchObject({ extensions: { code: 'SERVICE_UNAVAILABLE', saved: null } });
  });
});
