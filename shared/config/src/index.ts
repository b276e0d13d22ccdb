import { z } from 'zod';

export { z };

import { ConfigError } from './errors';

export { ConfigError };

/**
 * Parses environment variables once at start-up. Every problem is reported together, so an operator fixes the
 * deployment in one pass instead of restarting once per missing variable. Nothing else reads `process.env`.
 */
export function parseEnv<S extends z.ZodRawShape>(shape: S, env: NodeJS.ProcessEnv = process.env): z.infer<z.ZodObject<S>> {
  const result = z.object(shape).safeParse(env);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  return result.data;
}

/** Helpers for the variable kinds every service uses. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  bool: (fallback: boolean) =>
    z
      .enum(['true', 'false', '1', '0', 'yes', 'no'])
      .default(fallback ? 'true' : 'false')
      .transform((v) => v === 'true' || v === '1' || v === 'yes'),
  ms: (fallback: number) => z.coerce.number().int().positive().default(fallback),
  /**
   * The safe mode is the default: a deployment that forgets NODE_ENV runs as production (no stack traces, a real
   * shared secret required). Only `npm start` and the test setup opt into development, explicitly.
   */
  nodeEnv: () => z.enum(['development', 'production', 'test']).default('production'),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  list: (fallback: string[]) =>
    z
      .string()
      .default(fallback.join(','))
      .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean)),
};

export { type Clock, systemClock, fixedClock, clockFromEnv, FIXED_NOW_VARIABLE } from './clock';
