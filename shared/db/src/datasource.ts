import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { DataSource, type DataSourceOptions, type EntityManager, type EntitySchema, type MixedList } from 'typeorm';
import { accordsError, isDatabaseUnavailable } from '@accords/errors';
import { StatementCounter } from './counter';
import { assertSafeIdentifier, parseDatabaseUrl, type DatabaseTarget } from './url';

export interface AccordsDataSourceOptions {
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  /** Max pooled connections for MySQL. */
  poolSize?: number;
  /** MariaDB and MySQL report column metadata differently; TypeORM must know which one it talks to. */
  flavour?: 'mysql' | 'mariadb';
  onQueryError?: (message: string, sql: string) => void;
}

export interface AccordsDataSource {
  dataSource: DataSource;
  target: DatabaseTarget;
  counter: StatementCounter;
}

/**
 * One factory for every subgraph. MySQL: utf8mb4 with a binary collation (identity is accent- and case-sensitive;
 * search goes through folded columns), UTC on the wire, DATE as plain strings, keep-alive pooled connections that
 * are replaced after a server restart. Embedded: sql.js persisted to one file per subgraph.
 */
export function createDataSource(options: AccordsDataSourceOptions): AccordsDataSource {
  const target = parseDatabaseUrl(options.url);
  const counter = new StatementCounter(options.onQueryError);
  const common = { entities: options.entities, migrations: options.migrations, logger: counter, logging: true, synchronize: false } as const;
  let typeorm: DataSourceOptions;
  if (target.kind === 'mysql') {
    typeorm = {
      ...common,
      type: options.flavour ?? 'mysql',
      host: target.host,
      port: target.port,
      username: target.user,
      password: target.password,
      database: assertSafeIdentifier(target.database),
      charset: 'utf8mb4_bin',
      timezone: 'Z',
      dateStrings: ['DATE'],
      supportBigNumbers: true,
      bigNumberStrings: true,
      // Short: while the server is away a request should fail fast with SERVICE_UNAVAILABLE, not hang.
      connectTimeout: 3_000,
      poolSize: options.poolSize ?? 10,
      extra: { enableKeepAlive: true, keepAliveInitialDelay: 10_000, idleTimeout: 60_000, maxIdle: 4 },
      migrationsTransactionMode: 'each',
    };
  } else {
    if (target.location) fs.mkdirSync(path.dirname(target.location), { recursive: true });
    typeorm = {
      ...common,
      type: 'sqljs',
      location: target.location ?? undefined,
      autoSave: target.location !== null,
      useLocalForage: false,
      migrationsTransactionMode: 'each',
    };
  }
  return { dataSource: new DataSource(typeorm), target, counter };
}

async function withServerConnection<T>(target: Extract<DatabaseTarget, { kind: 'mysql' }>, fn: (query: (sql: string) => Promise<unknown>) => Promise<T>): Promise<T> {
  // Imported lazily so that a machine running only the embedded engine never loads the MySQL client.
  const mysql = await import('mysql2/promise');
  const connection = await mysql.createConnection({ host: target.host, port: target.port, user: target.user, password: target.password, connectTimeout: 5_000 });
  try {
    return await fn((sql) => connection.query(sql));
  } finally {
    await connection.end().catch(() => undefined);
  }
}

/**
 * Creates the MySQL database if it is missing (utf8mb4, binary collation) and tells which server answers
 * (MySQL or MariaDB). Nothing to do for the embedded engine.
 */
export async function ensureDatabase(url: string): Promise<'mysql' | 'mariadb' | undefined> {
  const target = parseDatabaseUrl(url);
  if (target.kind !== 'mysql') return undefined;
  const name = assertSafeIdentifier(target.database);
  return withServerConnection(target, async (query) => {
    await query(`CREATE DATABASE IF NOT EXISTS \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    const [rows] = (await query('SELECT VERSION() AS version')) as [{ version: string }[]];
    return /mariadb/i.test(rows[0].version) ? 'mariadb' : 'mysql';
  });
}

/** Drops the database (tests only): the MySQL schema, or the embedded file. */
export async function dropDatabase(url: string): Promise<void> {
  const target = parseDatabaseUrl(url);
  if (target.kind === 'mysql') {
    const name = assertSafeIdentifier(target.database);
    await withServerConnection(target, (query) => query(`DROP DATABASE IF EXISTS \`${name}\``));
  } else if (target.location) {
    fs.rmSync(target.location, { force: true });
  }
}

/** True when a MySQL server answers at this URL's host (used by the test kit to choose the engine). */
export async function mysqlReachable(url: string): Promise<boolean> {
  try {
    const target = parseDatabaseUrl(url);
    if (target.kind !== 'mysql') return false;
    await withServerConnection(target, (query) => query('SELECT 1'));
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs pending migrations once even when several replicas start together: on MySQL under a named lock, so a second
 * replica waits and then finds nothing to do. Each migration holds one DDL change and runs in its own transaction
 * (MySQL commits DDL implicitly, so a multi-DDL migration could stop half-applied).
 */
export async function runMigrations(dataSource: DataSource, lockTimeoutSeconds = 120): Promise<string[]> {
  if (dataSource.options.type !== 'mysql' && dataSource.options.type !== 'mariadb') {
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  }
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  const lockName = `accords_migrate_${String(dataSource.options.database)}`;
  try {
    const [row] = await runner.query('SELECT GET_LOCK(?, ?) AS acquired', [lockName, lockTimeoutSeconds]);
    if (Number(row.acquired) !== 1) throw new Error(`Could not take the migration lock "${lockName}" within ${lockTimeoutSeconds}s`);
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await runner.query('SELECT RELEASE_LOCK(?)', [lockName]).catch(() => undefined);
    await runner.release();
  }
}

/** What `migration:generate` would emit now: empty when entities and migrations agree. */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => q.query);
}

const RETRYABLE_ERRNOS = new Set([1213 /* ER_LOCK_DEADLOCK */, 1205 /* ER_LOCK_WAIT_TIMEOUT */]);

export function isRetryableTransactionError(error: unknown): boolean {
  const e = error as { errno?: number; driverError?: { errno?: number } };
  const errno = e?.driverError?.errno ?? e?.errno;
  return errno !== undefined && RETRYABLE_ERRNOS.has(errno);
}

/** sql.js has one connection: transactions from concurrent requests must take turns. */
const embeddedQueues = new WeakMap<DataSource, Promise<unknown>>();

export interface TransactionOptions {
  /** Attempts after the first when MySQL reports a deadlock or lock-wait timeout. */
  retries?: number;
  /**
   * Asked, on a fresh connection, when the connection broke while COMMIT was in flight (the server may or may not
   * have committed): true when the unit of work's writes are there. Give it a receipt the work wrote (e.g. its audit
   * entry's hash), so the caller hears "saved" or "not saved", never "don't know", unless the database stays away.
   */
  verifyCommitted?: (dataSource: DataSource) => Promise<boolean>;
  /** How long to keep asking `verifyCommitted` while the database is away (default 10 s). */
  verifyForMs?: number;
}

/** Runs `work` in one MySQL transaction on its own connection, telling a failed COMMIT apart from a failure before it. */
async function runTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>, options: TransactionOptions): Promise<T> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.startTransaction();
    let result: T;
    try {
      result = await work(runner.manager);
    } catch (error) {
      // Before COMMIT nothing is saved: a broken connection makes the server roll back by itself.
      await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    }
    try {
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (!isDatabaseUnavailable(error)) {
        await runner.rollbackTransaction().catch(() => undefined);
        throw error;
      }
      return await settleUnknownCommit(dataSource, result, error, options);
    }
  } finally {
    await runner.release().catch(() => undefined);
  }
}

/** The connection broke during COMMIT: ask the database, once it answers again, whether the work is there. */
async function settleUnknownCommit<T>(dataSource: DataSource, result: T, cause: unknown, options: TransactionOptions): Promise<T> {
  const deadline = Date.now() + (options.verifyForMs ?? 10_000);
  while (options.verifyCommitted && Date.now() < deadline) {
    let committed: boolean;
    try {
      committed = await options.verifyCommitted(dataSource);
    } catch (error) {
      if (!isDatabaseUnavailable(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
      continue;
    }
    if (committed) return result;
    throw accordsError('SERVICE_UNAVAILABLE', 'The database connection broke while saving; the change was not saved. Retry it.', { saved: false }, cause);
  }
  throw accordsError(
    'SERVICE_UNAVAILABLE',
    'The database connection broke while saving and the database has not come back: the change may or may not have been saved. Reload before retrying.',
    { saved: null },
    cause,
  );
}

/**
 * Runs `work` in one transaction: all of its writes land, or none do. A deadlock (1213) or lock-wait timeout (1205)
 * re-runs the whole unit of work, a bounded number of times with jittered back-off.
 */
export async function withTransaction<T>(dataSource: DataSource, work: (manager: EntityManager) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  if (dataSource.options.type === 'sqljs') {
    const previous = embeddedQueues.get(dataSource) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(() => dataSource.transaction(work));
    embeddedQueues.set(dataSource, next);
    return next;
  }
  const retries = options.retries ?? 5;
  for (let attempt = 0; ; attempt++) {
    try {
      return await runTransaction(dataSource, work, options);
    } catch (error) {
      if (attempt >= retries || !isRetryableTransactionError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt + Math.random() * 20));
    }
  }
}
