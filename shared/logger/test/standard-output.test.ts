/**
 * The default destination (standard output through a buffer): a line logged by a running service reaches the output
 * within LOG_FLUSH_MS without waiting for the buffer to fill, and the lines still in the buffer are written when the
 * process exits (process.exit, an uncaught exception). Real child processes, their standard output read as a pipe.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { LOG_FLUSH_MS } from '../src';

const root = path.join(__dirname, '..', '..', '..');

/** Runs `script` (TypeScript, `createLogger` in scope) in a child process; the lines it printed, with when each arrived. */
function run(script: string): Promise<{ code: number | null; lines: { at: number; entry: Record<string, unknown> }[]; stderr: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'accords-logger-'));
  const file = path.join(dir, 'probe.ts');
  fs.writeFileSync(file, `import { createLogger } from ${JSON.stringify(path.join(root, 'shared', 'logger', 'src'))};\n${script}`);
  const child = spawn(process.execPath, ['--import', 'tsx', file], {
    cwd: root,
    env: { ...process.env, TSX_TSCONFIG_PATH: path.join(root, 'tsconfig.base.json') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = Date.now();
  const lines: { at: number; entry: Record<string, unknown> }[] = [];
  let pending = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (pending + chunk.toString('utf8')).split('\n');
    pending = parts.pop()!;
    for (const line of parts) if (line.startsWith('{')) lines.push({ at: Date.now() - started, entry: JSON.parse(line) });
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve) =>
    child.once('close', (code) => {
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({ code, lines, stderr });
    }),
  );
}

describe('logging to standard output', () => {
  it('writes a line of a quiet, running service within the flush interval, well before the process ends', async () => {
    const { code, lines } = await run(`
      const logger = createLogger({ service: 'probe' });
      logger.info({ n: 1 }, 'first');
      setTimeout(() => logger.info({ n: 2 }, 'second'), 3000);
    `);
    expect(code).toBe(0);
    expect(lines.map((l) => l.entry.msg)).toEqual(['first', 'second']);
    // The first line arrived while the process still had 3 s to live: flushed by the interval, not at exit.
    expect(lines[1].at - lines[0].at).toBeGreaterThan(3000 - LOG_FLUSH_MS - 500);
    expect(lines[0].entry).toMatchObject({ service: 'probe', n: 1, level: 30 });
  }, 30_000);

  it('makes no write while nothing is logged, and one for a line logged on a quiet service', async () => {
    // Counts the writes to standard output's descriptor (sonic-boom writes through fs.write when not synchronous).
    const { code, lines, stderr } = await run(`
      import fs from 'node:fs';
      let writes = 0;
      const original = fs.write;
      (fs as { write: unknown }).write = (fd: number, ...rest: unknown[]) => {
        if (fd === 1) writes++;
        return (original as (...a: unknown[]) => unknown)(fd, ...rest);
      };
      const logger = createLogger({ service: 'probe' });
      createLogger({ service: 'probe', level: 'silent' }).info('never written');
      setTimeout(() => {
        process.stderr.write('idle ' + writes + '\\n');
        logger.info('one');
        setTimeout(() => process.stderr.write('after ' + writes + '\\n'), ${LOG_FLUSH_MS * 4});
      }, ${LOG_FLUSH_MS * 4});
    `);
    expect(code).toBe(0);
    expect(lines.map((l) => l.entry.msg)).toEqual(['one']);
    expect(stderr).toContain('idle 0\n');
    expect(stderr).toContain('after 1\n');
  }, 30_000);

  it('writes every buffered line when the process exits at once, by process.exit or by an uncaught exception', async () => {
    const exited = await run(`
      const logger = createLogger({ service: 'probe' });
      for (let i = 0; i < 500; i++) logger.info({ i }, 'line');
      process.exit(3);
    `);
    expect(exited.code).toBe(3);
    expect(exited.lines.map((l) => l.entry.i)).toEqual(Array.from({ length: 500 }, (_, i) => i));

    const crashed = await run(`
      const logger = createLogger({ service: 'probe' });
      logger.error({ why: 'about to fail' }, 'last words');
      setImmediate(() => { throw new Error('boom'); });
    `);
    expect(crashed.code).toBe(1);
    expect(crashed.stderr).toContain('boom');
    expect(crashed.lines.map((l) => l.entry.msg)).toEqual(['last words']);
  }, 30_000);
});
