/** What a bucket answered: let the request through, or refuse it and say when one more token will be there. */
export type Admission = { allowed: true } | { allowed: false; retryAfterSeconds: number };

export interface BucketOptions {
  /** Requests allowed per window; also the burst a rested caller may spend at once. 0 disables the budget. */
  limit: number;
  windowMs: number;
  /** Callers remembered at once; past it the least recently seen is forgotten (bounded memory). */
  maxKeys?: number;
  /** Milliseconds now; tests pass a fake clock. */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export const DEFAULT_MAX_KEYS = 100_000;

/**
 * In-memory token buckets, one per key (a user, an address). A bucket holds up to `limit` tokens and refills
 * continuously at `limit` per window; each request takes one. Memory is bounded by `maxKeys`: the map is kept in
 * least-recently-seen order and the oldest entry is dropped when it is full (a forgotten caller starts again with a
 * full bucket, which is what a caller idle for a whole window would have anyway).
 *
 * Per process: every gateway replica counts on its own.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();

  private readonly maxKeys: number;

  private readonly now: () => number;

  constructor(private readonly options: BucketOptions) {
    this.maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.options.limit > 0;
  }

  /** Callers currently remembered. */
  get size(): number {
    return this.buckets.size;
  }

  take(key: string): Admission {
    if (!this.enabled) return { allowed: true };
    const now = this.now();
    const bucket = this.buckets.get(key);
    let tokens = this.options.limit;
    if (bucket) {
      tokens = Math.min(this.options.limit, bucket.tokens + (Math.max(0, now - bucket.updatedAt) * this.options.limit) / this.options.windowMs);
      this.buckets.delete(key); // re-inserted below: the map stays in least-recently-seen order
    } else if (this.buckets.size >= this.maxKeys) {
      const oldest = this.buckets.keys().next();
      if (!oldest.done) this.buckets.delete(oldest.value);
    }
    const allowed = tokens >= 1;
    this.buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, updatedAt: now });
    if (allowed) return { allowed: true };
    const waitMs = ((1 - tokens) * this.options.windowMs) / this.options.limit;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }
}
