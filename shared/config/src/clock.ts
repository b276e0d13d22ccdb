import { ConfigError } from './errors';

/**
 * The one source of "now" for every service: injected in each request context (subgraphs and gateway) and read by
 * every rule that depends on the current instant, so the suite runs under a fixed instant and never on the machine's
 * clock, and a deadline computed from "now" does not drift between two reads in one request.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock stopped at one instant (tests, reproductions). */
export function fixedClock(instant: Date | string): Clock {
  const at = new Date(instant);
  if (Number.isNaN(at.getTime())) throw new ConfigError([`${FIXED_NOW_VARIABLE}: "${String(instant)}" is not an ISO 8601 instant (e.g. 2026-11-30T03:00:00Z)`]);
  return { now: () => new Date(at.getTime()) };
}

/** ACCORDS_FIXED_NOW=2026-11-30T03:00:00Z stops the clock (the jest setup sets it); unset, the system clock. */
export const FIXED_NOW_VARIABLE = 'ACCORDS_FIXED_NOW';

/** Read once at start-up (config), never per request. */
export function clockFromEnv(source: NodeJS.ProcessEnv = process.env): Clock {
  const fixed = source[FIXED_NOW_VARIABLE];
  return fixed ? fixedClock(fixed) : systemClock;
}
