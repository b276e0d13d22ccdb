import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@accords/logger';

/** A gateway logger whose lines a test reads back (parsed), in order. */
export function capturingLogger(level: 'debug' | 'info' = 'info'): { logger: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(
    { service: 'gateway', level },
    new Writable({
      write(chunk, _e, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    }),
  );
  return { logger, lines };
}
