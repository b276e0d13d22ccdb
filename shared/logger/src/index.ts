import pino, { type Logger, type LoggerOptions } from 'pino';

export type { Logger };

export interface LoggerConfig {
  service: string;
  level?: LoggerOptions['level'];
}

/**
 * One JSON line per event: a fixed sentence in `msg` plus structured fields. Request-scoped loggers are children
 * carrying `requestId`, so one request can be followed from the gateway through every subgraph.
 */
export function createLogger({ service, level = 'info' }: LoggerConfig, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['req.headers.authorization', 'headers.authorization', 'token'], censor: '[redacted]' },
    },
    destination,
  );
}
