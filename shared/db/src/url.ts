import path from 'node:path';

export type DatabaseTarget =
  | { kind: 'mysql'; host: string; port: number; user: string; password: string; database: string; params: URLSearchParams }
  | { kind: 'sqljs'; location: string | null };

/**
 * `mysql://user:password@host:3306/database` for MySQL/MariaDB; `sqljs:path/to/file.sqlite` for the embedded engine
 * (one file per subgraph), or `sqljs::memory:` for a throw-away in-memory database.
 */
export function parseDatabaseUrl(url: string): DatabaseTarget {
  if (url.startsWith('sqljs:')) {
    const location = url.slice('sqljs:'.length);
    return { kind: 'sqljs', location: location === ':memory:' || location === '' ? null : path.resolve(location) };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Database URL "${redact(url)}" is not a URL; use mysql://user:password@host:3306/database or sqljs:data/file.sqlite`);
  }
  if (parsed.protocol !== 'mysql:' && parsed.protocol !== 'mariadb:') {
    throw new Error(`Database URL scheme "${parsed.protocol}" is not supported; use mysql:// or sqljs:`);
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
  return {
    kind: 'mysql',
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 3306,
    user: decodeURIComponent(parsed.username || 'root'),
    password: decodeURIComponent(parsed.password || ''),
    database,
    params: parsed.searchParams,
  };
}

/** The same server with another database name (tests give each suite its own). */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/** Database names are interpolated into DDL, so they are restricted to a safe alphabet. */
export function assertSafeIdentifier(name: string): string {
  if (!/^[A-Za-z0-9_]{1,64}$/.test(name)) throw new Error(`Unsafe database name "${name}": use letters, digits and _`);
  return name;
}
