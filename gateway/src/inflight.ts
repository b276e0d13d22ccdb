/**
 * Identical subgraph fetches in flight at the same time are sent once: the first caller (the leader) fetches, the
 * others (followers) wait for its answer. Each caller gets its own copy of the answer, because @apollo/gateway writes
 * into what a fetch returns (it merges later fetches into those objects); a shared object would leak one request's
 * data into another's.
 *
 * Which fetches are "identical" is entirely the caller's key: it must hold everything that changes the answer (see
 * AccordsDataSource: subgraph, query text, variables, forwarded identity, headers, invalidation generation).
 */
export interface SharedAnswer<T> {
  value: T;
  /** The request id of the caller whose fetch produced the answer (this caller's own id when it led). */
  leaderRequestId?: string;
  shared: boolean;
}

interface Pending<T> {
  leaderRequestId?: string;
  followers: { resolve(answer: SharedAnswer<T>): void; reject(error: unknown): void }[];
}

export class InflightFetches<T> {
  private readonly pending = new Map<string, Pending<T>>();

  constructor(private readonly copy: (value: T) => T) {}

  /** Fetches in flight (tests and diagnostics). */
  get size(): number {
    return this.pending.size;
  }

  /** Callers waiting for another's fetch (tests and diagnostics). */
  get followers(): number {
    let n = 0;
    for (const entry of this.pending.values()) n += entry.followers.length;
    return n;
  }

  /** `copy` replaces the constructor's for this fetch's followers (an answer nobody writes into can be shared as it is). */
  async run(key: string, requestId: string | undefined, fetch: () => Promise<T>, copy: (value: T) => T = this.copy): Promise<SharedAnswer<T>> {
    const existing = this.pending.get(key);
    if (existing) {
      return new Promise<SharedAnswer<T>>((resolve, reject) => existing.followers.push({ resolve, reject }));
    }
    const entry: Pending<T> = { leaderRequestId: requestId, followers: [] };
    this.pending.set(key, entry);
    let value: T;
    try {
      value = await fetch();
    } catch (error) {
      if (this.pending.get(key) === entry) this.pending.delete(key);
      for (const follower of entry.followers) follower.reject(error);
      throw error;
    }
    // Removed before anyone runs on: a caller arriving from now on starts a fresh fetch. Every follower's copy is made
    // here, synchronously, before the leader's code can touch (and the gateway mutate) the original.
    if (this.pending.get(key) === entry) this.pending.delete(key);
    for (const follower of entry.followers) follower.resolve({ value: copy(value), leaderRequestId: requestId, shared: true });
    return { value, leaderRequestId: requestId, shared: false };
  }
}
