import type { Logger as TypeOrmLogger, QueryRunner } from 'typeorm';

export interface CountedQuery {
  sql: string;
  parameters?: unknown[];
}

/** Statements that are bookkeeping, not data access: excluded from `dataStatements`. */
const BOOKKEEPING = /^\s*(START TRANSACTION|BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE SAVEPOINT|SET |SELECT VERSION\(\)|PRAGMA)/i;

/**
 * Counts every SQL statement a data source sends. Tests reset it before a request and read it after, to prove that
 * batching holds (the count must not grow with the number of items). It also forwards slow-query and error logging.
 */
export class StatementCounter implements TypeOrmLogger {
  private entries: CountedQuery[] = [];
  /** Statements sent since start: cheap, always on (exported as a metric). */
  total = 0;
  /** Keeping each statement's text is for tests only; a long-running service would grow without bound. */
  recording = false;
  constructor(private readonly onError?: (message: string, sql: string) => void) {}

  reset(): void {
    this.entries = [];
  }
  get statements(): readonly CountedQuery[] {
    return this.entries;
  }
  /** Statements that read or write data (transaction control excluded). */
  get dataStatements(): readonly CountedQuery[] {
    return this.entries.filter((q) => !BOOKKEEPING.test(q.sql));
  }
  logQuery(sql: string, parameters?: unknown[], _queryRunner?: QueryRunner): void {
    this.total++;
    if (this.recording) this.entries.push({ sql, parameters });
  }
  logQueryError(error: string | Error, sql: string, _parameters?: unknown[], _queryRunner?: QueryRunner): void {
    this.onError?.(typeof error === 'string' ? error : error.message, sql);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}
