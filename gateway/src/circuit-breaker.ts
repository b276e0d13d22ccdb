/**
 * A circuit breaker for one subgraph. After `failureThreshold` consecutive failures (the subgraph could not be
 * reached, timed out, or answered 5xx) it opens: fetches fail at once for `cooldownMs` instead of each waiting for
 * the timeout, so requests that need the subgraph answer fast with SERVICE_UNAVAILABLE and the gateway's connections
 * and memory are not tied up by a hung service. After the cool-down one fetch goes through as a probe (half-open):
 * success closes the circuit, failure opens it for another cool-down. No restart is ever needed.
 */
export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit; 0 turns the breaker off. */
  failureThreshold: number;
  /** How long an open circuit refuses before it lets a probe through. */
  cooldownMs: number;
  now?: () => number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

export type Admission = { admitted: true; probe: boolean } | { admitted: false; retryAfterMs: number };

export const DEFAULT_BREAKER: CircuitBreakerOptions = { failureThreshold: 5, cooldownMs: 5_000 };

export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private probing = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.now() - this.openedAt >= this.options.cooldownMs ? 'half-open' : 'open';
  }

  /** Whether a fetch may go out now; while half-open only one probe at a time does. */
  admit(): Admission {
    if (this.options.failureThreshold <= 0 || this.openedAt === null) return { admitted: true, probe: false };
    const waited = this.now() - this.openedAt;
    if (waited < this.options.cooldownMs) return { admitted: false, retryAfterMs: this.options.cooldownMs - waited };
    if (this.probing) return { admitted: false, retryAfterMs: Math.min(1_000, this.options.cooldownMs) };
    this.probing = true;
    return { admitted: true, probe: true };
  }

  success(): void {
    this.failures = 0;
    this.openedAt = null;
    this.probing = false;
  }

  failure(): void {
    this.probing = false;
    this.failures++;
    if (this.options.failureThreshold > 0 && (this.openedAt !== null || this.failures >= this.options.failureThreshold)) {
      this.openedAt = this.now();
    }
  }
}
