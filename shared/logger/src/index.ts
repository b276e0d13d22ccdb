import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger };

export interface LoggerConfig {
  service: string;
  level?: LoggerOptions['level'];
}

/** Bytes of log lines held before they are written (see standardOutput). */
export const LOG_BUFFER_BYTES = 4096;
/** The longest a line waits in the buffer on a quiet service, in milliseconds. */
export const LOG_FLUSH_MS = 250;

/**
 * Standard output, written in the background: lines gather in a buffer of LOG_BUFFER_BYTES and go out in one write
 * when it fills, or after LOG_FLUSH_MS, whichever comes first, and are written synchronously when the process exits
 * (process.exit, an uncaught exception, the end of the event loop: pino registers the flush). Written synchronously,
 * each line was a write system call: 55–75 µs of the gateway's CPU per request on the direct route under
 * `npm run bench:gateways` (--cpu-prof), as much as the rest of its logging together; buffered, one call carries about
 * eighteen request lines under load (the gateway's "Request completed" line is about 220 bytes). What this gives up:
 * a process killed with SIGKILL (or by the kernel's OOM killer) loses at most its last LOG_FLUSH_MS of lines.
 */
function standardOutput(): pino.DestinationStream {
  const stream = pino.destination({ dest: 1, sync: false, minLength: LOG_BUFFER_BYTES });
  // Flushed only when a line came since the last flush: sonic-boom's flush() of an empty buffer still writes (zero
  // bytes, through libuv's thread pool), which for a quiet or silent logger meant four writes a second for nothing.
  let written = false;
  const write = stream.write.bind(stream);
  stream.write = (data: string) => {
    written = true;
    return write(data);
  };
  const timer = setInterval(() => {
    if (!written) return;
    written = false;
    try {
      stream.flush();
    } catch {
      clearInterval(timer); // destroyed (standard output closed): nothing more to write
    }
  }, LOG_FLUSH_MS).unref();
  return stream;
}

/**
 * One JSON line per event: a fixed sentence in `msg` plus structured fields. Request-scoped loggers are children
 * carrying `requestId`, so one request can be followed from the gateway through every subgraph. Without a
 * destination, lines go to standard output through a buffer (standardOutput).
 */
export function createLogger({ service, level = 'info' }: LoggerConfig, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['req.headers.authorization', 'headers.authorization', 'token'], censor: '[redacted]' },
    },
    destination ?? standardOutput(),
  );
}
