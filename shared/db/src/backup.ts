import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { assertSafeIdentifier, parseDatabaseUrl, type DatabaseTarget } from './url';
import { ensureDatabase } from './datasource';

/**
 * Logical backups, one per subgraph database (each agency backs up its own): on MySQL/MariaDB a `mariadb-dump` (or
 * `mysqldump`) in one consistent snapshot (`--single-transaction`, InnoDB) with triggers (the audit trail's
 * append-only guards) and binary-safe text; on the embedded engine a copy of the database file. A restore creates the
 * target database (utf8mb4, binary collation) and loads the dump into it, triggers included.
 */

type MysqlTarget = Extract<DatabaseTarget, { kind: 'mysql' }>;

/** The first of these client programs found on PATH (MariaDB ships `mariadb-dump`, MySQL `mysqldump`). */
function program(candidates: string[]): string {
  for (const name of candidates) {
    for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
      if (dir && fs.existsSync(path.join(dir, name))) return name;
    }
  }
  throw new Error(`None of ${candidates.join(', ')} is installed; install the MariaDB or MySQL client (Debian: mariadb-client).`);
}

function connectionArgs(target: MysqlTarget): { args: string[]; env: NodeJS.ProcessEnv } {
  // The password goes through the environment, never the command line (visible to every user in `ps`).
  return {
    args: [`--host=${target.host}`, `--port=${target.port}`, `--user=${target.user}`, '--protocol=TCP', '--default-character-set=utf8mb4'],
    env: { ...process.env, MYSQL_PWD: target.password ?? '' },
  };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, io: { stdin?: fs.ReadStream; stdout?: fs.WriteStream }): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: [io.stdin ? 'pipe' : 'ignore', io.stdout ? 'pipe' : 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += String(chunk)));
    if (io.stdin) io.stdin.pipe(child.stdin!);
    if (io.stdout) child.stdout!.pipe(io.stdout);
    child.on('error', reject);
    child.on('close', (code) => {
      const finish = () => (code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}: ${stderr.trim().slice(0, 500)}`)));
      if (io.stdout && !io.stdout.writableFinished) io.stdout.on('finish', finish);
      else finish();
    });
  });
}

/** Writes a backup of the database at `url` to `file`; returns the file written. */
export async function dumpDatabase(url: string, file: string): Promise<string> {
  const target = parseDatabaseUrl(url);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (target.kind !== 'mysql') {
    if (!target.location) throw new Error('An in-memory embedded database has no file to back up.');
    fs.copyFileSync(target.location, file);
    return file;
  }
  const { args, env } = connectionArgs(target);
  const out = fs.createWriteStream(file);
  await run(
    program(['mariadb-dump', 'mysqldump']),
    [...args, '--single-transaction', '--quick', '--triggers', '--routines', '--hex-blob', '--skip-comments', '--no-create-db', assertSafeIdentifier(target.database)],
    env,
    { stdout: out },
  );
  return file;
}

/** Loads a backup made by `dumpDatabase` into the database at `url` (created if missing; it should be empty). */
export async function restoreDatabase(file: string, url: string): Promise<void> {
  const target = parseDatabaseUrl(url);
  if (!fs.existsSync(file)) throw new Error(`No backup at ${file}`);
  if (target.kind !== 'mysql') {
    if (!target.location) throw new Error('Restore the embedded engine into a file (sqljs:<file>), not into memory.');
    fs.mkdirSync(path.dirname(target.location), { recursive: true });
    fs.copyFileSync(file, target.location);
    return;
  }
  await ensureDatabase(url);
  const { args, env } = connectionArgs(target);
  await run(program(['mariadb', 'mysql']), [...args, assertSafeIdentifier(target.database)], env, { stdin: fs.createReadStream(file) });
}
