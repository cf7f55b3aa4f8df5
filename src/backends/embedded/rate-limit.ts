// Per-client rate limiting for `tkctl cluster serve`, in the spirit of kube-apiserver's API
// Priority and Fairness: each client draws from its own token bucket, so one client flooding the
// server is told to back off (429 with Retry-After) while every other client is still served.

export interface RateLimit {
  /** Requests a client may make per second, sustained. */
  perSecond: number;
  /** Requests a client may make at once after being idle. */
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { perSecond: 200, burst: 400 };

// Buckets of clients idle this long are full again, so they can be forgotten.
const FORGET_AFTER_MS = 60_000;

interface Bucket {
  tokens: number;
  updated: number;
}

export class ClientRateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  constructor(
    private readonly limit: RateLimit = DEFAULT_RATE_LIMIT,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes one request from the client's bucket; false when the client is over its limit. */
  admit(client: string): boolean {
    const now = this.now();
    this.sweep(now);
    const bucket = this.buckets.get(client) ?? { tokens: this.limit.burst, updated: now };
    bucket.tokens = Math.min(this.limit.burst, bucket.tokens + ((now - bucket.updated) / 1000) * this.limit.perSecond);
    bucket.updated = now;
    this.buckets.set(client, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < FORGET_AFTER_MS) return;
    this.lastSweep = now;
    for (const [client, bucket] of this.buckets) if (now - bucket.updated > FORGET_AFTER_MS) this.buckets.delete(client);
  }
}

/**
 * Who a request comes from: its credential, address and User-Agent, so two programs using the
 * same kubeconfig on one machine are still two clients.
 */
export function clientKey(authorization: string, address: string, userAgent: string): string {
  return `${authorization}\u0000${address}\u0000${userAgent}`;
}
